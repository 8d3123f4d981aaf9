"""The criteria's commands: the packs, tagging evidence, suggestions and coverage."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from iepdesk.cli.common import criteria_catalogue, emit, open_vault, parse_date, say


def cmd_criteria_list(args: argparse.Namespace) -> int:
    with open_vault(args, write=False) as vault:
        catalogue = criteria_catalogue(vault)
    chosen = [c for c in catalogue.under(args.under or []) if not args.pack or c.pack == args.pack]
    depth = {c.id: c.id.count(".") for c in chosen}
    top = min(depth.values(), default=0)
    lines = [f"{'  ' * (depth[c.id] - top)}{c.id}  {c.title}" + (f"  [{c.citation}]" if c.citation else "")
             for c in chosen]
    emit(args, [c.as_json() for c in chosen], lines)
    return 0


def cmd_criteria_show(args: argparse.Namespace) -> int:
    with open_vault(args, write=False) as vault:
        catalogue = criteria_catalogue(vault)
    c = catalogue.get(args.criterion)
    children = catalogue.children(c.id)
    data = c.as_json() | {"children": [k.id for k in children],
                          "would_help": [catalogue.evidence_label(code) for code in c.evidence]}
    lines = [f"{c.title}  ({c.id}, {c.type}, pack {c.pack})"]
    if c.citation:
        lines.append(f"Citation: {c.citation}" + (f"  [verified: {c.verified}]" if c.verified else ""))
    if c.says:
        lines.append(f"The school says: {c.says}")
    if c.description:
        lines.append(c.description)
    if c.evidence:
        lines.append("Documents that usually prove it:")
        lines.extend(f"  - {catalogue.evidence_label(code)}" for code in c.evidence)
    if c.answers:
        lines.append("Answered by: " + ", ".join(c.answers))
    if c.match:
        terms = [*c.match.signs, *c.match.phrases, *c.match.tests, *c.match.words]
        lines.append("Suggested from pages that mention: " + ", ".join(terms))
    lines.extend(f"  {k.id}  {k.title}" for k in children)
    emit(args, data, lines)
    return 0


def cmd_criteria_add(args: argparse.Namespace) -> int:
    from iepdesk.criteria.catalogue import add_pack

    with open_vault(args) as vault:
        pack = add_pack(vault, Path(args.file))
    data = {"id": pack.id, "version": pack.version, "title": pack.title, "criteria": len(pack.criteria)}
    emit(args, data, [f"Added the pack “{pack.title}” ({pack.id} {pack.version}, {len(pack.criteria)} criteria)."])
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    from iepdesk.criteria.evidence import tag
    from iepdesk.criteria.suggest import run_suggestions

    with open_vault(args) as vault:
        link = tag(vault, args.item, args.criterion, page=args.page, last_page=args.last_page, quote=args.quote,
                   note=args.note, strength=args.strength)
        # the quoted words, looked for in the other documents, as the app does (iepdesk.criteria.learned)
        found = run_suggestions(vault, criteria_roots=[link.criterion_id]).new if link.quote else 0
    where = f" (p. {link.pages_text})" if link.page else ""
    emit(args, link.as_json(), [f"Evidence {link.id}: item {link.item_id}{where} → {link.criterion_id}"])
    if found:
        say(f"Looked for these words in your other documents: {found} new suggestion(s) "
            f"('iepdesk suggest --criteria {link.criterion_id}' lists them).")
    return 0


def cmd_untag(args: argparse.Namespace) -> int:
    from iepdesk.criteria.evidence import untag

    with open_vault(args) as vault:
        link = untag(vault, args.evidence)
    emit(args, link.as_json(), [f"Removed evidence {link.id} (item {link.item_id} → {link.criterion_id}). "
                                 "'iepdesk undo' puts it back."])
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from iepdesk.criteria.evidence import set_status
    from iepdesk.criteria.suggest import same_words

    status = {"accept": "accepted", "reject": "rejected"}[args.command]
    with open_vault(args) as vault:
        links = set_status(vault, args.evidence, status)
        same = same_words(vault, args.evidence) if status == "rejected" else []
    ids = ", ".join(str(e.id) for e in links)
    emit(args, [e.as_json() for e in links], [f"{status.capitalize()}: evidence {ids}"])
    if same:
        say(f"The same words wait as a suggestion for the same element on {len(same)} other page(s), often a "
            f"form's printed text: 'iepdesk reject {' '.join(str(s.id) for s in same)}' rejects them too.")
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from iepdesk.criteria.suggest import reason, run_suggestions, speaker, suggestions
    from iepdesk.items import get_item

    with open_vault(args) as vault:
        catalogue = criteria_catalogue(vault)
        report = run_suggestions(vault, [args.item] if args.item else None, args.criteria, catalogue)
        found = suggestions(vault, args.item, None if args.all else "suggested", weaker=args.weaker or args.all)
        hidden = 0 if args.weaker or args.all else len(suggestions(vault, args.item)) - len(found)
        items = {i: get_item(vault, i) for i in {s.item_id for s in found}}
    if args.criteria:
        found = [s for s in found if any(s.criterion_id == r or s.criterion_id.startswith(r + ".")
                                         for r in args.criteria)]
    found.sort(key=lambda s: (s.item_id, -(s.score or 0), s.page or 0, s.id))
    why = {s.id: reason(s.matched, s.page, speaker(items[s.item_id].kind, items[s.item_id].source), s.snippet)
           for s in found}
    rows = [{"id": s.id, "item_id": s.item_id, "criterion_id": s.criterion_id, "page": s.page,
             "matched": list(s.matched), "snippet": s.snippet, "status": s.status, "score": s.score,
             "weaker": s.weaker, "reason": why[s.id]} for s in found]
    lines = [f"{s.id:>5}  item {s.item_id} p. {s.page}  {s.criterion_id} ({catalogue.criteria[s.criterion_id].title})"
             f"{'  (weaker)' if s.weaker else ''}\n       {why[s.id]}\n       {s.snippet}"
             + ("" if s.status == "suggested" else f"\n       [{s.status}]")
             for s in found if s.criterion_id in catalogue.criteria]
    emit(args, rows, lines)
    weaker = f" {hidden} weaker one(s) not listed ('--weaker' lists them)." if hidden else ""
    say(f"{report.new} new suggestion(s) in {report.items} document(s); {report.kept_rejected} rejected one(s) "
        f"left rejected.{weaker} Accept or reject them with 'iepdesk accept ID…' / 'iepdesk reject ID…'.")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from iepdesk.criteria.coverage import RULE, GroupCoverage, chosen_roots, coverage_report

    with open_vault(args, write=False) as vault:
        catalogue = criteria_catalogue(vault)
        roots = args.criteria or chosen_roots(vault, catalogue)
        rows = coverage_report(vault, roots, args.student, catalogue)
    lines = [f"Criteria: {', '.join(roots)}", f"{'status':<10} {'links':>5} {'docs':>4}  element"]
    for row in rows:
        if isinstance(row, GroupCoverage):
            lines.append(f"{row.status:<10} {'':>5} {'':>4}  {row.criterion_id}: {row.title} — {row.rule}")
            continue
        sources = f" — {', '.join(row.sources)}" if row.sources else ""
        waiting = f" ({row.waiting} suggestion(s) waiting)" if row.waiting else ""
        status = row.status if row.needed or row.status == "supported" else "not needed"
        lines.append(f"{status:<10} {row.evidence_count:>5} {row.documents:>4}  {row.criterion_id}: "
                     f"{row.title}{sources}{waiting}")
        if row.would_help:
            lines.append(f"{'':<22}would help: {'; '.join(row.would_help)}")
    lines.append(f"Rule: {RULE} A group counts its members as it says: all of them, one of them, or at least N.")
    emit(args, [r.as_json() for r in rows], lines)
    return 0


# -- parser ----------------------------------------------------------------------------------------------------
def cmd_glossary(args: argparse.Namespace) -> int:
    from iepdesk.glossary import find, search

    words = " ".join(args.words or ())
    exact = find(words) if words else None
    found = [exact] if exact else search(words)
    if not found:
        say(f"No word of the glossary matches “{words}”. 'iepdesk glossary' lists them all.")
        return 1
    emit(args, [t.as_json() for t in found],
         [f"{t.term}{' (' + ', '.join(t.also) + ')' if t.also else ''}\n  {t.text}\n  [{t.citation}]"
          for t in found])
    return 0


def cmd_next(args: argparse.Namespace) -> int:
    from iepdesk.guide import NOT_ADVICE, next_steps

    with open_vault(args, write=False) as vault:
        steps = next_steps(vault, args.today)
    lines = []
    for step in steps:
        lines += [step.title, f"  {step.what}", f"  It takes: {step.needs}", f"  Costs and risks: {step.costs}",
                  f"  How it starts: {step.starts}", f"  [{'; '.join(step.citations)}]"]
        lines += [f"  In this case: {step.when}"] if step.when else []
    emit(args, {"steps": [s.as_json() for s in steps], "note": NOT_ADVICE}, [*lines, "", NOT_ADVICE])
    return 0


def register(sub: Any, command: Callable[..., argparse.ArgumentParser], as_json: argparse.ArgumentParser) -> None:
    """Add ``criteria``, ``tag``, ``untag``, ``accept``, ``reject``, ``suggest``, ``coverage``, ``glossary`` and
    ``next``."""
    criteria = sub.add_parser("criteria", help="the eligibility criteria (packs of legal elements)").add_subparsers(
        dest="criteria_command", metavar="list|show|add", required=True)
    p = command("list", cmd_criteria_list, "list the criteria as a tree", as_json, into=criteria)
    p.add_argument("--pack", help="only this pack (idea-federal, section-504, denials, or one you added)")
    p.add_argument("--under", nargs="+", metavar="ID", help="only these criteria and the ones below them")
    p = command("show", cmd_criteria_show, "what a criterion means and what proves it", as_json, into=criteria)
    p.add_argument("criterion", metavar="CRITERION")
    p = command("add", cmd_criteria_add, "add a criteria pack (a state's rules, an advocate's checklist)", as_json,
                into=criteria)
    p.add_argument("file", metavar="FILE")

    p = command("tag", cmd_tag, "tag a document (or its pages, or a passage) as evidence for a criterion", as_json)
    p.add_argument("item", type=int, metavar="ITEM")
    p.add_argument("criterion", metavar="CRITERION")
    p.add_argument("--page", type=int, metavar="N")
    p.add_argument("--last-page", type=int, metavar="N", help="for evidence that runs over several pages")
    p.add_argument("--quote", metavar="TEXT", help="the passage, checked to be on the page (found when no --page)")
    p.add_argument("--note")
    p.add_argument("--strength", choices=("weak", "moderate", "strong"))
    p = command("untag", cmd_untag, "remove an evidence link (undo puts it back)", as_json)
    p.add_argument("evidence", type=int, metavar="EVIDENCE")
    for name, text in (("accept", "accept suggestions as evidence"), ("reject", "reject suggestions")):
        command(name, cmd_review, text, as_json).add_argument("evidence", type=int, nargs="+", metavar="EVIDENCE")
    p = command("suggest", cmd_suggest, "find pages that support criteria, and list the suggestions", as_json)
    p.add_argument("item", type=int, nargs="?", metavar="ITEM", help="one document (default: all)")
    p.add_argument("--criteria", nargs="+", metavar="ID", help="only these criteria and the ones below them")
    p.add_argument("--all", action="store_true", help="list accepted and rejected suggestions too")
    p.add_argument("--weaker", action="store_true",
                   help="list the weaker suggestions too (found only by single words, just at the bar)")
    p = command("coverage", cmd_coverage, "each element: how much evidence, from whom, and what would help", as_json)
    p.add_argument("--criteria", nargs="+", metavar="ID",
                   help="the criteria to cover (default: the two-prong test and every group with evidence)")
    p.add_argument("--student", type=int, metavar="ID")
    p = command("glossary", cmd_glossary, "the words of special education in plain language, with the law", as_json)
    p.add_argument("words", nargs="*", metavar="WORD", help="a word (IEP, PWN, stay-put …) or words to look for")
    p = command("next", cmd_next, "what you can do when the school says no: the paths side by side, with this "
                "case's dates", as_json)
    p.add_argument("--today", type=parse_date, metavar="YYYY-MM-DD", help="count the dates from this day")

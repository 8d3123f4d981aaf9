"""The ``iepdesk`` command: no arguments opens the app; a subcommand works headless (design.md §7).

Exit codes: 0 done; 1 done, but some inputs were rejected (each named on stderr); 2 usage error; 3 the
vault cannot be used. ``--json`` prints one JSON document on stdout; messages go to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from iepdesk import __version__
from iepdesk.errors import IEPDeskError, UsageError, VaultReadOnly
from iepdesk.kinds import KINDS, NOTE_TYPES, SOURCES
from iepdesk.letters.cli import register as register_letters
from iepdesk.timeline.cli import register as register_timeline

Handler = Callable[[argparse.Namespace], int]


# What a terminal would obey instead of show (escape sequences in an email's subject, say) and characters that
# turn text around (the right-to-left override in "evil\u202efdp.exe") are shown as U+FFFD; so are the bytes of a
# file name that are not UTF-8 (names.readable).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    from iepdesk.ingest.names import readable

    return _UNSAFE.sub("\ufffd", readable(text))


def _say(message: str) -> None:
    print(printable(message), file=sys.stderr)


def _emit(args: argparse.Namespace, data: Any, lines: Sequence[str] = ()) -> None:
    if getattr(args, "json", False):  # JSON escapes control characters itself; it must be valid UTF-8
        from iepdesk.ingest.names import readable

        sys.stdout.write(readable(json.dumps(data, indent=2, ensure_ascii=False, default=str)) + "\n")
    else:
        for line in lines:
            print(printable(line))


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2025-10-14") from error


def _vault_path(args: argparse.Namespace) -> Path:
    from iepdesk.vault import default_vault_path

    return Path(args.vault) if getattr(args, "vault", None) else default_vault_path()


def _open(args: argparse.Namespace, write: bool = True):  # -> Vault
    from iepdesk.vault import Vault

    return Vault.open(_vault_path(args), write=write, holder="the iepdesk command")


# -- commands ----------------------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    from iepdesk.vault import Vault

    path = _vault_path(args)
    with Vault.create(path, holder="the iepdesk command") as vault:
        _emit(args, {"path": str(vault.path)}, [f"Vault ready at {vault.path}"])
    return 0


def cmd_student_add(args: argparse.Namespace) -> int:
    from iepdesk.students import add_student

    with _open(args) as vault:
        student = add_student(vault, args.name, birth_date=args.birth_date, school=args.school, grade=args.grade)
    _emit(args, student.as_json(), [f"Added student {student.id}: {student.name}"])
    return 0


def cmd_student_list(args: argparse.Namespace) -> int:
    from iepdesk.students import list_students

    with _open(args, write=False) as vault:
        students = list_students(vault)
    _emit(args, [s.as_json() for s in students],
          [f"{s.id:>4}  {s.name}  {s.school or ''} {s.grade or ''}".rstrip() for s in students]
          or ["No students yet. Add one with: iepdesk student add NAME"])
    return 0


def _progress_printer(enabled: bool) -> Callable[[Any], None]:
    def show(progress: Any) -> None:
        if progress.current and progress.total:
            verb = "Reading text (OCR)" if progress.phase == "ocr" else "Importing"
            sys.stderr.write(f"\r\x1b[K{verb} {progress.done + (progress.phase != 'ocr')}/{progress.total}: "
                             f"{progress.current[:60]}")
            sys.stderr.flush()
    return show if enabled else (lambda _p: None)


def cmd_import(args: argparse.Namespace) -> int:
    from iepdesk.ingest import ImportOptions, import_paths
    from iepdesk.limits import MAX_FILE_MB

    options = ImportOptions(student_id=args.student, password=args.password, actor="cli",
                            max_bytes=int((args.max_size or MAX_FILE_MB) * 1024 * 1024))
    tty = sys.stderr.isatty()
    cancel = threading.Event()
    with _open(args) as vault:
        try:
            report = import_paths(vault, [Path(p) for p in args.paths], options, _progress_printer(tty), cancel)
        except KeyboardInterrupt:  # Ctrl+C: what finished is kept
            _say("\nStopped. Files imported before the stop are kept; run the same import again to finish.")
            return 1
        if tty:
            sys.stderr.write("\r\x1b[K")
        _import_report(args, report)  # before OCR starts, which can take a while
        if report.stopped is not None:
            _say(str(report.stopped))
            return report.stopped.exit_code
        ocr_note = _after_import_ocr(args, vault, report, tty)
    if ocr_note:
        _say(ocr_note)
    return 1 if report.count("rejected") else 0


def _import_report(args: argparse.Namespace, report: Any) -> None:
    rows = [r.as_json() for r in report.results]
    lines = []
    for r in report.results:
        if r.status == "imported":
            extra = f", {r.needs_ocr} page(s) need OCR" if r.needs_ocr else ""
            kind = KINDS.get(r.kind or "", r.kind)
            lines.append(f"imported   {r.path} → item {r.item_id} ({r.pages} page(s), {kind}{extra})")
            lines.extend(f"  note: {w}" for w in r.warnings)
        elif r.status == "duplicate":
            lines.append(f"duplicate  {r.path}: {r.reason}")
    _emit(args, rows, lines)
    sys.stdout.flush()
    for r in report.results:
        if r.status == "rejected":
            _say(f"rejected   {r.path}: {r.reason}")
    counts = f"{report.count('imported')} imported, {report.count('duplicate')} already in the vault, " \
             f"{report.count('rejected')} rejected."
    _say(counts + (" (Stopped before the end.)" if report.cancelled else ""))


def _after_import_ocr(args: argparse.Namespace, vault: Any, report: Any, tty: bool) -> str:
    """Read the new scans; whatever goes wrong here, the files are imported and the pages wait for 'iepdesk ocr'."""
    from iepdesk.ingest.ocr import HOW_TO_ENABLE, pages_waiting, run_ocr

    if not report.pages_needing_ocr:
        return ""
    if args.no_ocr:
        return f"{report.pages_needing_ocr} scanned page(s) wait for OCR: run 'iepdesk ocr' to read them."
    try:
        result = run_ocr(vault, _progress_printer(tty), item_ids=report.item_ids, actor="cli")
    except KeyboardInterrupt:
        return "\nStopped reading scans (OCR). Pages read are kept; run 'iepdesk ocr' to read the rest."
    except Exception as error:  # run_ocr reports each page's problem itself; this is a last guard
        return (f"OCR stopped ({error}). The files are imported; their scanned pages wait: run 'iepdesk ocr' "
                "to try again.")
    if tty:
        sys.stderr.write("\r\x1b[K")
    if not result.available:
        return (f"{pages_waiting(vault)} scanned page(s) are kept but cannot be searched yet: OCR is not "
                f"available. {HOW_TO_ENABLE}")
    failed = "".join(f"\n  OCR failed: {f}" for f in result.failed)
    return f"Read the text of {result.pages_done} scanned page(s) with OCR.{failed}"


def cmd_ocr(args: argparse.Namespace) -> int:
    from iepdesk.ingest.ocr import HOW_TO_ENABLE, run_ocr

    with _open(args) as vault:
        try:
            result = run_ocr(vault, _progress_printer(sys.stderr.isatty()), actor="cli")
        except KeyboardInterrupt:
            _say("\nStopped. Pages read before the stop are kept; run 'iepdesk ocr' again to go on.")
            return 1
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")
    data = {"available": result.available, "pages_done": result.pages_done,
            "pages_waiting": result.pages_waiting, "failed": result.failed}
    if not result.available:
        _emit(args, data, [f"OCR is not available; {result.pages_waiting} page(s) wait. {HOW_TO_ENABLE}"])
        return 1 if result.pages_waiting else 0
    _emit(args, data, [f"Read {result.pages_done} page(s); {result.pages_waiting} still wait."]
          + [f"OCR failed: {f}" for f in result.failed])
    return 1 if result.failed else 0


def cmd_note_add(args: argparse.Namespace) -> int:
    from iepdesk.ingest.notes import add_note

    text = args.text if args.text is not None else (
        Path(args.file).read_text(encoding="utf-8") if args.file else sys.stdin.read())
    with _open(args) as vault:
        item = add_note(vault, text, note_type=args.type, title=args.title, date=args.date,
                        student_id=args.student, people=args.people)
    _emit(args, item.as_json(), [f"Added note {item.id}: {item.title}"])
    return 0


def _item_line(item: Any) -> str:
    date = item.date.isoformat() if item.date else "  (no date)"
    guess = "?" if item.guesses else " "
    ocr = "  [needs OCR]" if item.text_status == "needs_ocr" else ""
    attached = "  ↳ " if item.parent_id else ""
    return (f"{item.id:>5} {guess} {date:<10}  {KINDS.get(item.kind, item.kind):<20}  "
            f"{(SOURCES.get(item.source or '', '') or '-'):<11}  {item.pages:>3}p  {attached}{item.title}{ocr}")


def cmd_list(args: argparse.Namespace) -> int:
    from iepdesk.items import list_items

    with _open(args, write=False) as vault:
        items = list_items(vault, student_id=args.student, kind=args.kind, trashed=args.trash)
    header = f"{'id':>5}   {'date':<10}  {'kind':<20}  {'source':<11}  pages  title  (? = has guesses)"
    _emit(args, [i.as_json() for i in items], [header, *map(_item_line, items)] if items else
          ["The Trash is empty." if args.trash else "No documents yet. Import some with: iepdesk import FILES…"])
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from iepdesk.criteria.evidence import list_evidence
    from iepdesk.items import get_item, page_texts

    with _open(args, write=False) as vault:
        item = get_item(vault, args.item)
        pages = page_texts(vault, args.item)
        links = list_evidence(vault, item_id=item.id, include_trashed=True)
    data = item.as_json() | {"cc": item.cc, "notes": item.notes, "evidence": [e.as_json() for e in links],
                              "warnings": list(item.warnings),
                              "page_text": [{"page": n, "status": s, "text": t} for n, s, t in pages]}
    lines = [f"Item {item.id}: {item.title}" + ("  (in the Trash)" if item.trashed_at else "")]
    shown = {"kind": KINDS.get(item.kind, item.kind), "date": item.date, "author": item.author,
             "source": SOURCES.get(item.source or "", item.source), "title": item.title}
    for name, value in shown.items():
        reason = item.guesses.get(name)
        lines.append(f"  {name:<10} {value or '-'}" + (f"   (a guess: {reason})" if reason else ""))
    for label, value in (("to", item.recipients), ("cc", item.cc), ("notes", item.notes)):
        if value:
            lines.append(f"  {label:<10} {value}")
    lines.append(f"  {'file':<10} {item.original_name} ({item.media_type}, {item.size:,} bytes)")
    lines.append(f"  {'sha256':<10} {item.sha256}")
    if item.parent_id:
        lines.append(f"  {'attached':<10} to item {item.parent_id}")
    lines.extend(f"  note: {w}" for w in item.warnings)
    for link in links:
        where = f" p. {link.pages_text}" if link.page else ""
        lines.append(f"  evidence {link.id}: {link.criterion_id}{where} ({link.status}, {link.origin})"
                     + (f" “{link.quote}”" if link.quote else ""))
    for number, status, text in pages:
        flag = {"ocr": " (text read by OCR)", "needs_ocr": " (waiting for OCR)"}.get(status, "")
        body = text.strip() if args.text else " ".join(text.split())[:160]
        lines.append(f"--- page {number}{flag}\n{body}")
    _emit(args, data, lines)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from iepdesk.items import update_item

    changes = {name: getattr(args, name) for name in ("kind", "title", "author", "source", "notes")
               if getattr(args, name) is not None}
    if args.date is not None:
        changes["doc_date"] = args.date
    if not changes:
        raise UsageError("Say what to change, e.g. --kind evaluation or --date 2025-10-14.")
    try:
        with _open(args) as vault:
            item = update_item(vault, args.item, **changes)
    except ValueError as error:
        raise UsageError(str(error)) from error
    _emit(args, item.as_json(), [f"Updated item {item.id}: {item.title}"])
    return 0


def cmd_trash(args: argparse.Namespace) -> int:
    from iepdesk.items import restore_item, trash_item

    with _open(args) as vault:
        item = (restore_item if args.command == "untrash" else trash_item)(vault, args.item)
    verb = "Restored" if args.command == "untrash" else "Moved to the Trash:"
    _emit(args, item.as_json(), [f"{verb} item {item.id}, {item.title}"])
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from iepdesk.errors import VaultDamaged
    from iepdesk.vault import Vault
    from iepdesk.vault.verify import verify

    try:
        vault = _open(args, write=False)
    except VaultDamaged:  # what verify is for: read what can be read, and report the damage as data
        vault = Vault.unchecked(_vault_path(args))
    with vault:
        report = verify(vault)
    lines = [f"{report.items} item(s), {report.blobs} original file(s) checked."]
    lines += [f"{p.severity.upper():<9} {p.detail}" for p in report.problems]
    lines.append("The vault is sound." if report.ok else "The vault has damage: see the lines above.")
    _emit(args, report.as_json(), lines)
    return 0 if report.ok else 3


def cmd_repair(args: argparse.Namespace) -> int:
    from iepdesk.vault.repair import repair

    report = repair(_vault_path(args), Path(args.dir), actor="cli", anyway=args.anyway)
    _emit(args, report.as_json(), report.lines())
    return 0 if report.complete else 1


def _catalogue(vault: Any):  # -> Catalogue
    from iepdesk.criteria.catalogue import load_catalogue

    return load_catalogue(vault)


def cmd_criteria_list(args: argparse.Namespace) -> int:
    with _open(args, write=False) as vault:
        catalogue = _catalogue(vault)
    chosen = [c for c in catalogue.under(args.under or []) if not args.pack or c.pack == args.pack]
    depth = {c.id: c.id.count(".") for c in chosen}
    top = min(depth.values(), default=0)
    lines = [f"{'  ' * (depth[c.id] - top)}{c.id}  {c.title}" + (f"  [{c.citation}]" if c.citation else "")
             for c in chosen]
    _emit(args, [c.as_json() for c in chosen], lines)
    return 0


def cmd_criteria_show(args: argparse.Namespace) -> int:
    with _open(args, write=False) as vault:
        catalogue = _catalogue(vault)
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
        terms = [*c.match.phrases, *c.match.tests, *c.match.words]
        lines.append("Suggested from pages that mention: " + ", ".join(terms))
    lines.extend(f"  {k.id}  {k.title}" for k in children)
    _emit(args, data, lines)
    return 0


def cmd_criteria_add(args: argparse.Namespace) -> int:
    from iepdesk.criteria.catalogue import add_pack

    with _open(args) as vault:
        pack = add_pack(vault, Path(args.file))
    data = {"id": pack.id, "version": pack.version, "title": pack.title, "criteria": len(pack.criteria)}
    _emit(args, data, [f"Added the pack “{pack.title}” ({pack.id} {pack.version}, {len(pack.criteria)} criteria)."])
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    from iepdesk.criteria.evidence import tag

    with _open(args) as vault:
        link = tag(vault, args.item, args.criterion, page=args.page, last_page=args.last_page, quote=args.quote,
                   note=args.note, strength=args.strength)
    where = f" (p. {link.pages_text})" if link.page else ""
    _emit(args, link.as_json(), [f"Evidence {link.id}: item {link.item_id}{where} → {link.criterion_id}"])
    return 0


def cmd_untag(args: argparse.Namespace) -> int:
    from iepdesk.criteria.evidence import untag

    with _open(args) as vault:
        link = untag(vault, args.evidence)
    _emit(args, link.as_json(), [f"Removed evidence {link.id} (item {link.item_id} → {link.criterion_id}). "
                                 "'iepdesk undo' puts it back."])
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from iepdesk.criteria.evidence import set_status

    status = {"accept": "accepted", "reject": "rejected"}[args.command]
    with _open(args) as vault:
        links = set_status(vault, args.evidence, status)
    ids = ", ".join(str(e.id) for e in links)
    _emit(args, [e.as_json() for e in links], [f"{status.capitalize()}: evidence {ids}"])
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from iepdesk.criteria.suggest import run_suggestions, suggestions

    with _open(args) as vault:
        catalogue = _catalogue(vault)
        report = run_suggestions(vault, [args.item] if args.item else None, args.criteria, catalogue)
        found = suggestions(vault, args.item, None if args.all else "suggested")
    if args.criteria:
        found = [s for s in found if any(s.criterion_id == r or s.criterion_id.startswith(r + ".")
                                         for r in args.criteria)]
    rows = [{"id": s.id, "item_id": s.item_id, "criterion_id": s.criterion_id, "page": s.page,
             "matched": list(s.matched), "snippet": s.snippet, "status": s.status} for s in found]
    lines = [f"{s.id:>5}  item {s.item_id} p. {s.page}  {s.criterion_id} ({catalogue.criteria[s.criterion_id].title})"
             f"\n       because of: {', '.join(s.matched)}\n       {s.snippet}"
             + ("" if s.status == "suggested" else f"\n       [{s.status}]")
             for s in found if s.criterion_id in catalogue.criteria]
    _emit(args, rows, lines)
    _say(f"{report.new} new suggestion(s) in {report.items} document(s); {report.kept_rejected} rejected one(s) "
         "left rejected. Accept or reject them with 'iepdesk accept ID…' / 'iepdesk reject ID…'.")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from iepdesk.criteria.coverage import RULE, coverage, default_roots

    with _open(args, write=False) as vault:
        catalogue = _catalogue(vault)
        roots = args.criteria or default_roots(vault, catalogue)
        rows = coverage(vault, roots, args.student, catalogue)
    lines = [f"Criteria: {', '.join(roots)}", f"{'status':<10} {'links':>5} {'docs':>4}  element"]
    for row in rows:
        sources = f" — {', '.join(row.sources)}" if row.sources else ""
        waiting = f" ({row.waiting} suggestion(s) waiting)" if row.waiting else ""
        lines.append(f"{row.status:<10} {row.evidence_count:>5} {row.documents:>4}  {row.criterion_id}: "
                     f"{row.title}{sources}{waiting}")
        if row.would_help:
            lines.append(f"{'':<22}would help: {'; '.join(row.would_help)}")
    lines.append(f"Rule: {RULE}")
    _emit(args, [r.as_json() for r in rows], lines)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from iepdesk.search import Filters, search

    filters = Filters(student_id=args.student, kinds=args.kind or [], sources=args.source or [],
                      date_from=args.date_from, date_to=args.date_to, criterion=args.criterion,
                      tagged=True if args.tagged else (False if args.untagged else None))
    with _open(args, write=False) as vault:
        if args.criterion:
            _catalogue(vault).get(args.criterion)
        hits = search(vault, args.query, filters, limit=args.limit)
    lines = [f"item {h.item_id:>4} p. {h.page:<3} {h.title}\n    {' '.join(h.snippet.split())}" for h in hits]
    _emit(args, [h.as_json() for h in hits], lines or ["No pages match."])
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    from iepdesk import undo

    with _open(args) as vault:
        step = (undo.redo if args.command == "redo" else undo.undo)(vault)
    if step is None:
        _emit(args, {"done": None}, [f"Nothing to {args.command}."])
        return 0
    verb = "Redid" if args.command == "redo" else "Undid"
    _emit(args, {"done": step.label, "history_id": step.history_id}, [f"{verb}: {step.summary}"])
    return 0


def cmd_binder(args: argparse.Namespace) -> int:
    from iepdesk.binder.assemble import make_binder
    from iepdesk.binder.options import BinderOptions

    statement = Path(args.statement).read_text("utf-8") if args.statement else None
    options = BinderOptions(
        student_id=args.student, item_ids=tuple(args.items or ()), criteria=tuple(args.criteria or ()),
        date_from=args.date_from, date_to=args.date_to, order=args.order, skip_problems=args.skip_problems,
        title=args.title, meeting_type=args.meeting, meeting_date=args.meeting_date, prepared_by=args.prepared_by,
        statement=statement, exhibit_prefix=args.exhibit_prefix, letters=args.letters,
        first_exhibit=args.first_exhibit, bates_prefix=args.bates_prefix, bates_start=args.bates_start,
        bates_digits=args.bates_digits, paper=args.paper, duplex=args.duplex, gutter_mm=args.gutter,
        slipsheets=not args.no_slipsheets, part=args.part, manifest=not args.no_manifest,
    )
    tty = sys.stderr.isatty()

    def show(progress: Any) -> None:
        if tty:
            sys.stderr.write(f"\r\x1b[K{progress.current[:70]}")
            sys.stderr.flush()

    try:
        vault = _open(args)
    except VaultReadOnly:  # a vault on a read-only drive: the binder is made, and noted outside the vault
        vault = _open(args, write=False)
    with vault:
        try:
            result = make_binder(vault, Path(args.out), options, show)
        except KeyboardInterrupt:
            _say("\nStopped; no binder was written.")
            return 1
    if tty:
        sys.stderr.write("\r\x1b[K")
    lines = [f"Binder written: {result.path} ({result.pages} pages, {len(result.exhibits)} exhibits)",
             f"SHA-256 {result.sha256}"]
    if result.binder_id is None:
        lines.append("The vault is on a read-only drive, so this binder is not in its list of binders made; it "
                     + (f"was noted in {result.noted_in} instead." if result.noted_in else "was not noted anywhere."))
    lines += [f"  {e['label']:<6} pages {e['first_page']}-{e['last_page']}  {e['bates_first']}-{e['bates_last']}"
              for e in result.exhibits]
    _emit(args, result.as_json(), lines)
    for problem in result.skipped:
        _say(f"left out: {problem.sentence()}")
    return 1 if result.skipped else 0


def cmd_binders(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from iepdesk.vault.models import Binder

    with _open(args, write=False) as vault, vault.session() as session:
        rows = [{"id": b.id, "created_at": b.created_at.isoformat(), "path": b.path, "pages": b.pages,
                 "sha256": b.sha256, "exhibits": len(b.exhibits), "title": b.title}
                for b in session.scalars(select(Binder).order_by(Binder.id))]
    _emit(args, rows, [f"{r['id']:>4}  {r['created_at']}  {r['pages']:>5}p  {r['exhibits']:>3} exhibits  {r['path']}"
                       for r in rows] or ["No binders made yet."])
    return 0


def _phase_printer() -> Callable[[Any], None]:
    tty = sys.stderr.isatty()

    def show(progress: Any) -> None:
        if tty and progress.current:
            sys.stderr.write(f"\r\x1b[K{progress.current[:70]}")
            sys.stderr.flush()
    return show


def _clear_line() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")


def cmd_backup(args: argparse.Namespace) -> int:
    from iepdesk.vault.backup import backup

    with _open(args, write=False) as vault:
        report = backup(vault, Path(args.out), overwrite=args.overwrite, progress=_phase_printer())
    _clear_line()
    _emit(args, report.as_json(), [f"Backup written: {report.path} ({report.items} documents, "
                                   f"{report.size:,} bytes), checked after writing."])
    for warning in report.warnings:
        _say(f"warning: {warning}")
    return 0 if report.complete else 1


def cmd_restore(args: argparse.Namespace) -> int:
    from iepdesk.vault.backup import restore

    report = restore(Path(args.archive), Path(args.dir), progress=_phase_printer())
    _clear_line()
    migrated = " (updated to this version of IEPDesk)" if report.migrated else ""
    _emit(args, report.as_json(), [f"Restored {report.items} documents and {report.blobs} original files into "
                                   f"{report.path}{migrated}. Open it with: iepdesk --vault '{report.path}'"])
    for warning in report.warnings:
        _say(f"warning: {warning}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from iepdesk.vault.export import export

    with _open(args, write=False) as vault:
        report = export(vault, Path(args.dir), include_trash=args.include_trash, progress=_phase_printer())
    _clear_line()
    _emit(args, report.as_json(), [f"Exported {report.files} original(s) to {report.path}, in folders by kind, "
                                   "with index.csv and evidence.csv."])
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from iepdesk.demo import build_demo

    path = Path(args.dir)
    summary = build_demo(path, progress=_say)
    _emit(args, summary, [f"Demo vault ready at {path}. Open it with: iepdesk --vault '{path}'"])
    return 0


# -- parser --------------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--vault", metavar="DIR", default=argparse.SUPPRESS,
                        help="the vault folder (default: $IEPDESK_VAULT, or your user data folder)")
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="print one JSON document on stdout")

    parser = argparse.ArgumentParser(
        prog="iepdesk", description="IEPDesk: an offline desk for a special-education case. "
        "Without a command, opens the app.")
    parser.add_argument("--version", action="version", version=f"IEPDesk {__version__}")
    parser.add_argument("--vault", metavar="DIR", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str, *parents: argparse.ArgumentParser,
                into: Any = sub) -> argparse.ArgumentParser:
        p = into.add_parser(name, help=help_text, description=help_text, parents=[common, *parents])
        p.set_defaults(handler=handler)
        return p

    command("init", cmd_init, "make a new, empty vault", as_json)

    student = sub.add_parser("student", help="the children this vault is about").add_subparsers(
        dest="student_command", metavar="add|list", required=True)
    p = command("add", cmd_student_add, "add a student", as_json, into=student)
    p.add_argument("name")
    p.add_argument("--birth-date", type=_date, metavar="YYYY-MM-DD")
    p.add_argument("--school")
    p.add_argument("--grade")
    command("list", cmd_student_list, "list the students", as_json, into=student)

    p = command("import", cmd_import, "import files and folders (folders recursively)", as_json)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--student", type=int, metavar="ID", help="the student the documents are about")
    p.add_argument("--password", help="the password of protected PDFs")
    p.add_argument("--no-ocr", action="store_true", help="leave scanned pages for a later 'iepdesk ocr'")
    p.add_argument("--max-size", type=float, metavar="MB", help="largest file accepted (default 200 MB)")

    command("ocr", cmd_ocr, "read the text of scanned pages that wait for OCR", as_json)

    note = sub.add_parser("note", help="typed notes: a call, a meeting, an observation").add_subparsers(
        dest="note_command", metavar="add", required=True)
    p = command("add", cmd_note_add, "add a note (text from --text, --file or standard input)", as_json,
                into=note)
    p.add_argument("--type", choices=sorted(NOTE_TYPES), default="observation")
    p.add_argument("--title")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="when it happened (default: today)")
    p.add_argument("--text")
    p.add_argument("--file", metavar="PATH")
    p.add_argument("--people", help="who took part, e.g. 'Ms Lee (principal)'")
    p.add_argument("--student", type=int, metavar="ID")

    p = command("list", cmd_list, "list the documents", as_json)
    p.add_argument("--student", type=int, metavar="ID")
    p.add_argument("--kind", choices=sorted(KINDS))
    p.add_argument("--trash", action="store_true", help="list what is in the Trash")

    p = command("show", cmd_show, "show one document and its text", as_json)
    p.add_argument("item", type=int, metavar="ITEM")
    p.add_argument("--text", action="store_true", help="print each page's full text")

    p = command("edit", cmd_edit, "correct a document's details (a corrected field is no longer a guess)",
                as_json)
    p.add_argument("item", type=int, metavar="ITEM")
    p.add_argument("--kind", choices=sorted(KINDS))
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD")
    p.add_argument("--title")
    p.add_argument("--author")
    p.add_argument("--source", choices=sorted(SOURCES))
    p.add_argument("--notes")

    for name, text in (("trash", "move a document to the Trash"), ("untrash", "restore a document from the Trash")):
        command(name, cmd_trash, text, as_json).add_argument("item", type=int, metavar="ITEM")

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
    p = command("coverage", cmd_coverage, "each element: how much evidence, from whom, and what would help", as_json)
    p.add_argument("--criteria", nargs="+", metavar="ID",
                   help="the criteria to cover (default: the two-prong test and every group with evidence)")
    p.add_argument("--student", type=int, metavar="ID")
    p = command("search", cmd_search, "search the text of every page", as_json)
    p.add_argument("query", metavar="QUERY", help='words, "a phrase", prefix*, AND / OR / NOT')
    p.add_argument("--kind", nargs="+", choices=sorted(KINDS))
    p.add_argument("--source", nargs="+", choices=sorted(SOURCES))
    p.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD")
    p.add_argument("--criterion", metavar="ID", help="only documents with accepted evidence for it")
    tagged = p.add_mutually_exclusive_group()
    tagged.add_argument("--tagged", action="store_true", help="only documents tagged as evidence")
    tagged.add_argument("--untagged", action="store_true", help="only documents not tagged yet")
    p.add_argument("--student", type=int, metavar="ID")
    p.add_argument("--limit", type=int, default=50)
    for name, text in (("undo", "undo the last change to evidence or to a document's details"),
                       ("redo", "redo what undo undid")):
        command(name, cmd_undo, text, as_json)

    p = command("binder", cmd_binder, "make the evidence binder PDF (front matter and stamped exhibits)", as_json)
    p.add_argument("out", metavar="OUT.pdf")
    p.add_argument("--student", type=int, metavar="ID")
    p.add_argument("--items", type=int, nargs="+", metavar="ITEM", help="only these documents (and, with "
                   "--order manual, in this order)")
    p.add_argument("--criteria", nargs="+", metavar="ID", help="only documents tagged as evidence for these")
    p.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD")
    p.add_argument("--order", choices=("chronological", "criterion", "kind", "manual"), default="chronological")
    p.add_argument("--title", default="Evidence binder")
    p.add_argument("--meeting", default="IEP meeting", help="the meeting, mediation or hearing it is for")
    p.add_argument("--meeting-date", type=_date, metavar="YYYY-MM-DD")
    p.add_argument("--prepared-by", default="Parent")
    p.add_argument("--statement", metavar="FILE", help="a text file with the parent's statement of concerns")
    p.add_argument("--exhibit-prefix", default="P-")
    p.add_argument("--letters", action="store_true", help="label exhibits P-A, P-B … instead of P-1, P-2 …")
    p.add_argument("--first-exhibit", type=int, default=1)
    p.add_argument("--bates-prefix", help="default: the child's last name, e.g. RIVERA-")
    p.add_argument("--bates-start", type=int, default=1)
    p.add_argument("--bates-digits", type=int, default=6)
    p.add_argument("--paper", choices=("letter", "a4"), default="letter")
    p.add_argument("--duplex", action="store_true", help="every exhibit starts on a right-hand page")
    p.add_argument("--gutter", type=float, default=0.0, metavar="MM", help="extra margin for hole punching")
    p.add_argument("--no-slipsheets", action="store_true")
    p.add_argument("--no-manifest", action="store_true")
    p.add_argument("--part", choices=("all", "exhibits", "front"), default="all")
    p.add_argument("--skip-problems", action="store_true",
                   help="leave out documents whose original is missing or unusable (they are named)")
    command("binders", cmd_binders, "list the binders made from this vault", as_json)

    p = command("backup", cmd_backup, "back up the whole vault to one archive file (checked after writing)", as_json)
    p.add_argument("out", metavar="OUT", help="the archive file, or a folder to put it in")
    p.add_argument("--overwrite", action="store_true")
    p = command("restore", cmd_restore, "restore a backup into a new folder (every file checked first)", as_json)
    p.add_argument("archive", metavar="ARCHIVE")
    p.add_argument("dir", metavar="DIR", help="a new or empty folder for the restored vault")
    p = command("export", cmd_export, "copy the originals into plain folders by kind, with a CSV index", as_json)
    p.add_argument("dir", metavar="DIR", help="a new or empty folder")
    p.add_argument("--include-trash", action="store_true")

    command("verify", cmd_verify, "check the database and every original file", as_json)
    p = command("repair", cmd_repair, "save what can be read of a damaged vault into a new vault (the damaged one "
                "is left as it is)", as_json)
    p.add_argument("dir", metavar="NEW_FOLDER", help="a new or empty folder for the repaired vault")
    p.add_argument("--anyway", action="store_true", help="copy the vault into a new one even when its checks find "
                   "no damage")

    p = command("demo", cmd_demo, "build a demo vault with a fictional case", as_json)
    p.add_argument("dir", metavar="DIR", help="a new folder for the demo vault")
    register_timeline(sub, command, as_json)
    register_letters(sub, command, as_json)
    return parser


def _wants_app(argv: list[str]) -> bool:
    """No command, only the app's own options: open the app."""
    index = 0
    while index < len(argv):
        if argv[index] == "--vault" and index + 1 < len(argv):
            index += 2
        elif argv[index] in ("--demo", "--quit-after-start"):
            index += 1
        else:
            return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_app(argv):
        from iepdesk.gui.app import run_app

        return run_app(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.handler(args)
    except IEPDeskError as error:
        _say(str(error))
        return error.exit_code
    except ValueError as error:  # a core check on a value the user gave
        _say(str(error))
        return 2
    except OSError as error:
        _say(f"{error.filename or ''}: {error.strerror or error}".strip(": "))
        return 1
    except Exception as error:  # the database failed under a command that reads it: damage, a full drive…
        from iepdesk.vault.space import database_error

        known = database_error(_vault_path(args), error, f"the {args.command} command")
        if known is None:
            raise
        _say(str(known))
        return known.exit_code


if __name__ == "__main__":
    sys.exit(main())

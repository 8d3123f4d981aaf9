"""The letters' commands: ``letter`` (list, write for review, send and file, attach a proof) and ``parent``.

``register`` adds them to the parser (iepdesk.cli.parser); the work is imported when a command runs.

    iepdesk letter list
    iepdesk letter TEMPLATE [--to PERSON] [--field KEY=VALUE …] [--concerns-file FILE] [--out FILE.pdf]
    iepdesk letter TEMPLATE … --send --sent-on DATE --delivery METHOD [--proof FILE]
    iepdesk letter conversation-confirmation --meeting EVENT   (the decisions recorded with 'decide')
    iepdesk letter proof --item LETTER --proof FILE
    iepdesk parent set NAME --address '…' --phone '…' --email '…'
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from iepdesk.cli.common import emit, open_vault, parse_date, say


def _read(path: str, what: str) -> str:
    from iepdesk.errors import UsageError

    try:
        return Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: the {what} cannot be read ({getattr(error, 'strerror', None) or error}).") \
            from error


def _values(args: argparse.Namespace, template: Any) -> dict[str, Any]:
    from iepdesk.errors import UsageError

    values: dict[str, Any] = {}
    for pair in args.field or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"'{pair}' is not KEY=VALUE; for example --field decision='to find Sam not eligible'.")
        template.field(key.strip())
        values[key.strip()] = value.replace("\\n", "\n")
    if args.concerns_file:
        main = template.main_field
        if main is None:
            raise UsageError(f"The letter “{template.title}” has no long text to read from a file; give its fields "
                             "with --field KEY=VALUE.")
        values[main] = _read(args.concerns_file, "text")
    if args.delivery and "delivery" not in values:
        values["delivery"] = args.delivery
    if args.send and "date" not in values:
        values["date"] = args.sent_on or args.today or dt.date.today()
    return values


def _missing_lines(draft: Any) -> list[str]:
    lines = [f"The letter “{draft.template.title}” is not ready. Fill in:"]
    for state in draft.fields:
        if state.label in draft.missing:
            how = f"--field {state.key}=…"
            if state.key == draft.template.main_field:
                how += " or --concerns-file FILE"
            lines.append(f"  - {state.label} ({how})" + (f": {state.hint}" if state.hint else ""))
    lines.append("Nothing was written.")
    return lines


def cmd_letter_list(args: argparse.Namespace) -> int:
    from iepdesk.letters.templates import load_templates
    from iepdesk.timeline.kinds import kind_label

    templates = load_templates()
    lines = []
    for t in templates.values():
        own = ", ".join(f.key for f in t.fields)
        lines.append(f"{t.id:<26} {t.title}\n{'':<27}{t.description}\n{'':<27}cites {'; '.join(t.citations)}; "
                     f"records “{kind_label(t.event_kind)}” when sent; fields: {own or '—'}")
    emit(args, [t.as_json() for t in templates.values()], lines)
    return 0


def cmd_letter_proof(args: argparse.Namespace) -> int:
    from iepdesk.errors import UsageError
    from iepdesk.letters.file import attach_proof

    if args.item is None or not args.proof:
        raise UsageError("Say which letter and which file: iepdesk letter proof --item LETTER --proof FILE.")
    with open_vault(args) as vault:
        proof = attach_proof(vault, args.item, Path(args.proof), delivery=args.delivery)
    emit(args, proof.as_json(), [f"Attached item {proof.id} “{proof.title}” to letter {args.item} as proof "
                                 "of delivery."])
    return 0


def cmd_letter(args: argparse.Namespace) -> int:
    if args.template == "list":
        return cmd_letter_list(args)
    if args.template == "proof":
        return cmd_letter_proof(args)
    return _write_letter(args)


def _write_letter(args: argparse.Namespace) -> int:
    from iepdesk.errors import UsageError
    from iepdesk.letters.compose import draft
    from iepdesk.letters.render import page_count, render
    from iepdesk.letters.templates import get_template
    from iepdesk.vault.blobs import atomic_write, sha256_of

    template = get_template(args.template)
    if args.send and not args.delivery:
        raise UsageError("Say how the letter was sent, e.g. --delivery email (or 'hand delivered', mail, "
                         "'certified mail').")
    if (args.sent_on or args.proof) and not args.send:
        raise UsageError("--sent-on and --proof go with --send (file the letter as sent).")
    values = _values(args, template)
    body = _read(args.body_file, "edited body") if args.body_file else None
    today = args.today or dt.date.today()
    with open_vault(args, write=args.send) as vault:
        if args.meeting is not None:
            from iepdesk.hearing.outcomes import confirmation_values

            if template.id != "conversation-confirmation":
                raise UsageError("--meeting fills the letter confirming a conversation: iepdesk letter "
                                 f"conversation-confirmation --meeting {args.meeting}.")
            values = confirmation_values(vault, args.meeting) | values
            if args.to is None:
                from iepdesk.hearing.outcomes import meeting_recipient

                args.to = meeting_recipient(vault, args.meeting)
        letter = draft(vault, template.id, values, to=args.to, cc=args.cc or (), sender=args.sender,
                       student_id=args.student, exhibits=args.exhibit or (), body=body, paper=args.paper,
                       today=today)
        data: dict[str, Any] = {"template": template.id, "ready": letter.ready, "missing": list(letter.missing),
                                "subject": letter.subject, "body": letter.body,
                                "fields": [f.as_json() for f in letter.fields],
                                "path": None, "pages": None, "sha256": None, "item_id": None, "event_id": None,
                                "event_kind": template.event_kind, "proof_item_id": None, "deadlines": []}
        if args.text:
            data["text"] = letter.text
            emit(args, data, [letter.text])
            if letter.missing and not args.json:
                for line in _missing_lines(letter)[:-1]:
                    say(line)
            return 1 if letter.missing else 0
        if letter.missing:
            emit(args, data)
            for line in _missing_lines(letter):
                say(line)
            return 1
        pdf = render(letter)
        out = Path(args.out) if args.out else (None if args.send else Path(f"{template.id}-{today}.pdf"))
        lines = []
        if args.send:
            from iepdesk.letters.file import clocks_started, send

            sent_on = args.sent_on or today
            item, event = send(vault, letter, sent_on=sent_on, delivery=args.delivery,
                               proof=Path(args.proof) if args.proof else None, today=today)
            clocks = clocks_started(vault, event, today)
            proof_id = _proof_of(vault, item.id)
            data.update(item_id=item.id, event_id=event.id, proof_item_id=proof_id,
                        deadlines=[c.as_json() for c in clocks], sha256=item.sha256, pages=item.pages)
            lines.append(f"Filed the letter as item {item.id} “{item.title}” (sent {sent_on}, {args.delivery}).")
            if proof_id:
                lines.append(f"Proof of delivery: item {proof_id}, attached to the letter.")
            lines.append(f"Added event {event.id}: {event.label} on {event.date}.")
            lines += [f"Clock started: {c.sentence()}  [{c.rule.citation}]" for c in clocks]
            for warning in event.warnings:
                say(f"note: {warning}")
    if out is not None:
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        try:
            atomic_write(out, pdf)
        except OSError as error:
            raise UsageError(f"{out}: cannot write the letter there ({error.strerror or error}).") from error
        data.update(path=str(out), pages=page_count(pdf), sha256=sha256_of(pdf))
        if args.send:
            lines.append(f"A copy is at {out}.")
        else:
            lines.append(f"Wrote the letter for review: {out} ({data['pages']} page). Print it, sign it and send it; "
                         "then file it with the same command and --send --delivery METHOD [--sent-on DATE] "
                         "[--proof FILE].")
    emit(args, data, lines)
    return 0


def _proof_of(vault: Any, item_id: int) -> int | None:
    from iepdesk.vault.models import Item

    with vault.session() as session:
        item = session.get(Item, item_id)
        return ((item.meta or {}).get("letter") or {}).get("proof_item_id") if item else None


# -- parent ---------------------------------------------------------------------------------------------------
def _parent_json(person: Any) -> dict[str, Any]:
    from iepdesk.letters.parent import address_of

    return person.as_json() | {"address": address_of(person) or None}


def _parent_lines(person: Any) -> list[str]:
    from iepdesk.letters.parent import address_lines

    lines = [f"{person.id:>4}  {person.name}"]
    lines += [f"      {line}" for line in address_lines(person.notes)]
    lines += [f"      {x}" for x in (person.phone, person.email) if x]
    return lines


def cmd_parent_set(args: argparse.Namespace) -> int:
    from iepdesk.letters.parent import set_parent

    with open_vault(args) as vault:
        person, added = set_parent(vault, args.name, address=args.address, phone=args.phone, email=args.email)
    verb = "Added" if added else "Updated"
    emit(args, _parent_json(person), [f"{verb} the parent {person.id}: {person.name}",
                                      *_parent_lines(person)[1:]])
    return 0


def cmd_parent_show(args: argparse.Namespace) -> int:
    from iepdesk.letters.parent import parents

    with open_vault(args, write=False) as vault:
        found = parents(vault)
    emit(args, [_parent_json(p) for p in found], [line for p in found for line in _parent_lines(p)] or
         ["No parent yet. Add your details (they go on your letters) with: iepdesk parent set NAME --address "
          "'12 Elm Street; Springfield, IL 62701' --phone '…' --email '…'"])
    return 0


# -- parser ---------------------------------------------------------------------------------------------------
def register(sub: Any, command: Callable[..., argparse.ArgumentParser], as_json: argparse.ArgumentParser) -> None:
    """Add ``letter`` and ``parent`` to the ``iepdesk`` parser (``command``: see iepdesk.cli.parser)."""
    date = parse_date
    p = command("letter", cmd_letter, "write a letter to the school as a one-page PDF; with --send, file it as sent "
                "and start its response clock", as_json)
    p.add_argument("template", metavar="TEMPLATE", help="the letter ('iepdesk letter list' shows them); 'list' lists "
                   "them; 'proof' attaches a proof of delivery to a filed letter (--item, --proof)")
    p.add_argument("--to", metavar="PERSON", help="who it is to: a person's id, name or address (default: the "
                   "usual recipient among the people of the case)")
    p.add_argument("--cc", nargs="+", metavar="PERSON", help="people who get a copy")
    p.add_argument("--from", dest="sender", metavar="PARENT", help="the parent who signs (default: the first)")
    p.add_argument("--student", type=int, metavar="ID")
    p.add_argument("--field", action="append", metavar="KEY=VALUE",
                   help="a field of the letter (repeatable; '\\n' starts a new line); 'letter list' names them")
    p.add_argument("--concerns-file", metavar="FILE", help="the letter's main text (your concerns, the topics, the "
                   "summary) from a text file")
    p.add_argument("--body-file", metavar="FILE", help="your own edit of the body (the paragraphs between the greeting "
                   "and 'Sincerely,' that --text prints), used as it is")
    p.add_argument("--exhibit", type=int, nargs="+", metavar="ITEM", help="documents of the vault to list as "
                   "enclosures")
    p.add_argument("--paper", choices=("letter", "a4"), default="letter")
    p.add_argument("--out", metavar="FILE.pdf", help="where to write the PDF (default without --send: "
                   "TEMPLATE-DATE.pdf here)")
    p.add_argument("--text", action="store_true", help="print the letter as text (to check or edit it); no PDF")
    p.add_argument("--send", action="store_true", help="file the letter in the vault as sent and add its event")
    p.add_argument("--sent-on", type=date, metavar="YYYY-MM-DD", help="the day it was sent (default: today)")
    p.add_argument("--delivery", metavar="METHOD", help="how it was sent: email, 'hand delivered', mail, "
                   "'certified mail', fax, portal … (printed under the date)")
    p.add_argument("--proof", metavar="FILE", help="proof of delivery (a receipt photo or PDF), kept with the letter")
    p.add_argument("--item", type=int, metavar="LETTER", help="with 'proof': the filed letter's item id")
    p.add_argument("--meeting", type=int, metavar="EVENT", help="with conversation-confirmation: the meeting whose "
                   "decisions (recorded with 'decide') the letter lists")
    p.add_argument("--today", type=date, metavar="YYYY-MM-DD", help="count from this day (default: today)")

    parent = sub.add_parser("parent", help="your own details, printed on your letters").add_subparsers(
        dest="parent_command", metavar="set|show", required=True)
    p = command("set", cmd_parent_set, "add or change the parent's details (the letters' signer)", as_json,
                into=parent)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--address", help="postal address; separate its lines with ';' (e.g. '12 Elm Street; "
                   "Springfield, IL 62701')")
    p.add_argument("--phone")
    p.add_argument("--email", help="your emails from and to this address link to you")
    command("show", cmd_parent_show, "show the parent's details", as_json, into=parent)

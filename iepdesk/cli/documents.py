"""The documents' commands: students, import, OCR, notes, list, show, edit, trash, search, undo."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from iepdesk.cli.common import criteria_catalogue, emit, open_vault, parse_date, progress_printer, say
from iepdesk.errors import UsageError
from iepdesk.kinds import KINDS, NOTE_TYPES, SOURCES


def cmd_student_add(args: argparse.Namespace) -> int:
    from iepdesk.students import add_student

    with open_vault(args) as vault:
        student = add_student(vault, args.name, birth_date=args.birth_date, school=args.school, grade=args.grade,
                              state=args.state)
    emit(args, student.as_json(), [f"Added student {student.id}: {student.name}", *_state_line(student.state)])
    return 0


def cmd_student_edit(args: argparse.Namespace) -> int:
    from iepdesk.students import update_student

    changes = {name: getattr(args, name) for name in ("name", "birth_date", "school", "grade", "state", "categories")
               if getattr(args, name) is not None}
    if not changes:
        raise UsageError("Say what to change, e.g. --state TX, --grade 5 or --categories idea.ohi s504.")
    with open_vault(args) as vault:
        student = update_student(vault, args.student_id, **changes)
    emit(args, student.as_json(), [f"Updated student {student.id}: {student.name}", *_state_line(student.state)])
    return 0


def _state_line(state: str | None) -> list[str]:
    from iepdesk.states import STATES, has_pack

    if state is None:
        return []
    if has_pack(state):
        return [f"Deadlines follow {STATES[state]}'s rules where IEPDesk has them, the federal rules elsewhere."]
    return [f"IEPDesk has no deadline rules for {STATES[state]} yet: the federal rules apply, and the state's own "
            "timeframe may differ (a pack can be added with 'iepdesk deadlines add FILE')."]


def cmd_student_list(args: argparse.Namespace) -> int:
    from iepdesk.students import list_students

    with open_vault(args, write=False) as vault:
        students = list_students(vault)
    emit(args, [s.as_json() for s in students],
          [f"{s.id:>4}  {s.name}  {s.school or ''} {s.grade or ''} {s.state or ''}".rstrip() for s in students]
          or ["No students yet. Add one with: iepdesk student add NAME"])
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from iepdesk.ingest import ImportOptions, import_paths
    from iepdesk.limits import MAX_FILE_MB

    options = ImportOptions(student_id=args.student, password=args.password, actor="cli",
                            max_bytes=int((args.max_size or MAX_FILE_MB) * 1024 * 1024))
    tty = sys.stderr.isatty()
    cancel = threading.Event()
    with open_vault(args) as vault:
        try:
            report = import_paths(vault, [Path(p) for p in args.paths], options, progress_printer(tty), cancel)
        except KeyboardInterrupt:  # Ctrl+C: what finished is kept
            say("\nStopped. Files imported before the stop are kept; run the same import again to finish.")
            return 1
        if tty:
            sys.stderr.write("\r\x1b[K")
        _import_report(args, report)  # before OCR starts, which can take a while
        if report.stopped is not None:
            say(str(report.stopped))
            return report.stopped.exit_code
        ocr_note = _after_import_ocr(args, vault, report, tty)
    if ocr_note:
        say(ocr_note)
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
    emit(args, rows, lines)
    sys.stdout.flush()
    for r in report.results:
        if r.status == "rejected":
            say(f"rejected   {r.path}: {r.reason}")
    counts = f"{report.count('imported')} imported, {report.count('duplicate')} already in the vault, " \
             f"{report.count('rejected')} rejected."
    say(counts + (" (Stopped before the end.)" if report.cancelled else ""))


def _after_import_ocr(args: argparse.Namespace, vault: Any, report: Any, tty: bool) -> str:
    """Read the new scans; whatever goes wrong here, the files are imported and the pages wait for 'iepdesk ocr'."""
    from iepdesk.ingest.ocr import HOW_TO_ENABLE, pages_waiting, run_ocr

    if not report.pages_needing_ocr:
        return ""
    if args.no_ocr:
        return f"{report.pages_needing_ocr} scanned page(s) wait for OCR: run 'iepdesk ocr' to read them."
    try:
        result = run_ocr(vault, progress_printer(tty), item_ids=report.item_ids, actor="cli")
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

    with open_vault(args) as vault:
        try:
            result = run_ocr(vault, progress_printer(sys.stderr.isatty()), actor="cli")
        except KeyboardInterrupt:
            say("\nStopped. Pages read before the stop are kept; run 'iepdesk ocr' again to go on.")
            return 1
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")
    data = {"available": result.available, "pages_done": result.pages_done,
            "pages_waiting": result.pages_waiting, "failed": result.failed}
    if not result.available:
        emit(args, data, [f"OCR is not available; {result.pages_waiting} page(s) wait. {HOW_TO_ENABLE}"])
        return 1 if result.pages_waiting else 0
    emit(args, data, [f"Read {result.pages_done} page(s); {result.pages_waiting} still wait."]
          + [f"OCR failed: {f}" for f in result.failed])
    return 1 if result.failed else 0


def cmd_note_add(args: argparse.Namespace) -> int:
    from iepdesk.ingest.notes import add_note

    text = args.text if args.text is not None else (
        Path(args.file).read_text(encoding="utf-8") if args.file else sys.stdin.read())
    with open_vault(args) as vault:
        item = add_note(vault, text, note_type=args.type, title=args.title, date=args.date,
                        student_id=args.student, people=args.people)
    emit(args, item.as_json(), [f"Added note {item.id}: {item.title}"])
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

    with open_vault(args, write=False) as vault:
        items = list_items(vault, student_id=args.student, kind=args.kind, trashed=args.trash)
    header = f"{'id':>5}   {'date':<10}  {'kind':<20}  {'source':<11}  pages  title  (? = has guesses)"
    emit(args, [i.as_json() for i in items], [header, *map(_item_line, items)] if items else
          ["The Trash is empty." if args.trash else "No documents yet. Import some with: iepdesk import FILES…"])
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from iepdesk.criteria.evidence import list_evidence
    from iepdesk.items import get_item, page_texts

    with open_vault(args, write=False) as vault:
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
    emit(args, data, lines)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from iepdesk.items import update_items

    changes = {name: getattr(args, name) for name in ("kind", "title", "author", "source", "notes")
               if getattr(args, name) is not None}
    if args.date is not None:
        changes["doc_date"] = args.date
    if not changes:
        raise UsageError("Say what to change, e.g. --kind evaluation or --date 2025-10-14.")
    try:
        with open_vault(args) as vault:
            items = update_items(vault, args.item, **changes)
    except ValueError as error:
        raise UsageError(str(error)) from error
    emit(args, items[0].as_json() if len(items) == 1 else [i.as_json() for i in items],
         [f"Updated item {item.id}: {item.title}" for item in items])
    return 0


def cmd_trash(args: argparse.Namespace) -> int:
    from iepdesk.items import restore_items, trash_items

    with open_vault(args) as vault:
        items = (restore_items if args.command == "untrash" else trash_items)(vault, args.item)
    verb = "Restored" if args.command == "untrash" else "Moved to the Trash:"
    emit(args, items[0].as_json() if len(items) == 1 else [i.as_json() for i in items],
         [f"{verb} item {item.id}, {item.title}" for item in items])
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from iepdesk.search import Filters, search

    filters = Filters(student_id=args.student, kinds=args.kind or [], sources=args.source or [],
                      date_from=args.date_from, date_to=args.date_to, criterion=args.criterion,
                      tagged=True if args.tagged else (False if args.untagged else None))
    with open_vault(args, write=False) as vault:
        if args.criterion:
            criteria_catalogue(vault).get(args.criterion)
        hits = search(vault, args.query, filters, limit=args.limit)
    lines = [f"item {h.item_id:>4} p. {h.page:<3} {h.title}\n    {' '.join(h.snippet.split())}" for h in hits]
    emit(args, [h.as_json() for h in hits], lines or ["No pages match."])
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    from iepdesk import undo

    with open_vault(args) as vault:
        step = (undo.redo if args.command == "redo" else undo.undo)(vault)
    if step is None:
        emit(args, {"done": None}, [f"Nothing to {args.command}."])
        return 0
    verb = "Redid" if args.command == "redo" else "Undid"
    emit(args, {"done": step.label, "history_id": step.history_id}, [f"{verb}: {step.summary}"])
    return 0


# -- parser ----------------------------------------------------------------------------------------------------
def register(sub: Any, command: Callable[..., argparse.ArgumentParser], as_json: argparse.ArgumentParser) -> None:
    """Add ``student``, ``import``, ``ocr``, ``note``, ``list``, ``show``, ``edit``, ``trash``, ``untrash``,
    ``search``, ``undo`` and ``redo``."""
    student = sub.add_parser("student", help="the children this vault is about").add_subparsers(
        dest="student_command", metavar="add|edit|list", required=True)
    p = command("add", cmd_student_add, "add a student", as_json, into=student)
    p.add_argument("name")
    p.add_argument("--birth-date", type=parse_date, metavar="YYYY-MM-DD")
    p.add_argument("--school")
    p.add_argument("--grade")
    p.add_argument("--state", help="the state the child goes to school in (TX, CA…): its deadline rules apply")
    p = command("edit", cmd_student_edit, "correct a student's details, or set the state", as_json, into=student)
    p.add_argument("student_id", type=int, metavar="STUDENT")
    p.add_argument("--name")
    p.add_argument("--birth-date", type=parse_date, metavar="YYYY-MM-DD")
    p.add_argument("--school")
    p.add_argument("--grade")
    p.add_argument("--state", help="the state the child goes to school in (TX, CA…): its deadline rules apply")
    p.add_argument("--categories", nargs="*", metavar="ID",
                   help="the categories that fit the child (idea.ohi, idea.sld, s504 …; 'iepdesk criteria list' "
                        "shows them; none to clear): Today and Coverage show their gaps")
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
    p.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="when it happened (default: today)")
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

    p = command("edit", cmd_edit, "correct the details of one or more documents (a corrected field is no longer "
                "a guess; several documents are changed in one step, undone together)", as_json)
    p.add_argument("item", type=int, nargs="+", metavar="ITEM")
    p.add_argument("--kind", choices=sorted(KINDS))
    p.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD")
    p.add_argument("--title")
    p.add_argument("--author")
    p.add_argument("--source", choices=sorted(SOURCES))
    p.add_argument("--notes")

    for name, text in (("trash", "move documents to the Trash (one step for undo)"),
                       ("untrash", "restore documents from the Trash")):
        command(name, cmd_trash, text, as_json).add_argument("item", type=int, nargs="+", metavar="ITEM")
    p = command("search", cmd_search, "search the text of every page", as_json)
    p.add_argument("query", metavar="QUERY", help='words, "a phrase", prefix*, AND / OR / NOT')
    p.add_argument("--kind", nargs="+", choices=sorted(KINDS))
    p.add_argument("--source", nargs="+", choices=sorted(SOURCES))
    p.add_argument("--from", dest="date_from", type=parse_date, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", type=parse_date, metavar="YYYY-MM-DD")
    p.add_argument("--criterion", metavar="ID", help="only documents with accepted evidence for it")
    tagged = p.add_mutually_exclusive_group()
    tagged.add_argument("--tagged", action="store_true", help="only documents tagged as evidence")
    tagged.add_argument("--untagged", action="store_true", help="only documents not tagged yet")
    p.add_argument("--student", type=int, metavar="ID")
    p.add_argument("--limit", type=int, default=50)
    for name, text in (("undo", "undo the last change to evidence or to a document's details"),
                       ("redo", "redo what undo undid")):
        command(name, cmd_undo, text, as_json)

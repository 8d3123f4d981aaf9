"""The binder's and the meetings' commands: ``binder`` (make one), ``packet`` (the disclosure before a hearing),
``prep`` (a sheet to bring to a meeting), ``asks`` and ``decide`` (what was decided there, ask by ask) and
``binders`` (those made)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from iepdesk.binder.options import SECTIONS
from iepdesk.cli.common import emit, open_vault, parse_date, say
from iepdesk.errors import VaultReadOnly

SECTION_NAMES = tuple(s for s in SECTIONS if s != "cover")  # the cover always goes in


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
        copy="disclosure" if args.disclosure else "working", clean=True if args.clean else None,
        keep_numbers=not args.renumber, sections=tuple(s for s in SECTIONS if s not in (args.leave_out or ())),
    )
    tty = sys.stderr.isatty()

    def show(progress: Any) -> None:
        if tty:
            sys.stderr.write(f"\r\x1b[K{progress.current[:70]}")
            sys.stderr.flush()

    try:
        vault = open_vault(args)
    except VaultReadOnly:  # a vault on a read-only drive: the binder is made, and noted outside the vault
        vault = open_vault(args, write=False)
    with vault:
        try:
            result = make_binder(vault, Path(args.out), options, show)
        except KeyboardInterrupt:
            say("\nStopped; no binder was written.")
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
    emit(args, result.as_json(), lines)
    for problem in result.skipped:
        say(f"left out: {problem.sentence()}")
    if result.guessed:
        say(result.guessed_sentence())
    if result.numbering:
        say(result.numbering)
    return 1 if result.skipped else 0


def cmd_packet(args: argparse.Namespace) -> int:
    from iepdesk.binder.options import BinderOptions
    from iepdesk.hearing.packet import PacketRequest, make_packet
    from iepdesk.timeline.people import resolve_people

    with open_vault(args) as vault:
        def person(ref: str) -> int:
            return resolve_people(vault, [ref])[0]

        request = PacketRequest(
            hearing_id=args.hearing, witnesses=tuple((person(ref), about) for ref, about in args.witness or ()),
            to=person(args.to) if args.to else None, served_on=tuple(person(ref) for ref in args.serve or ()),
            served_how=args.served_how, served_date=args.served_date)
        options = BinderOptions(student_id=args.student, item_ids=tuple(args.items or ()), paper=args.paper,
                                duplex=args.duplex, skip_problems=args.skip_problems)
        result = make_packet(vault, Path(args.out), request, options)
    lines = [result.sentence(), f"  packet: {result.path}", f"  exhibits: {result.binder.path}",
             *(f"  {e['label']:<6} {e['bates_first']}-{e['bates_last']}" for e in result.binder.exhibits)]
    emit(args, result.as_json(), lines)
    for problem in result.binder.skipped:
        say(f"left out: {problem.sentence()}")
    if result.binder.guessed:
        say(result.binder.guessed_sentence())
    if result.binder.numbering:
        say(result.binder.numbering)
    return 1 if result.binder.skipped else 0


def cmd_prep(args: argparse.Namespace) -> int:
    from iepdesk.hearing.prep import Ask, PrepRequest, make_prep

    asks = tuple(Ask(words[0], tuple(words[1:])) for words in args.ask or ())
    with open_vault(args) as vault:
        result = make_prep(vault, Path(args.out), PrepRequest(args.event, args.goal or "", asks))
    lines = [f"Prep sheet written: {result.path}",
             f"  for {result.event.title} on {result.event.date}: {result.quotes} quote(s) for your asks, "
             f"{result.reasons} reason(s) of the school answered"]
    emit(args, result.as_json(), lines)
    for ask in result.missing:
        say(f"no evidence tagged yet for: {ask}")
    return 0


def cmd_asks(args: argparse.Namespace) -> int:
    from iepdesk.hearing.outcomes import OUTCOME_LABELS, add_asks, list_asks

    with open_vault(args, write=bool(args.add)) as vault:
        if args.add:
            add_asks(vault, args.event, [(args.add[0], args.add[1:])])
        asks = list_asks(vault, args.event)
    lines = [f"{a.id:>4}  {OUTCOME_LABELS.get(a.outcome or '', 'Not decided'):<12} {a.text}"
             + (f"  ({a.said_by})" if a.said_by else "") for a in asks]
    emit(args, [a.as_json() for a in asks], lines or [
        "No asks are kept for this meeting. Make its prep sheet with your asks (iepdesk prep OUT.pdf --event "
        f"{args.event} --ask TEXT …), or add one: iepdesk asks {args.event} --add TEXT."])
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from iepdesk.hearing.outcomes import OUTCOME_LABELS, decide

    with open_vault(args) as vault:
        ask = decide(vault, args.ask, None if args.outcome == "undecided" else args.outcome, said_by=args.by,
                     note=args.note)
    emit(args, ask.as_json(), [f"{OUTCOME_LABELS.get(ask.outcome or '', 'Not decided')}: {ask.text}"
                               + (f" ({ask.said_by})" if ask.said_by else "")
                               + (f"\nPut it in writing: iepdesk letter conversation-confirmation --meeting "
                                  f"{ask.event_id}" if ask.outcome else "")])
    return 0


def cmd_binders(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from iepdesk.vault.models import Binder

    with open_vault(args, write=False) as vault, vault.session() as session:
        rows = [{"id": b.id, "created_at": b.created_at.isoformat(), "path": b.path, "pages": b.pages,
                 "sha256": b.sha256, "exhibits": len(b.exhibits), "title": b.title,
                 "disclosed_on": b.disclosed_on.isoformat() if b.disclosed_on else None}
                for b in session.scalars(select(Binder).order_by(Binder.id))]
    emit(args, rows, [f"{r['id']:>4}  {r['created_at']}  {r['pages']:>5}p  {r['exhibits']:>3} exhibits  {r['path']}"
                       + (f"  (disclosed {r['disclosed_on']})" if r["disclosed_on"] else "")
                       for r in rows] or ["No binders made yet."])
    return 0


# -- parser ----------------------------------------------------------------------------------------------------
def register(sub: Any, command: Callable[..., argparse.ArgumentParser], as_json: argparse.ArgumentParser) -> None:
    """Add ``binder`` and ``binders``."""
    p = command("binder", cmd_binder, "make the evidence binder PDF (front matter and stamped exhibits)", as_json)
    p.add_argument("out", metavar="OUT.pdf")
    p.add_argument("--student", type=int, metavar="ID")
    p.add_argument("--items", type=int, nargs="+", metavar="ITEM", help="only these documents (and, with "
                   "--order manual, in this order)")
    p.add_argument("--criteria", nargs="+", metavar="ID", help="only documents tagged as evidence for these")
    p.add_argument("--from", dest="date_from", type=parse_date, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", type=parse_date, metavar="YYYY-MM-DD")
    p.add_argument("--order", choices=("chronological", "criterion", "kind", "manual"), default="chronological")
    p.add_argument("--title", default="Evidence binder")
    p.add_argument("--meeting", default="IEP meeting", help="the meeting, mediation or hearing it is for")
    p.add_argument("--meeting-date", type=parse_date, metavar="YYYY-MM-DD")
    p.add_argument("--prepared-by", default="",
                   help="who prepared it (default: the parent named with 'parent set', else Parent)")
    p.add_argument("--statement", metavar="FILE", help="a text file with the parent's statement of concerns")
    p.add_argument("--exhibit-prefix", default="P-")
    p.add_argument("--letters", action="store_true", help="label exhibits P-A, P-B … instead of P-1, P-2 …")
    p.add_argument("--first-exhibit", type=int, default=1)
    p.add_argument("--renumber", action="store_true",
                   help="number the exhibits afresh, even those of a binder already disclosed for a hearing "
                        "(by default they keep their labels and new documents take the next numbers)")
    p.add_argument("--bates-prefix", help="default: the child's last name, e.g. RIVERA-")
    p.add_argument("--bates-start", type=int, default=1)
    p.add_argument("--bates-digits", type=int, default=6)
    p.add_argument("--paper", choices=("letter", "a4"), default="letter")
    p.add_argument("--duplex", action="store_true", help="every exhibit starts on a right-hand page")
    p.add_argument("--gutter", type=float, default=0.0, metavar="MM", help="extra margin for hole punching")
    p.add_argument("--disclosure", action="store_true",
                   help="the copy for the school and the hearing officer: no strengths or gaps, no notes, only "
                        "descriptions you confirmed, without your highlights and notes on the pages")
    p.add_argument("--clean", action="store_true",
                   help="leave out highlights and notes added to the PDFs (always so in a disclosure copy)")
    p.add_argument("--leave-out", nargs="+", metavar="SECTION", choices=SECTION_NAMES,
                   help=f"front-matter sections to leave out: {', '.join(SECTION_NAMES)}")
    p.add_argument("--no-slipsheets", action="store_true")
    p.add_argument("--no-manifest", action="store_true")
    p.add_argument("--part", choices=("all", "exhibits", "front"), default="all")
    p.add_argument("--skip-problems", action="store_true",
                   help="leave out documents whose original is missing or unusable (they are named)")
    p = command("packet", cmd_packet, "make the disclosure packet for a due-process hearing: cover letter, exhibit "
                "list, witness list, certificate of service, and the disclosure copy of the binder", as_json)
    p.add_argument("out", metavar="OUT.pdf", help="the packet; the exhibits go in 'OUT - exhibits.pdf' beside it")
    p.add_argument("--hearing", type=int, metavar="EVENT", help="the hearing (default: the next one on the calendar)")
    p.add_argument("--witness", nargs=2, action="append", metavar=("PERSON", "ABOUT"),
                   help="a witness (id, name or address) and what they will speak to; repeat for each")
    p.add_argument("--to", metavar="PERSON", help="who the cover letter is addressed to (default: the district's "
                   "attorney, else its representative)")
    p.add_argument("--serve", action="append", metavar="PERSON",
                   help="who else is served (default: the hearing officer); repeat for each")
    p.add_argument("--served-how", default="email", help="email, mail, certified mail, hand delivered, fax, portal")
    p.add_argument("--served-date", type=parse_date, metavar="YYYY-MM-DD", help="default: today")
    p.add_argument("--student", type=int, metavar="ID")
    p.add_argument("--items", type=int, nargs="+", metavar="ITEM", help="only these documents")
    p.add_argument("--paper", choices=("letter", "a4"), default="letter")
    p.add_argument("--duplex", action="store_true")
    p.add_argument("--skip-problems", action="store_true")
    p = command("prep", cmd_prep, "a prep sheet for a meeting, mediation or resolution session: your goal, your "
                "asks with their evidence, the school's reasons answered, questions to ask", as_json)
    p.add_argument("out", metavar="OUT.pdf")
    p.add_argument("--event", type=int, metavar="EVENT", help="the meeting (default: the next one on the calendar)")
    p.add_argument("--goal", help="what success looks like when you leave, in one sentence")
    p.add_argument("--ask", nargs="+", action="append", metavar=("TEXT", "CRITERION"),
                   help="one thing you ask for, then the criteria whose evidence supports it (idea.ohi …); repeat")
    p = command("asks", cmd_asks, "what you ask for at a meeting, and what was decided about each", as_json)
    p.add_argument("event", type=int, metavar="EVENT", help="the meeting ('iepdesk event list' shows them)")
    p.add_argument("--add", nargs="+", metavar=("TEXT", "CRITERION"),
                   help="add an ask, then the criteria whose evidence supports it")
    p = command("decide", cmd_decide, "record what was decided about an ask at a meeting", as_json)
    p.add_argument("ask", type=int, metavar="ASK", help="the ask ('iepdesk asks EVENT' lists them)")
    p.add_argument("outcome", choices=("agreed", "refused", "deferred", "undecided"))
    p.add_argument("--by", metavar="WHO", help="who said it (Dr. Hale, the team)")
    p.add_argument("--note", metavar="TEXT", help="what exactly was said or will happen, in a sentence")
    command("binders", cmd_binders, "list the binders made from this vault", as_json)

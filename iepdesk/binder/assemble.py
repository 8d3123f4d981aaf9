"""Make the binder PDF: front matter, then for each exhibit a slipsheet and its pages, every page stamped.

Each original page is wrapped in a transform that fits it, whole, into the area above a 0.5 in band at the
bottom of the sheet; the exhibit label ("P-4 p. 3 of 12") and the Bates number are written in that band, so
a stamp never covers the document's own content (stamp.py). The stamps are a few content-stream operators and
one shared font: cheap on thousands of pages (see tests/benchmarks). Pages that carry a /Rotate or a CropBox are
first made upright and as large as their CropBox; pages with annotations to print are drawn as they are seen
(show_pdf_page) and then stamped the same way (pages.py).
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from iepdesk import __version__
from iepdesk.binder import helper as helpers
from iepdesk.binder import inert, layers
from iepdesk.binder.collect import (
    Selection,
    chronology,
    cite,
    communications,
    criteria_summaries,
    denial_answers,
    exhibit_entries,
    select_items,
    unconfirmed,
)
from iepdesk.binder.disclosed import last_disclosed, number
from iepdesk.binder.model import PAPER, POINTS_PER_MM, ExhibitEntry, FrontMatter, FrontMatterInput
from iepdesk.binder.options import Bates, BinderOptions, bates_prefix_for
from iepdesk.binder.pages import Problem, _as_seen, _mupdf_errors, _prepare, _Source, _upright
from iepdesk.binder.plan import Plan, plan_binder
from iepdesk.binder.stamp import _date_text, _Writer
from iepdesk.criteria.catalogue import load_catalogue
from iepdesk.errors import IEPDeskError
from iepdesk.ingest.pdf import open_mended
from iepdesk.progress import Progress
from iepdesk.vault import Vault
from iepdesk.vault.blobs import fsync_dir
from iepdesk.vault.models import Binder
from iepdesk.vault.scratch import hidden_name, private_file, scratch


class BinderError(IEPDeskError):
    exit_code = 1


class Cancelled(IEPDeskError):
    exit_code = 1


@dataclass
class BinderResult:
    path: Path
    pages: int
    sha256: str
    exhibits: list[dict[str, Any]]
    skipped: list[Problem] = field(default_factory=list)
    binder_id: int | None = None
    noted_in: Path | None = None  # where it was noted, when the vault could not be written (a read-only drive)
    copy: str = "working"
    guessed: list[str] = field(default_factory=list)  # a disclosure copy: exhibits whose description was a guess
    entries: list[ExhibitEntry] = field(default_factory=list, repr=False)  # as the index lists them
    numbering: str = ""  # how the labels follow a disclosed binder's, in words (or "")
    child: str = ""
    school: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "pages": self.pages, "sha256": self.sha256, "exhibits": self.exhibits,
                "skipped": [{"item_id": p.item_id, "reason": p.reason} for p in self.skipped],
                "binder_id": self.binder_id, "noted_in": str(self.noted_in) if self.noted_in else None,
                "copy": self.copy, "guessed": self.guessed, "numbering": self.numbering or None}

    def guessed_sentence(self) -> str:
        """What a disclosure copy left out, in words, or ""."""
        if not self.guessed:
            return ""
        return (f"{len(self.guessed)} exhibit(s) ({', '.join(self.guessed[:8])}{'…' if len(self.guessed) > 8 else ''})"
                " are described only in part ('Document'): their title, kind or author was guessed from a file name "
                "or a program's properties. Confirm them (Review), then make the disclosure copy again.")


# -- checks ----------------------------------------------------------------------------------------------------
def _check_output(out: Path) -> None:
    folder = out.parent
    if out.suffix.lower() != ".pdf":
        raise BinderError(f"{out}: the binder is a PDF; give the file a name ending in .pdf.")
    if not folder.is_dir():
        raise BinderError(f"{out}: the folder {folder} does not exist. Choose a folder that does.")
    if not os.access(folder, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise BinderError(f"{out}: IEPDesk may not write there. Choose another folder (your Documents, say).")


# -- the whole binder ------------------------------------------------------------------------------------------
def make_binder(
    vault: Vault,
    out: Path,
    options: BinderOptions,
    progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    actor: str = "cli",
) -> BinderResult:
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)  # damaged originals are reported as problems, not on the terminal
    pymupdf.TOOLS.mupdf_display_warnings(False)
    options.check()
    if not options.prepared_by.strip():
        options = replace(options, prepared_by=preparer(vault))
    if options.meeting_date is None:  # the next meeting or hearing on the calendar, rather than "undated"
        from iepdesk.timeline.events import MEETINGS, next_meeting

        ahead = next_meeting(vault)
        if ahead is not None:
            kind = MEETINGS[ahead.kind] if options.meeting_type == "IEP meeting" else options.meeting_type
            options = replace(options, meeting_date=ahead.date, meeting_type=kind)
    out = Path(out)
    _check_output(out)
    say = progress or (lambda _p: None)
    cancel = cancel or threading.Event()
    catalogue = load_catalogue(vault)
    selection = select_items(vault, options, catalogue)
    helper = helpers.start(len(selection.items)) if options.part != "exhibits" else None
    try:
        return _made(vault, out, options, catalogue, selection, say, cancel, actor, helper)
    finally:
        if helper is not None:
            helper.close()


def _made(vault: Vault, out: Path, options: BinderOptions, catalogue: Any, selection: Selection,
          say: Callable[[Progress], None], cancel: threading.Event, actor: str,
          helper: helpers.FrontMatterHelper | None) -> BinderResult:
    import pymupdf

    paper = PAPER[options.paper]
    sources: list[_Source] = []
    problems: list[Problem] = []
    total = len(selection.items)
    for done, item in enumerate(selection.items):
        _check_cancel(cancel)
        say(Progress(done, total * 2, f"Checking {item.title}", "binder"))
        prepared = _prepare(vault, item, paper)
        (problems if isinstance(prepared, Problem) else sources).append(prepared)  # type: ignore[arg-type]
    if problems and not options.skip_problems:
        listing = "\n".join(f"  - {p.sentence()}" for p in problems)
        raise BinderError(f"The binder was not made, because:\n{listing}\nFix these (or leave them out: the "
                          "'skip problems' option, --skip-problems on the command line), then try again.")
    if not sources:
        raise BinderError("None of the selected documents can go in a binder (see above).")
    # once a binder was disclosed, its exhibits keep their labels and come first; new documents follow
    numbering = number([s.item.id for s in sources], options, last_disclosed(vault, options.student_id))
    place = {item_id: n for n, item_id in enumerate(numbering.order)}
    sources.sort(key=lambda s: place[s.item.id])
    selection = Selection(sorted((i for i in selection.items if i.id in place), key=lambda i: place[i.id]),
                          [e for e in selection.evidence if e.item_id in place], selection.child, selection.school)
    bates = Bates(options.bates_prefix if options.bates_prefix is not None else bates_prefix_for(selection.child),
                  options.bates_start, options.bates_digits)
    plan = plan_binder([(s.item.id, s.pages, s.starts) for s in sources], options, bates, _printed(sources),
                       numbering.labels)
    gutter = options.gutter_mm * POINTS_PER_MM
    data = _front_input(selection, plan, options, catalogue, paper, gutter, vault) if options.part != "exhibits" \
        else None
    if helper is not None and data is not None:
        helper.typeset(data)  # while the exhibits are laid out here
    doc = pymupdf.open()
    writer = _Writer(doc, paper, gutter, options.duplex)
    entries = {e.item_id: e for e in exhibit_entries(selection, plan)}
    if options.part != "front":
        _body(vault, writer, sources, plan, entries, say, cancel, total, options.clean_exhibits)
    _check_cancel(cancel)
    # The front matter goes in front of the exhibits once they are in: it does not change any body page's
    # side (with duplex its page count is even).
    front = None if data is None else helper.result() if helper is not None else helpers.typeset_here(data)
    front_pages = front.pages if front else 0
    if front is not None and front.pages:
        with pymupdf.open(stream=front.pdf, filetype="pdf") as front_doc:
            doc.insert_pdf(front_doc, start_at=0, links=False, annots=False, widgets=False)  # links: _navigation
    _navigation(doc, front, plan, entries, options, front_pages)
    doc.set_metadata({
        "title": f"{options.title} — {selection.child}", "author": options.prepared_by,
        "subject": options.meeting_type + (f", {_date_text(options.meeting_date)}" if options.meeting_date else ""),
        "creator": f"IEPDesk {__version__}", "producer": f"IEPDesk {__version__} (PyMuPDF, ReportLab)",
        "keywords": "evidence binder", "creationDate": pymupdf.get_pdf_now(), "modDate": pymupdf.get_pdf_now(),
    })
    say(Progress(total * 2, total * 2, "Saving", "binder"))
    digest, size, pages = _save(doc, out, sum(s.item.size if s.typeset is None else len(s.typeset)
                                              for s in sources))
    exhibits = [{"label": e.label, "item_id": e.item_id, "first_page": front_pages + e.first_page,
                 "last_page": front_pages + e.last_page, "slipsheet_page": front_pages + e.slipsheet
                 if e.slipsheet else None, "bates_first": plan.bates_of(e, 1), "bates_last": plan.bates_of(e, e.pages)}
                for e in plan.exhibits] if options.part != "front" else []
    result = BinderResult(out.resolve(), pages, digest, exhibits, problems, copy=options.copy,
                          numbering=numbering.sentence(),
                          entries=[entries[e.item_id] for e in plan.exhibits], child=selection.child,
                          school=selection.school)
    if options.disclosure:
        result.guessed = [planned.label for item in unconfirmed(selection.items)
                          if (planned := plan.exhibit(item.id)) is not None]
    if vault.writable:
        result.binder_id = _record(vault, result, options, selection, size, actor)
    else:  # a vault on a read-only drive: the binder is made all the same, and noted where it can be
        result.noted_in = _note_outside(vault, result, options, selection, size)
    return result


def _printed(sources: list[_Source]) -> dict[int, tuple[str, ...]]:
    """The text of each printed page of the items laid out here (emails, notes, pictures' text)."""
    import pymupdf

    texts = {}
    for source in sources:
        if source.typeset is not None:
            with pymupdf.open(stream=source.typeset, filetype="pdf") as laid_out:
                texts[source.item.id] = tuple(page.get_text() for page in laid_out)
    return texts


def preparer(vault: Vault) -> str:
    """Who prepared a binder when nobody said: the parent of the case, by name, else "Parent"."""
    from iepdesk.timeline.people import parents

    named = parents(vault)
    return named[0].name if named else "Parent"


def _check_cancel(cancel: threading.Event) -> None:
    if cancel.is_set():
        raise Cancelled("The binder was cancelled; nothing was written.")


def _front_input(selection: Selection, plan: Plan, options: BinderOptions, catalogue: Any,
                 paper: tuple[float, float], gutter: float, vault: Vault | None = None) -> FrontMatterInput:
    sources = {i.id: i.source for i in selection.items}
    sections = tuple(s for s in options.sections if s != "manifest" or options.manifest)
    return FrontMatterInput(
        title=options.title, child=selection.child, school=selection.school, meeting_type=options.meeting_type,
        meeting_date=options.meeting_date, prepared_by=options.prepared_by, prepared_on=dt.date.today(),
        paper=paper, gutter=gutter, duplex=options.duplex, statement=options.statement,
        criteria=tuple(criteria_summaries(selection, plan, catalogue, sources, options.disclosure)),
        answers=tuple(denial_answers(selection.evidence, catalogue, sources, lambda link: cite(plan, link))),
        chronology=tuple(chronology(selection, plan, vault)),
        communications=tuple(communications(selection, plan, vault)),
        exhibits=tuple(exhibit_entries(selection, plan)), manifest=options.manifest, sections=sections,
        copy=options.copy,
    )


def _body(vault: Vault, writer: _Writer, sources: list[_Source], plan: Plan, entries: dict[int, Any],
          say: Callable[[Progress], None], cancel: threading.Event, total: int, clean: bool = False) -> None:
    import pymupdf

    blanks = set(plan.blanks)
    body_page = 1
    read: dict[int, dict[int, bytes]] = {}  # the pages' text layers, read 25 documents at a time
    read_until = 0
    for done, (source, planned) in enumerate(zip(sources, plan.exhibits, strict=True)):
        _check_cancel(cancel)
        say(Progress(total + done, total * 2, f"Adding {planned.label}: {source.item.title}", "binder"))
        while body_page in blanks:
            writer.blank()
            body_page += 1
        data = source.typeset if source.typeset is not None else vault.blobs.read(source.item.sha256)
        with (open_mended(data) if source.typeset is None else pymupdf.open(stream=data, filetype="pdf")) as original:
            # Stamp in the small source document (cheap lookups), then copy its pages over in one go; the tab
            # page goes in front of them there too (a page added to a binder of thousands costs ten times more).
            if source.typeset is None:
                _upright(original)
                if clean:
                    layers.strip_markup(original)
            src = _as_seen(original) if source.redraw else original
            if source.active:
                inert.make_inert(src)
            picture = source.typeset is not None and source.item.media_type.startswith("image/")
            boxes = layers.picture_boxes(src) if picture else {}  # where a photo sits on its pages
            stamper = _Writer(src, writer.paper, writer.gutter, writer.duplex, stand_in=True)
            first = writer.doc.page_count
            ahead = 0  # the tab page and the blank pages after it, in front of the exhibit's own pages
            if planned.slipsheet is not None:
                stamper.slipsheet(entries[source.item.id], at=0, sheet=first)
                ahead = 1
                while body_page + ahead in blanks:
                    stamper.blank(at=ahead)
                    ahead += 1
                body_page += ahead
            placed = [stamper.stamp_existing(ahead + offset, f"{planned.label} p. {offset + 1} of {planned.pages}",
                                             plan.bates_of(planned, offset + 1), sheet=first + ahead + offset,
                                             centre=f"Binder page {planned.first_page + offset}",
                                             sticker=planned.label if planned.slipsheet is None and not offset
                                             else "")
                      for offset in range(planned.pages)]
            writer.doc.insert_pdf(src, links=False, annots=False, widgets=False)  # pages only
            writer.adopt(first)
            if source.typeset is None or boxes:  # a scan's or a photo's words, where the picture shows them
                if done >= read_until:
                    read = layers.text_layers(vault, [s.item.id for s in sources[done:done + 25]])
                    read_until = done + 25
                for number, layer in read.get(source.item.id, {}).items():
                    index = planned.starts[number - 1] - 1 if boxes and number <= len(planned.starts) else number - 1
                    if index < len(placed) and (not boxes or index in boxes):
                        area = layers.within(placed[index], boxes[index]) if boxes else placed[index]
                        writer.draw_layer(writer.doc[first + ahead + index], area, layer)
            if src is not original:
                src.close()
        body_page += planned.pages



def _navigation(doc: Any, front: FrontMatter | None, plan: Plan, entries: dict[int, Any], options: BinderOptions,
                front_pages: int) -> None:

    toc: list[list[Any]] = []
    if front is not None:
        toc += [[1, mark.title, mark.page_index + 1] for mark in front.sections]
        _links(doc, front, front_pages)
    if options.part != "front" and plan.exhibits:
        first = plan.exhibits[0]
        toc.append([1, "Exhibits", front_pages + (first.slipsheet or first.first_page)])
        for planned in plan.exhibits:
            entry = entries[planned.item_id]
            when = f" ({_date_text(entry.date)})" if entry.date else ""
            toc.append([2, f"{planned.label} — {entry.title}{when}",
                        front_pages + (planned.slipsheet or planned.first_page)])
    doc.set_toc(toc)
    labels = []
    if front_pages:
        labels.append({"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1})
    if doc.page_count > front_pages:
        labels.append({"startpage": front_pages, "prefix": "", "style": "D", "firstpagenum": 1})
    doc.set_page_labels(labels)


def _links(doc: Any, front: FrontMatter, front_pages: int) -> None:
    """The contents, index and pin cites as link annotations, written directly (one object each)."""
    xrefs: dict[int, int] = {}
    by_page: dict[int, list[int]] = {}
    height = doc[0].rect.height if doc.page_count else 0.0
    for spot in front.links:
        target = spot.front_index if spot.front_index is not None else front_pages + (spot.body_page or 1) - 1
        if not 0 <= target < doc.page_count or spot.page_index >= front_pages:
            continue
        if target not in xrefs:
            xrefs[target] = doc.page_xref(target)
        x0, y0, x1, y1 = spot.rect
        annot = doc.get_new_xref()
        doc.update_object(annot, f"<</Type/Annot/Subtype/Link/Border[0 0 0]/Rect[{x0:.2f} {height - y1:.2f} "
                                 f"{x1:.2f} {height - y0:.2f}]/Dest[{xrefs[target]} 0 R/XYZ null null null]>>")
        by_page.setdefault(spot.page_index, []).append(annot)
    for index, annots in by_page.items():
        doc.xref_set_key(doc.page_xref(index), "Annots", "[" + " ".join(f"{a} 0 R" for a in annots) + "]")


def _save(doc: Any, out: Path, needed: int) -> tuple[str, int, int]:
    """Write next to the target, flush, then rename: never a half binder under the final name, and no half
    written file left behind. ``needed``: about how many bytes the binder takes (for the message when the disk
    is full)."""
    with scratch(hidden_name(out.parent, "binder")) as tmp:  # a killed save leaves nothing after the next start
        try:
            doc.save(private_file(tmp), garbage=4, deflate=True)
            pages = doc.page_count
            doc.close()
            digest = hashlib.sha256()
            with tmp.open("rb+") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
                os.fsync(handle.fileno())
            size = tmp.stat().st_size
            tmp.replace(out)
            fsync_dir(out.parent)
        except (OSError, *_mupdf_errors()) as error:  # type: ignore[misc]  # MuPDF's write errors are not OSError
            tmp.unlink(missing_ok=True)  # first, so the message counts the room it took
            raise _not_written(out, error, needed) from error
    return digest.hexdigest(), size, pages


def _not_written(out: Path, error: BaseException, needed: int) -> BinderError:
    from iepdesk.vault.space import free_bytes, full_message

    reason = getattr(error, "strerror", None) or re.sub(r"^code=\d+:\s*", "", str(error))
    free = free_bytes(out.parent)
    full = getattr(error, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or "No space left" in reason \
        or "quota" in reason.lower() or (free is not None and free < needed)
    if full:
        return BinderError(full_message(out.parent, "making the binder", needed))
    return BinderError(f"{out}: the binder could not be written ({reason}). Check that the folder can be "
                       "written to (and the drive is still there), then try again.")


def _note_outside(vault: Vault, result: BinderResult, options: BinderOptions, selection: Selection, size: int
                  ) -> Path | None:
    """Add a line for the binder to ``binders made from read-only vaults.jsonl`` in IEPDesk's state folder (what
    the vault's own record would hold, and which vault); None when that folder cannot be written either."""
    import json

    from iepdesk.vault.scratch import state_folder

    shas = {i.id: i.sha256 for i in selection.items}
    line = {"vault": str(vault.path.resolve()), "made_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "path": str(result.path), "sha256": result.sha256, "pages": result.pages, "size": size,
            "title": f"{options.title} — {selection.child}", "options": options.as_json(),
            "exhibits": [e | {"sha256": shas.get(e["item_id"])} for e in result.exhibits]}
    journal = state_folder() / "binders made from read-only vaults.jsonl"
    try:
        journal.parent.mkdir(parents=True, exist_ok=True)
        with open(journal, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    except OSError:
        return None
    return journal


def _record(vault: Vault, result: BinderResult, options: BinderOptions, selection: Selection, size: int,
            actor: str) -> int:
    shas = {i.id: i.sha256 for i in selection.items}
    exhibits = [e | {"sha256": shas.get(e["item_id"])} for e in result.exhibits]
    with vault.session() as session:
        row = Binder(path=str(result.path), sha256=result.sha256, pages=result.pages, size=size,
                     title=f"{options.title} — {selection.child}", options=options.as_json(), exhibits=exhibits)
        session.add(row)
        session.flush()
        Vault.record(session, "binder", f"Made the binder “{result.path.name}”: {len(exhibits)} exhibit(s), "
                     f"{result.pages} page(s), SHA-256 {result.sha256[:12]}…", actor=actor,
                     detail={"binder_id": row.id, "sha256": result.sha256})
        return row.id

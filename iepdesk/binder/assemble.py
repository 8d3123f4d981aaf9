"""Make the binder PDF: front matter, then for each exhibit a slipsheet and its pages, every page stamped.

Each original page is wrapped in a transform that fits it, whole, into the area above a 0.5 in band at the
bottom of the sheet; the exhibit label ("P-4 p. 3 of 12") and the Bates number are written in that band, so
a stamp never covers the document's own content. The stamps are a few content-stream operators and one shared
font: cheap on thousands of pages (see tests/benchmarks). Pages that carry a /Rotate are drawn as they are
seen (show_pdf_page) and then stamped the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iepdesk import __version__
from iepdesk.binder.collect import (
    Selection,
    chronology,
    communications,
    criteria_summaries,
    exhibit_entries,
    select_items,
)
from iepdesk.binder.model import PAPER, POINTS_PER_MM, FrontMatter, FrontMatterInput
from iepdesk.binder.options import Bates, BinderOptions, bates_prefix_for
from iepdesk.binder.plan import Plan, PlannedExhibit, plan_binder
from iepdesk.criteria.catalogue import load_catalogue
from iepdesk.errors import IEPDeskError
from iepdesk.ingest.pipeline import Progress
from iepdesk.items import ItemRecord
from iepdesk.vault import Vault
from iepdesk.vault.blobs import fsync_dir
from iepdesk.vault.models import Binder

BAND = 36.0  # the stamp band at the bottom of every exhibit page, in points (0.5 in)
MARGIN = 12.0
STAMP_SIZE = 9.0
_FONT = "<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>"
_BOLD = "<</Type/Font/Subtype/Type1/BaseFont/Helvetica-Bold/Encoding/WinAnsiEncoding>>"


class BinderError(IEPDeskError):
    exit_code = 1


class Cancelled(IEPDeskError):
    exit_code = 1


@dataclass(frozen=True)
class Problem:
    item_id: int
    title: str
    reason: str

    def sentence(self) -> str:
        return f"item {self.item_id} “{self.title}” {self.reason}"


@dataclass
class BinderResult:
    path: Path
    pages: int
    sha256: str
    exhibits: list[dict[str, Any]]
    skipped: list[Problem] = field(default_factory=list)
    binder_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "pages": self.pages, "sha256": self.sha256, "exhibits": self.exhibits,
                "skipped": [{"item_id": p.item_id, "reason": p.reason} for p in self.skipped],
                "binder_id": self.binder_id}


@dataclass
class _Source:
    item: ItemRecord
    pages: int
    typeset: bytes | None = None  # the item laid out as PDF pages (not a PDF original)


# -- checks ----------------------------------------------------------------------------------------------------
def _check_output(out: Path) -> None:
    folder = out.parent
    if out.suffix.lower() != ".pdf":
        raise BinderError(f"{out}: the binder is a PDF; give the file a name ending in .pdf.")
    if not folder.is_dir():
        raise BinderError(f"{out}: the folder {folder} does not exist. Choose a folder that does.")
    if not os.access(folder, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise BinderError(f"{out}: IEPDesk may not write there. Choose another folder (your Documents, say).")


def _prepare(vault: Vault, item: ItemRecord, paper: tuple[float, float]) -> _Source | Problem:
    import pymupdf

    if not vault.blobs.has(item.sha256):
        return Problem(item.id, item.title, "has lost its original file in the vault (run 'iepdesk verify').")
    data = vault.blobs.read(item.sha256)
    if hashlib.sha256(data).hexdigest() != item.sha256:
        return Problem(item.id, item.title, "has an original file that changed since it was imported (damaged).")
    if item.media_type != "application/pdf":
        from iepdesk.binder.typeset import typeset_item
        from iepdesk.items import page_texts

        texts = [text for _, _, text in page_texts(vault, item.id)]
        laid_out = typeset_item(item.media_type, data, texts, item, paper)
        with pymupdf.open(stream=laid_out, filetype="pdf") as doc:
            return _Source(item, doc.page_count, laid_out)
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:
        return Problem(item.id, item.title, "has an original PDF that cannot be opened any more.")
    with doc:
        if doc.needs_pass or doc.is_encrypted:
            return Problem(item.id, item.title, "is a password-protected PDF; a binder cannot include it. Print "
                           "it to a new PDF without the password, import that, and use it instead.")
        for page in doc:
            if page.rect.width <= 1 or page.rect.height <= 1:
                return Problem(item.id, item.title, f"has a page of zero size (page {page.number + 1}).")
        return _Source(item, doc.page_count)


# -- page building ----------------------------------------------------------------------------------------------
class _Writer:
    """Adds pages and stamps to the output document with raw content streams and two shared fonts."""

    def __init__(self, doc: Any, paper: tuple[float, float], gutter: float, duplex: bool, front_pages: int) -> None:
        self.doc = doc
        self.paper = paper
        self.gutter = gutter
        self.duplex = duplex
        self.front_pages = front_pages
        self.font = self._object(_FONT)
        self.bold = self._object(_BOLD)
        self._fonted: set[int] = set()
        self._transforms: dict[str, int] = {}

    def _object(self, text: str) -> int:
        xref = self.doc.get_new_xref()
        self.doc.update_object(xref, text)
        return xref

    def _stream(self, data: bytes) -> int:
        xref = self._object("<<>>")
        self.doc.update_stream(xref, data)
        return xref

    def _binding(self, index: int) -> tuple[float, float]:
        """Extra (left, right) margin for the hole-punch gutter on the sheet at 0-based page ``index``."""
        if not self.gutter:
            return 0.0, 0.0
        right_hand = index % 2 == 0
        return (self.gutter, 0.0) if (right_hand or not self.duplex) else (0.0, self.gutter)

    def _add_fonts(self, page_xref: int) -> None:
        kind, value = self.doc.xref_get_key(page_xref, "Resources")
        if kind == "xref":
            holder, path = int(value.split()[0]), ""
        elif kind == "dict":
            holder, path = page_xref, "Resources/"
        else:
            self.doc.xref_set_key(page_xref, "Resources", "<<>>")
            holder, path = page_xref, "Resources/"
        if (holder, path) in self._fonted:  # pages of one document often share their resources
            return
        kind, value = self.doc.xref_get_key(holder, f"{path}Font")
        if kind == "xref":
            target, prefix = int(value.split()[0]), ""
        else:
            if kind != "dict":
                self.doc.xref_set_key(holder, f"{path}Font", "<<>>")
            target, prefix = holder, f"{path}Font/"
        self.doc.xref_set_key(target, f"{prefix}IEPS", f"{self.font} 0 R")
        self.doc.xref_set_key(target, f"{prefix}IEPB", f"{self.bold} 0 R")
        if path == "":
            self._fonted.add((holder, path))  # type: ignore[arg-type]

    def _append(self, page_xref: int, before: int | None, after: int) -> None:
        kind, value = self.doc.xref_get_key(page_xref, "Contents")
        inner = value.strip("[]") if kind == "array" else (value if kind == "xref" else "")
        first = f"{before} 0 R " if before else ""
        self.doc.xref_set_key(page_xref, "Contents", f"[{first}{inner} {after} 0 R]")

    def text(self, x: float, y: float, size: float, text: str, bold: bool = False) -> bytes:
        """Operators drawing one line of cp1252 text at (x, y) from the bottom-left."""
        font = "IEPB" if bold else "IEPS"
        return f"BT /{font} {size:g} Tf {x:.2f} {y:.2f} Td <{text.encode('cp1252', 'replace').hex()}> Tj ET\n".encode()

    @staticmethod
    def width(text: str, size: float, bold: bool = False) -> float:
        import pymupdf

        return pymupdf.get_text_length(text, fontname="hebo" if bold else "helv", fontsize=size)

    def stamp_existing(self, index: int, left: str, right: str) -> None:
        """Fit the page at ``index`` above the band and stamp it."""
        doc = self.doc
        xref = doc.page_xref(index)
        x0, y0, x1, y1 = _visible_box(doc, xref, index)
        width, height = x1 - x0, y1 - y0
        landscape = width > height
        sheet_w, sheet_h = (self.paper[1], self.paper[0]) if landscape else self.paper
        gl, gr = self._binding(index)
        area_w = sheet_w - 2 * MARGIN - gl - gr
        area_h = sheet_h - MARGIN - BAND
        scale = min(area_w / width, area_h / height, 1.0)
        tx = MARGIN + gl + (area_w - width * scale) / 2 - x0 * scale
        ty = BAND + (area_h - height * scale) / 2 - y0 * scale
        key = f"{scale:.5f} {tx:.3f} {ty:.3f}"
        before = self._transforms.get(key)
        if before is None:
            before = self._transforms[key] = self._stream(f"q {scale:.5f} 0 0 {scale:.5f} {tx:.3f} {ty:.3f} cm\n"
                                                          .encode())
        doc.xref_set_key(xref, "MediaBox", f"[0 0 {sheet_w:g} {sheet_h:g}]")
        doc.xref_set_key(xref, "CropBox", f"[0 0 {sheet_w:g} {sheet_h:g}]")
        for key_name in ("TrimBox", "BleedBox", "ArtBox"):
            if doc.xref_get_key(xref, key_name)[0] != "null":
                doc.xref_set_key(xref, key_name, "null")
        self._add_fonts(xref)
        self._append(xref, before, self._stream(b"Q\n" + self._band(sheet_w, gl, gr, left, right)))

    def _band(self, sheet_w: float, gl: float, gr: float, left: str, right: str) -> bytes:
        y = BAND / 2 - STAMP_SIZE / 3
        x_right = sheet_w - MARGIN - gr - 12 - self.width(right, STAMP_SIZE)
        return (b"q 0 g\n" + self.text(MARGIN + gl + 12, y, STAMP_SIZE, left)
                + self.text(x_right, y, STAMP_SIZE, right) + b"Q\n")

    def new_page(self, landscape: bool = False) -> tuple[int, Any]:
        w, h = self.paper
        page = self.doc.new_page(width=h if landscape else w, height=w if landscape else h)
        return page.number, page

    def draw(self, page: Any, operators: bytes) -> None:
        self._add_fonts(page.xref)
        self._append(page.xref, None, self._stream(operators))

    def slipsheet(self, entry: Any) -> None:
        """The tab page before an exhibit: its label large, then what it is."""
        index, page = self.new_page()
        w, h = self.paper
        gl, gr = self._binding(index)
        centre = (w + gl - gr) / 2
        label = entry.label
        ops = [self.text(centre - self.width("EXHIBIT", 20, True) / 2, h * 0.62, 20, "EXHIBIT", True),
               self.text(centre - self.width(label, 54, True) / 2, h * 0.62 - 64, 54, label, True)]
        lines = [entry.title, _date_text(entry.date), f"{entry.kind} · {entry.source}",
                 f"{entry.pages} page{'s' if entry.pages != 1 else ''} · {entry.bates_first} – {entry.bates_last}"]
        unicode_lines = []
        y = h * 0.62 - 120
        for number, line in enumerate(lines):
            for part in _wrap(line, 14 if number == 0 else 11, w - 2 * 72 - gl - gr, self.width):
                size = 14 if number == 0 else 11
                if _cp1252(part):
                    ops.append(self.text(centre - self.width(part, size) / 2, y, size, part))
                else:
                    unicode_lines.append((part, y, size))
                y -= size + 8
        self.draw(page, b"q 0 g\n" + b"".join(ops) + b"Q\n")
        for text, y_pos, size in unicode_lines:  # rare: a title in a script Helvetica lacks
            _unicode_line(page, text, centre, h - y_pos, size)

    def blank(self) -> None:
        _, page = self.new_page()
        w, h = self.paper
        note = "This page is intentionally blank."
        self.draw(page, b"q 0.5 g\n" + self.text((w - self.width(note, 9)) / 2, h / 2, 9, note) + b"Q\n")


def _visible_box(doc: Any, xref: int, index: int) -> tuple[float, float, float, float]:
    """The page's CropBox (else MediaBox) in PDF coordinates (origin bottom-left), as the file states it."""
    for key in ("CropBox", "MediaBox"):
        kind, value = doc.xref_get_key(xref, key)
        if kind == "array":
            numbers = [float(v) for v in value.strip("[]").split()]
            if len(numbers) == 4:
                x0, y0, x1, y1 = numbers
                return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
    rect = doc[index].rect  # inherited boxes: MuPDF resolves them
    return 0.0, 0.0, rect.width, rect.height


def _cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _wrap(text: str, size: float, width: float, measure: Callable[[str, float], float]) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if line and measure(trial, size) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines or [""]


def _unicode_line(page: Any, text: str, centre: float, y_top: float, size: float) -> None:
    import pymupdf

    from iepdesk.binder.fonts import font_for
    from iepdesk.resources import resource

    if font_for(text) == "IEPFallback":
        font = pymupdf.Font("cjk")
        page.insert_font(fontname="IEPC", fontbuffer=font.buffer)
    else:
        font = pymupdf.Font(fontfile=str(resource("fonts", "DejaVuSans.ttf")))
        page.insert_font(fontname="IEPD", fontfile=str(resource("fonts", "DejaVuSans.ttf")))
    name = "IEPC" if font.name.startswith("Droid") else "IEPD"
    x = centre - font.text_length(text, fontsize=size) / 2
    page.insert_text((x, y_top), text, fontname=name, fontsize=size)


def _date_text(date: dt.date | None) -> str:
    return f"{date:%B} {date.day}, {date.year}" if date else "Undated"


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

    options.check()
    out = Path(out)
    _check_output(out)
    say = progress or (lambda _p: None)
    cancel = cancel or threading.Event()
    catalogue = load_catalogue(vault)
    selection = select_items(vault, options, catalogue)
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
    kept = {s.item.id for s in sources}
    selection = Selection([i for i in selection.items if i.id in kept], [e for e in selection.evidence
                                                                          if e.item_id in kept],
                          selection.child, selection.school)
    bates = Bates(options.bates_prefix if options.bates_prefix is not None else bates_prefix_for(selection.child),
                  options.bates_start, options.bates_digits)
    plan = plan_binder([(s.item.id, s.pages) for s in sources], options, bates)
    gutter = options.gutter_mm * POINTS_PER_MM
    front = _front(selection, plan, options, catalogue, paper, gutter) if options.part != "exhibits" else None
    front_pages = front.pages if front else 0
    doc = pymupdf.open()
    writer = _Writer(doc, paper, gutter, options.duplex, front_pages)
    if front is not None:
        with pymupdf.open(stream=front.pdf, filetype="pdf") as front_doc:
            doc.insert_pdf(front_doc)
    entries = {e.item_id: e for e in exhibit_entries(selection, plan)}
    if options.part != "front":
        _body(vault, writer, sources, plan, entries, say, cancel, total)
    _check_cancel(cancel)
    _navigation(doc, front, plan, entries, options, front_pages)
    doc.set_metadata({
        "title": f"{options.title} — {selection.child}", "author": options.prepared_by,
        "subject": options.meeting_type + (f", {_date_text(options.meeting_date)}" if options.meeting_date else ""),
        "creator": f"IEPDesk {__version__}", "producer": f"IEPDesk {__version__} (PyMuPDF, ReportLab)",
        "keywords": "evidence binder", "creationDate": pymupdf.get_pdf_now(), "modDate": pymupdf.get_pdf_now(),
    })
    say(Progress(total * 2, total * 2, "Saving", "binder"))
    digest, size, pages = _save(doc, out)
    exhibits = [{"label": e.label, "item_id": e.item_id, "first_page": front_pages + e.first_page,
                 "last_page": front_pages + e.last_page, "slipsheet_page": front_pages + e.slipsheet
                 if e.slipsheet else None, "bates_first": plan.bates_of(e, 1), "bates_last": plan.bates_of(e, e.pages)}
                for e in plan.exhibits] if options.part != "front" else []
    result = BinderResult(out.resolve(), pages, digest, exhibits, problems)
    result.binder_id = _record(vault, result, options, selection, size, actor)
    return result


def _check_cancel(cancel: threading.Event) -> None:
    if cancel.is_set():
        raise Cancelled("The binder was cancelled; nothing was written.")


def _front(selection: Selection, plan: Plan, options: BinderOptions, catalogue: Any, paper: tuple[float, float],
           gutter: float) -> FrontMatter:
    from iepdesk.binder.front import build_front_matter

    sources = {i.id: i.source for i in selection.items}
    sections = tuple(s for s in options.sections if s != "manifest" or options.manifest)
    data = FrontMatterInput(
        title=options.title, child=selection.child, school=selection.school, meeting_type=options.meeting_type,
        meeting_date=options.meeting_date, prepared_by=options.prepared_by, prepared_on=dt.date.today(),
        paper=paper, gutter=gutter, duplex=options.duplex, statement=options.statement,
        criteria=tuple(criteria_summaries(selection, plan, catalogue, sources)),
        chronology=tuple(chronology(selection, plan)), communications=tuple(communications(selection, plan)),
        exhibits=tuple(exhibit_entries(selection, plan)), manifest=options.manifest, sections=sections,
    )
    return build_front_matter(data)


def _body(vault: Vault, writer: _Writer, sources: list[_Source], plan: Plan, entries: dict[int, Any],
          say: Callable[[Progress], None], cancel: threading.Event, total: int) -> None:
    import pymupdf

    blanks = set(plan.blanks)
    body_page = 1
    for done, (source, planned) in enumerate(zip(sources, plan.exhibits, strict=True)):
        _check_cancel(cancel)
        say(Progress(total + done, total * 2, f"Adding {planned.label}: {source.item.title}", "binder"))
        while body_page in blanks:
            writer.blank()
            body_page += 1
        if planned.slipsheet is not None:
            writer.slipsheet(entries[source.item.id])
            body_page += 1
            while body_page in blanks:
                writer.blank()
                body_page += 1
        data = source.typeset if source.typeset is not None else vault.blobs.read(source.item.sha256)
        with pymupdf.open(stream=data, filetype="pdf") as src:
            if any(page.rotation for page in src) or _has_annotations(src):
                _insert_as_seen(writer, src)
            else:
                writer.doc.insert_pdf(src, links=False)
        _stamp(writer, planned, plan)
        body_page += planned.pages


def _has_annotations(src: Any) -> bool:
    return any(next(page.annots(), None) is not None or next(page.widgets(), None) is not None for page in src)


def _insert_as_seen(writer: _Writer, src: Any) -> None:
    """Pages turned by /Rotate, or carrying annotations or filled form fields: drawn as a reader shows them."""
    if _has_annotations(src):
        src.bake()  # annotations and form fields become page content, so they print
    for page in src:
        rect = page.rect
        target = writer.doc.new_page(width=rect.width, height=rect.height)
        target.show_pdf_page(target.rect, src, page.number)


def _stamp(writer: _Writer, planned: PlannedExhibit, plan: Plan) -> None:
    last = writer.doc.page_count
    first = last - planned.pages
    for offset in range(planned.pages):
        page = offset + 1
        writer.stamp_existing(first + offset, f"{planned.label} p. {page} of {planned.pages}",
                              plan.bates_of(planned, page))


def _navigation(doc: Any, front: FrontMatter | None, plan: Plan, entries: dict[int, Any], options: BinderOptions,
                front_pages: int) -> None:
    import pymupdf

    toc: list[list[Any]] = []
    if front is not None:
        toc += [[1, mark.title, mark.page_index + 1] for mark in front.sections]
        for spot in front.links:
            target = spot.front_index if spot.front_index is not None else front_pages + (spot.body_page or 1) - 1
            if 0 <= target < doc.page_count:
                doc[spot.page_index].insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(spot.rect),
                                                  "page": target, "to": pymupdf.Point(0, 0)})
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


def _save(doc: Any, out: Path) -> tuple[str, int, int]:
    """Write next to the target, flush, then rename: never a half binder under the final name."""
    fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem}-", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        doc.save(tmp, garbage=4, deflate=True)
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
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise BinderError(f"{out}: the binder could not be written ({error.strerror or error}). Check the disk "
                          "has room and the folder can be written to.") from error
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return digest.hexdigest(), size, pages


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

"""Make the binder PDF: front matter, then for each exhibit a slipsheet and its pages, every page stamped.

Each original page is wrapped in a transform that fits it, whole, into the area above a 0.5 in band at the
bottom of the sheet; the exhibit label ("P-4 p. 3 of 12") and the Bates number are written in that band, so
a stamp never covers the document's own content. The stamps are a few content-stream operators and one shared
font: cheap on thousands of pages (see tests/benchmarks). Pages that carry a /Rotate or a CropBox are first made
upright and as large as their CropBox (see _upright); pages with annotations to print are drawn as they are seen
(show_pdf_page) and then stamped the same way.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from iepdesk import __version__
from iepdesk.binder import inert
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
from iepdesk.binder.plan import Plan, plan_binder
from iepdesk.criteria.catalogue import load_catalogue
from iepdesk.errors import IEPDeskError
from iepdesk.ingest.pdf import open_mended
from iepdesk.items import ItemRecord
from iepdesk.progress import Progress
from iepdesk.vault import Vault
from iepdesk.vault.blobs import fsync_dir
from iepdesk.vault.models import Binder
from iepdesk.vault.scratch import hidden_name, private_file, scratch

_BOXES = re.compile(r"/(MediaBox|CropBox|TrimBox|BleedBox|ArtBox)\s*\[[^\]]*\]")
_CONTENTS = re.compile(r"/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)")
_REFERENCE = re.compile(r"(\d+)\s+\d+\s+R")
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
    noted_in: Path | None = None  # where it was noted, when the vault could not be written (a read-only drive)

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "pages": self.pages, "sha256": self.sha256, "exhibits": self.exhibits,
                "skipped": [{"item_id": p.item_id, "reason": p.reason} for p in self.skipped],
                "binder_id": self.binder_id, "noted_in": str(self.noted_in) if self.noted_in else None}


@dataclass
class _Source:
    item: ItemRecord
    pages: int
    typeset: bytes | None = None  # the item laid out as PDF pages (not a PDF original)
    starts: tuple[int, ...] = ()  # for typeset items: where each of the item's own pages begins
    redraw: bool = False  # pages are drawn as seen first (see _as_seen)
    active: bool = False  # the original may carry active content (see inert.py)


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

    if not vault.blobs.has(item.sha256):
        return Problem(item.id, item.title, "has lost its original file in the vault (run 'iepdesk verify').")
    data = vault.blobs.read(item.sha256)
    if hashlib.sha256(data).hexdigest() != item.sha256:
        return Problem(item.id, item.title, "has an original file that changed since it was imported (damaged).")
    if item.media_type != "application/pdf":
        from iepdesk.binder.typeset import typeset
        from iepdesk.items import page_texts

        texts = [text for _, _, text in page_texts(vault, item.id)]
        laid_out = typeset(item.media_type, data, texts, item, paper)
        return _Source(item, laid_out.pages, laid_out.pdf, laid_out.starts)
    try:
        doc = open_mended(data)
    except Exception:
        return Problem(item.id, item.title, "has an original PDF that cannot be opened any more.")
    with doc:
        if doc.needs_pass or doc.is_encrypted:
            return Problem(item.id, item.title, "is a password-protected PDF; a binder cannot include it. Print "
                           "it to a new PDF without the password, import that, and use it instead.")
        try:
            return _check_pdf(doc, item)
        except _mupdf_errors() as error:
            return Problem(item.id, item.title, f"is a damaged PDF that cannot be laid out in a binder "
                           f"({_reason(error)}). Open it in a PDF reader and print it to a new PDF, import that, "
                           "and use it instead.")


def _check_pdf(doc: Any, item: ItemRecord) -> _Source | Problem:
    """Ask of the PDF now everything the assembly will ask of it: each page, every object its pages reach (as
    the copy and the clean-up will read it), and, for pages redrawn as seen, the redrawing itself."""
    pages, active, redraw = doc.page_count, False, False
    for number, (_, text) in enumerate(inert.reachable(doc)):
        if number < pages:  # the pages come first, in order
            box = _visible_box(text, strict=False)
            if box is not None and (box[2] - box[0] <= 1 or box[3] - box[1] <= 1):
                return Problem(item.id, item.title, f"has a page of zero size (page {number + 1}), so it cannot be "
                               "printed. Print the document to a new PDF and import that.")
            redraw = redraw or _needs_redrawing(doc, number, text)
        active = active or inert.is_active(text)
    _upright(doc)  # as the assembly will do it, on this copy: a page MuPDF cannot turn is a problem now
    if redraw:
        _as_seen(doc).close()
    return _Source(item, pages, redraw=redraw, active=active)


def _mupdf_errors() -> tuple[type[BaseException], ...]:
    """What MuPDF raises for a PDF it cannot read (RuntimeError includes Python's RecursionError)."""
    from pymupdf import mupdf

    return RuntimeError, ValueError, mupdf.FzErrorBase


def _reason(error: BaseException) -> str:
    text = re.sub(r"^code=\d+:\s*", "", str(error)).strip().rstrip("!.")
    if isinstance(error, RecursionError) or "stack overflow" in text or "nest" in text:
        return "its objects are nested far too deep"
    if "cycle" in text:
        return "its list of pages loops back on itself"
    return f"MuPDF says: {text[:200]}" if text else "MuPDF cannot read it"


# -- page building ----------------------------------------------------------------------------------------------
class _Writer:
    """Adds pages and stamps to the output document with raw content streams and two shared fonts."""

    def __init__(self, doc: Any, paper: tuple[float, float], gutter: float, duplex: bool) -> None:
        self.doc = doc
        self.paper = paper
        self.gutter = gutter
        self.duplex = duplex
        self.font = self._object(_FONT)
        self.bold = self._object(_BOLD)
        self._fonted: set[int] = set()  # resource and font dictionaries that already name the stamp fonts
        self._transforms: dict[str, int] = {}

    def _object(self, text: str) -> int:
        xref = self.doc.get_new_xref()
        self.doc.update_object(xref, text)
        return xref

    def _stream(self, data: bytes) -> int:
        """A new stream object of ``data``, left uncompressed (the save deflates every stream once); made with
        MuPDF's own call, a quarter of the time of PyMuPDF's (one per stamped page)."""
        from pymupdf import mupdf

        pdf = mupdf.pdf_document_from_fz_document(self.doc.this)
        stream = mupdf.pdf_add_stream(pdf, mupdf.fz_new_buffer_from_copied_data(data), mupdf.PdfObj(), 0)
        return mupdf.pdf_to_num(stream)

    def _binding(self, index: int) -> tuple[float, float]:
        """Extra (left, right) margin for the hole-punch gutter on the sheet at 0-based page ``index``."""
        if not self.gutter:
            return 0.0, 0.0
        right_hand = index % 2 == 0
        return (self.gutter, 0.0) if (right_hand or not self.duplex) else (0.0, self.gutter)

    def _add_fonts(self, page_xref: int, source: str) -> str:
        """``source``, the page object's text, with the stamp fonts named in its resources: edited in the text
        when they are written inline (the caller writes it back), else in the object that holds them (once for
        the pages that share it)."""
        doc = self.doc
        at = _top_level_key(source, "/Resources")
        if at is not None and source.startswith("<<", at):
            end = _dict_end(source, at)
            return source[:at] + self._with_fonts(source[at:end]) + source[end:]
        held = _REFERENCE.match(source, at) if at is not None else None
        holder = int(held.group(1)) if held else 0
        if holder in self._fonted:
            return source
        if _is_dict(doc, holder):
            self._fonted.add(holder)
            doc.update_object(holder, self._with_fonts(doc.xref_object(holder, compressed=True)))
            return source
        # inherited from the page tree (or not a dictionary at all): the page gets what it inherits as its own
        doc.xref_set_key(page_xref, "Resources", _inherited(doc, page_xref))
        return self._add_fonts(page_xref, doc.xref_object(page_xref, compressed=True))

    def _with_fonts(self, resources: str) -> str:
        """A resources dictionary's text with the stamp fonts added (a font dictionary that is an object of its
        own is edited in place, once)."""
        names = f"/IEPS {self.font} 0 R/IEPB {self.bold} 0 R"
        at = _top_level_key(resources, "/Font")
        if at is None:
            return resources.replace("<<", f"<</Font<<{names}>>", 1)
        if resources.startswith("<<", at):
            return resources[: at + 2] + names + resources[at + 2:]
        target = int(resources[at:].split()[0])
        if target not in self._fonted:
            self._fonted.add(target)
            self.doc.update_object(target, self.doc.xref_object(target, compressed=True).replace("<<", "<<" + names, 1))
        return resources

    def text(self, x: float, y: float, size: float, text: str, bold: bool = False) -> bytes:
        """Operators drawing one line of cp1252 text at (x, y) from the bottom-left."""
        font = "IEPB" if bold else "IEPS"
        return f"BT /{font} {size:g} Tf {x:.2f} {y:.2f} Td <{text.encode('cp1252', 'replace').hex()}> Tj ET\n".encode()

    @staticmethod
    def width(text: str, size: float, bold: bool = False) -> float:
        return sum(map(_advances(bold).__getitem__, text)) * size

    def stamp_existing(self, index: int, left: str, right: str, sheet: int | None = None) -> None:
        """Fit the page at ``index`` above the band and stamp it; ``sheet`` is its place in the binder, which
        decides the binding side (default: ``index``)."""
        doc = self.doc
        xref = doc.page_xref(index)
        source = self._add_fonts(xref, doc.xref_object(xref, compressed=True))
        x0, y0, x1, y1 = _visible_box(source) or (0.0, 0.0, doc[index].rect.width, doc[index].rect.height)
        width, height = x1 - x0, y1 - y0
        landscape = width > height
        sheet_w, sheet_h = (self.paper[1], self.paper[0]) if landscape else self.paper
        gl, gr = self._binding(index if sheet is None else sheet)
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
        after = self._stream(b"Q\n" + self._band(sheet_w, gl, gr, left, right))
        self._rewrite(xref, source, before, after, (sheet_w, sheet_h))

    def _rewrite(self, xref: int, source: str, before: int | None, after: int,
                 sheet: tuple[float, float] | None = None) -> None:
        """Write the page object back once: our content streams around its own, and the new sheet size."""
        if sheet is not None:
            source = _BOXES.sub("", source)
        contents = _CONTENTS.search(source)
        inner = ""
        if contents:
            inner = contents.group(1).strip("[]")
            source = source[: contents.start()] + source[contents.end():]
        first = f"{before} 0 R " if before else ""
        head = f"/Contents[{first}{inner} {after} 0 R]"
        if sheet is not None:
            head = f"/MediaBox[0 0 {sheet[0]:g} {sheet[1]:g}]" + head
        self.doc.update_object(xref, source.replace("<<", "<<" + head, 1))

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
        source = self._add_fonts(page.xref, self.doc.xref_object(page.xref, compressed=True))
        self._rewrite(page.xref, source, None, self._stream(operators))

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


def _inherited(doc: Any, page_xref: int) -> str:
    """The /Resources a page inherits from its page tree, as text ("<<>>" when there are none)."""
    node = page_xref
    for _ in range(64):  # page trees are shallow (one that loops is refused before: _check_pdf)
        kind, value = doc.xref_get_key(node, "Parent")
        if kind != "xref":
            break
        node = int(value.split()[0])
        kind, value = doc.xref_get_key(node, "Resources")
        if kind == "dict" or (kind == "xref" and _is_dict(doc, int(value.split()[0]))):
            return value
    return "<<>>"


def _is_dict(doc: Any, xref: int) -> bool:
    return 0 < xref < doc.xref_length() and doc.xref_object(xref, compressed=True).startswith("<<")


def _visible_box(source: str, strict: bool = True) -> tuple[float, float, float, float] | None:
    """The page's CropBox (else MediaBox) in PDF coordinates (origin bottom-left), from its object's text.
    None when the page inherits it (the caller asks MuPDF then) or, when ``strict``, when it is empty."""
    for key in ("CropBox", "MediaBox"):
        found = re.search(rf"/{key}\s*\[([^\]]*)\]", source)
        if found:
            numbers = [float(v) for v in found.group(1).split()]
            if len(numbers) == 4:
                x0, y0, x1, y1 = numbers
                box = min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
                if not strict or (box[2] - box[0] > 1 and box[3] - box[1] > 1):
                    return box
    return None


@cache
def _tokens(key: str) -> re.Pattern[str]:
    return re.compile(r"<<|>>|" + re.escape(key) + r"(?![A-Za-z0-9])\s*")


def _top_level_key(source: str, key: str) -> int | None:
    """Where the value of ``key`` starts in a dictionary's text, at its top level (not inside a nested one)."""
    depth = 0
    for token in _tokens(key).finditer(source):
        text = token.group()
        if text == "<<":
            depth += 1
        elif text == ">>":
            depth -= 1
        elif depth == 1:
            return token.end()
    return None


def _dict_end(source: str, start: int) -> int:
    """The index just after the dictionary that opens at ``start`` ("<<")."""
    depth = 0
    for token in _tokens("<<").finditer(source, start):
        depth += 1 if token.group() == "<<" else -1
        if depth == 0:
            return token.end()
    return len(source)


@cache
def _advances(bold: bool) -> defaultdict[str, float]:
    """Glyph widths of Helvetica (or Helvetica-Bold) for the characters a stamp can hold, per 1 pt of size
    (any other character: an average width)."""
    import pymupdf

    font = pymupdf.Font("hebo" if bold else "helv")
    characters = bytes(range(32, 256)).decode("cp1252", errors="ignore")
    return defaultdict(lambda: 0.556, {ch: font.glyph_advance(ord(ch)) for ch in characters})


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

    pymupdf.TOOLS.mupdf_display_errors(False)  # damaged originals are reported as problems, not on the terminal
    pymupdf.TOOLS.mupdf_display_warnings(False)
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
    plan = plan_binder([(s.item.id, s.pages, s.starts) for s in sources], options, bates)
    gutter = options.gutter_mm * POINTS_PER_MM
    data = _front_input(selection, plan, options, catalogue, paper, gutter, vault) if options.part != "exhibits" \
        else None
    doc = pymupdf.open()
    writer = _Writer(doc, paper, gutter, options.duplex)
    entries = {e.item_id: e for e in exhibit_entries(selection, plan)}
    if options.part != "front":
        _body(vault, writer, sources, plan, entries, say, cancel, total)
    _check_cancel(cancel)
    # The front matter goes in front of the exhibits once they are in: it does not change any body page's
    # side (with duplex its page count is even).
    front = _front_matter(data) if data is not None else None
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
    result = BinderResult(out.resolve(), pages, digest, exhibits, problems)
    if vault.writable:
        result.binder_id = _record(vault, result, options, selection, size, actor)
    else:  # a vault on a read-only drive: the binder is made all the same, and noted where it can be
        result.noted_in = _note_outside(vault, result, options, selection, size)
    return result


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
        criteria=tuple(criteria_summaries(selection, plan, catalogue, sources)),
        chronology=tuple(chronology(selection, plan, vault)),
        communications=tuple(communications(selection, plan, vault)),
        exhibits=tuple(exhibit_entries(selection, plan)), manifest=options.manifest, sections=sections,
    )


def _front_matter(data: FrontMatterInput) -> FrontMatter:
    from iepdesk.binder.front import build_front_matter

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
        with (open_mended(data) if source.typeset is None else pymupdf.open(stream=data, filetype="pdf")) as original:
            # Stamp in the small source document (cheap lookups), then copy its pages over in one go.
            if source.typeset is None:
                _upright(original)
            src = _as_seen(original) if source.redraw else original
            if source.active:
                inert.make_inert(src)
            stamper = _Writer(src, writer.paper, writer.gutter, writer.duplex)
            first = writer.doc.page_count
            for offset in range(planned.pages):
                page = offset + 1
                stamper.stamp_existing(offset, f"{planned.label} p. {page} of {planned.pages}",
                                       plan.bates_of(planned, page), sheet=first + offset)
            writer.doc.insert_pdf(src, links=False, annots=False, widgets=False)  # pages only
            if src is not original:
                src.close()
        body_page += planned.pages


_ROTATE = re.compile(r"/Rotate\s+(-?\d+)")


def _upright(doc: Any) -> None:
    """Make each turned or cropped page of the copy the binder is made of plain: upright (its /Rotate applied to
    its content) and no larger than what a reader shows (its CropBox). What lies outside the CropBox, not shown
    by a reader, is removed: its text, the pixels of pictures, drawings wholly outside; it would otherwise ride
    into the binder and could be copied out of it, and a parent who cropped a page expects the rest gone. The
    original is never changed.

    MuPDF's show_pdf_page draws a turned page from the wrong corner (a quarter turn lost the bottom of the
    page); its remove_rotation is exact, once the page is its own CropBox."""
    import pymupdf

    for number in range(doc.page_count):
        text = doc.xref_object(doc.page_xref(number), compressed=True)
        rotate = _ROTATE.search(text)
        if "/CropBox" not in text and not (rotate and int(rotate.group(1)) % 360):
            continue  # the common case, told from the page's own text without loading it
        page = doc[number]
        crop, media = page.cropbox, page.mediabox
        if not crop.contains(media):
            rotation = page.rotation
            page.set_rotation(0)
            page.set_cropbox(media)
            for strip in (pymupdf.Rect(media.x0, media.y0, media.x1, crop.y0),
                          pymupdf.Rect(media.x0, crop.y1, media.x1, media.y1),
                          pymupdf.Rect(media.x0, crop.y0, crop.x0, crop.y1),
                          pymupdf.Rect(crop.x1, crop.y0, media.x1, crop.y1)):
                if not strip.is_empty:
                    page.add_redact_annot(strip)
            page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS,  # type: ignore[attr-defined]
                                  graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED)  # type: ignore[attr-defined]
            # the page becomes its CropBox (given here in PDF coordinates, y upwards)
            page.set_mediabox(pymupdf.Rect(crop.x0, media.y1 - crop.y1 + media.y0, crop.x1,
                                           media.y1 - crop.y0 + media.y0))
            page.set_rotation(rotation)
        if page.rotation:
            page.remove_rotation()


def _needs_redrawing(src: Any, number: int, source: str) -> bool:
    """A page with annotations or form fields that must print: see _as_seen. ``source`` is the page object's
    text. (A turned page is made upright before: see _upright.)"""
    if "/Annots" in source:
        page = src[number]
        return any(True for _ in page.widgets()) or any(a.type[0] != 1 for a in page.annots())  # 1: a link
    return False


def _as_seen(src: Any) -> Any:
    """A copy whose pages are drawn as a reader shows them: rotation applied, annotations and filled form
    fields baked into the page so they print."""
    import pymupdf

    src.bake()
    seen = pymupdf.open()
    for page in src:
        rect = page.rect
        seen.new_page(width=rect.width, height=rect.height).show_pdf_page(rect, src, page.number)
    return seen


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

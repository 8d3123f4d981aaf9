"""Exhibit pages fitted above the stamp band and stamped with their label and Bates number, in a few
content-stream operators and two shared fonts, embedded (stampfont.py; cheap on thousands of pages: see
tests/benchmarks)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from iepdesk import textlayer
from iepdesk.stampfont import embed, stamp_font

# A page's own boxes, and its /UserUnit (its unit, 1/72 in times N): the binder's sheet replaces them all, and
# the page's content is fitted to the sheet, so a page drawn in large units does not make a sheet N times letter.
_BOXES = re.compile(r"/(MediaBox|CropBox|TrimBox|BleedBox|ArtBox)\s*\[[^\]]*\]|/UserUnit\s+[0-9.]+")
_CONTENTS = re.compile(r"/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)")
_REFERENCE = re.compile(r"(\d+)\s+\d+\s+R")
BAND = 36.0  # the stamp band at the bottom of every exhibit page, in points (0.5 in)
MARGIN = 12.0
STAMP_SIZE = 9.0
STICKER_SIZE = 10.0
_STAND_IN = "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"  # replaced when the page joins the binder (adopt)


# -- page building ----------------------------------------------------------------------------------------------
class _Writer:
    """Adds pages and stamps to the output document with raw content streams and two shared fonts."""

    def __init__(self, doc: Any, paper: tuple[float, float], gutter: float, duplex: bool,
                 stand_in: bool = False) -> None:
        """``stand_in``: name the fonts by small stand-in objects, for a document whose pages go into the binder
        (``adopt`` then points them at the binder's own fonts): one copy of the fonts in memory, not one per
        exhibit."""
        self.doc = doc
        self.paper = paper
        self.gutter = gutter
        self.duplex = duplex
        self.font = self._object(_STAND_IN) if stand_in else embed(doc, False)
        self.bold = self._object(_STAND_IN) if stand_in else embed(doc, True)
        self._fonted: set[int] = set()  # resource and font dictionaries that already name the stamp fonts
        self._transforms: dict[str, int] = {}
        self._font_objects: dict[str, str] = {}
        self._pdf: Any = None  # MuPDF's own handle on the document, for _stream

    def adopt(self, page_index: int) -> None:
        """Point the stand-in fonts of pages just copied in (from a document stamped with ``stand_in``; they
        share one resource object per font) at this document's own stamp fonts."""
        doc = self.doc
        if not self._font_objects:  # the fonts' dictionaries, read once
            self._font_objects = {name: doc.xref_object(xref, compressed=True)
                                  for name, xref in (("IEPS", self.font), ("IEPB", self.bold))}
        for xref, _ext, _kind, _name, ref, *_rest in doc.get_page_fonts(page_index):
            if ref in self._font_objects:
                doc.update_object(xref, self._font_objects[ref])

    def _object(self, text: str) -> int:
        xref = self.doc.get_new_xref()
        self.doc.update_object(xref, text)
        return xref

    def _stream(self, data: bytes, deflated: bool = False) -> int:
        """A new stream object of ``data``, left uncompressed (the save deflates every stream once) unless it is
        ``deflated`` already; made with MuPDF's own call, a quarter of the time of PyMuPDF's (one per stamped
        page)."""
        from pymupdf import mupdf

        if self._pdf is None:
            self._pdf = mupdf.pdf_document_from_fz_document(self.doc.this)
        pdf = self._pdf
        head = mupdf.PdfObj()
        if deflated:
            head = mupdf.pdf_new_dict(pdf, 1)
            mupdf.pdf_dict_put(head, mupdf.pdf_new_name("Filter"), mupdf.pdf_new_name("FlateDecode"))
        stream = mupdf.pdf_add_stream(pdf, mupdf.fz_new_buffer_from_copied_data(data), head, int(deflated))
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
        """Operators drawing one line of text at (x, y) from the bottom-left, in the embedded stamp font."""
        name = "IEPB" if bold else "IEPS"
        return f"BT /{name} {size:g} Tf {x:.2f} {y:.2f} Td <{stamp_font(bold).encode(text).hex()}> Tj ET\n".encode()

    @staticmethod
    def width(text: str, size: float, bold: bool = False) -> float:
        return stamp_font(bold).width(text, size)

    def stamp_existing(self, index: int, left: str, right: str, sheet: int | None = None,
                       centre: str = "", sticker: str = "") -> tuple[float, float, float, float]:
        """Fit the page at ``index`` above the band and stamp it; ``sheet`` is its place in the binder, which
        decides the binding side (default: ``index``); ``sticker``: an exhibit label to put in a box, as an
        exhibit sticker (the first page of an exhibit with no tab page before it). Returns where the page as
        seen now sits on the sheet (x0, y0, x1, y1, from the top left), for a text layer laid over it."""
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
        after = self._stream(b"Q\n" + self._band(sheet_w, gl, gr, left, right, centre, sticker))
        self._rewrite(xref, source, before, (after,), (sheet_w, sheet_h))
        return (x0 * scale + tx, sheet_h - (y1 * scale + ty), x1 * scale + tx, sheet_h - (y0 * scale + ty))

    def _rewrite(self, xref: int, source: str, before: int | None, after: tuple[int, ...],
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
        head = f"/Contents[{first}{inner} {' '.join(f'{number} 0 R' for number in after)}]"
        if sheet is not None:
            head = f"/MediaBox[0 0 {sheet[0]:g} {sheet[1]:g}]" + head
        self.doc.update_object(xref, source.replace("<<", "<<" + head, 1))

    def _band(self, sheet_w: float, gl: float, gr: float, left: str, right: str, centre: str = "",
              sticker: str = "") -> bytes:
        """The band's words: the exhibit's own page at the left (after a boxed "EXHIBIT P-4" sticker, when
        given), the Bates number at the right, and in the middle the binder's page number, which the contents
        and the links refer to."""
        y = BAND / 2 - STAMP_SIZE / 3
        x = MARGIN + gl + 12
        x_right = sheet_w - MARGIN - gr - 12 - self.width(right, STAMP_SIZE)
        middle = b""
        if centre:
            middle = self.text((sheet_w + gl - gr - self.width(centre, STAMP_SIZE)) / 2, y, STAMP_SIZE, centre)
        box = b""
        if sticker:
            words = f"EXHIBIT {sticker}"
            width = self.width(words, STICKER_SIZE, True)
            box = (f"1 w {x - 5:.2f} {y - 5:.2f} {width + 10:.2f} {STICKER_SIZE + 8:.2f} re S\n".encode()
                   + self.text(x, y, STICKER_SIZE, words, True))
            x += width + 18
        return (b"q 0 g 0 G\n" + box + self.text(x, y, STAMP_SIZE, left) + middle
                + self.text(x_right, y, STAMP_SIZE, right) + b"Q\n")

    def new_page(self, landscape: bool = False, at: int = -1) -> tuple[int, Any]:
        """A new sheet at ``at`` (-1: the end)."""
        w, h = self.paper
        page = self.doc.new_page(pno=at, width=h if landscape else w, height=w if landscape else h)
        return page.number, page

    def draw(self, page: Any, operators: bytes) -> None:
        source = self._add_fonts(page.xref, self.doc.xref_object(page.xref, compressed=True))
        self._rewrite(page.xref, source, None, (self._stream(operators),))

    def draw_layer(self, page: Any, area: tuple[float, float, float, float], layer: bytes) -> None:
        """A text layer's compressed operators (iepdesk.textlayer) over ``area`` of the page (top-left
        coordinates)."""
        source = self._add_fonts(page.xref, self.doc.xref_object(page.xref, compressed=True))
        self._rewrite(page.xref, source, None,
                      (self._stream(textlayer.placement(area, page.rect.height)), self._stream(layer, deflated=True)))

    def slipsheet(self, entry: Any, at: int, sheet: int) -> None:
        """The tab page before an exhibit: its label large, then what it is. ``at``: where it goes in this
        document; ``sheet``: its place in the binder, which decides the binding side."""
        _, page = self.new_page(at=at)
        w, h = self.paper
        gl, gr = self._binding(sheet)
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
                if stamp_font(False).covers(part):
                    ops.append(self.text(centre - self.width(part, size) / 2, y, size, part))
                else:
                    unicode_lines.append((part, y, size))
                y -= size + 8
        self.draw(page, b"q 0 g\n" + b"".join(ops) + b"Q\n")
        for text, y_pos, size in unicode_lines:  # rare: a title in a script beyond Windows-1252
            _unicode_line(page, text, centre, h - y_pos, size)

    def blank(self, at: int = -1) -> None:
        _, page = self.new_page(at=at)
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


def _wrap(text: str, size: float, width: float, measure: Callable[[str, float], float]) -> list[str]:
    """``text`` in lines no wider than ``width``; each word is measured once (a line's width is the sum of its
    words' and spaces': the stamp font has no kerning)."""
    space = measure(" ", size)
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in text.split():
        wide = measure(word, size)
        if line and used + space + wide > width:
            lines.append(" ".join(line))
            line, used = [word], wide
        else:
            used += (space if line else 0.0) + wide
            line.append(word)
    return [*lines, " ".join(line)] if line else lines or [""]


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

"""The stamp's fonts, embedded: DejaVu Sans and DejaVu Sans Bold cut down to the characters a stamp or a tab page
writes with raw operators (the printable Windows-1252 characters), so every font of the binder's own pages is
in the file (e-filing systems and PDF/A ask for that) and a viewer shows the same letters everywhere.

ReportLab made the subset: it drew every character in one line of a tiny PDF, and that line's bytes give each
character's code in the subset. The two tiny PDFs are shipped (resources/fonts/stamp-*.pdf), so a binder needs
neither ReportLab nor its parsed fonts (about 25 MB) unless it typesets something; after a font or ReportLab
change, make them again with ``python -m iepdesk.stampfont`` (a test compares them with a fresh make).
Each document that gets stamps receives a copy of the font objects; saving with garbage collection keeps one
copy in the binder (about 25 KB for both fonts)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from iepdesk.resources import resource, resources_root

_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
_SIMPLE = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


@dataclass(frozen=True)
class StampFont:
    pdf: bytes  # one page drawing every character in the subset font
    codes: dict[str, int]  # character -> its byte in the subset
    advances: dict[str, float]  # character -> advance width per 1 pt
    table: bytes  # Windows-1252 byte -> the subset's byte (a byte with no character there: '?')

    def encode(self, text: str) -> bytes:
        """``text`` as the subset's bytes; a character it lacks prints as '?'."""
        return text.encode("cp1252", "replace").translate(self.table)


    def width(self, text: str, size: float) -> float:
        advance = self.advances.get
        return sum([advance(ch, 0.6) for ch in text]) * size

    def covers(self, text: str) -> bool:
        return all(ch in self.codes for ch in text)


def _table(codes: dict[str, int]) -> bytes:
    row = []
    for byte in range(256):
        try:
            row.append(codes.get(bytes([byte]).decode("cp1252"), codes["?"]))
        except UnicodeDecodeError:
            row.append(codes["?"])
    return bytes(row)


def _characters() -> str:
    return "".join(ch for ch in bytes(range(32, 256)).decode("cp1252", errors="ignore") if ch.isprintable())


def _unescape(literal: bytes) -> bytes:
    def one(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return _SIMPLE.get(code, code)

    return _ESCAPE.sub(one, literal)


def make_subset(bold: bool) -> bytes:
    """The tiny PDF ReportLab makes: one line of every character, in the subset font (under the name the
    binder's typeset pages give it, iepdesk.binder.fonts)."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    name = "IEPSans-Bold" if bold else "IEPSans"
    if name not in pdfmetrics.getRegisteredFontNames():  # registering a name again would reset its family's
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", _FILES[bold]))))  # bold and italic (ReportLab)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(200, 50), invariant=1, pageCompression=0, initialFontName=name)
    page.setFont(name, 9)
    page.drawString(5, 20, _characters())
    page.save()
    return buffer.getvalue()


def shipped(bold: bool) -> Path:
    return resources_root() / "fonts" / f"stamp-{'bold' if bold else 'regular'}.pdf"


@cache
def stamp_font(bold: bool) -> StampFont:
    import pymupdf

    pdf = resource("fonts", shipped(bold).name).read_bytes()
    characters = _characters()
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        content = doc[0].read_contents()
    shown = re.findall(rb"\((.*?)(?<!\\)\) Tj", content, re.S)
    encoded = _unescape(b"".join(shown[-1:]))
    if len(encoded) != len(characters):  # ReportLab split the line: it must not, for the codes to be known
        raise RuntimeError("The stamp font could not be prepared (the subset's codes are not one line).")
    face = pymupdf.Font(fontfile=str(resource("fonts", _FILES[bold])))
    codes = dict(zip(characters, encoded, strict=True))
    return StampFont(pdf, codes, {ch: face.glyph_advance(ord(ch)) for ch in characters}, _table(codes))


@cache
def _objects(bold: bool) -> tuple[str, str, bytes, bytes, int]:
    """The subset font's objects as text and bytes: (font dictionary, descriptor, font file, ToUnicode map,
    the font file's Length1), read once from the tiny PDF, for copying into each document."""
    import pymupdf

    with pymupdf.open(stream=stamp_font(bold).pdf, filetype="pdf") as doc:
        font = next(f[0] for f in doc.get_page_fonts(0) if f[2] == "TrueType")
        font_text = doc.xref_object(font, compressed=True)
        descriptor = int(doc.xref_get_key(font, "FontDescriptor")[1].split()[0])
        descriptor_text = doc.xref_object(descriptor, compressed=True)
        file = int(doc.xref_get_key(descriptor, "FontFile2")[1].split()[0])
        unicode_map = int(doc.xref_get_key(font, "ToUnicode")[1].split()[0])
        return (font_text, descriptor_text, doc.xref_stream(file), doc.xref_stream(unicode_map),
                int(doc.xref_get_key(file, "Length1")[1]))


def embed(doc: Any, bold: bool) -> int:
    """Copy the subset font into ``doc``; returns its font object's number (to name in page resources). The
    streams are written uncompressed: the binder's save compresses each once (and keeps one copy)."""
    font_text, descriptor_text, file, unicode_map, length1 = _objects(bold)

    def new(text: str, stream: bytes | None = None) -> int:
        xref = doc.get_new_xref()
        doc.update_object(xref, text)
        if stream is not None:
            doc.update_stream(xref, stream, compress=False)
        return xref

    file_xref = new(f"<</Length1 {length1}>>", file)
    unicode_xref = new("<<>>", unicode_map)
    descriptor = new(re.sub(r"/FontFile2 \d+ 0 R", f"/FontFile2 {file_xref} 0 R", descriptor_text))
    text = re.sub(r"/FontDescriptor \d+ 0 R", f"/FontDescriptor {descriptor} 0 R", font_text)
    return new(re.sub(r"/ToUnicode \d+ 0 R", f"/ToUnicode {unicode_xref} 0 R", text))


if __name__ == "__main__":  # make the shipped subsets again
    for bold in (False, True):
        shipped(bold).write_bytes(make_subset(bold))
        sys.stdout.write(f"wrote {shipped(bold)}\n")

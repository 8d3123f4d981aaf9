"""Fonts for everything the binder typesets: DejaVu Sans and DejaVu Sans Mono (shipped in resources/fonts) for
Latin, Greek, Cyrillic, Hebrew and Arabic script, and MuPDF's built-in Droid Sans Fallback for Chinese, Japanese
and Korean, so any name prints. Fonts are embedded (subset) in the PDF."""

from __future__ import annotations

import itertools
import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from iepdesk.resources import resource

REGULAR = "IEPSans"
BOLD = "IEPSans-Bold"
ITALIC = "IEPSans-Oblique"
FALLBACK = "IEPFallback"
MONO = "IEPMono"  # SHA-256 digests and commands in the manifest


@cache
def register() -> None:
    """Register the DejaVu fonts with ReportLab (once)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in ((REGULAR, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf"), (ITALIC, "DejaVuSans-Oblique.ttf"),
                       (MONO, "DejaVuSansMono.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file))))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)


@cache
def register_fallback() -> None:
    """Register the CJK fallback, only when some text needs it: it is large (3.5 MB, 11,000 glyphs)."""
    import io

    import pymupdf
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FALLBACK, io.BytesIO(pymupdf.Font("cjk").buffer)))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FALLBACK, bold, italic, FALLBACK)


@cache
def _covered() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register()
    face = pdfmetrics.getFont(REGULAR).face
    return frozenset(face.charToGlyph)


def font_for(text: str, bold: bool = False) -> str:
    """DejaVu when it has every character of ``text``, else the CJK fallback."""
    covered = _covered()
    if all(ord(ch) in covered or ch.isspace() for ch in text):
        return BOLD if bold else REGULAR
    register_fallback()
    return FALLBACK


def needs_fallback(text: str) -> bool:
    return font_for(text) == FALLBACK


def markup(text: str) -> str:
    """Escaped ReportLab Paragraph markup for ``text``: runs DejaVu cannot print go to the CJK fallback font."""
    if font_for(text) != FALLBACK:
        return escape(text)
    parts = []
    for covered, run in itertools.groupby(text, key=lambda ch: ch.isspace() or font_for(ch) != FALLBACK):
        chunk = escape("".join(run))
        parts.append(chunk if covered else f'<font name="{FALLBACK}">{chunk}</font>')
    return "".join(parts)


def east_asian(text: str) -> bool:
    """Text with wide (Chinese, Japanese, Korean) characters, which may break between any two of them."""
    return any(unicodedata.east_asian_width(ch) in "WF" for ch in text)

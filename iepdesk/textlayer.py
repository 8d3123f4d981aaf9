"""The invisible text layer of a page read by OCR: each word laid over the page's picture where it sits and as
wide as it is, in text render mode 3 (invisible), so a PDF viewer's search finds it and selecting the picture
copies the words. Written as raw content-stream operators in the stamp font (iepdesk.stampfont); a character
outside Windows-1252 is kept as '?'.

A layer is made once, when OCR reads the page, and kept with it (``pages.layer``), compressed, in a square of
``FRAME`` units that stands for the picture whatever its shape. Laying it into a binder is then no work a word:
:func:`placement` scales the square onto the picture where it sits. A layer made with other stamp-font codes
(after the shipped subset was made again) is not used (:func:`stream`): it is made again from the page's words.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from functools import cache
from typing import Any

from iepdesk.stampfont import stamp_font

FRAME = 1000.0
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 from the top left


@cache
def _tag() -> bytes:
    """Eight bytes naming the stamp font's codes the layers are written in."""
    return hashlib.sha256(b"layer 1 " + stamp_font(False).table).digest()[:8]


def text_layer(words: Sequence[Sequence[Any]] | None) -> bytes | None:
    """The layer of a page whose ``words`` OCR read ([x0, y0, x1, y1, word], fractions of the picture from its
    top left), ready to keep: the codes' tag, then the compressed operators (ending with Q, see
    :func:`placement`). None when there are no words."""
    if not words:
        return None
    font = stamp_font(False)
    ops = [b"BT 3 Tr\n"]
    seen: dict[str, tuple[float, str]] = {}  # a word's width at 1 pt and its bytes: words come back on a page
    for left, top, right, bottom, word in words:
        word = str(word)
        if word not in seen:
            seen[word] = (max(font.width(word, 1), 0.01), font.encode(word).hex())
        unit, code = seen[word]
        box_w, box_h = (right - left) * FRAME, (bottom - top) * FRAME
        size = min(box_h * 0.9, box_w / unit)
        if size >= 1:
            x, y = left * FRAME, (1 - bottom) * FRAME + box_h * 0.15
            ops.append(f"/IEPS {size:.1f} Tf 1 0 0 1 {x:.1f} {y:.1f} Tm <{code}> Tj\n".encode())
    ops.append(b"ET Q\n")
    return _tag() + zlib.compress(b"".join(ops))


def stream(layer: bytes | None) -> bytes | None:
    """The compressed operators of a kept ``layer`` (a FlateDecode stream), or None when it is missing or was
    written in other stamp-font codes."""
    if layer is None or layer[:8] != _tag():
        return None
    return layer[8:]


def placement(area: Box, sheet_height: float) -> bytes:
    """The operators that go before a layer's stream: the square scaled onto ``area`` (top-left coordinates) of a
    sheet ``sheet_height`` high. The layer's own stream ends the state they begin (Q)."""
    x0, y0, x1, y1 = area
    return (f"q {(x1 - x0) / FRAME:.6f} 0 0 {(y1 - y0) / FRAME:.6f} {x0:.2f} {sheet_height - y1:.2f} cm\n"
            .encode())

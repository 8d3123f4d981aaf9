"""The text layer kept with a page OCR read (iepdesk.textlayer): its words in order, invisible, and refused when
written in other stamp-font codes."""

from __future__ import annotations

import zlib

import pymupdf

from iepdesk import textlayer

WORDS = [[0.1, 0.1, 0.3, 0.14, "Reading"], [0.32, 0.1, 0.5, 0.14, "fluency"], [0.1, 0.5, 0.2, 0.54, "café"],
         [0.6, 0.9, 0.6001, 0.9001, "dust"]]


def test_a_layer_lays_each_word_where_it_sits_and_only_real_words() -> None:
    layer = textlayer.text_layer(WORDS)
    assert layer is not None and textlayer.text_layer([]) is None and textlayer.text_layer(None) is None
    operators = zlib.decompress(textlayer.stream(layer) or b"")
    assert operators.startswith(b"BT 3 Tr") and operators.endswith(b"ET Q\n")
    assert operators.count(b" Tj") == 3, "a speck with no width is no word"
    # drawn onto a page, scaled onto where the picture sits
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    from iepdesk.binder.stamp import _Writer

    writer = _Writer(doc, (612, 792), 0.0, False)
    area = (50.0, 100.0, 550.0, 700.0)
    writer.draw_layer(page, area, textlayer.stream(layer) or b"")
    page = doc.reload_page(page)
    assert page.get_text().split() == ["Reading", "fluency", "café"]
    [found] = page.search_for("fluency")
    assert abs(found.x0 - (50 + 0.32 * 500)) < 3 and abs(found.y1 - (100 + 0.14 * 600)) < 6


def test_a_layer_in_other_codes_is_not_used() -> None:
    layer = textlayer.text_layer(WORDS) or b""
    assert textlayer.stream(layer) is not None
    assert textlayer.stream(b"12345678" + layer[8:]) is None and textlayer.stream(None) is None

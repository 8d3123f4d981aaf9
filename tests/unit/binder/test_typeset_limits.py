"""Typesetting stays bounded on items far beyond anything real (iepdesk.limits, binder section)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from PIL import Image

from iepdesk.binder.typeset import DOCX, typeset
from iepdesk.binder.typeset.pictures import _reduced
from iepdesk.limits import MAX_HEADER_CHARS, MAX_TYPESET_CHARS, MAX_TYPESET_PAGES
from tests.fixtures import bombs
from tests.unit.binder.test_typeset import LETTER, opened, record


def _text_of(pdf: bytes) -> list[str]:
    return [page.get_text() for page in opened(pdf)]


def test_runs_of_empty_pages_are_one_page_when_an_item_is_too_long() -> None:
    pages = ["First page", *[""] * (MAX_TYPESET_PAGES + 10), "Last page", "", "After one empty page"]
    laid_out = typeset(DOCX, b"", pages, record(media_type=DOCX, title="Page breaks"), LETTER)
    text = _text_of(laid_out.pdf)
    assert laid_out.pages == 5 and "First page" in text[0] and "Last page" in text[2]
    assert f"Pages 2 to {MAX_TYPESET_PAGES + 11:,} of the original ({MAX_TYPESET_PAGES + 10:,} pages) have no text" \
        in " ".join(text[1].split())
    assert "(This page has no text.)" in text[3]  # a single empty page is still a page of its own
    # every page of the item still has its place: a pin cite to an empty one lands on the page that stands for it
    assert laid_out.starts == (1, *[2] * (MAX_TYPESET_PAGES + 10), 3, 4, 5)


def test_an_item_with_too_many_pages_names_the_rest() -> None:
    pages = [f"Page {n}" for n in range(1, MAX_TYPESET_PAGES + 501)]
    laid_out = typeset(DOCX, b"", pages, record(media_type=DOCX), LETTER)
    assert laid_out.pages == MAX_TYPESET_PAGES and len(laid_out.starts) == len(pages)
    last = " ".join(_text_of(laid_out.pdf)[-1].split())
    assert f"The rest of this document from page {MAX_TYPESET_PAGES:,} is not printed here" in last
    assert f"at most {MAX_TYPESET_PAGES:,} pages of one document" in last and "kept, whole and unchanged" in last
    assert laid_out.starts[-1] == MAX_TYPESET_PAGES


def test_text_beyond_the_limit_is_cut_with_a_note_in_bounded_time() -> None:
    page = "word\n" * 3_000_000  # three million one-word paragraphs on one page
    start = time.perf_counter()
    laid_out = typeset(DOCX, b"", [page], record(media_type=DOCX), LETTER)
    assert time.perf_counter() - start < 30
    text = _text_of(laid_out.pdf)
    assert laid_out.pages < 1_000 and laid_out.starts == (1,)
    last = " ".join(text[-1].split())
    assert "The rest of this document from part way through page 1 is not printed here" in last
    assert f"at most {MAX_TYPESET_CHARS:,} characters" in last
    printed = sum(t.count("word") for t in text)
    assert 30_000 < printed < 40_000  # each line counts as a printed line's worth of characters


def test_a_line_without_end_is_laid_out_in_linear_time() -> None:
    line = "The student needed redirection several times. " * 60_000  # 2.8 million characters, no line break
    start = time.perf_counter()
    laid_out = typeset("text/plain", b"", [line], record(media_type="text/plain"), LETTER)
    assert time.perf_counter() - start < 30
    assert 400 < laid_out.pages < 900
    assert "not printed here" not in _text_of(laid_out.pdf)[-1]  # under the limit: all of it is printed


def test_an_email_subject_that_never_ends_is_cut_with_a_note(tmp_path: Path) -> None:
    subject = "meeting notes " * 400_000  # 5.6 million characters
    page = f"From: Ms. Ortiz <lortiz@example.org>\nSubject: {subject}\n\nThe body of the email."
    start = time.perf_counter()
    laid_out = typeset("message/rfc822", b"", [page], record(media_type="message/rfc822"), LETTER)
    assert time.perf_counter() - start < 30
    text = " ".join(" ".join(_text_of(laid_out.pdf)).split())
    assert f"{len(subject.strip()) - MAX_HEADER_CHARS:,} more characters are not printed here" in text
    assert "The body of the email." in text and laid_out.pages < 20


def test_a_picture_over_the_pixel_limit_gets_a_page_saying_so(tmp_path: Path) -> None:
    data = bombs.huge_picture(tmp_path / "huge.png").read_bytes()
    laid_out = typeset("image/png", data, [""], record(media_type="image/png", original_name="huge.png"), LETTER)
    text = " ".join(_text_of(laid_out.pdf)[0].split())
    assert laid_out.pages == 1 and "This file cannot be shown in the binder" in text
    assert "15,000 × 10,000 pixels (150 megapixels): more than the 100 megapixels a binder prints" in text


@pytest.mark.parametrize("mode", ["P", "RGBA", "LA", "1", "I;16", "RGB"])
def test_a_big_picture_is_reduced_a_strip_at_a_time_like_all_at_once(mode: str) -> None:
    picture = Image.effect_noise((1_203, 1_001), 80).convert("L").resize((1_203, 1_001))
    picture = picture.convert(mode) if mode not in ("P", "LA") else picture
    if mode == "P":
        picture = picture.convert("P")
        picture.info["transparency"] = 7
    if mode == "LA":
        picture = Image.merge("LA", (picture, picture.point(lambda v: 255 - v)))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    decoded = Image.open(buffer)
    decoded.load()
    reduced = _reduced(decoded, (100, 150))
    expected = {"P": "RGBA", "1": "L", "I;16": "I"}.get(mode, mode)
    whole = decoded.convert(expected) if decoded.mode != expected else decoded
    assert reduced.mode == expected and reduced.size == (-(-1_203 // 6), -(-1_001 // 6))
    assert reduced.tobytes() == whole.reduce(6).tobytes()

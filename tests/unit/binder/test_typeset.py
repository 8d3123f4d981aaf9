"""Items that are not PDFs, as binder pages: real pictures, emails, notes and Word files made on the spot."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pymupdf
import pytest
from PIL import Image, ImageDraw

from iepdesk.binder.model import PAPER
from iepdesk.binder.typeset import DOCX, split_email, typeset, typeset_item
from iepdesk.ingest.mail import extract_eml
from iepdesk.ingest.office import extract_docx
from iepdesk.items import ItemRecord
from tests.fixtures import docs

LETTER = PAPER["letter"]
BAND = 36.0  # the bottom half inch the binder stamps


def record(**fields: object) -> ItemRecord:
    base = ItemRecord(
        id=1, student_id=None, parent_id=None, origin="import", title="A document", kind="other", source=None,
        date=dt.date(2025, 10, 7), author="Dana Rivera", recipients=None, cc=None, pages=1, sha256="0" * 64,
        original_name="document.bin", media_type="application/octet-stream", size=0, text_status="ok", guesses={},
        notes=None, thread=None, imported_at=dt.datetime(2025, 10, 8, 9, 0), trashed_at=None,
    )
    return dataclasses.replace(base, **fields)


def opened(pdf: bytes) -> pymupdf.Document:
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    assert_band_free(doc)
    return doc


def assert_band_free(doc: pymupdf.Document) -> None:
    """Nothing (text, picture or line) reaches into the bottom half inch of any page."""
    for page in doc:
        limit = page.rect.height - BAND
        boxes = [block["bbox"] for block in page.get_text("dict")["blocks"]]
        boxes += [info["bbox"] for info in page.get_image_info()]
        boxes += [tuple(drawing["rect"]) for drawing in page.get_drawings()]
        for box in boxes:
            assert box[3] <= limit + 0.01, f"page {page.number + 1}: {box} reaches the band (limit {limit})"
            assert box[1] >= -0.01 and box[0] >= -0.01 and box[2] <= page.rect.width + 0.01


def jpeg_bytes(image: Image.Image, **save: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", **save)
    return out.getvalue()


# --- pictures ----------------------------------------------------------------------------------------------


def portrait_stored_sideways() -> bytes:
    """A portrait photo (a black bar across its top) that the phone stored turned, with EXIF orientation 6."""
    upright = Image.new("RGB", (600, 900), "white")
    ImageDraw.Draw(upright).rectangle((0, 0, 599, 149), fill="black")
    stored = upright.rotate(90, expand=True)  # 900 wide, 600 tall: the way the sensor saw it
    exif = Image.Exif()
    exif[0x0112] = 6
    return jpeg_bytes(stored, exif=exif, quality=90)


def test_a_sideways_phone_photo_is_placed_upright_on_a_portrait_page() -> None:
    result = typeset("image/jpeg", portrait_stored_sideways(), [""], record(media_type="image/jpeg"), LETTER)
    doc = opened(result.pdf)
    assert (result.pages, result.starts, doc.page_count) == (1, (1,), 1)
    page = doc[0]
    assert page.rect.width < page.rect.height  # a portrait page
    (info,) = page.get_image_info()
    x0, y0, x1, y1 = info["bbox"]
    assert y1 - y0 > x1 - x0
    assert (y1 - y0) / (x1 - x0) == pytest.approx(1.5, rel=0.01)  # aspect ratio kept
    assert (x0 + x1) / 2 == pytest.approx(page.rect.width / 2, abs=1)  # centred across
    # The black bar is at the top, as the person who took the photo saw it.
    shot = Image.open(io.BytesIO(page.get_pixmap(dpi=50, clip=pymupdf.Rect(x0, y0, x1, y1)).tobytes("png")))
    grey = shot.convert("L")
    assert grey.getpixel((grey.width // 2, grey.height // 20)) < 60
    assert grey.getpixel((grey.width // 2, grey.height - grey.height // 20)) > 200
    assert grey.getpixel((grey.width // 20, grey.height // 2)) > 200


def test_the_fixture_phone_photo_turns_upright_too(tmp_path: Path) -> None:
    photo = docs.phone_photo(tmp_path / "chart.jpg", "Behavior chart for Sam")
    doc = opened(typeset_item("image/jpeg", photo.read_bytes(), [""], record(), LETTER))
    page = doc[0]
    # The picture is a wide page of text stored on its side: upright it is wide, so the page is landscape.
    assert page.rect.width > page.rect.height
    (info,) = page.get_image_info()
    x0, y0, x1, y1 = info["bbox"]
    assert x1 - x0 > y1 - y0


def test_every_frame_of_a_tiff_is_a_page(tmp_path: Path) -> None:
    tiff = docs.multipage_tiff(tmp_path / "scan.tif", ["Page one", "Page two", "Page three"])
    result = typeset("image/tiff", tiff.read_bytes(), ["", "", ""], record(pages=3), LETTER)
    doc = opened(result.pdf)
    assert (doc.page_count, result.pages, result.starts) == (3, 3, (1, 2, 3))
    for page in doc:
        assert len(page.get_image_info()) == 1


def test_a_wide_picture_gets_a_landscape_page_and_stays_png(tmp_path: Path) -> None:
    wide = Image.new("RGB", (1600, 500), "white")
    ImageDraw.Draw(wide).text((40, 200), "Seating chart", fill="black")
    out = io.BytesIO()
    wide.save(out, format="PNG")
    doc = opened(typeset_item("image/png", out.getvalue(), [""], record(), LETTER))
    page = doc[0]
    assert (page.rect.width, page.rect.height) == (LETTER[1], LETTER[0])
    (info,) = page.get_image_info(xrefs=True)
    x0, y0, x1, y1 = info["bbox"]
    assert x0 >= 36 - 0.01 and x1 <= page.rect.width - 36 + 0.01  # inside the side margins
    assert (x1 - x0) / (y1 - y0) == pytest.approx(1600 / 500, rel=0.01)
    assert doc.extract_image(info["xref"])["ext"] == "png"  # line art with two colours is not made JPEG


def test_a_big_photo_is_downscaled_to_about_200_dpi_as_jpeg() -> None:
    photo = Image.effect_noise((4000, 3000), 60).convert("RGB")
    data = jpeg_bytes(photo, quality=95)
    doc = opened(typeset_item("image/jpeg", data, [""], record(), LETTER))
    page = doc[0]
    assert page.rect.width > page.rect.height
    (info,) = page.get_image_info(xrefs=True)
    printed_inches = (info["bbox"][2] - info["bbox"][0]) / 72
    assert info["width"] <= printed_inches * 200 + 2
    assert info["width"] >= printed_inches * 150
    assert doc.extract_image(info["xref"])["ext"] == "jpeg"
    assert len(doc.tobytes()) < len(data)


def test_heic_transparent_and_16_bit_pictures_print_on_white(tmp_path: Path) -> None:
    heic = docs.heic_photo(tmp_path / "photo.heic", "Reading log")
    assert opened(typeset_item("image/heic", heic.read_bytes(), [""], record(), LETTER)).page_count == 1

    clear = Image.new("RGBA", (300, 400), (0, 0, 0, 0))
    ImageDraw.Draw(clear).ellipse((50, 50, 250, 250), fill=(200, 0, 0, 255))
    out = io.BytesIO()
    clear.save(out, format="PNG")
    page = opened(typeset_item("image/png", out.getvalue(), [""], record(), LETTER))[0]
    (info,) = page.get_image_info()
    corner = page.get_pixmap(dpi=30, clip=pymupdf.Rect(info["bbox"])).pixel(1, 1)
    assert corner == (255, 255, 255)  # transparent areas come out white, not black

    deep = Image.linear_gradient("L").resize((256, 256)).convert("I;16")
    out = io.BytesIO()
    deep.save(out, format="PNG")
    assert opened(typeset_item("image/png", out.getvalue(), [""], record(), LETTER)).page_count == 1


def test_a_picture_that_cannot_be_read_gets_a_page_saying_so() -> None:
    broken = portrait_stored_sideways()[:200]
    doc = opened(typeset_item("image/jpeg", broken, [""], record(original_name="IMG_0042.jpg"), LETTER))
    text = doc[0].get_text()
    assert doc.page_count == 1
    assert "cannot be shown in the binder" in text
    assert "IMG_0042.jpg" in text


# --- emails ------------------------------------------------------------------------------------------------


def long_email(tmp_path: Path) -> list[str]:
    paragraphs = [f"Paragraph {n}: Sam did not turn in his homework this week and was distracted during reading "
                  "group; we will try a checklist and a quiet seat near the board." for n in range(1, 41)]
    body = "\n\n".join(paragraphs) + "\n\nOn Sep 17, Dana Rivera wrote:\n> How is Sam doing in reading?\n> Thanks"
    path = docs.eml(tmp_path / "homework.eml", subject="Homework and reading group", body=body)
    return [page.text for page in extract_eml(path.read_bytes()).pages]


def test_a_long_email_is_typeset_like_a_printed_email_over_several_pages(tmp_path: Path) -> None:
    texts = long_email(tmp_path)
    item = record(media_type="message/rfc822", title="Homework and reading group", pages=1)
    result = typeset("message/rfc822", b"", texts, item, LETTER)
    doc = opened(result.pdf)
    assert result.pages == doc.page_count >= 2
    assert result.starts == (1,)
    first = doc[0].get_text()
    assert "Homework and reading group" in first
    for label, value in (("From:", "lortiz@maplegrove.k12.example"), ("To:", "dana.rivera@example.com"),
                         ("Date:", "18 Sep 2025")):
        assert label in first and value in first
    assert "Cc:" not in first  # an empty field is left out
    assert "Subject:" not in first  # the subject is the heading
    assert first.index("Homework and reading group") < first.index("From:") < first.index("Paragraph 1:")
    assert "Paragraph 40:" in doc[-1].get_text()
    assert "continued" in doc[1].get_text()  # a running head says where the page belongs
    assert all("Paragraph 1:" not in page.get_text() for page in doc[1:])


def test_quoted_reply_lines_are_grey(tmp_path: Path) -> None:
    doc = opened(typeset_item("message/rfc822", b"", long_email(tmp_path), record(), LETTER))
    colours = {}
    for page in doc:
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    colours[span["text"].strip()] = span["color"]
    assert colours["> How is Sam doing in reading?"] != 0
    assert colours["On Sep 17, Dana Rivera wrote:"] == 0


def test_the_email_header_is_read_from_the_page_text() -> None:
    text = ("From: Mr. Hale <bhale@maplegrove.k12.example>\nTo: Dana Rivera <dana@example.com>\n"
            "Cc: Ms. Ortiz <lortiz@maplegrove.k12.example>\nDate: Fri, 03 Oct 2025 16:30:00 +0000\n"
            "Subject: Re: Meeting\n\nSee you Tuesday.\nFrom: the office\n")
    fields, body = split_email(text)
    assert fields == {"From": "Mr. Hale <bhale@maplegrove.k12.example>", "To": "Dana Rivera <dana@example.com>",
                      "Cc": "Ms. Ortiz <lortiz@maplegrove.k12.example>", "Date": "Fri, 03 Oct 2025 16:30:00 +0000",
                      "Subject": "Re: Meeting"}
    assert body == "See you Tuesday.\nFrom: the office\n"
    assert split_email("Just a body")[0] == {}
    doc = opened(typeset_item("application/vnd.ms-outlook", b"", [text], record(), LETTER))
    page_text = doc[0].get_text()
    assert "Cc:" in page_text and "lortiz@maplegrove.k12.example" in page_text
    assert doc.page_count == 1


def test_an_email_without_page_text_uses_the_item_record() -> None:
    item = record(title="Evaluation consent", author="Ms. Ortiz", recipients="Dana Rivera", cc="Mr. Hale")
    text = opened(typeset_item("message/rfc822", b"", [], item, LETTER))[0].get_text()
    for expected in ("Evaluation consent", "Ms. Ortiz", "Dana Rivera", "Mr. Hale", "October 7, 2025"):
        assert expected in text


# --- notes, text and Word files ------------------------------------------------------------------------------


def test_a_note_with_chinese_names_stays_searchable() -> None:
    note = record(origin="note", title="Phone call on October 7, 2025", author="Parent", recipients="王小明",
                  media_type="text/plain")
    body = "Called 王小明 (Sam's aide) about the bus.\nShe said the IEP meeting moved to Tuesday.\n"
    doc = opened(typeset_item("text/plain", body.encode(), [body], note, LETTER))
    text = doc[0].get_text()
    assert doc.page_count == 1
    assert "王小明" in text
    assert "Phone call on October 7, 2025" in text and "Parent" in text
    assert "IEP meeting moved to Tuesday" in text


def test_a_long_cjk_line_wraps_inside_the_margins() -> None:
    line = "王小明说" * 120
    doc = opened(typeset_item("text/plain", b"", [line], record(), LETTER))
    for block in doc[0].get_text("dict")["blocks"]:
        assert block["bbox"][2] <= LETTER[0] - 54 + 1


def test_each_page_of_a_word_file_starts_a_pdf_page(tmp_path: Path) -> None:
    path = docs.word_doc(tmp_path / "plan.docx", [
        ["Behavior Intervention Plan", "Target behavior: leaving his seat."],
        ["Strategies: a visual schedule.", "Check-in with the counselor every morning."],
        ["Data collection: tally sheet, daily.", "Review date: December 1, 2025."],
    ])
    texts = [page.text for page in extract_docx(path.read_bytes()).pages]
    assert len(texts) == 3
    item = record(title="Behavior Intervention Plan", media_type=DOCX, pages=3, original_name="plan.docx")
    result = typeset(DOCX, path.read_bytes(), texts, item, LETTER)
    doc = opened(result.pdf)
    assert (doc.page_count, result.pages, result.starts) == (3, 3, (1, 2, 3))
    assert "Target behavior" in doc[0].get_text()
    assert "Check-in with the counselor" in doc[1].get_text()
    assert "Review date: December 1, 2025." in doc[2].get_text()
    assert "Review date" not in doc[1].get_text()
    assert "October 7, 2025" in doc[0].get_text()  # the small header: title, date, author
    assert "Dana Rivera" in doc[0].get_text()


def test_a_crowded_page_is_set_smaller_to_stay_one_page() -> None:
    crowded = "\n".join(f"Line {n}: the student was observed during reading and math instruction, "
                        "and the teacher reported attention difficulties." for n in range(1, 49))
    result = typeset("text/plain", b"", [crowded, "Second page."], record(pages=2), LETTER)
    doc = opened(result.pdf)
    assert (doc.page_count, result.starts) == (2, (1, 2))
    assert "Line 48:" in doc[0].get_text()
    assert "Second page." in doc[1].get_text()


def test_a_page_too_long_for_one_pdf_page_continues_and_the_starts_say_so() -> None:
    huge = "\n".join(f"Entry {n}: homework missing." for n in range(1, 301))
    result = typeset("text/markdown", b"", ["# Homework log\n" + huge, "Last page."], record(pages=2), LETTER)
    doc = opened(result.pdf)
    assert result.pages == doc.page_count > 3
    assert result.starts[0] == 1 and result.starts[1] == doc.page_count
    assert "Entry 300:" in doc[-2].get_text()
    assert "Last page." in doc[-1].get_text()
    assert "Homework log" in doc[0].get_text() and "# Homework" not in doc[0].get_text()
    assert "continued" in doc[1].get_text()


def test_text_that_needs_escaping_and_blank_pages_do_not_break_the_layout() -> None:
    texts = ["Scores <5th percentile> & falling; a < b\x00\x07 and <b>not bold</b>", ""]
    doc = opened(typeset_item("text/plain", b"", texts, record(pages=2), LETTER))
    assert doc.page_count == 2
    assert "Scores <5th percentile> & falling; a < b and <b>not bold</b>" in doc[0].get_text()
    assert "no text" in doc[1].get_text()


def test_a4_paper_is_used_when_asked() -> None:
    doc = opened(typeset_item("text/plain", b"", ["Hello"], record(), PAPER["a4"]))
    assert (doc[0].rect.width, doc[0].rect.height) == pytest.approx(PAPER["a4"], abs=0.5)


# --- everything else --------------------------------------------------------------------------------------------


def test_a_file_the_binder_cannot_show_gets_one_page_with_its_name_and_type() -> None:
    item = record(original_name="attendance.xlsx",
                  media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    doc = opened(typeset_item(item.media_type, b"PK\x03\x04", [], item, LETTER))
    text = doc[0].get_text()
    assert doc.page_count == 1
    assert "cannot be shown in the binder" in text
    assert "attendance.xlsx" in text
    assert "spreadsheetml" in text


def test_the_same_item_gives_the_same_bytes(tmp_path: Path) -> None:
    photo = portrait_stored_sideways()
    assert typeset_item("image/jpeg", photo, [""], record(), LETTER) == typeset_item(
        "image/jpeg", photo, [""], record(), LETTER)
    texts = long_email(tmp_path)
    assert typeset_item("message/rfc822", b"", texts, record(), LETTER) == typeset_item(
        "message/rfc822", b"", texts, record(), LETTER)

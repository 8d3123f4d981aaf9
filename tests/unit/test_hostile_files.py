"""Hostile and broken files: each is refused with a plain reason, or imported with a warning, and the other
files of the batch are imported as usual (real files from tests/fixtures/hostile_files.py, a real vault)."""

from __future__ import annotations

import os
import random
import zipfile
from pathlib import Path

import pytest

from iepdesk.ingest import ImportOptions, import_paths
from iepdesk.ingest.pipeline import FileResult
from iepdesk.items import get_item, list_items, page_texts
from iepdesk.limits import (
    MAX_ATTACHMENT_DEPTH,
    MAX_HEADER_CHARS,
    MAX_PACK_MEMBERS,
    MAX_PAGE_TEXT_CHARS,
    MAX_PAGES,
)
from iepdesk.vault import Vault
from iepdesk.vault.verify import verify
from tests.fixtures import docs
from tests.fixtures import hostile_files as hostile

TECHNICAL = ("unexpected problem", "please report", "Traceback", "Error:", "<_io.")


def _batch(vault: Vault, inbox: Path, hostile_file: Path) -> tuple[FileResult, list[FileResult]]:
    """Import the hostile file with a good PDF and a good email beside it: its result, and the others'."""
    docs.text_pdf(inbox / "a good report.pdf", ["Report card, Trimester 1: reading below grade level"])
    docs.eml(inbox / "a good email.eml", subject="Homework")
    results = import_paths(vault, [inbox], ImportOptions(workers=0)).results
    [mine] = [r for r in results if Path(r.path).name == hostile_file.name]
    others = [r for r in results if r is not mine and Path(r.path).name.startswith("a good")]
    assert [r.status for r in others] == ["imported", "imported"]
    assert verify(vault).ok
    return mine, results


def _refused(result: FileResult, *words: str) -> None:
    assert result.status == "rejected" and result.item_id is None, result
    assert all(word in result.reason for word in words), result.reason
    assert not any(word in result.reason for word in TECHNICAL), result.reason


def _warned(result: FileResult, *words: str) -> None:
    assert result.status == "imported", result
    assert any(all(word in warning for word in words) for warning in result.warnings), result.warnings


# -- Word ---------------------------------------------------------------------------------------------------------
def test_a_docx_that_unpacks_to_gigabytes_is_refused_unopened(vault: Vault, inbox: Path) -> None:
    result, _ = _batch(vault, inbox, hostile.docx_text_bomb(inbox / "letter.docx", unpacked_mb=40))
    _refused(result, "unpack to far more than its size", "save it as PDF")


def test_a_docx_part_that_lies_about_its_size_is_refused_as_damaged(vault: Vault, inbox: Path) -> None:
    # The ZIP says the part is 1 KB; its data unpacks to 40 MB. Reading stops at 1 KB and the CRC check fails.
    path = hostile.docx_text_bomb(inbox / "letter.docx", unpacked_mb=40, declared_size=1000)
    result, _ = _batch(vault, inbox, path)
    _refused(result, "cannot be read (it may be damaged)")


def test_a_docx_with_too_much_text_to_unpack_is_refused(vault: Vault, inbox: Path) -> None:
    noise = random.Random(7)
    chunks = (b"<w:p><w:r><w:t>" + noise.randbytes(512 * 1024).hex().encode() + b"</w:t></w:r></w:p>"
              for _ in range(33))  # 33 MB of text that packs only two to one: under the ratio, over the size
    result, _ = _batch(vault, inbox, hostile.docx_with_body(inbox / "report.docx", chunks))
    _refused(result, "too large to read", "32 MB")


def test_a_docx_with_three_million_paragraphs_is_refused(vault: Vault, inbox: Path) -> None:
    result, _ = _batch(vault, inbox, hostile.docx_paragraphs(inbox / "minutes.docx"))
    _refused(result, "unpack to far more than its size")


def test_blank_pages_after_the_text_of_a_docx_are_left_out(vault: Vault, inbox: Path) -> None:
    result, _ = _batch(vault, inbox, hostile.docx_page_breaks(inbox / "concerns.docx", breaks=20_000))
    assert (result.status, result.pages) == ("imported", 1)
    assert "please find my concerns" in page_texts(vault, result.item_id)[0][2]


def test_a_docx_with_more_pages_than_the_limit_is_refused(vault: Vault, inbox: Path) -> None:
    path = hostile.docx_page_breaks(inbox / "log.docx", breaks=MAX_PAGES + 1, text_on_each_page=True)
    result, _ = _batch(vault, inbox, path)
    _refused(result, f"more than {MAX_PAGES:,} pages", "Split it")


def test_a_docx_page_with_more_text_than_search_keeps_is_cut_with_a_warning(vault: Vault, inbox: Path) -> None:
    noise = random.Random(3)
    text = noise.randbytes(MAX_PAGE_TEXT_CHARS // 2 + 50_000).hex().encode()
    path = hostile.docx_with_body(inbox / "transcript.docx", [b"<w:p><w:r><w:t>", text, b"</w:t></w:r></w:p>"])
    result, _ = _batch(vault, inbox, path)
    _warned(result, f"more than {MAX_PAGE_TEXT_CHARS:,} characters", "original file is kept whole")
    assert len(page_texts(vault, result.item_id)[0][2]) == MAX_PAGE_TEXT_CHARS
    assert vault.blobs.read(get_item(vault, result.item_id).sha256) == path.read_bytes()


def test_a_zip_with_more_members_than_a_docx_has_is_refused_before_it_is_listed(vault: Vault, inbox: Path) -> None:
    path = inbox / "photos.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(MAX_PACK_MEMBERS + 1):
            archive.writestr(f"word/media/{number}.png", b"")
    result, _ = _batch(vault, inbox, path)
    _refused(result, f"holding {MAX_PACK_MEMBERS + 1:,} files")


# -- pictures -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("megapixels", [150, 200])  # over our limit; over Pillow's own (twice 89.5 million)
def test_a_picture_over_the_pixel_limit_is_refused_before_it_is_decoded(vault: Vault, inbox: Path,
                                                                        megapixels: int) -> None:
    side = int((megapixels * 1_000_000) ** 0.5)
    result, _ = _batch(vault, inbox, hostile.big_png(inbox / "scan.png", side, side, mode="L"))
    _refused(result, "picture too large to read", "100 megapixels", "save a smaller copy")


def test_a_truncated_tiff_keeps_the_pages_it_can_read_with_a_warning(vault: Vault, inbox: Path) -> None:
    result, _ = _batch(vault, inbox, hostile.truncated_tiff(inbox / "fax.tiff"))
    _warned(result, "damaged or incomplete", "first")
    assert 1 <= result.pages < 3


def test_a_tiff_cut_before_its_first_page_is_refused(vault: Vault, inbox: Path) -> None:
    path = docs.multipage_tiff(inbox / "fax.tif", ["Page one", "Page two"])
    path.write_bytes(path.read_bytes()[:200])
    result, _ = _batch(vault, inbox, path)
    _refused(result, "image that cannot be read", "Copy it from the phone or scanner again")


def test_a_tiff_with_ten_thousand_pages_is_refused(vault: Vault, inbox: Path) -> None:
    result, _ = _batch(vault, inbox, hostile.many_frame_tiff(inbox / "fax.tiff"))
    _refused(result, f"more than {MAX_PAGES:,} pages")


# -- PDF ----------------------------------------------------------------------------------------------------------
def test_a_pdf_whose_page_count_lies_keeps_its_real_pages(vault: Vault, inbox: Path) -> None:
    result, _ = _batch(vault, inbox, hostile.pdf_lying_page_count(inbox / "notice.pdf"))
    _warned(result, "says it has 1,000,000,000 pages, but it holds 2")
    assert result.pages == 2
    assert "page one" in page_texts(vault, result.item_id)[0][2]


def test_a_pdf_with_more_pages_than_the_limit_is_refused(vault: Vault, inbox: Path) -> None:
    result, _ = _batch(vault, inbox, hostile.pdf_pages(inbox / "records.pdf", MAX_PAGES + 1))
    _refused(result, f"has {MAX_PAGES + 1:,} pages", "Split it")


def test_a_text_file_page_over_the_search_limit_is_cut_with_a_warning(vault: Vault, inbox: Path) -> None:
    path = inbox / "log.txt"
    path.write_text("Tuesday: refused to read. " * (MAX_PAGE_TEXT_CHARS // 20), "utf-8")
    result, _ = _batch(vault, inbox, path)
    _warned(result, "page 1 holds more than", "only the first")
    assert len(page_texts(vault, result.item_id)[0][2]) == MAX_PAGE_TEXT_CHARS


# -- email --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("subject", [b"=?x-unknown?Q?R=E9union_IEP?=", b"=?utf-8?B?!!!?="])
def test_a_subject_that_cannot_be_decoded_is_kept_as_written(vault: Vault, inbox: Path, subject: bytes) -> None:
    result, _ = _batch(vault, inbox, hostile.raw_email(inbox / "meeting.eml", subject))
    assert result.status == "imported"
    assert get_item(vault, result.item_id).title == subject.decode()
    assert f"Subject: {subject.decode()}" in page_texts(vault, result.item_id)[0][2]


def test_an_email_whose_charset_holds_a_nul_byte_is_read_as_utf8(vault: Vault, inbox: Path) -> None:
    path = inbox / "nul charset.eml"
    path.write_bytes(b"From: teacher@school.example\r\nTo: parent@home.example\r\nSubject: Reading group\r\n"
                     b"Content-Type: text/plain; charset=\"utf\x00-8\"\r\n\r\nSam joined the reading group.\r\n")
    result, _ = _batch(vault, inbox, path)
    assert result.status == "imported", result.reason
    assert "Sam joined the reading group." in page_texts(vault, result.item_id)[0][2]


def test_a_message_with_only_from_and_content_type_is_an_email(vault: Vault, inbox: Path) -> None:
    """CPython's test message msg_23: a From line and a multipart Content-Type, nothing else."""
    path = inbox / "msg_23.eml"
    path.write_bytes(b'From: aperson@dom.ain\nContent-Type: multipart/mixed; boundary="BOUNDARY"\n\n--BOUNDARY\n'
                     b"Content-Type: text/plain\n\nA message part\n--BOUNDARY--\n")
    result, _ = _batch(vault, inbox, path)
    assert result.status == "imported", result.reason
    text = page_texts(vault, result.item_id)[0][2]
    assert "From: aperson@dom.ain" in text and "A message part" in text


@pytest.mark.parametrize("name", ["notes.txt", "forwarded.eml"])
def test_a_text_or_email_that_mentions_the_pdf_signature_is_not_taken_for_a_pdf(vault: Vault, inbox: Path,
                                                                                name: str) -> None:
    path = inbox / name
    head = b"From: dad@home.example\nTo: school@district.example\nSubject: The file\n\n" if name.endswith(
        ".eml") else b""
    path.write_bytes(head + b"The report the school sent begins with %PDF-1.7 and then nothing readable.\n")
    result, _ = _batch(vault, inbox, path)
    assert result.status == "imported", result.reason
    assert "%PDF-1.7" in page_texts(vault, result.item_id)[0][2]


def test_headers_in_raw_8_bit_are_stored_as_valid_text(vault: Vault, inbox: Path) -> None:
    path = hostile.raw_email(inbox / "raw.eml", "Réunion du lundi".encode() + b" \xff\xfe")
    result, _ = _batch(vault, inbox, path)
    assert get_item(vault, result.item_id).title == "Réunion du lundi \ufffd\ufffd"


def test_a_50_mb_subject_is_cut_with_a_warning(vault: Vault, inbox: Path) -> None:
    result, _ = _batch(vault, inbox, hostile.huge_subject_email(inbox / "homework.eml"))
    _warned(result, "Subject line longer than", f"first {MAX_HEADER_CHARS:,}")
    item = get_item(vault, result.item_id)
    assert item.title.startswith("Homework Homework") and len(item.title) <= MAX_HEADER_CHARS
    page = page_texts(vault, result.item_id)[0][2]
    assert len(page) < MAX_HEADER_CHARS * 2 and "Sam did not turn in his homework" in page


def test_a_message_forwarded_300_times_imports_eight_levels_and_keeps_the_rest_inside(vault: Vault,
                                                                                      inbox: Path) -> None:
    path = hostile.forward_chain(inbox / "forwarded.eml")
    _, results = _batch(vault, inbox, path)
    chain = [r for r in results if r.path.startswith(str(path))]
    assert [r.status for r in chain] == ["imported"] * (MAX_ATTACHMENT_DEPTH + 1)
    assert all(not r.warnings for r in chain[:-1])
    _warned(chain[-1], f"nested more than {MAX_ATTACHMENT_DEPTH} levels deep", "stay inside")
    deepest = get_item(vault, chain[-1].item_id)
    subject = "Fwd: " * (299 - MAX_ATTACHMENT_DEPTH) + "The first message"
    assert f"Subject: {subject}\n" in page_texts(vault, deepest.id)[0][2]
    assert b"Sam needed redirection 6 times today." in vault.blobs.read(deepest.sha256)  # the rest is inside
    top = get_item(vault, chain[0].item_id)
    assert vault.blobs.read(top.sha256) == path.read_bytes()


def test_attachment_and_file_names_lose_bidi_and_control_characters(vault: Vault, inbox: Path) -> None:
    names = ["invoice\u202efdp.exe", "a\u2066b\u2069c\x07d\x85.pdf", "line\nbreak.pdf"]
    pdfs = [docs.text_pdf(inbox.parent / f"{n}.pdf", [f"Behavior chart {n}"]).read_bytes() for n in range(3)]
    path = hostile.email_with_attachments(inbox / "files.eml", list(zip(names, pdfs, strict=True)))
    docs.text_pdf(inbox / "evil\u202efdp.pdf", ["Report card"])
    results = import_paths(vault, [inbox]).results
    assert [r.status for r in results] == ["imported"] * 5
    stored = {item.original_name for item in list_items(vault)}
    assert stored == {path.name, "evilfdp.pdf", "invoicefdp.exe", "abc_d_.pdf", "line_break.pdf"}


def test_a_file_name_that_is_not_utf8_is_stored_with_replacement_characters(vault: Vault, inbox: Path) -> None:
    path = hostile.non_utf8_name(inbox, docs.text_pdf(inbox.parent / "x.pdf", ["Notes from Tuesday."]).read_bytes())
    [result] = import_paths(vault, [inbox]).results
    assert result.status == "imported"
    assert result.path.endswith("report \ufffd\ufffd card.pdf")
    item = get_item(vault, result.item_id)
    assert item.original_name == "report \ufffd\ufffd card.pdf" and item.title == "report \ufffd\ufffd card"
    result.path.encode("utf-8")  # no lone surrogates in what is written
    assert os.path.exists(path)


# -- Outlook ------------------------------------------------------------------------------------------------------
def test_an_outlook_message_whose_rtf_body_is_a_bomb_is_kept_without_its_text(vault: Vault, inbox: Path) -> None:
    result, _ = _batch(vault, inbox, hostile.msg_rtf_bomb(inbox / "notes.msg", unpacked_mb=4))
    _warned(result, "formatted (RTF) part larger than")
    assert get_item(vault, result.item_id).title == "Meeting notes"


def test_an_outlook_attachment_that_cannot_be_read_stays_inside_with_a_warning(vault: Vault, inbox: Path) -> None:
    good = docs.text_pdf(inbox.parent / "chart.pdf", ["Behavior chart"]).read_bytes()
    path = hostile.msg_with_broken_attachment(inbox / "two files.msg", ("chart.pdf", good))
    _, results = _batch(vault, inbox, path)
    mail, chart = (r for r in results if r.path.startswith(str(path)))
    _warned(mail, "1 attachment(s) that could not be read")
    assert chart.status == "imported" and chart.path.endswith("chart.pdf")


def test_outlook_messages_attached_inside_each_other_import_eight_levels(vault: Vault, inbox: Path) -> None:
    path = hostile.nested_msg(inbox / "fw.msg", depth=20)
    _, results = _batch(vault, inbox, path)
    chain = [r for r in results if r.path.startswith(str(path))]
    assert [r.status for r in chain] == ["imported"] * (MAX_ATTACHMENT_DEPTH + 1)
    _warned(chain[-1], "nested more than")
    assert get_item(vault, chain[1].item_id).title == "FW: " * 18 + "The first message"
    assert get_item(vault, chain[1].item_id).parent_id == chain[0].item_id


def test_outlook_messages_nested_too_deep_to_open_are_refused_with_a_reason(vault: Vault, inbox: Path) -> None:
    result, _ = _batch(vault, inbox, hostile.nested_msg(inbox / "fw.msg", depth=160))
    _refused(result, "so many levels deep", "save the message you need on its own")

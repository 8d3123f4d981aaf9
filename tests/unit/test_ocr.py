from __future__ import annotations

from pathlib import Path

import pytest

from iepdesk.ingest import import_paths
from iepdesk.ingest.ocr import pages_waiting, run_ocr
from iepdesk.items import get_item, page_texts, update_item
from iepdesk.vault import Vault
from tests.conftest import needs_tesseract
from tests.fixtures import docs
from tests.fixtures import hostile_files as hostile


@needs_tesseract
def test_ocr_reads_scans_and_turned_photos_then_guesses_again(vault: Vault, inbox: Path) -> None:
    docs.scanned_pdf(inbox / "scan0003.pdf", ["Parent Consent for Initial Evaluation\nDate: October 2, 2025",
                                              "Signature of parent"])
    docs.phone_photo(inbox / "IMG_2231.jpg", "Homework worksheet Week 6\nSpelling words")
    report = import_paths(vault, [inbox])
    ids = {Path(r.path).name: r.item_id for r in report.results}
    scan_id, photo_id = ids["scan0003.pdf"], ids["IMG_2231.jpg"]
    update_item(vault, scan_id, title="Consent form")  # a person's title is not touched by OCR
    done = run_ocr(vault)
    assert (done.available, done.pages_done, done.pages_waiting, done.failed) == (True, 3, 0, [])
    scan = get_item(vault, scan_id)
    assert scan.text_status == "ok" and scan.title == "Consent form"
    texts = page_texts(vault, scan_id)
    assert [s for _, s, _ in texts] == ["ocr", "ocr"]
    assert "Consent" in texts[0][2] and "Signature" in texts[1][2]
    assert str(scan.date) == "2025-10-02" and "read by OCR" in scan.guesses["date"]
    photo = get_item(vault, photo_id)
    assert "Homework" in page_texts(vault, photo_id)[0][2]  # read upright: EXIF orientation honoured
    assert (photo.kind, photo.title) == ("work_sample", "Homework worksheet Week 6")
    assert pages_waiting(vault) == 0


def test_without_tesseract_the_pages_wait_and_nothing_is_lost(
    vault: Vault, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(inbox))  # no tesseract anywhere on this PATH
    monkeypatch.delenv("IEPDESK_TESSERACT", raising=False)
    docs.scanned_pdf(inbox / "scan.pdf", ["A scanned letter"])
    [result] = import_paths(vault, [inbox / "scan.pdf"]).results
    report = run_ocr(vault)
    assert (report.available, report.pages_done, report.pages_waiting) == (False, 0, 1)
    assert get_item(vault, result.item_id).text_status == "needs_ocr"


@needs_tesseract
def test_a_200_inch_page_is_read_at_a_lower_resolution_and_the_scans_after_it_too(vault: Vault, inbox: Path) -> None:
    hostile.scanned_pdf_page_size(inbox / "a poster.pdf", inches=200, text="Reading Intervention Poster")
    docs.scanned_pdf(inbox / "b consent.pdf", ["Parent Consent for Initial Evaluation"])
    report = import_paths(vault, [inbox])
    assert [r.status for r in report.results] == ["imported", "imported"]
    done = run_ocr(vault)
    assert (done.pages_done, done.pages_waiting, done.failed) == (2, 0, [])
    poster, consent = (page_texts(vault, r.item_id)[0] for r in report.results)
    assert poster[1] == "ocr" and "Poster" in poster[2]
    assert consent[1] == "ocr" and "Consent" in consent[2]


@needs_tesseract
def test_a_page_that_cannot_be_read_is_reported_and_the_others_are_read(vault: Vault, inbox: Path) -> None:
    docs.scanned_pdf(inbox / "a damaged.pdf", ["Teacher note", "Second page"])
    docs.scanned_pdf(inbox / "b consent.pdf", ["Parent Consent for Initial Evaluation"])
    report = import_paths(vault, [inbox])
    damaged = get_item(vault, report.results[0].item_id)
    stored = vault.blobs.path_for(damaged.sha256)  # the disk spoils the stored original (bit rot)
    stored.chmod(0o644)
    stored.write_bytes(b"%PDF-1.7\n" + b"\x00\xff" * 500)
    done = run_ocr(vault)
    assert done.pages_done == 1 and done.pages_waiting == 2 and len(done.failed) == 2
    assert all(f.startswith("“a damaged” page") and "damaged" in f for f in done.failed), done.failed
    assert "Consent" in page_texts(vault, report.results[1].item_id)[0][2]
    assert run_ocr(vault).failed == done.failed  # reported again next time, and nothing raised


@needs_tesseract
@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_picture_larger_than_ocr_needs_is_read_from_a_smaller_copy(vault: Vault, inbox: Path, kind: str) -> None:
    from PIL import Image

    page = Image.new("L", (7_000, 6_000), 255)  # 42 megapixels, over MAX_OCR_PIXELS
    page.paste(docs.text_image("Behavior Intervention Plan", dpi=600), (0, 0))
    path = inbox / f"scan.{kind.lower()}"
    page.save(path, format=kind)
    [result] = import_paths(vault, [path]).results
    done = run_ocr(vault)
    assert (done.pages_done, done.failed) == (1, [])
    assert "Intervention" in page_texts(vault, result.item_id)[0][2]

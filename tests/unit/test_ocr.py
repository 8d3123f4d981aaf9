from __future__ import annotations

from pathlib import Path

import pytest

from iepdesk.ingest import import_paths
from iepdesk.ingest.ocr import pages_waiting, run_ocr
from iepdesk.items import get_item, page_texts, update_item
from iepdesk.vault import Vault
from tests.conftest import needs_tesseract
from tests.fixtures import docs


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

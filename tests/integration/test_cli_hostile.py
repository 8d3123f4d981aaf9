"""The import command on hostile files: plain reasons, valid UTF-8 output, OCR trouble that never raises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import needs_tesseract
from tests.fixtures import docs
from tests.fixtures import hostile_files as hostile


def iepdesk_bytes(*args: str, vault: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"} | env
    return subprocess.run([sys.executable, "-m", "iepdesk", *args, "--vault", str(vault)], capture_output=True,
                          timeout=300, env=environment, check=False)


def test_import_json_holds_only_valid_utf8_whatever_the_file_names(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    hostile.non_utf8_name(inbox, docs.text_pdf(tmp_path / "a.pdf", ["Notes from Tuesday."]).read_bytes())
    docs.text_pdf(inbox / "evil\u202efdp.pdf", ["Report card"])
    hostile.raw_email(inbox / "raw.eml", b"R\xc3\xa9union \xff")
    assert iepdesk_bytes("init", vault=tmp_path / "vault").returncode == 0
    done = iepdesk_bytes("import", str(inbox), "--json", "--no-ocr", vault=tmp_path / "vault")
    assert done.returncode == 0, done.stderr
    assert b"\xff" not in done.stdout and b"\\ud" not in done.stdout.lower()  # no raw bytes, no lone surrogates
    rows = json.loads(done.stdout.decode("utf-8"))
    assert sorted(Path(row["path"]).name for row in rows) == ["evil\u202efdp.pdf", "raw.eml",
                                                               "report \ufffd\ufffd card.pdf"]
    listed = iepdesk_bytes("list", "--json", vault=tmp_path / "vault")
    names = sorted(item["original_name"] for item in json.loads(listed.stdout.decode("utf-8")))
    assert names == ["evilfdp.pdf", "raw.eml", "report \ufffd\ufffd card.pdf"]
    done.stderr.decode("utf-8")


@needs_tesseract
def test_import_prints_its_report_then_reads_scans_and_ocr_trouble_never_raises(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    hostile.scanned_pdf_page_size(inbox / "poster.pdf", inches=200)
    docs.scanned_pdf(inbox / "scan.pdf", ["Parent Consent for Initial Evaluation"])
    hostile.docx_text_bomb(inbox / "bomb.docx", unpacked_mb=20)
    vault = tmp_path / "vault"
    assert iepdesk_bytes("init", vault=vault).returncode == 0
    done = iepdesk_bytes("import", str(inbox), vault=vault)
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode == 1 and "Traceback" not in err  # one file rejected
    assert out.count("imported   ") == 2 and "rejected   " in err and "bomb.docx" in err
    assert err.index("2 imported, 0 already in the vault, 1 rejected.") < err.index("Read the text of 2 scanned")


def test_when_tesseract_fails_on_every_page_import_still_finishes_and_says_so(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    docs.scanned_pdf(inbox / "scan.pdf", ["Parent Consent for Initial Evaluation", "Signature"])
    vault = tmp_path / "vault"
    assert iepdesk_bytes("init", vault=vault).returncode == 0
    done = iepdesk_bytes("import", str(inbox), vault=vault, IEPDESK_TESSERACT="/bin/false")
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode == 0 and "Traceback" not in err, err
    assert "imported   " in out and err.count("OCR failed: “scan” page") == 2
    waiting = iepdesk_bytes("ocr", "--json", vault=vault, IEPDESK_TESSERACT="/bin/false")
    assert json.loads(waiting.stdout)["pages_waiting"] == 2 and waiting.returncode == 1

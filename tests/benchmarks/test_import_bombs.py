"""Memory and time of importing each hostile file (./dev.sh bench -k bombs; not in the test run).

Each case imports one file into a new vault in a process of its own (and reads its scans with OCR where it
says so); a wrapper process waits for it and reports resource.getrusage(RUSAGE_CHILDREN).ru_maxrss, the
peak of the largest process in the case (the importer, or Tesseract). Each must stay under 1 GB and 60 s.
The figures the adversarial review measured before the limits are in the comments.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fixtures import hostile_files as hostile

MAX_MB = 1024
MAX_SECONDS = 60

CASE = """
import json, sys
from pathlib import Path
from iepdesk.ingest import ImportOptions, import_paths
from iepdesk.ingest.ocr import run_ocr
from iepdesk.vault import Vault
with Vault.create(Path(sys.argv[2])) as vault:
    report = import_paths(vault, [Path(sys.argv[1])], ImportOptions(workers=0))
    ocr = run_ocr(vault) if sys.argv[3] == "ocr" else None
print(json.dumps({"results": [[r.status, r.pages, r.reason, list(r.warnings)] for r in report.results],
                  "ocr": [ocr.pages_done, ocr.failed] if ocr else None}))
"""

WRAPPER = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(done.stderr)
print(done.returncode)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(done.stdout)
"""

SCAN_TEXT = "Parent consent for evaluation\nSigned by the parent on October 2, 2025"

# name → (file name, how to make it, read its scans with OCR, what must happen: "imported" or "rejected")
CASES: dict[str, tuple[str, Callable[[Path], Path], bool, str]] = {
    # 1.26 MB, unpacks to 1.2 GB: peaked at 2.47 GB
    "docx, 1.2 GB of text": ("bomb.docx", hostile.docx_text_bomb, False, "rejected"),
    # the same part, its declared size a lie (1 KB): zipfile.read would inflate all of it in one call
    "docx, a member lying about its size": (
        "lying.docx", lambda p: hostile.docx_text_bomb(p, declared_size=1000), False, "rejected"),
    # 68 KB
    "docx, 200,000 page breaks": (
        "breaks.docx", lambda p: hostile.docx_page_breaks(p, text_on_each_page=True), False, "rejected"),
    # 333 KB: 1.76 GB
    "docx, 3 million paragraphs": ("paragraphs.docx", hostile.docx_paragraphs, False, "rejected"),
    # 420 KB: imported at 602 MB, then OCR took 1.3-1.5 GB
    "PNG, 150 megapixels, with OCR": ("big.png", hostile.big_png, True, "rejected"),
    # the largest picture accepted, colour (4 bytes a pixel when decoded), read with OCR
    "PNG, 99 megapixels, with OCR": (
        "limit.png", lambda p: hostile.big_png(p, 11_000, 9_000, text=SCAN_TEXT), True, "imported"),
    "TIFF, 10,000 pages": ("frames.tiff", hostile.many_frame_tiff, False, "rejected"),
    "PDF, /Count 1000000000 over 2 pages": ("lying.pdf", hostile.pdf_lying_page_count, False, "imported"),
    # the RTF body unpacks to 40 MB: 20 s of pure-Python unpacking, then the RTF reader
    "msg, 40 MB RTF body": ("rtf.msg", hostile.msg_rtf_bomb, False, "imported"),
    "msg, messages attached 40 deep": ("nested.msg", lambda p: hostile.nested_msg(p, 40), False, "imported"),
    "eml, forwarded 300 deep": ("chain.eml", hostile.forward_chain, False, "imported"),
    "eml, 50 MB subject": ("subject.eml", hostile.huge_subject_email, False, "imported"),
    # rendering at 200 dpi made a 40,000 x 40,000 pixmap and OCR raised on it every run
    "PDF, 200 x 200 inch scan, with OCR": (
        "poster.pdf", lambda p: hostile.scanned_pdf_page_size(p, 200), True, "imported"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_hostile_file_imports_in_bounded_memory_and_time(case: str, tmp_path: Path) -> None:
    name, make, ocr, outcome = CASES[case]
    path = make(tmp_path / name)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, sys.executable, "-c", CASE, str(path), str(tmp_path / "vault"),
         "ocr" if ocr else "-"], capture_output=True, text=True, check=True, timeout=600,
    )
    seconds = time.perf_counter() - start
    returncode, peak_kb, output = done.stdout.split("\n", 2)
    assert returncode == "0", done.stderr
    result = json.loads(output)
    peak = int(peak_kb) / 1024
    status, pages, reason, warnings = result["results"][0]
    said = reason or "; ".join(warnings) or f"{pages} page(s)"
    read = f", OCR read {result['ocr'][0]} page(s)" if result["ocr"] else ""
    print(f"\n{case:40} {path.stat().st_size / 1024:9,.0f} KB  peak {peak:5.0f} MB  {seconds:5.1f} s  "
          f"{status}{read}: {said[:110]}")
    assert status == outcome
    assert not (result["ocr"] or [0, []])[1], result["ocr"]
    assert peak < MAX_MB and seconds < MAX_SECONDS

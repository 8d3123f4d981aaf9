"""The binder on small files that unfold into a great deal (./dev.sh bench): peak memory and seconds each.

Each case is a real file made by tests/fixtures/bombs.py, imported into a vault of its own; then `iepdesk binder`
runs in a fresh process, started by a fresh measuring process, so that the measurer's
getrusage(RUSAGE_CHILDREN).ru_maxrss is that one binder's peak. Targets: under 1 GB and under 60 s each.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
# what it is: (file name, the function of tests/fixtures/bombs.py that makes it, its arguments)
CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "docx, 200,000 page breaks": ("breaks.docx", "page_breaks", {}),
    "docx, 3 million paragraphs": ("paragraphs.docx", "paragraphs", {}),
    "docx, 5,000 pages of one word": ("pages.docx", "page_breaks", {"count": 5_000, "text": "word"}),
    "email, 50 MB subject": ("subject.eml", "long_subject", {}),
    "PNG, 150 megapixels": ("huge.png", "huge_picture", {}),
    "PNG, 99 megapixels, palette with transparency": ("limit.png", "huge_picture", {"size": [11_000, 9_000]}),
}

# Made and imported in a process of its own too, so that this one stays small (a process started from a big
# one reports the big one's peak as its own).
SETUP = """
import json, sys
from pathlib import Path
from iepdesk.ingest import ImportOptions, import_paths
from iepdesk.vault import Vault
from tests.fixtures import bombs
folder = Path(sys.argv[1])
original = getattr(bombs, sys.argv[2])(folder / sys.argv[3], **json.loads(sys.argv[4]))
with Vault.create(folder / "vault") as vault:
    result = import_paths(vault, [original], ImportOptions(workers=0)).results[0]
print(json.dumps([original.stat().st_size, result.status, result.reason, result.pages]))
"""

MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run([sys.executable, "-m", "iepdesk", "binder", sys.argv[2], "--vault", sys.argv[1], "--json"],
                      capture_output=True, text=True)
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps([took, peak, done.returncode, done.stderr[-2000:]]))
"""


def _run(code: str, *args: str) -> list[Any]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("case", list(CASES))
def test_a_small_file_that_unfolds_makes_a_binder_in_bounded_time_and_memory(case: str, tmp_path: Path) -> None:
    name, maker, arguments = CASES[case]
    size, status, reason, pages = _run(SETUP, str(tmp_path), maker, name, json.dumps(arguments))
    if status != "imported":  # the import's own limits may refuse it; then the binder never sees it
        print(f"\n{case} ({size / 1024:,.0f} KB): refused at import: {reason}")
        return
    took, peak, code, errors = _run(MEASURE, str(tmp_path / "vault"), str(tmp_path / "binder.pdf"))
    print(f"\n{case} ({size / 1024:,.0f} KB, {pages:,} page(s) in the vault): binder {took:.1f} s, "
          f"peak {peak / 1024:,.0f} MB")
    assert code == 0, errors
    assert peak < 1024 * 1024 and took < 60

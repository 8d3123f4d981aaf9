"""The binder on small files that unfold into a great deal (./dev.sh bench): peak memory and seconds each.

Each case is a real file made by tests/fixtures/bombs.py, imported into a vault of its own; then `iepdesk binder`
runs in a fresh process, started by a fresh measuring process, so that the measurer's
getrusage(RUSAGE_CHILDREN).ru_maxrss is that one binder's peak. Targets: under 1 GB and under 60 s each.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fixtures import bombs

CASES: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "docx, 200,000 page breaks": ("breaks.docx", bombs.page_breaks),
    "docx, 3 million paragraphs": ("paragraphs.docx", bombs.paragraphs),
    "docx, 5,000 pages of one word": ("pages.docx", lambda path: bombs.page_breaks(path, 5_000, "word")),
    "email, 50 MB subject": ("subject.eml", bombs.long_subject),
    "PNG, 150 megapixels": ("huge.png", bombs.huge_picture),
    "PNG, 99 megapixels, palette with transparency": ("limit.png",
                                                      lambda path: bombs.huge_picture(path, (11_000, 9_000))),
}

MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run([sys.executable, "-m", "iepdesk", "binder", sys.argv[2], "--vault", sys.argv[1], "--json"],
                      capture_output=True, text=True)
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps([took, peak, done.returncode, done.stderr[-2000:]]))
"""


@pytest.mark.parametrize("case", list(CASES))
def test_a_small_file_that_unfolds_makes_a_binder_in_bounded_time_and_memory(case: str, tmp_path: Path) -> None:
    from iepdesk.ingest import ImportOptions, import_paths
    from iepdesk.vault import Vault

    name, make = CASES[case]
    original = make(tmp_path / name)
    with Vault.create(tmp_path / "vault") as vault:
        report = import_paths(vault, [original], ImportOptions(workers=0))
    result = report.results[0]
    if result.status != "imported":  # the import's own limits may refuse it; then the binder never sees it
        print(f"\n{case} ({original.stat().st_size / 1024:,.0f} KB): refused at import: {result.reason}")
        return
    done = subprocess.run([sys.executable, "-c", MEASURE, str(tmp_path / "vault"), str(tmp_path / "binder.pdf")],
                          capture_output=True, text=True, check=True)
    took, peak, code, errors = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\n{case} ({original.stat().st_size / 1024:,.0f} KB, {result.pages:,} page(s) in the vault): binder "
          f"{took:.1f} s, peak {peak / 1024:,.0f} MB")
    assert code == 0, errors
    assert peak < 1024 * 1024 and took < 60

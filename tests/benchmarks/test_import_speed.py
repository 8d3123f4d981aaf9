"""Import speed and memory against the physical limit (run with ./dev.sh bench, not in CI's test run).

The limit is a bare loop that reads, hashes and extracts the same files with PyMuPDF in the same run.
Issue 2 asks for at least 70% of its pages per second, and a peak memory for 300 files no more than
1.3 times the peak for 30.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pymupdf
import pytest

from iepdesk.ingest import import_paths
from iepdesk.vault import Vault
from tests.fixtures import docs

FILES = 300
PAGES = 10
PARAGRAPH = (
    "During independent reading Sam needed redirection several times and completed two of the five "
    "comprehension questions. Oral reading fluency was 61 words correct per minute against a goal of 95. "
)


def make_corpus(folder: Path, files: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(files):
        pages = [f"Progress report {n}, page {p + 1}\n" + PARAGRAPH * 12 for p in range(PAGES)]
        paths.append(docs.text_pdf(folder / f"report-{n:04}.pdf", pages))
    return paths


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_corpus(tmp_path_factory.mktemp("corpus"), FILES)


def bare_loop(paths: list[Path]) -> int:
    pages = 0
    for path in paths:
        data = path.read_bytes()
        hashlib.sha256(data).hexdigest()
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            for page in doc:
                page.get_text()
                pages += 1
    return pages


def ours(paths: list[Path], folder: Path) -> int:
    with Vault.create(folder) as vault:
        report = import_paths(vault, paths)
    assert report.count("imported") == len(paths)
    return sum(r.pages for r in report.results)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # worker processes that have ended
    return usage.ru_utime + usage.ru_stime


def test_import_runs_near_the_speed_of_a_bare_pymupdf_loop(corpus: list[Path], tmp_path: Path) -> None:
    bare, mine, cpu = [], [], []
    for round_ in range(3):  # alternate, so both see the same machine state; keep the best of each
        start = time.perf_counter()
        pages = bare_loop(corpus)
        bare.append(pages / (time.perf_counter() - start))
        start, own, workers = time.perf_counter(), time.process_time(), children_cpu()
        assert ours(corpus, tmp_path / f"vault{round_}") == pages
        mine.append(pages / (time.perf_counter() - start))
        cpu.append((time.process_time() - own, children_cpu() - workers))
    ratio = max(mine) / max(bare)
    # The best this machine allows: the import's processor time (importer and workers) spread perfectly over
    # its cores, against the bare loop's best. Where this is below the target of 1.2, no scheduling reaches it.
    cores = len(os.sched_getaffinity(0))
    own, workers = min(cpu, key=sum)
    ceiling = pages / ((own + workers) / cores) / max(bare)
    print(f"\nimport of {FILES} text PDFs ({FILES * PAGES} pages): bare loop {max(bare):.0f} pages/s, "
          f"IEPDesk {max(mine):.0f} pages/s, ratio {ratio:.2f} (floor 0.80, target 1.2)\n"
          f"processor time of the import: importer {own:.2f} s, workers {workers:.2f} s; on {cores} core(s) the "
          f"ratio cannot pass {ceiling:.2f}")
    assert ratio >= 0.80


PEAK_SCRIPT = """
import json, resource, sys
from pathlib import Path
from iepdesk.ingest import import_paths
from iepdesk.vault import Vault
paths = sorted(Path(sys.argv[1]).iterdir())[: int(sys.argv[3])]
with Vault.create(Path(sys.argv[2])) as vault:
    import_paths(vault, paths)
usage = [resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
print(json.dumps(usage))
"""


def test_peak_memory_stays_flat_as_files_grow(corpus: list[Path], tmp_path: Path) -> None:
    peaks = {}
    for count in (30, 300):
        done = subprocess.run([sys.executable, "-c", PEAK_SCRIPT, str(corpus[0].parent), str(tmp_path / str(count)),
                               str(count)], capture_output=True, text=True, check=True)
        main, worker = json.loads(done.stdout)
        peaks[count] = (main + worker) / 1024  # the importing process plus its largest extraction worker
    ratio = peaks[300] / peaks[30]
    print(f"\npeak memory (importer + largest worker): 30 files {peaks[30]:.0f} MB, 300 files {peaks[300]:.0f} MB, "
          f"ratio {ratio:.2f} (limit 1.3)")
    assert ratio <= 1.3


def test_scans_do_not_slow_the_text_path(corpus: list[Path], tmp_path: Path) -> None:
    """OCR waits until the text is in: a batch with scans imports its text PDFs as fast as one without."""
    text_only = corpus[:60]
    scans = [docs.scanned_pdf(tmp_path / f"scan{n}.pdf", ["Teacher note: Sam needed help"] * 2) for n in range(10)]
    start = time.perf_counter()
    ours(text_only, tmp_path / "a")
    alone = time.perf_counter() - start
    start = time.perf_counter()
    ours(text_only + scans, tmp_path / "b")
    mixed = time.perf_counter() - start
    print(f"\n60 text PDFs: {alone:.2f} s alone, {mixed:.2f} s with 10 scans in the batch (OCR runs afterwards)")
    assert mixed < alone * 1.5

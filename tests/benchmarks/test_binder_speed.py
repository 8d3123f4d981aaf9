"""Binder speed and memory against a bare PyMuPDF merge of the same originals (./dev.sh bench).

Issue 4: a 300-exhibit binder of about 3,000 pages, with all its stamps, bookmarks and front matter, takes no
more than 3x the bare script's time and 1.5x its peak memory. Each run is a fresh process, so peak memory is
that run's own (plus any child process's); the two alternate.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def make_realistic_corpus(folder: Path, files: int) -> None:
    """School-like PDFs: nine typeset pages with an embedded TrueType font and a table, then one scanned page
    (a greyscale JPEG of its own), each file different so the vault stores every one."""
    import io
    import random

    import pymupdf
    from PIL import Image
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

    from iepdesk.binder import fonts

    fonts.register()
    style = getSampleStyleSheet()["BodyText"]
    style.fontName = fonts.REGULAR
    text = ("During independent reading the student needed redirection several times and completed two of the five "
            "comprehension questions; oral reading fluency was 61 words correct per minute against a goal of 95. ")
    story = []
    for page in range(9):
        story += [Paragraph(f"Progress report, page {page + 1}", style), Paragraph(text * 9, style),
                  Table([["Measure", "Score", "Percentile"]] + [[f"Subtest {n}", str(80 + n), str(10 + n)]
                                                               for n in range(8)]),
                  Paragraph(text * 4, style), PageBreak()]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter).build(story)
    template = buffer.getvalue()
    rng = random.Random(3)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        doc = pymupdf.open(stream=template, filetype="pdf")
        doc[0].insert_text((72, 40), f"Document {n}")
        noise = Image.effect_noise((850, 1100), 40 + rng.random() * 20).point(lambda v: min(255, v + 120))
        scan = io.BytesIO()
        noise.save(scan, format="JPEG", quality=60)
        page = doc.new_page(width=612, height=792)
        page.insert_image(page.rect, stream=scan.getvalue())
        doc.save(folder / f"report-{n:04}.pdf", garbage=3, deflate=True)

BARE = """
import json, resource, sys, time
from pathlib import Path
import pymupdf
start = time.perf_counter()
out = pymupdf.open()
for path in sorted(Path(sys.argv[1]).iterdir()):
    with pymupdf.open(path) as src:
        out.insert_pdf(src)
out.save(sys.argv[2], garbage=4, deflate=True)
print(json.dumps([time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]))
"""

OURS = """
import json, resource, sys, time
from pathlib import Path
from iepdesk.binder.assemble import make_binder
from iepdesk.binder.options import BinderOptions
from iepdesk.vault import Vault
with Vault.open(Path(sys.argv[1])) as vault:
    start = time.perf_counter()
    result = make_binder(vault, Path(sys.argv[2]), BinderOptions(prepared_by="Benchmark"))
    took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps([took, peak, result.pages]))  # with any child process's own peak (none today)
"""


@pytest.fixture(scope="module")
def corpus_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from iepdesk.ingest import import_paths
    from iepdesk.students import add_student
    from iepdesk.vault import Vault

    folder = tmp_path_factory.mktemp("binder")
    corpus = folder / "originals"
    make_realistic_corpus(corpus, 300)
    with Vault.create(folder / "vault") as vault:
        add_student(vault, "Benchmark Child")
        import_paths(vault, [corpus])
    return corpus, folder / "vault"


def _run(code: str, *args: str) -> list[float]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_binder_against_a_bare_merge(corpus_vault: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, vault = corpus_vault
    bare, ours = [], []
    for round_ in range(2):
        bare.append(_run(BARE, str(corpus), str(tmp_path / f"bare{round_}.pdf")))
        ours.append(_run(OURS, str(vault), str(tmp_path / f"binder{round_}.pdf")))
    bare_time, bare_peak = min(b[0] for b in bare), min(b[1] for b in bare)
    our_time, our_peak = min(o[0] for o in ours), min(o[1] for o in ours)
    time_ratio, memory_ratio = our_time / bare_time, our_peak / bare_peak
    print(f"\nbinder of 300 exhibits, {int(ours[0][2])} pages: {our_time:.2f} s, {our_peak / 1024:.0f} MB; "
          f"bare merge {bare_time:.2f} s, {bare_peak / 1024:.0f} MB; time {time_ratio:.2f}x (limit 3), "
          f"memory {memory_ratio:.2f}x (limit 1.5)")
    assert time_ratio <= 3.0 and memory_ratio <= 1.5

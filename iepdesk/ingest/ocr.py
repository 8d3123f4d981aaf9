"""Optical character recognition with Tesseract, page by page, after the fast text path.

Import marks pages without a text layer "needs OCR"; this module recognises them later, two Tesseract
processes at a time (each limited to one thread: faster and steadier than Tesseract's own threads on a
two-core laptop). Each page's text is committed as soon as it is read, so stopping half-way loses nothing
and the next run goes on from there. Without Tesseract the pages simply wait. A page that cannot be read
(it cannot be rendered or decoded, or Tesseract fails on it) is reported and keeps waiting; the others go on.
Pages are rendered at OCR_DPI, or less when that would make more than MAX_OCR_PIXELS (a 200 × 200 inch
page at 200 dpi would be 40,000 × 40,000 pixels).
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from sqlalchemy import func, select

from iepdesk.errors import Rejected
from iepdesk.ingest.guess import reguess_from_text
from iepdesk.limits import MAX_OCR_PIXELS
from iepdesk.orphans import preexec
from iepdesk.progress import Progress
from iepdesk.textlayer import text_layer
from iepdesk.vault import Vault
from iepdesk.vault.models import Item, Page

OCR_DPI = 200
HOW_TO_ENABLE = (
    "Install Tesseract OCR (Debian or Ubuntu: 'sudo apt install tesseract-ocr'; Windows and macOS: see "
    "the README), then run 'iepdesk ocr' or reopen the app: the waiting pages will be read then."
)


def tesseract_command() -> str | None:
    return os.environ.get("IEPDESK_TESSERACT") or shutil.which("tesseract")


class OcrFailed(Exception):
    pass


Words = list[list[Any]]  # [[x0, y0, x1, y1, word], …], fractions of the page picture, top left (0, 0)


def recognise(png: bytes, tesseract: str, language: str = "eng") -> tuple[str, Words]:
    """The page's text, and where each word sits (Tesseract's TSV output, read once for both)."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(
            [tesseract, "stdin", "stdout", "-l", language, "tsv"],
            input=png, capture_output=True, env=env, timeout=600, check=False,
            preexec_fn=preexec(),  # Tesseract ends with IEPDesk, even when IEPDesk is killed
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise OcrFailed(f"Tesseract could not read it ({error}).") from error
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()[:300] or f"it stopped with code {done.returncode}"
        raise OcrFailed(f"Tesseract could not read it ({detail}).")
    return read_tsv(done.stdout.decode("utf-8", "replace"))


def read_tsv(tsv: str) -> tuple[str, Words]:
    """Text and word boxes from Tesseract's TSV: the words of a line joined by spaces, lines by a new line, a
    blank line between paragraphs, as Tesseract's own text output lays them out."""
    width = height = 0.0
    lines: dict[tuple[int, int, int], list[str]] = {}
    words: Words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12:
            continue
        level, block, par, line = int(cells[0]), int(cells[2]), int(cells[3]), int(cells[4])
        left, top, w, h = (float(c) for c in cells[6:10])
        if level == 1:
            width, height = max(w, 1.0), max(h, 1.0)
        word = cells[11].strip()
        if level == 5 and word:
            lines.setdefault((block, par, line), []).append(word)
            words.append([round(left / width, 4), round(top / height, 4), round((left + w) / width, 4),
                          round((top + h) / height, 4), word])
    text, last = [], None
    for (block, par, _line), found in lines.items():
        if last is not None and (block, par) != last:
            text.append("")
        text.append(" ".join(found))
        last = (block, par)
    return "\n".join(text).strip() + "\n", words


@dataclass
class OcrReport:
    available: bool
    pages_done: int = 0
    pages_waiting: int = 0
    failed: list[str] = field(default_factory=list)
    cancelled: bool = False


@dataclass(frozen=True)
class _Task:
    item_id: int
    page_id: int
    number: int
    sha256: str
    media_type: str
    title: str


def pages_waiting(vault: Vault) -> int:
    with vault.session() as session:
        return session.scalar(
            select(func.count()).select_from(Page).join(Item)
            .where(Page.status == "needs_ocr", Item.trashed_at.is_(None))
        ) or 0


def _tasks(vault: Vault, item_ids: list[int] | None) -> list[_Task]:
    query = (
        select(Page.item_id, Page.id, Page.number, Item.sha256, Item.media_type, Item.title)
        .join(Item)
        .where(Page.status == "needs_ocr", Item.trashed_at.is_(None))
        .order_by(Page.item_id, Page.number)
    )
    if item_ids is not None:
        query = query.where(Page.item_id.in_(item_ids))
    with vault.session() as session:
        return [_Task(*row) for row in session.execute(query)]


def ocr_zoom(width: float, height: float) -> float:
    """How much to enlarge a page of ``width`` × ``height`` points for OCR: OCR_DPI, or less to keep the
    picture within MAX_OCR_PIXELS."""
    return min(OCR_DPI / 72, math.sqrt(MAX_OCR_PIXELS / max(width * height, 1.0)) * 0.999)


def _render(vault: Vault, tasks: list[_Task]) -> Iterator[tuple[_Task, bytes | OcrFailed]]:
    """Page images for Tesseract, one document open at a time (PyMuPDF is used from this thread only),
    or why a page cannot be made into one."""
    for _item, group in groupby(tasks, key=lambda t: t.item_id):
        pages = list(group)
        data = _attempt(vault.blobs.read, pages[0].sha256)
        if isinstance(data, OcrFailed):
            yield from ((task, data) for task in pages)
        elif pages[0].media_type == "application/pdf":
            yield from _pdf_pages(data, pages)
        else:
            from iepdesk.ingest.image import upright_page_png

            for task in pages:
                yield task, _attempt(upright_page_png, data, task.media_type, task.number - 1)


def _pdf_pages(data: bytes, pages: list[_Task]) -> Iterator[tuple[_Task, bytes | OcrFailed]]:
    from iepdesk.ingest.pdf import count_pages, open_pdf

    try:
        doc = open_pdf(data)
    except Rejected as error:
        if error.code != "password":  # a password-protected PDF: its pages simply keep waiting
            yield from ((task, OcrFailed(f"it {error}")) for task in pages)
        return
    with doc:
        problem = _attempt(count_pages, doc)  # which also mends a page tree that claims more pages than it has
        for task in pages:
            yield task, problem if isinstance(problem, OcrFailed) else _attempt(_pdf_picture, doc, task.number)


def _pdf_picture(doc: Any, number: int) -> bytes:
    import pymupdf

    page = doc.load_page(number - 1)
    zoom = ocr_zoom(page.rect.width, page.rect.height)
    return page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY).tobytes("png")


def _attempt(make: Callable[..., Any], *args: Any) -> Any:
    """What ``make(*args)`` returns, or an OcrFailed that says in plain words why it could not."""
    try:
        return make(*args)
    except Rejected as error:
        return OcrFailed(f"it {error}")
    except Exception as error:  # MuPDF, Pillow and the disk raise many types for a page they cannot give
        return OcrFailed(f"it could not be turned into a picture to read ({error}).")


def run_ocr(
    vault: Vault,
    progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    item_ids: list[int] | None = None,
    workers: int = 2,
    actor: str = "ocr",
) -> OcrReport:
    tesseract = tesseract_command()
    tasks = _tasks(vault, item_ids)
    report = OcrReport(available=tesseract is not None, pages_waiting=len(tasks))
    if tesseract is None or not tasks:
        return report
    progress = progress or (lambda _p: None)
    cancel = cancel or threading.Event()
    remaining: dict[int, int] = {}
    for task in tasks:
        remaining[task.item_id] = remaining.get(task.item_id, 0) + 1
    in_flight: list[tuple[_Task, Future[tuple[str, Words]] | OcrFailed]] = []

    def finish(task: _Task, future: Future[tuple[str, Words]] | OcrFailed) -> None:
        try:
            text, words = future.result() if isinstance(future, Future) else ("", [])
        except Exception as error:  # OcrFailed from Tesseract, or a surprise: this page waits, the others go on
            future = error if isinstance(error, OcrFailed) else OcrFailed(f"it could not be read ({error}).")
        if isinstance(future, OcrFailed):
            report.failed.append(f"“{task.title}” page {task.number}: {future}")
            return
        _save_page(vault, task, text, words, remaining, actor)
        report.pages_done += 1
        report.pages_waiting -= 1
        progress(Progress(report.pages_done, len(tasks), f"{task.title}, page {task.number}", "ocr"))

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
        progress(Progress(0, len(tasks), "", "ocr"))
        for task, png in _render(vault, tasks):
            if cancel.is_set():
                report.cancelled = True
                break
            in_flight.append((task, png if isinstance(png, OcrFailed) else pool.submit(recognise, png, tesseract)))
            while len(in_flight) >= workers * 2:
                finish(*in_flight.pop(0))
        for pending in in_flight:
            finish(*pending)
    return report


def _save_page(vault: Vault, task: _Task, text: str, words: Words, remaining: dict[int, int], actor: str) -> None:
    with vault.session() as session:
        page = session.get(Page, task.page_id)
        if page is None or page.status != "needs_ocr":
            return
        page.text, page.status, page.words, page.layer = text, "ocr", words or None, text_layer(words)
        remaining[task.item_id] -= 1
        if remaining[task.item_id] == 0:
            item = session.get(Item, task.item_id)
            still = session.scalar(
                select(func.count()).select_from(Page)
                .where(Page.item_id == task.item_id, Page.status == "needs_ocr", Page.id != page.id)
            )
            if item is not None and not still:
                item.text_status = "ok"
                changed = reguess_from_text(item, [p.text for p in item.pages])
                also = f"; guessed {', '.join(changed)} again from the text" if changed else ""
                Vault.record(session, "ocr", f"Text recognised (OCR) in “{item.original_name}”{also}.",
                             actor=actor, item_id=item.id)

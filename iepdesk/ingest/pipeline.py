"""Import files and folders into a vault: one file, one transaction; one bad file never costs the others.

Order of work for each file: read it whole, hash it, skip it if the vault has it, extract the text of each
page, store the original (atomically), then record the item, its pages and a history line in one
transaction. A crash between the two writes leaves at most an unreferenced blob, which ``verify`` lists
as a leftover and the next import of the same file reuses.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from iepdesk.errors import IEPDeskError, Rejected, VaultDamaged, VaultError, VaultFull, VaultLocked, VaultReadOnly
from iepdesk.ingest import guess as guessing
from iepdesk.ingest.analyse import Analysed, analyse
from iepdesk.ingest.extracted import Extracted
from iepdesk.ingest.names import readable, safe_name
from iepdesk.ingest.walk import walk
from iepdesk.ingest.workers import Workers, closing
from iepdesk.limits import MAX_ATTACHMENT_DEPTH, MAX_FILE_MB
from iepdesk.progress import Progress
from iepdesk.vault import Vault
from iepdesk.vault.blobs import sha256_of
from iepdesk.vault.models import Item, Page, Student, utcnow
from iepdesk.vault.space import free_bytes, full_message, size_text

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = MAX_FILE_MB * 1024 * 1024


@dataclass(frozen=True)
class FileResult:
    """What happened to one input (a file met on disk, or an attachment inside an email)."""

    path: str
    status: str  # imported | duplicate | rejected
    item_id: int | None = None
    pages: int = 0
    kind: str | None = None
    reason: str | None = None
    warnings: tuple[str, ...] = ()
    needs_ocr: int = 0
    code: str = ""  # for rejections a program can act on: "password"

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "item_id": self.item_id,
            "pages": self.pages,
            "kind": self.kind,
            "reason": self.reason,
            "warnings": list(self.warnings),
            "needs_ocr": self.needs_ocr,
            "code": self.code or None,
        }


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False
    stopped: IEPDeskError | None = None  # the vault could take no more: a full drive, a read-only one, damage

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def item_ids(self) -> list[int]:
        return [r.item_id for r in self.results if r.status == "imported" and r.item_id is not None]

    @property
    def pages_needing_ocr(self) -> int:
        return sum(r.needs_ocr for r in self.results)


@dataclass
class ImportOptions:
    student_id: int | None = None
    password: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    actor: str = "cli"
    workers: int = field(default_factory=lambda: default_workers())  # 0: all in this process


def default_workers(cores: int | None = None) -> int:
    """How many processes extract text in an import on a machine with ``cores`` cores (this one's by default).
    The importing process needs a core of its own (it stores and indexes what the workers read), so a worker
    for each other core; but two on two cores, where two workers beside the importer still finish sooner
    than one (measured: the same 300 files in 1.7 s of extraction against 2.9 s); and at most four (each
    holds up to ~90 MB while it reads)."""
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(4, max(cores - 1, min(2, cores)))


PARALLEL_FROM = 8  # fewer files than this are not worth starting worker processes for
IN_FLIGHT_BYTES = 256 * 1024 * 1024  # files read ahead of their extraction, at most


@dataclass
class _Job:
    data: bytes
    sha: str
    name: str
    label: str
    imported_from: str
    stored: Future[str] | None = None  # the original being written to the blob store meanwhile
    depth: int = 0  # 0 for a file met on disk, 1 for its attachments, 2 for theirs…


class Importer:
    def __init__(
        self,
        vault: Vault,
        options: ImportOptions | None = None,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.vault = vault
        self.options = options or ImportOptions()
        self.progress = progress or (lambda _p: None)
        self.cancel = cancel or threading.Event()
        self.student_id = self.options.student_id if self.options.student_id else self._only_student()
        self._writer: ThreadPoolExecutor | None = None
        self._workers: Workers | None = None
        self._stop: IEPDeskError | None = None
        self._known: set[str] | None = None  # the originals the vault holds, read once: most files are new

    def _only_student(self) -> int | None:
        with self.vault.session() as session:
            ids = session.scalars(select(Student.id).limit(2)).all()
        return ids[0] if len(ids) == 1 else None

    def run(self, paths: list[Path]) -> ImportReport:
        """Import in the order found. Text extraction runs in worker processes when there are many files
        (it is CPU work, and PyMuPDF holds the GIL); reading, hashing and every write stay here, in order."""
        report = ImportReport()
        found = list(walk([Path(p) for p in paths]))
        workers = self.options.workers if len(found) >= PARALLEL_FROM else 0
        pool = Workers(workers) if workers >= 2 else None
        with ThreadPoolExecutor(1, thread_name_prefix="blob-writer") as writer, closing(pool):
            self._workers = pool
            self._writer = writer if pool else None  # with workers, originals are written while they extract
            in_flight: deque[tuple[_Job, Future[Analysed] | None]] = deque()
            for done, entry in enumerate(found):
                self.progress(Progress(done, len(found), readable(entry.path.name)))
                if self.cancel.is_set():
                    report.cancelled = True
                    break
                if entry.problem:
                    report.results.append(FileResult(readable(str(entry.path)), "rejected", reason=entry.problem))
                    continue
                job = self._job(entry.path, report)
                if job is None:
                    continue
                future = pool.submit(job.data, job.name, self.options.password) if pool else None
                in_flight.append((job, future))
                while in_flight and (len(in_flight) >= max(1, 4 * workers)
                                     or sum(len(j.data) for j, _ in in_flight) > IN_FLIGHT_BYTES):
                    report.results.extend(self._finish(*in_flight.popleft()))
                if self._stop is not None:
                    break
            while in_flight:
                report.results.extend(self._finish(*in_flight.popleft()))
        report.stopped = self._stop
        if not report.cancelled and report.stopped is None:
            self.progress(Progress(len(found), len(found), ""))
        return report

    def _job(self, path: Path, report: ImportReport) -> _Job | None:
        """Read and hash a file; None when it is rejected or already in the vault (noted in the report)."""
        label = readable(str(path))  # a name that is not UTF-8 is shown with U+FFFD where it is not
        try:
            size = path.stat().st_size
            if size == 0:
                raise Rejected("is empty (0 bytes): there is nothing in it to keep. Copy the file again.")
            if size > self.options.max_bytes:
                raise Rejected(
                    f"is {size_text(size)}, over the {size_text(self.options.max_bytes)} limit for one file. Split "
                    "it into smaller PDFs, or lower a scan's resolution, then import the parts."
                )
            data = path.read_bytes()
        except Rejected as rejected:
            report.results.append(FileResult(label, "rejected", reason=str(rejected)))
            return None
        except OSError as error:
            report.results.append(FileResult(label, "rejected", reason=(
                f"could not be read ({error.strerror or error}). Check that it still exists and that you can "
                "open it, then import it again.")))
            return None
        if self._stop is None:
            self._check_room(safe_name(path.name), len(data))
        if self._stop is not None:
            report.results.append(FileResult(label, "rejected", reason=_NOT_STORED))
            return None
        job = _Job(data, sha256_of(data), safe_name(path.name), label, readable(str(path.resolve())))
        duplicate = self._existing(job.sha)
        if duplicate:
            report.results.append(duplicate_result(label, duplicate))
            return None
        if self._writer is not None:
            job.stored = self._writer.submit(self.vault.blobs.put, job.data, job.sha)
        return job

    def _check_room(self, name: str, size: int) -> None:
        """Stop before a file that the vault's drive has no room for (its original, its text, and a margin)."""
        need = size + ROOM_MARGIN
        free = free_bytes(self.vault.path)
        if free is not None and free < need:
            self._stop = VaultFull(full_message(self.vault.path, f"importing “{name}”", need))

    def _finish(self, job: _Job, future: Future[Analysed] | None, parent: Item | None = None) -> list[FileResult]:
        if self._stop is not None:
            return [FileResult(job.label, "rejected", reason=_NOT_STORED)]
        try:
            analysed = self._analysed(job, future)
            duplicate = self._existing(job.sha)  # the same file twice in one batch: the first one won
            if duplicate:
                return [duplicate_result(job.label, duplicate)]
            return self._store(job, analysed, parent)
        except Rejected as rejected:
            self._forget_original(job)
            return [FileResult(job.label, "rejected", reason=str(rejected), code=rejected.code)]
        except Exception as error:  # one file's surprise must not stop the others
            stop = _vault_failure(self.vault.path, error, job.name)
            if stop is not None:  # but a vault that can take nothing more stops the import
                self._stop = stop
                try:
                    self._forget_original(job)
                except Exception:  # the vault's trouble again: the original stays, verify lists it as a leftover
                    log.warning("could not remove the original of %s after the import stopped", job.label)
                return [FileResult(job.label, "rejected", reason=_NOT_STORED)]
            log.exception("unexpected failure importing %s", job.label)
            self._forget_original(job)
            return [FileResult(
                job.label, "rejected",
                reason=f"could not be imported because of an unexpected problem ({type(error).__name__}: {error}). "
                "The other files were not affected; please report this one.",
            )]

    def _analysed(self, job: _Job, future: Future[Analysed] | None) -> Analysed:
        if future is None or self._workers is None:
            return analyse(job.data, job.name, self.options.password)
        try:
            return future.result()
        except BrokenProcessPool:
            log.warning("a text worker died while reading %s; reading it again on its own", job.label)
            return self._workers.retry_alone(job.data, job.name, self.options.password)

    def _forget_original(self, job: _Job) -> None:
        """A rejected file's bytes, if they were stored (ahead of time, or just before its row could not be
        written), are removed again, unless an item uses them."""
        if job.stored is not None:
            try:
                job.stored.result()
            except OSError:
                return
        elif not self.vault.blobs.has(job.sha):
            return
        if self._existing(job.sha) is None:
            self.vault.blobs.remove_unused(job.sha)

    def _attachment(self, data: bytes, name: str, label: str, imported_from: str, parent: Item,
                    depth: int) -> list[FileResult]:
        if not data:
            return [FileResult(label, "rejected", reason="is empty (0 bytes): there is nothing in it to keep.")]
        if len(data) > self.options.max_bytes:
            return [FileResult(label, "rejected",
                               reason=f"is {size_text(len(data))}, over the {size_text(self.options.max_bytes)} "
                                      "limit for one file.")]
        job = _Job(data, sha256_of(data), name, label, imported_from, depth=depth)
        duplicate = self._existing(job.sha)
        if duplicate:
            return [duplicate_result(label, duplicate)]
        return self._finish(job, None, parent)

    def _store(self, job: _Job, analysed: Analysed, parent: Item | None) -> list[FileResult]:
        extracted, guesses = analysed
        if parent is not None:
            if guesses.date is None and parent.doc_date is not None:
                guesses.date = parent.doc_date
                guesses.reasons["date"] = "the date of the email it came with"
            if guesses.source is None and parent.source is not None:
                guesses.source = parent.source
                guesses.reasons["source"] = "the source of the email it came with"
        attachments = extracted.attachments
        if attachments and job.depth >= MAX_ATTACHMENT_DEPTH:
            extracted.warnings.append(
                f"holds {len(attachments)} more attachment(s) nested more than {MAX_ATTACHMENT_DEPTH} levels deep "
                "(messages forwarded inside forwarded messages). They were not imported one by one; they stay "
                "inside this message's original, which is kept whole."
            )
            attachments = []
        if job.stored is not None:
            job.stored.result()
        else:
            self.vault.blobs.put(job.data, job.sha)
        item = self._record(job, extracted, guesses, parent)
        needs_ocr = sum(1 for page in extracted.pages if page.needs_ocr)
        results = [FileResult(job.label, "imported", item.id, item.page_count, item.kind, None,
                              tuple(extracted.warnings), needs_ocr)]
        for attachment in attachments:
            results.extend(self._attachment(
                attachment.data, attachment.name, f"{job.label} › {attachment.name}", job.imported_from, item,
                job.depth + 1,
            ))
        return results

    def _existing(self, sha: str) -> Item | None:
        if self._known is None:
            with self.vault.session() as session:
                self._known = set(session.scalars(select(Item.sha256).where(Item.origin != "note")))
        if sha not in self._known:
            return None
        with self.vault.session() as session:
            return session.scalars(
                select(Item).where(Item.sha256 == sha, Item.origin != "note").limit(1)
            ).first()

    def _record(self, job: _Job, extracted: Extracted, guesses: guessing.Guesses, parent: Item | None) -> Item:
        needs_ocr = any(page.needs_ocr for page in extracted.pages)
        meta = dict(extracted.meta)
        if extracted.warnings:
            meta["warnings"] = extracted.warnings
        row = {
            "student_id": parent.student_id if parent else self.student_id,
            "parent_id": parent.id if parent else None,
            "origin": "attachment" if parent else "file",
            "kind": guesses.kind,
            "title": guesses.title[:500],
            "doc_date": guesses.date,
            "doc_time": _naive_utc(extracted.sent),
            "author": guesses.author,
            "recipients": extracted.recipients,
            "cc": extracted.cc,
            "source": guesses.source,
            "thread": extracted.thread,
            "original_name": job.name,
            "imported_from": job.imported_from,
            "sha256": job.sha,
            "size": len(job.data),
            "media_type": extracted.media_type,
            "page_count": len(extracted.pages),
            "text_status": "needs_ocr" if needs_ocr else "ok",
            "guesses": guesses.reasons,
            "meta": meta,
            "created_at": utcnow(),
        }
        # Core statements, not the ORM's unit of work: a third of the importing process's time went there.
        with self.vault.session() as session:
            item_id = session.connection().execute(insert(Item.table()), row).lastrowid
            session.execute(insert(Page.table()), [
                {"item_id": item_id, "number": number, "text": page.text,
                 "status": "needs_ocr" if page.needs_ocr else "text"}
                for number, page in enumerate(extracted.pages, 1)
            ])
            where = f" (attached to item {parent.id})" if parent else ""
            Vault.record(
                session, "import", f"Imported “{job.name}”{where}: {len(extracted.pages)} page(s).",
                actor=self.options.actor, item_id=item_id, detail={"sha256": job.sha, "from": job.imported_from},
            )
        item = Item(id=item_id, **row)  # not in a session: what the caller and the attachments need to know
        if self._known is not None:
            self._known.add(job.sha)
        return item


ROOM_MARGIN = 1024 * 1024  # beyond a file's size: its text, the search index, the database's journal
_NOT_STORED = "was not imported: the import stopped (the reason is below). Import it again once that is put right."


def _vault_failure(vault_path: Path, error: Exception, name: str) -> IEPDeskError | None:
    """The error that stops an import, when ``error`` says the vault can take nothing more."""
    from iepdesk.vault.space import database_error

    found = error if isinstance(error, VaultError) else database_error(vault_path, error, f"importing “{name}”")
    return found if isinstance(found, VaultFull | VaultReadOnly | VaultDamaged | VaultLocked) else None


def duplicate_result(label: str, existing: Item) -> FileResult:
    where = " (it is in the Trash: restore it from there)" if existing.trashed_at else ""
    return FileResult(
        label, "duplicate", existing.id, existing.page_count, existing.kind,
        f"is already in the vault as item {existing.id}, “{existing.title}”{where}; it was not stored again.",
    )


def _naive_utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def import_paths(
    vault: Vault,
    paths: list[Path],
    options: ImportOptions | None = None,
    progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    return Importer(vault, options, progress, cancel).run(paths)

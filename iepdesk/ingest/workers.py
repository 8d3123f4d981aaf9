"""The worker processes that extract text during an import: started fresh ("spawn"), ended with the process
that started them (even when it is killed), and replaced when one dies."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from iepdesk.errors import Rejected
from iepdesk.ingest.analyse import Analysed, analyse
from iepdesk.orphans import die_with_parent


class Workers:
    """Worker processes for text extraction, replaced when one dies (a crash in a PDF library, the
    out-of-memory killer): the files it held are then read again one by one, each in a process of its own,
    so only a file that crashes its reader twice is rejected."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._executor: ProcessPoolExecutor | None = None

    def _new(self, count: int) -> ProcessPoolExecutor:
        # "spawn": a clean interpreter, safe beside the app's threads and the same on every platform. The workers
        # end with this process, even when it is killed (iepdesk.orphans).
        return ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=die_with_parent, initargs=(os.getpid(),))

    def submit(self, data: bytes, name: str, password: str | None) -> Future[Analysed]:
        if self._executor is None:
            self._executor = self._new(self.count)
        try:
            return self._executor.submit(analyse, data, name, password)
        except BrokenProcessPool:
            self.restart()
            return self.submit(data, name, password)

    def retry_alone(self, data: bytes, name: str, password: str | None) -> Analysed:
        self.restart()
        with self._new(1) as alone:
            try:
                return alone.submit(analyse, data, name, password).result()
            except BrokenProcessPool as error:
                raise Rejected(
                    "made the text reader stop twice; the file is probably damaged. Open it and save or print "
                    "it as a new PDF, then import that."
                ) from error

    def restart(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


@contextmanager
def closing(workers: Workers | None) -> Iterator[None]:
    try:
        yield
    finally:
        if workers is not None:
            workers.close()

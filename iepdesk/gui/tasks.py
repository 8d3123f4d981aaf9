"""One helper for all background work: run a core function off the GUI thread, get the result back on it.

Workers never touch widgets. The function gets a ``report(progress)`` callable and a cancel Event; its
result or its exception comes back through ``done`` / ``failed`` on the GUI thread. ``synchronous=True``
runs the work at once on the calling thread (for tests).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    progress = Signal(object)
    done = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    def __init__(self, work: Callable[[Callable[[Any], None], threading.Event], Any]) -> None:
        super().__init__()
        self.work = work
        self.cancel = threading.Event()
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit, self.cancel)
        except BaseException as error:  # carried back to the GUI thread as a value
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


class TaskRunner(QObject):
    """Database writes go through one thread at a time (a pool of one)."""

    def __init__(self, parent: QObject | None = None, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.synchronous = synchronous
        self._running: set[Task] = set()

    def start(
        self,
        work: Callable[[Callable[[Any], None], threading.Event], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        progress: Callable[[Any], None] | None = None,
    ) -> Task:
        task = Task(work)
        # first: the runner is free again by the time ``done`` runs, so ``done`` may start the next task
        task.signals.done.connect(lambda _r: self._running.discard(task))
        task.signals.failed.connect(lambda _e: self._running.discard(task))
        task.signals.done.connect(done)
        task.signals.failed.connect(failed)
        if progress is not None:
            task.signals.progress.connect(progress)
        self._running.add(task)
        if self.synchronous:
            task.run()
        else:
            self.pool.start(task)
        return task

    def wait(self, msecs: int = -1) -> bool:
        for task in list(self._running):
            task.cancel.set()
        return self.pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        return bool(self._running)

"""The front matter typeset in a helper process while this one lays out the exhibits.

Typesetting the front matter (ReportLab) and laying out the exhibits (PyMuPDF) each keep one core busy and need
nothing from each other once the plan is known; on a laptop with two cores a big binder is made in about the
time of the longer of the two. The helper starts fresh ("spawn", as the import's workers), ends with this
process even when it is killed (iepdesk.orphans), and is stopped when the binder is done, cancelled or fails.
When it cannot start or dies, the front matter is typeset here instead: a helper's trouble never stops a binder.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.connection import Connection

from iepdesk.binder.model import FrontMatter, FrontMatterInput
from iepdesk.orphans import die_with_parent

# Below this many exhibits the front matter takes less time than starting a process.
HELPER_FROM = 40


def _serve(conn: Connection, parent_pid: int) -> None:
    die_with_parent(parent_pid)
    from iepdesk.binder import fonts

    fonts.register()  # ready before the plan arrives
    try:
        data = conn.recv()
    except EOFError:  # the binder stopped before its plan was ready
        return
    try:
        made: FrontMatter | None = typeset_here(data)
    except Exception:  # the binder typesets it again in its own process, and reports that
        made = None
    try:
        conn.send(made)
    except OSError:  # the binder stopped meanwhile
        pass


def start(exhibits: int) -> FrontMatterHelper | None:
    """A helper when a binder of ``exhibits`` is worth one and a process can be started, else None."""
    if exhibits < HELPER_FROM or (os.cpu_count() or 1) < 2:
        return None
    try:
        return FrontMatterHelper()
    except OSError:  # no process could be started (limits, a locked-down machine): typeset here
        return None


def typeset_here(data: FrontMatterInput) -> FrontMatter:
    from iepdesk.binder.front import build_front_matter

    return build_front_matter(data)


class FrontMatterHelper:
    """One helper process for one binder: ``typeset(data)``, then ``result()``; ``close()`` in any case. The
    typeset pages are received by a thread of this process as soon as they are ready, so the helper ends and
    gives back its memory while the exhibits are still being laid out."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, theirs = context.Pipe()
        self._data: FrontMatterInput | None = None
        self._reply: object = None
        self._receiver: threading.Thread | None = None
        self._process = context.Process(target=_serve, args=(theirs, os.getpid()), name="iepdesk-front-matter",
                                        daemon=True)
        try:
            self._process.start()
        finally:
            theirs.close()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def typeset(self, data: FrontMatterInput) -> None:
        self._data = data
        try:
            self._conn.send(data)
        except Exception:  # the helper is gone (or the plan could not be sent): result() typesets it here
            return
        self._receiver = threading.Thread(target=self._receive, name="front-matter-receiver", daemon=True)
        self._receiver.start()

    def _receive(self) -> None:
        try:
            self._reply = self._conn.recv()
        except Exception:  # the helper died or was stopped, or sent what cannot be read: typeset here
            self._reply = None

    def result(self) -> FrontMatter:
        assert self._data is not None, "typeset() first"
        if self._receiver is not None:
            self._receiver.join()
        reply = self._reply
        self.close()
        return reply if isinstance(reply, FrontMatter) else typeset_here(self._data)

    def close(self) -> None:
        """Stop the helper (at once, if it is still at work) and wait for it and the receiving thread."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=10)
        if self._receiver is not None:
            self._receiver.join(timeout=10)  # its pipe's other end is closed now: it has returned
        self._conn.close()

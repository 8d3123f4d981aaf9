"""Helper processes (text-extraction workers, Tesseract) that end when IEPDesk ends, even when it is killed.

On Linux the kernel does it: ``PR_SET_PDEATHSIG`` sends the helper SIGKILL when the thread that started it
dies (IEPDesk starts and stops its helpers from one thread, the one doing the work). Elsewhere a worker
watches the pipe to its parent (``multiprocessing.parent_process().sentinel``) from a thread and exits when it
closes. Without this, a killed import left its workers (150–200 MB each) running for ever.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def _death_signal_call() -> Callable[[], int] | None:
    """The prctl call, bound once here: a child just after fork only makes the system call."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        prctl = ctypes.CDLL(None).prctl
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return None
    args = (ctypes.c_int(_PR_SET_PDEATHSIG), ctypes.c_ulong(signal.SIGKILL), ctypes.c_ulong(0),
            ctypes.c_ulong(0), ctypes.c_ulong(0))
    return lambda: prctl(*args)


_SET_DEATH_SIGNAL = _death_signal_call()


def die_with_parent(parent_pid: int) -> None:
    """Initializer of a worker process that ``parent_pid`` started."""
    if _SET_DEATH_SIGNAL is not None and _SET_DEATH_SIGNAL() == 0:
        if os.getppid() != parent_pid:  # the parent died before the signal was asked for
            os._exit(1)
        return
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover - not a multiprocessing child
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def child_dies_with_us() -> None:
    """``preexec_fn`` for a helper program such as Tesseract (Linux): one system call between fork and exec,
    so it is safe beside the app's threads."""
    if _SET_DEATH_SIGNAL is not None:
        _SET_DEATH_SIGNAL()


def preexec() -> Callable[[], None] | None:
    """What to pass as ``preexec_fn`` to subprocess (None where there is nothing to do)."""
    return child_dies_with_us if _SET_DEATH_SIGNAL is not None else None

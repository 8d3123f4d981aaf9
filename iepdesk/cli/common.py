"""What every command shares: output (text or ``--json``), dates, opening the vault, progress on a terminal.

Exit codes: 0 done; 1 done, but some inputs were rejected (each named on stderr); 2 usage error; 3 the vault
cannot be used. ``--json`` prints one JSON document on stdout; messages go to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when a command runs
    from iepdesk.criteria.catalogue import Catalogue
    from iepdesk.vault import Vault

Handler = Callable[[argparse.Namespace], int]


# What a terminal would obey instead of show (escape sequences in an email's subject, say) and characters that
# turn text around (the right-to-left override in "evil\u202efdp.exe") are shown as U+FFFD; so are the bytes of a
# file name that are not UTF-8 (names.readable).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    from iepdesk.ingest.names import readable

    return _UNSAFE.sub("\ufffd", readable(text))


def say(message: str) -> None:
    print(printable(message), file=sys.stderr)


def emit(args: argparse.Namespace, data: Any, lines: Sequence[str] = ()) -> None:
    if getattr(args, "json", False):  # JSON escapes control characters itself; it must be valid UTF-8
        from iepdesk.ingest.names import readable

        sys.stdout.write(readable(json.dumps(data, indent=2, ensure_ascii=False, default=str)) + "\n")
    else:
        for line in lines:
            print(printable(line))


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2025-10-14") from error


def vault_path(args: argparse.Namespace) -> Path:
    from iepdesk.vault import default_vault_path

    return Path(args.vault) if getattr(args, "vault", None) else default_vault_path()


def open_vault(args: argparse.Namespace, write: bool = True) -> Vault:
    from iepdesk.vault import Vault

    return Vault.open(vault_path(args), write=write, holder="the iepdesk command")


def criteria_catalogue(vault: Vault) -> Catalogue:
    from iepdesk.criteria.catalogue import load_catalogue

    return load_catalogue(vault)


def progress_printer(enabled: bool) -> Callable[[Any], None]:
    def show(progress: Any) -> None:
        if progress.current and progress.total:
            verb = "Reading text (OCR)" if progress.phase == "ocr" else "Importing"
            sys.stderr.write(f"\r\x1b[K{verb} {progress.done + (progress.phase != 'ocr')}/{progress.total}: "
                             f"{progress.current[:60]}")
            sys.stderr.flush()
    return show if enabled else (lambda _p: None)


def phase_printer() -> Callable[[Any], None]:
    tty = sys.stderr.isatty()

    def show(progress: Any) -> None:
        if tty and progress.current:
            sys.stderr.write(f"\r\x1b[K{progress.current[:70]}")
            sys.stderr.flush()
    return show


def clear_line() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")

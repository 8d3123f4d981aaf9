"""One way for the app to ask the core for a change: a refusal is the core's own sentence, shown in a box."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

T = TypeVar("T")

# Where the app does what a core sentence names as a command line (the CLI's words are kept for the CLI).
APP_PLACES = {
    "verify": "Tools ▸ Check the vault…",
    "ocr": "Tools ▸ Read scanned pages now",
    "untrash": "Edit ▸ Restore from Trash",
    "repair": "the repair IEPDesk offers when you open the vault again",
    "parent set": "Tools ▸ Your details…",
    "student edit": "Tools ▸ Your child and state…",
    "person add": "People of the case",
    "init": "File ▸ New vault…",
}
_QUOTED = re.compile(r"'iepdesk ([a-z]+(?: [a-z]+)?)[^']*'")
_UNQUOTED = re.compile(r"\biepdesk (" + "|".join(sorted(APP_PLACES, key=len, reverse=True)) +
                       r")\b[^.()]*?(?= \(|[.;]|$)")
_PARENTHESES = re.compile(r"\s*\([^()]*\biepdesk [^()]*\)")
_SENTENCE = re.compile(r"(?<=[.!?:;])?\s*[^.!?;]*\biepdesk [a-z][^.!?]*[.!?]?")


def said(error: BaseException | str) -> str:
    """A core sentence in the app's words: a command it names becomes the menu that does it, or is left out."""
    text = str(error)

    def place(match: re.Match[str]) -> str:
        words = match.group(1)
        known = APP_PLACES.get(words) or APP_PLACES.get(words.split()[0])
        return known if known else match.group(0)

    text = _QUOTED.sub(place, text)
    text = _UNQUOTED.sub(lambda m: APP_PLACES[m.group(1)], text)
    text = re.sub(r"\brun (?=Tools|Edit|File|the repair)", "use ", text)
    text = _PARENTHESES.sub("", text)
    text = _SENTENCE.sub("", text)
    return re.sub(r"\s+([.,;:])", r"\1", text).strip()


def attempt(parent: QWidget, title: str, change: Callable[[], T]) -> T | None:
    """``change()``, or None when the core refused it (its sentence shown under ``title``; nothing changed)."""
    try:
        return change()
    except Exception as error:  # a sentence from the core: show it, change nothing
        QMessageBox.warning(parent, title, said(error))
        return None


def tell_notes(parent: QWidget, title: str, notes: tuple[str, ...] | list[str]) -> None:
    """What the core noted about a change it made (a date in the future, say), when it noted anything."""
    if notes:
        QMessageBox.information(parent, title, "\n\n".join(said(note) for note in notes))

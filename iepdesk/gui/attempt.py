"""One way for the app to ask the core for a change: a refusal is the core's own sentence, shown in a box."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

T = TypeVar("T")


def attempt(parent: QWidget, title: str, change: Callable[[], T]) -> T | None:
    """``change()``, or None when the core refused it (its sentence shown under ``title``; nothing changed)."""
    try:
        return change()
    except Exception as error:  # a sentence from the core: show it, change nothing
        QMessageBox.warning(parent, title, str(error))
        return None


def tell_notes(parent: QWidget, title: str, notes: tuple[str, ...] | list[str]) -> None:
    """What the core noted about a change it made (a date in the future, say), when it noted anything."""
    if notes:
        QMessageBox.information(parent, title, "\n\n".join(notes))

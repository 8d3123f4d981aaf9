"""Every window and dialog fits the screen it opens on (a 1366 x 768 laptop shows each one whole), and the main
window keeps the size and dividers the parent gave it, from one start to the next."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLayout, QSplitter, QWidget

# The window manager's title bar and frame take this much height beyond the widget's own.
FRAME_ALLOWANCE = 40


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to width x height, or smaller on a smaller screen, so the whole of it, frame included, shows."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(width, height)
        return
    room = screen.availableGeometry()
    widget.resize(min(width, room.width() - 16), min(height, room.height() - FRAME_ALLOWANCE))


def restore_layout(window: QWidget, splitters: dict[str, QSplitter]) -> None:
    """The size, place and dividers the window was left with, still within this screen."""
    settings = QSettings()
    geometry = settings.value("window/geometry")
    if geometry is not None and window.restoreGeometry(geometry):
        fit_to_screen(window, window.width(), window.height())
    for key, splitter in splitters.items():
        state = settings.value(f"window/{key}")
        if state is not None:
            splitter.restoreState(state)


def save_layout(window: QWidget, splitters: dict[str, QSplitter]) -> None:
    settings = QSettings()
    settings.setValue("window/geometry", window.saveGeometry())
    for key, splitter in splitters.items():
        settings.setValue(f"window/{key}", splitter.saveState())


def empty(layout: QLayout) -> None:
    """Take every widget out of a layout that is filled again (a letter's fields, a meeting's asks)."""
    while (row := layout.takeAt(0)) is not None:
        if (old := row.widget()) is not None:
            old.hide()  # gone from the screen now, deleted when Qt is back in its loop
            old.deleteLater()

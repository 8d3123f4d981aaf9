"""Every window and dialog fits the screen it opens on: a 1366 x 768 laptop shows each one whole."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

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

"""The keyboard reaches everything: Tab and Shift+Tab move from control to control and leave every list, table
and text box (in a text box Ctrl+Tab types nothing and also moves on; no field of IEPDesk needs a tab character)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QDialog, QPlainTextEdit, QTextEdit, QWidget


def tab_moves_on(root: QWidget) -> None:
    """Make Tab leave the lists, tables and text boxes under ``root`` (arrows still move inside a list)."""
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)
    for plain in root.findChildren(QPlainTextEdit):
        plain.setTabChangesFocus(True)
    for rich in root.findChildren(QTextEdit):
        rich.setTabChangesFocus(True)


class Dialog(QDialog):
    """IEPDesk's dialogs: Tab leaves their lists and text boxes (see above) whatever they hold when shown."""

    def showEvent(self, event: Any) -> None:
        tab_moves_on(self)
        super().showEvent(event)

"""The chosen document's original: Open the original (in the computer's own viewer; also a double click) and
Save a copy of the original…, and the list's right-click menu with them, Tag as evidence and the Trash."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from iepdesk.gui.attempt import attempt

if TYPE_CHECKING:
    from iepdesk.gui.main_window import MainWindow
    from iepdesk.items import ItemRecord


class DocumentActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.open_action = window._action("&Open the original", "Ctrl+Return", self.open_original)
        self.save_copy_action = window._action("Save a &copy of the original…", "Ctrl+Shift+S", self._on_save_copy)
        window.table.doubleClicked.connect(lambda _index: self.open_original())
        window.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        window.table.customContextMenuRequested.connect(self._on_context_menu)

    def _item(self) -> ItemRecord | None:
        from iepdesk.items import get_item

        item_id = self.window.current_item_id()
        return get_item(self.window.vault, item_id) if item_id is not None else None

    def open_original(self) -> None:
        """A copy under the document's own name, in the vault's cache folder (private, safe to delete), opened
        by the program the computer uses for that type of file; the original itself is never handed out."""
        from iepdesk.export import copy_original, original_name

        item = self._item()
        if item is None:
            return
        folder = self.window.vault.path / "cache" / "opened" / str(item.id)
        copy = attempt(self.window, "The original could not be opened",
                       lambda: copy_original(self.window.vault, item, folder / original_name(item)))
        if copy is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
            QMessageBox.information(self.window, "No program to open it",
                                    f"This computer has no program set to open “{copy.name}”. A copy is at:\n{copy}")

    def _on_save_copy(self) -> None:
        from iepdesk.export import copy_original, original_name

        item = self._item()
        if item is None:
            return
        name, _ = QFileDialog.getSaveFileName(self.window, "Save a copy of the original",
                                              str(Path.home() / original_name(item)))
        if name and attempt(self.window, "The copy was not saved",
                            lambda: copy_original(self.window.vault, item, Path(name))) is not None:
            self.window.statusBar().showMessage(f"Saved a copy of the original: {name}", 10000)

    def _on_context_menu(self, where: QPoint) -> None:
        window = self.window
        index = window.table.indexAt(where)
        if not index.isValid():
            return
        window.table.setCurrentIndex(index)
        menu = QMenu(window.table)
        menu.addActions([self.open_action, self.save_copy_action])
        menu.addSeparator()
        menu.addActions([window.tag_action, window.edits.trash_action, window.edits.restore_action])
        menu.popup(window.table.viewport().mapToGlobal(where))

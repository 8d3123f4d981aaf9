"""The chosen documents: Open the original (in the computer's own viewer; also a double click), Show it in its
folder, Save a copy of the original…, Change the chosen documents… (several at once), and the list's
right-click menu with them, Tag as evidence and the Trash."""

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
        self.show_folder_action = window._action("Show in &folder", None, self._on_show_folder)
        self.batch_action = window._action("C&hange the chosen documents…", "Ctrl+Shift+E", self._on_batch_edit)
        self.batch_action.setToolTip("Set the kind, date, source or child of every document chosen in the list "
                                     "(Shift or Ctrl click to choose several)")
        window.table.doubleClicked.connect(lambda _index: self.open_original())
        window.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        window.table.customContextMenuRequested.connect(self._on_context_menu)

    def _item(self) -> ItemRecord | None:
        from iepdesk.items import get_item

        item_id = self.window.current_item_id()
        return get_item(self.window.vault, item_id) if item_id is not None else None

    def _opened_copy(self, item: ItemRecord) -> Path | None:
        """A copy under the document's own name, in the vault's cache folder (private, safe to delete); the
        original itself is never handed out."""
        from iepdesk.export import copy_original, original_name

        folder = self.window.vault.path / "cache" / "opened" / str(item.id)
        return attempt(self.window, "The original could not be copied",
                       lambda: copy_original(self.window.vault, item, folder / original_name(item)))

    def open_original(self) -> None:
        """The copy, opened by the program the computer uses for that type of file."""
        item = self._item()
        copy = self._opened_copy(item) if item is not None else None
        if copy is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
            QMessageBox.information(self.window, "No program to open it",
                                    f"This computer has no program set to open “{copy.name}”. A copy is at:\n{copy}")

    def _on_show_folder(self) -> None:
        """The folder holding the copy, in the computer's file manager (to attach it to an email, say)."""
        item = self._item()
        copy = self._opened_copy(item) if item is not None else None
        if copy is not None:
            if QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy.parent))):
                self.window.statusBar().showMessage(f"A copy of the original is in {copy.parent}", 10000)
            else:
                QMessageBox.information(self.window, "No file manager",
                                        f"This computer has no program set to show folders. The copy is at:\n{copy}")

    def _on_batch_edit(self) -> None:
        from iepdesk.gui.dialogs.batch import BatchEditDialog
        from iepdesk.items import update_items
        from iepdesk.students import list_students

        window = self.window
        chosen = window.selected_item_ids()
        if not chosen:
            window.statusBar().showMessage("Choose the documents in the list first (Shift or Ctrl click for several).",
                                           10000)
            return
        dialog = BatchEditDialog(len(chosen), list_students(window.vault), window)
        if dialog.exec() != BatchEditDialog.DialogCode.Accepted or not dialog.changes():
            return
        changes = dialog.changes()
        if window._run_change(lambda: update_items(window.vault, chosen, actor="app", **changes)) is not None:
            window.statusBar().showMessage(f"Changed {len(chosen)} documents. Undo (Ctrl+Z) takes it back.", 10000)

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
        if not window.table.selectionModel().isRowSelected(index.row()):  # a click on a chosen row keeps the choice
            window.table.setCurrentIndex(index)
        menu = QMenu(window.table)
        menu.addActions([self.open_action, self.show_folder_action, self.save_copy_action, self.batch_action])
        menu.addSeparator()
        menu.addActions([window.tag_action, window.edits.trash_action, window.edits.restore_action])
        menu.popup(window.table.viewport().mapToGlobal(where))

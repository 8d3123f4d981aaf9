"""Edit ▸ Undo and Redo (named for the step they undo), Move to Trash and Restore from Trash: each change goes
through the core, which keeps the undo history with the data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence

from iepdesk.gui.parity import covers

if TYPE_CHECKING:
    from iepdesk.gui.main_window import MainWindow


class EditActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.undo_action = covers(window._action("&Undo", QKeySequence.StandardKey.Undo, self._on_undo_triggered),
                                  "undo")
        self.redo_action = covers(window._action("&Redo", QKeySequence.StandardKey.Redo, self._on_redo_triggered),
                                  "redo")
        self.trash_action = covers(window._action("Move to &Trash", QKeySequence.StandardKey.Delete,
                                                  self._on_trash_triggered), "trash")
        self.restore_action = covers(window._action("&Restore from Trash", "Ctrl+Shift+R",
                                                    self._on_restore_triggered), "untrash")

    def _on_trash_triggered(self) -> None:
        from iepdesk.items import trash_items

        window = self.window
        chosen = window.selected_item_ids()
        if chosen and window._run_change(lambda: trash_items(window.vault, chosen, actor="app")) is not None:
            what = "Moved to the Trash" if len(chosen) == 1 else f"Moved {len(chosen)} documents to the Trash"
            window.statusBar().showMessage(f"{what}. Undo (Ctrl+Z) or Restore brings it back.", 10000)

    def _on_restore_triggered(self) -> None:
        from iepdesk.items import restore_items

        window = self.window
        chosen = window.selected_item_ids()
        if chosen:
            window._run_change(lambda: restore_items(window.vault, chosen, actor="app"))

    def _on_undo_triggered(self) -> None:
        from iepdesk import undo

        step = undo.undo(self.window.vault, actor="app")
        if step is not None:
            self.window.statusBar().showMessage(f"Undone: {step.summary}", 8000)
            self.window._changed()

    def _on_redo_triggered(self) -> None:
        from iepdesk import undo

        step = undo.redo(self.window.vault, actor="app")
        if step is not None:
            self.window.statusBar().showMessage(f"Redone: {step.summary}", 8000)
            self.window._changed()

    def update(self) -> None:
        """Undo and Redo say which step they would undo or redo, and are off when there is none."""
        from iepdesk import undo

        done, undone = undo.available(self.window.vault)
        self.undo_action.setText(f"&Undo {done.label}" if done else "&Undo")
        self.undo_action.setEnabled(done is not None)
        self.redo_action.setText(f"&Redo {undone.label}" if undone else "&Redo")
        self.redo_action.setEnabled(undone is not None)

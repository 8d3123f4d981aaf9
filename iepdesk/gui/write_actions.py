"""What a parent writes or makes from the case: File ▸ New note…, Paste text as a note, New letter…, Make a
binder…, Disclosure packet for a hearing…, Prepare for a meeting…, What was decided at a meeting…."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from iepdesk.gui.parity import covers

if TYPE_CHECKING:
    from iepdesk.gui.main_window import MainWindow


class WriteActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.new_note_action = covers(window._action("&New note…", "Ctrl+N", self._on_new_note_triggered),
                                      "note add")
        self.paste_note_action = covers(window._action("&Paste text as a note", "Ctrl+Shift+V",
                                                       self._on_paste_note_triggered), "note add")
        self.letter_action = covers(window._action("New &letter…", "Ctrl+L", self._on_letter_triggered), "letter")
        self.binder_action = covers(window._action("Make a &binder…", "Ctrl+B", self.make_binder), "binder")
        self.packet_action = covers(window._action("&Disclosure packet for a hearing…", None, self.make_packet),
                                    "packet")
        self.prep_action = covers(window._action("P&repare for a meeting…", None, self.make_prep), "prep")
        self.decisions_action = covers(window._action("&What was decided at a meeting…", None,
                                                      self.record_decisions), "asks", "decide")

    def _on_new_note_triggered(self, text: str = "") -> None:
        from iepdesk.gui.dialogs.note import NoteDialog
        from iepdesk.ingest.notes import add_note

        window = self.window
        note = NoteDialog.ask(text if isinstance(text, str) else "", window)
        if note is not None:
            record = window._run_change(lambda: add_note(window.vault, note.text, note_type=note.note_type,
                                                         title=note.title, date=note.date, people=note.people,
                                                         actor="app"))
            if record is not None:
                window.select_item(record.id)

    def _on_paste_note_triggered(self) -> None:
        self._on_new_note_triggered(QGuiApplication.clipboard().text())

    def _on_letter_triggered(self) -> None:
        self.write_letter()

    def write_letter(self, template_id: str = "", values: dict[str, str] | None = None,
                     to: int | None = None) -> None:
        """The letter dialog, at the letter ``template_id`` when given (Today's follow-up of an overdue answer),
        to the person ``to``, its fields filled with ``values`` (a meeting's decisions)."""
        from iepdesk.gui.dialogs.letter import LetterDialog

        dialog = LetterDialog(self.window.vault, self.window)
        if template_id:
            dialog.template.setCurrentIndex(max(0, dialog.template.findData(template_id)))
        if to is not None:
            dialog.recipient.setCurrentIndex(max(0, dialog.recipient.findData(to)))
        if values:
            dialog.fill(values)
        if dialog.exec() and dialog.sent:
            self.window._changed()
            self.window.select_item(dialog.sent[0].id)

    def make_binder(self) -> None:
        from iepdesk.gui.dialogs.binder import BinderDialog
        from iepdesk.gui.dialogs.preferences import preference

        window = self.window
        BinderDialog(window.vault, window.runner, Path(str(preference("folder"))), window).exec()
        window.refresh()

    def make_packet(self) -> None:
        from iepdesk.gui.dialogs.packet import PacketDialog
        from iepdesk.gui.dialogs.preferences import preference

        window = self.window
        PacketDialog(window.vault, window.runner, Path(str(preference("folder"))), window).exec()
        window.refresh()

    def record_decisions(self, event_id: int | None = None) -> None:
        """What was decided at a meeting, ask by ask; then, when asked, the letter confirming it."""
        from iepdesk.gui.dialogs.decisions import DecisionsDialog

        dialog = DecisionsDialog(self.window.vault, self.window, event_id if isinstance(event_id, int) else None)
        dialog.exec()
        self.window.refresh()
        if dialog.letter_values:
            self.write_letter("conversation-confirmation", dialog.letter_values, dialog.letter_to)

    def make_prep(self) -> None:
        from iepdesk.gui.dialogs.preferences import preference
        from iepdesk.gui.dialogs.prep import PrepDialog

        PrepDialog(self.window.vault, Path(str(preference("folder"))), self.window).exec()
        self.window.refresh()

"""What was decided at a meeting: for each thing the parent asked for, agreed, refused or put off, and who said
it; then the letter that puts it in writing, asking for prior written notice of each refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from iepdesk.errors import IEPDeskError
from iepdesk.gui.attempt import said
from iepdesk.gui.fit import empty, fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.vault import Vault

CHOICES = (("Not decided", None), ("Agreed", "agreed"), ("Refused", "refused"), ("Put off", "deferred"))


class DecisionsDialog(Dialog):
    def __init__(self, vault: Vault, parent: QWidget | None = None, event_id: int | None = None) -> None:
        from iepdesk.hearing.outcomes import meetings_to_record
        from iepdesk.timeline.events import MEETINGS, list_events

        super().__init__(parent)
        self.vault = vault
        self.letter_values: dict[str, str] | None = None  # set when the parent asks for the letter…
        self.letter_to: int | None = None  # …to the school's person who was at the meeting
        self.setWindowTitle("What was decided at the meeting")
        fit_to_screen(self, 900, 600)
        today = dt.date.today()
        self.meeting = QComboBox()
        self.meeting.setAccessibleName("Meeting")
        past = [e for e in list_events(vault, kinds=list(MEETINGS)) if e.date <= today][::-1]
        for event in past:
            self.meeting.addItem(f"{event.date:%B} {event.date.day}, {event.date.year}: {MEETINGS[event.kind]}",
                                 event.id)
        waiting = meetings_to_record(vault, today)
        start = event_id or (waiting[-1] if waiting else None)
        if start is not None:
            self.meeting.setCurrentIndex(max(0, self.meeting.findData(start)))
        self.rows: list[tuple[int, QComboBox, QLineEdit, QLineEdit]] = []
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.new_ask = QLineEdit()
        self.new_ask.setAccessibleName("Another ask")
        self.new_ask.setPlaceholderText("Something else you asked for at the meeting")
        add = QPushButton("&Add")
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_ask, 1)
        add_row.addWidget(add)
        form = QFormLayout()
        form.addRow("Meeting", self.meeting)
        intro = QLabel("For each thing you asked for, say what the school decided and who said it. Then write the "
                       "letter that confirms it: it lists each decision and asks for prior written notice of each "
                       "refusal (34 CFR 300.503). Never leave with only a spoken agreement.")
        intro.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.ApplyRole)
        self.letter_button = self.buttons.addButton("Write the &confirmation letter…",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(scroll, 1)
        layout.addLayout(add_row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.meeting.currentIndexChanged.connect(lambda _i: self._load())
        add.clicked.connect(self.add_ask)
        self.new_ask.returnPressed.connect(self.add_ask)
        self.save_button.clicked.connect(self.save)
        self.letter_button.clicked.connect(self.write_letter)
        close.clicked.connect(self.reject)
        if not past:
            for widget in (self.save_button, self.letter_button, add, self.new_ask):
                widget.setEnabled(False)
            self.message.setText("No meeting has taken place yet by the calendar. Add it in the Timeline (Add "
                                 "event); prepare for it with File ▸ Prepare for a meeting….")
        self._load()

    def _load(self) -> None:
        from iepdesk.hearing.outcomes import list_asks

        empty(self.grid)
        self.rows = []
        event_id = self.meeting.currentData()
        asks = list_asks(self.vault, event_id) if event_id is not None else []
        for column, title in enumerate(("You asked for", "Decision", "Who said it", "What was said")):
            self.grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for row, ask in enumerate(asks, 1):
            text = QLabel(ask.text)
            text.setWordWrap(True)
            outcome = QComboBox()
            for label, key in CHOICES:
                outcome.addItem(label, key)
            outcome.setCurrentIndex(max(0, outcome.findData(ask.outcome)) if ask.outcome else 0)
            who = QLineEdit(ask.said_by or "")
            note = QLineEdit(ask.note or "")
            for widget, name in ((outcome, "Decision"), (who, "Who said it"), (note, "What was said")):
                widget.setAccessibleName(f"{name}: {ask.text}")
            for column, cell in enumerate((text, outcome, who, note)):
                self.grid.addWidget(cell, row, column)
            self.rows.append((ask.id, outcome, who, note))
        if not asks and event_id is not None:
            self.grid.addWidget(QLabel("No asks are kept for this meeting yet. Type what you asked for below and "
                                       "press Add."), 1, 0, 1, 4)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(3, 3)
        self.grid.setRowStretch(len(asks) + 2, 1)

    def add_ask(self) -> None:
        from iepdesk.hearing.outcomes import add_asks

        text = self.new_ask.text().strip()
        if not text or self.meeting.currentData() is None:
            return
        self.save()
        if self._attempt(lambda: add_asks(self.vault, self.meeting.currentData(), [(text, ())], actor="app")):
            self.new_ask.clear()
            self._load()

    def save(self) -> bool:
        from iepdesk.hearing.outcomes import decide, list_asks

        event_id = self.meeting.currentData()
        if event_id is None:
            return False
        before = {a.id: (a.outcome, a.said_by, a.note) for a in list_asks(self.vault, event_id)}
        saved = 0
        for ask_id, outcome, who, note in self.rows:
            now = (outcome.currentData(), who.text().strip() or None, note.text().strip() or None)
            if before.get(ask_id) != now:  # an emptied field clears what was kept
                if not self._attempt(lambda a=ask_id, n=now: decide(self.vault, a, n[0], said_by=n[1] or "",
                                                                   note=n[2] or "", actor="app")):
                    return False
                saved += 1
        if saved:
            self.message.setText(f"Saved {saved} decision(s).")
        return True

    def write_letter(self) -> None:
        from iepdesk.hearing.outcomes import confirmation_values, meeting_recipient

        if not self.save():
            return
        values = self._attempt(lambda: confirmation_values(self.vault, self.meeting.currentData()))
        if values:
            self.letter_values = values
            self.letter_to = meeting_recipient(self.vault, self.meeting.currentData())
            self.accept()

    def _attempt(self, work: Any) -> Any:
        try:
            return work() or True
        except IEPDeskError as error:  # the core's refusal, in the app's words
            self.message.setText(said(error))
            return None

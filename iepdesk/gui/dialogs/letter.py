"""New letter: choose what to ask for and to whom, fill what the vault does not know, read it, then save it for
review or send and file it (the clock starts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.attempt import said
from iepdesk.gui.dates import date_of
from iepdesk.gui.fit import empty, fit_to_screen
from iepdesk.gui.keyboard import Dialog, tab_moves_on
from iepdesk.gui.palette import WARNING, text_css
from iepdesk.vault import Vault
from iepdesk.vault.blobs import atomic_write

DELIVERIES = ("email", "hand delivered", "certified mail", "mail", "portal", "fax")
# The app's words for the hints whose CLI version names a command
APP_HINTS = {
    "parent_name": "Kept once in Tools ▸ Your details…; or type it here for this letter.",
    "parent_address": "Street on one line; town, state and ZIP on the next.",
    "recipient_name": "Choose a person of the case in To above, or type a name as you would write it on an "
                      "envelope (Ms. Karen Holloway).",
}


class LetterDialog(Dialog):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        from iepdesk.letters.templates import load_templates
        from iepdesk.timeline.people import list_people

        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle("New letter")
        fit_to_screen(self, 1100, 760)
        self.sent: Any = None
        self.saved_to: Path | None = None
        self._draft: Any = None
        self._inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.template = QComboBox()
        for template in load_templates().values():
            self.template.addItem(template.title, template.id)
        self.recipient = QComboBox()
        self.recipient.addItem("The usual person for this letter", None)
        for person in list_people(vault):
            if person.role != "parent":
                self.recipient.addItem(person.shown, person.id)
        self.fields = QWidget()
        # each label above its field: the field gets the pane's whole width, however long the label
        self.fields_form = QVBoxLayout(self.fields)
        self.fields_form.setSpacing(2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields)
        self.details_note = QLabel("Your name and address are not kept yet. Enter them once and every letter is "
                                   "signed with them.")
        self.details_note.setWordWrap(True)
        self.details_button = QPushButton("Enter your &details…")
        details_row = QHBoxLayout()
        details_row.addWidget(self.details_note, 1)
        details_row.addWidget(self.details_button)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(text_css(self, WARNING))
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("The letter as it will print")
        self.sent_on = QDateEdit(QDate.currentDate())
        self.sent_on.setCalendarPopup(True)
        self.sent_on.setDisplayFormat("MMMM d, yyyy")
        self.delivery = QComboBox()
        self.delivery.addItems(DELIVERIES)
        self.proof = QLineEdit(placeholderText="Optional: a receipt, a photo of the stamped copy, the sent email…")
        top = QFormLayout()
        top.addRow("Letter", self.template)
        top.addRow("To", self.recipient)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(top)
        left_layout.addLayout(details_row)
        left_layout.addWidget(scroll)
        left_layout.addWidget(self.missing)
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        left_layout.addWidget(self.saved_label)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setSizes([480, 620])
        send_row = QHBoxLayout()
        for label, widget in (("Sent on", self.sent_on), ("by", self.delivery), ("proof", self.proof)):
            send_row.addWidget(QLabel(label))
            send_row.addWidget(widget)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("&Save PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setToolTip("Save the letter as a PDF in a folder you choose, to read, print or send "
                                    "yourself")
        self.send_button = self.buttons.addButton("Send and file", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addLayout(send_row)
        layout.addWidget(self.buttons)
        for widget, name in ((self.template, "Letter"), (self.recipient, "Recipient"), (self.sent_on, "Sent on"),
                             (self.delivery, "Delivery"), (self.proof, "Proof of delivery")):
            widget.setAccessibleName(name)
        self.template.currentIndexChanged.connect(self._on_template_changed)
        self.recipient.currentIndexChanged.connect(lambda _i: self._on_template_changed())  # the new person's details
        self.delivery.currentTextChanged.connect(self._on_delivery_changed)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.details_button.clicked.connect(self._on_details_clicked)
        self.send_button.clicked.connect(self._on_send_clicked)
        self.buttons.rejected.connect(self.reject)
        self._on_template_changed()

    # -- the draft -------------------------------------------------------------------------------------------
    def _values(self) -> dict[str, Any]:
        return {key: (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()) for key, w in
                self._inputs.items()}

    def _on_delivery_changed(self, delivery: str) -> None:
        """The method shows under the date on the letter itself."""
        widget = self._inputs.get("delivery")
        if isinstance(widget, QLineEdit):
            widget.setText(delivery)
            self.redraw()

    def fill(self, values: dict[str, str]) -> None:
        """Put these values in the letter's fields (the decisions of a meeting, for the confirmation letter)."""
        for key, value in values.items():
            widget = self._inputs.get(key)
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            elif widget is not None:
                widget.setText(value)
        self.redraw()

    def _on_template_changed(self) -> None:
        empty(self.fields_form)
        self._inputs = {}
        self.redraw(rebuild=True)

    def redraw(self, rebuild: bool = False) -> None:
        from iepdesk.letters.compose import draft

        try:
            self._draft = draft(self.vault, self.template.currentData(), None if rebuild else self._values(),
                                to=self.recipient.currentData())
        except Exception as error:  # a sentence from the core
            self.missing.setText(said(error))
            return
        if rebuild:
            for state in self._draft.fields:
                widget: QLineEdit | QPlainTextEdit
                if state.multiline:
                    widget = QPlainTextEdit(state.value)
                    widget.setMinimumHeight(56)
                    widget.setMaximumHeight(90)
                    widget.textChanged.connect(lambda: self.redraw())
                else:
                    widget = QLineEdit(state.value)
                    widget.textEdited.connect(lambda _t: self.redraw())
                hint = APP_HINTS.get(state.key, state.hint or "")
                widget.setPlaceholderText(hint)
                widget.setToolTip(hint)
                widget.setAccessibleName(state.label)
                self._inputs[state.key] = widget
                label = QLabel(state.label + (" *" if state.required else ""))
                label.setBuddy(widget)
                self.fields_form.addWidget(label)
                self.fields_form.addWidget(widget)
                self.fields_form.addSpacing(4)
            tab_moves_on(self.fields)
            self._on_delivery_changed(self.delivery.currentText())
        self.preview.setPlainText(self._draft.text)
        self.details_note.setVisible(self._draft.sender_id is None)
        self.details_button.setVisible(self._draft.sender_id is None)
        missing = self._draft.missing
        self.missing.setText("Still needed before it can be made: " + ", ".join(missing) if missing else "")
        self.save_button.setEnabled(not missing)
        self.send_button.setEnabled(not missing)

    def _on_details_clicked(self) -> None:
        from iepdesk.gui.dialogs.parent import ask_parent_details

        if ask_parent_details(self.vault, self) is not None:
            self._on_template_changed()  # the letter is signed with them now

    # -- making it -------------------------------------------------------------------------------------------
    def _on_save_clicked(self) -> None:
        from iepdesk.letters.render import render

        settings = QSettings()
        folder = Path(str(settings.value("letters_folder", "") or Path.home()))
        safe = "".join(c for c in self._draft.subject[:60] if c not in '/\\:*?"<>|').strip() or "Letter"
        name, _ = QFileDialog.getSaveFileName(self, "Save the letter as a PDF", str(folder / f"{safe}.pdf"),
                                              "PDF (*.pdf)")
        if not name:
            return
        path = Path(name if name.lower().endswith(".pdf") else f"{name}.pdf")
        try:
            atomic_write(path, render(self._draft))
        except Exception as error:
            QMessageBox.warning(self, "The letter was not saved", f"{path}: {error}")
            return
        settings.setValue("letters_folder", str(path.parent))
        self.saved_to = path
        self.saved_label.setText(f"Saved as {path}. It is filed as sent only when you choose Send and file.")

    def send(self, sent_on: dt.date, delivery: str, proof: Path | None) -> Any:
        from iepdesk.letters.file import send

        self.sent = send(self.vault, self._draft, sent_on=sent_on, delivery=delivery, proof=proof, actor="app")
        return self.sent

    def _on_send_clicked(self) -> None:
        proof = Path(self.proof.text()).expanduser() if self.proof.text().strip() else None
        try:
            letter, event = self.send(date_of(self.sent_on), self.delivery.currentText(), proof)
        except Exception as error:
            QMessageBox.warning(self, "The letter was not filed", said(error))
            return
        QMessageBox.information(self, "Filed", f"“{letter.title}” is filed as sent on {event.date:%B} "
                                f"{event.date.day}, {event.date.year}; its deadline now shows in the Timeline.")
        self.accept()

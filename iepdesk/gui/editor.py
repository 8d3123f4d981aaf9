"""The details of one document: the fields IEPDesk guessed, shown as guesses, and easy to correct."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.palette import GUESS, text_css
from iepdesk.kinds import KINDS, SOURCES

if TYPE_CHECKING:
    from iepdesk.items import ItemRecord


class ItemEditor(QWidget):
    """Emits ``save_requested`` with the fields a person changed (names as in iepdesk.items.update_item)."""

    save_requested = Signal(int, dict)

    def __init__(self) -> None:
        super().__init__()
        self.item: ItemRecord | None = None
        self._build_ui()

    def _build_ui(self) -> None:
        self.title = QLineEdit()
        self.kind = QComboBox()
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.source = QComboBox()
        self.source.addItem("Not set", None)
        for key, label in SOURCES.items():
            self.source.addItem(label, key)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("MMMM d, yyyy")
        self.undated = QCheckBox("No date")
        self.author = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Your notes about this document (they stay in the vault).")
        self.hints: dict[str, QLabel] = {}
        form = QFormLayout()
        date_row = QHBoxLayout()
        date_row.addWidget(self.date)
        date_row.addWidget(self.undated)
        for label, field, widget in (("Title", "title", self.title), ("Kind", "kind", self.kind),
                                     ("Date", "date", date_row), ("From", "author", self.author),
                                     ("Source", "source", self.source)):
            hint = QLabel()
            hint.setWordWrap(True)
            hint.setStyleSheet(f"{text_css(self, GUESS)}; font-style: italic")
            self.hints[field] = hint
            box = QVBoxLayout()
            box.setSpacing(1)
            if isinstance(widget, QHBoxLayout):
                box.addLayout(widget)
            else:
                box.addWidget(widget)
            box.addWidget(hint)
            form.addRow(label, box)
        form.addRow("Notes", self.notes)
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.file_label.setStyleSheet("color: gray")
        self.save_button = QPushButton("Save changes")
        self.save_button.setAccessibleName("Save the document's details")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.file_label)
        layout.addWidget(self.save_button)
        layout.addStretch()
        named: tuple[tuple[QWidget, str], ...] = (
            (self.title, "Title"), (self.kind, "Kind of document"), (self.date, "Date"), (self.author, "From"),
            (self.source, "Source"), (self.notes, "Notes"))
        for each, name in named:
            each.setAccessibleName(name)
        self.undated.toggled.connect(lambda on: self.date.setEnabled(not on))
        self.save_button.clicked.connect(self._on_save_clicked)
        self.setEnabled(False)

    def show_item(self, item: ItemRecord | None) -> None:
        self.item = item
        self.setEnabled(item is not None)
        if item is None:
            return
        self.title.setText(item.title)
        self.kind.setCurrentIndex(max(0, self.kind.findData(item.kind)))
        self.source.setCurrentIndex(max(0, self.source.findData(item.source)))
        self.undated.setChecked(item.date is None)
        if item.date:
            self.date.setDate(QDate(item.date.year, item.date.month, item.date.day))
        self.author.setText(item.author or "")
        self.notes.setPlainText(item.notes or "")
        for field, hint in self.hints.items():
            reason = item.guesses.get(field)
            hint.setText(f"A guess: {reason}." if reason else "")
            hint.setVisible(bool(reason))
        self.file_label.setText(f"File: {item.original_name} · {item.pages} page(s) · SHA-256 {item.sha256[:16]}…")

    def edited(self) -> dict[str, Any]:
        """The fields the person changed and has not saved yet."""
        if self.item is None:
            return {}
        date = None if self.undated.isChecked() else self.date.date().toPython()
        wanted = {"title": self.title.text().strip() or self.item.title, "kind": self.kind.currentData(),
                  "source": self.source.currentData(), "doc_date": date,
                  "author": self.author.text().strip() or None, "notes": self.notes.toPlainText().strip() or None}
        return {k: v for k, v in wanted.items() if v != self._current()[k]}

    def _current(self) -> dict[str, Any]:
        item = self.item
        assert item is not None
        return {"title": item.title, "kind": item.kind, "source": item.source, "doc_date": item.date,
                "author": item.author, "notes": item.notes}

    def changes(self) -> dict[str, Any]:
        """What Save changes saves: the edits, and the guessed fields left as they are, which saving confirms
        (they stop being guesses)."""
        if self.item is None:
            return {}
        changed = self.edited()
        for field, name in (("title", "title"), ("kind", "kind"), ("source", "source"), ("date", "doc_date"),
                            ("author", "author")):
            if field in self.item.guesses and name not in changed:
                changed[name] = self._current()[name]
        return changed

    def _on_save_clicked(self) -> None:
        if self.item is not None:
            changes = self.changes()
            if changes:
                self.save_requested.emit(self.item.id, changes)


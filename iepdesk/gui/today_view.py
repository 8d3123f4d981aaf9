"""Today, the first page of the window: the state of the case in cards (the same as ``iepdesk today``), each with
the one thing to do about it."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from iepdesk.gui.attempt import said
from iepdesk.gui.palette import WARNING, text_css
from iepdesk.vault import Vault


class TodayView(QScrollArea):
    action_requested = Signal(str)  # the card's key: deadlines, meeting, review, suggestions, gaps, backup

    def __init__(self, vault: Vault) -> None:
        super().__init__()
        self.vault = vault
        self.setWidgetResizable(True)
        self.setAccessibleName("Today: the state of the case")
        self.inner = QWidget()
        self.cards = QVBoxLayout(self.inner)
        self.setWidget(self.inner)
        self.buttons: dict[str, QPushButton] = {}
        self.letter = ""  # the follow-up letter the deadlines card offers, if any
        self.cards.addWidget(QLabel("<h2>Today</h2><p>Reading where your case stands…</p>"))  # until refresh()

    def refresh(self) -> None:
        from iepdesk.today import today_cards

        while (old := self.cards.takeAt(0)) is not None:
            if (widget := old.widget()) is not None:
                widget.hide()
                widget.deleteLater()
        self.buttons = {}
        intro = QLabel("<h2>Today</h2><p>Where your case stands, and what to do next.</p>")
        self.cards.addWidget(intro)
        for card in today_cards(self.vault):
            if card.key == "deadlines":
                self.letter = card.data.get("letter") or ""
            box = QGroupBox(card.title)
            box.setAccessibleName(card.title)
            inside = QVBoxLayout(box)
            text = "<br>".join(html.escape(said(line)) for line in card.lines) or html.escape(said(card.empty))
            if card.more:
                text += f"<br><i>… and {card.more} more</i>"
            body = QLabel(text)
            body.setTextFormat(Qt.TextFormat.RichText)  # escaped text: one line alone would show its &#x27;
            body.setWordWrap(True)
            body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if card.urgent:
                body.setStyleSheet(text_css(body, WARNING))
            inside.addWidget(body)  # the text above its button: a wrapped label beside a button can be cut off
            if card.action:
                button = QPushButton(card.action)
                button.clicked.connect(lambda _checked=False, key=card.key: self.action_requested.emit(key))
                row = QHBoxLayout()
                row.addStretch()
                row.addWidget(button)
                inside.addLayout(row)
                self.buttons[card.key] = button
            self.cards.addWidget(box)
        self.cards.addStretch()


def tell_new_overdue(window: QWidget, vault: Vault) -> int:
    """A notice in the status bar when deadlines became overdue since this vault was last opened (the ones seen
    overdue are kept in the settings, by vault); returns how many are new."""
    import hashlib

    from PySide6.QtCore import QSettings

    from iepdesk.timeline.deadlines import deadlines

    overdue = {f"{c.rule.id}:{c.start.id}" for c in deadlines(vault) if c.status == "overdue"}
    key = "overdue/" + hashlib.sha256(str(vault.path.resolve()).encode()).hexdigest()[:16]
    settings = QSettings()
    seen = set(str(settings.value(key, "") or "").split("|")) - {""}
    new = overdue - seen
    settings.setValue(key, "|".join(sorted(overdue)))
    if new:
        window.statusBar().showMessage(  # type: ignore[attr-defined]
            f"{len(new)} deadline(s) became overdue since you last opened this vault: see Today.", 30000)
    return len(new)

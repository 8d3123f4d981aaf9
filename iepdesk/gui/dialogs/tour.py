"""The tour: four short panels on what IEPDesk does for a case, shown once on the first start (Help ▸ Take the
tour shows it again); Skip ends it at any time, and the last panel leads to Today."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog

SEEN = "tour/seen"
PANELS = (
    ("Your child's case, kept safe on this laptop",
     "Bring in everything you have: evaluations, report cards, emails with their attachments, doctors' letters, "
     "photos of notes. File ▸ Import a folder… takes a whole folder at once. IEPDesk keeps each file exactly as "
     "it came, reads every page (scans too) and never sends anything anywhere."),
    ("Evidence, tied to what the law asks",
     "For a child to be eligible the law asks for certain things: a disability in one of its categories, and a "
     "need for special education because of it. IEPDesk reads your documents and suggests which passage shows "
     "which; you accept or reject each. Coverage shows what is proven and what is still thin."),
    ("Every deadline, counted for you",
     "Record what happened (your request for an evaluation, the consent you signed, a meeting, a refusal) in the "
     "Timeline. IEPDesk counts each deadline the law sets from it, and writes the letters that put your requests "
     "in writing."),
    ("Walk in prepared",
     "For a meeting or a hearing, make the evidence binder: every document numbered and stamped, with the quotes "
     "that matter cited to the page. Before a hearing, the disclosure packet puts it on time in the school's "
     "hands. Today, the first page, always says what to do next."),
)


class TourDialog(Dialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to IEPDesk")
        fit_to_screen(self, 620, 340)
        self.pages = QStackedWidget()
        for number, (title, text) in enumerate(PANELS, 1):
            panel = QWidget()
            lines = QVBoxLayout(panel)
            step = QLabel(f"{number} of {len(PANELS)}")
            step.setStyleSheet("color: palette(placeholder-text)")
            heading = QLabel(title)
            font = heading.font()
            font.setPointSizeF(font.pointSizeF() * 1.4)
            font.setBold(True)
            heading.setFont(font)
            heading.setWordWrap(True)
            body = QLabel(text)
            body.setWordWrap(True)
            lines.addWidget(step)
            lines.addWidget(heading)
            lines.addWidget(body)
            lines.addStretch()
            self.pages.addWidget(panel)
        buttons = QDialogButtonBox()
        self.skip_button = buttons.addButton("Skip the tour", QDialogButtonBox.ButtonRole.RejectRole)
        self.back_button = QPushButton("Back")
        self.next_button = QPushButton("Next")
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.next_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)
        self.skip_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(lambda: self.go(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(self._on_next_clicked)
        self.go(0)

    def go(self, index: int) -> None:
        self.pages.setCurrentIndex(max(0, min(index, self.pages.count() - 1)))
        last = self.pages.currentIndex() == self.pages.count() - 1
        self.back_button.setEnabled(self.pages.currentIndex() > 0)
        self.next_button.setText("Go to Today" if last else "Next")
        self.next_button.setDefault(True)
        self.next_button.setFocus()

    def _on_next_clicked(self) -> None:
        if self.pages.currentIndex() == self.pages.count() - 1:
            self.accept()
        else:
            self.go(self.pages.currentIndex() + 1)

    def done(self, result: int) -> None:
        """Finished or skipped: either way it is not shown again on its own."""
        QSettings().setValue(SEEN, True)
        super().done(result)


def seen() -> bool:
    return str(QSettings().value(SEEN, "false")).lower() in ("true", "1")

"""Help ▸ Glossary: the words the app uses, each in two plain sentences with the law behind it; opened at a word
by the "?" links beside it (help_link)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from iepdesk.glossary import Term, find, search
from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.gui.lists import readable


class GlossaryDialog(Dialog):
    def __init__(self, word: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Glossary: the words of special education")
        fit_to_screen(self, 820, 520)
        self.look_for = QLineEdit()
        self.look_for.setPlaceholderText("Look for a word: IEP, prior written notice, stay-put …")
        self.look_for.setAccessibleName("Look for a word")
        self.list = readable(QListWidget())
        self.list.setAccessibleName("Words")
        self.list.setMaximumWidth(260)
        self.text = QTextBrowser()
        self.text.setAccessibleName("What the word means")
        self.text.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addWidget(self.list)
        columns.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.look_for)
        layout.addLayout(columns)
        layout.addWidget(QLabel("Plain-language summaries with the rule they come from; not legal advice."))
        layout.addWidget(buttons)
        self.look_for.textChanged.connect(self.show_terms)
        self.list.currentTextChanged.connect(self._on_current_changed)
        self.show_terms("")
        self.go_to(word)

    def show_terms(self, words: str) -> None:
        shown = search(words)
        self.list.clear()
        self.list.addItems([t.term for t in shown])
        if shown:
            self.list.setCurrentRow(0)
        else:
            self.text.setPlainText(f"No word matches “{words}”.")

    def go_to(self, word: str) -> None:
        """Show the term ``word`` names (the term or another name for it)."""
        term = find(word) if word else None
        if term is not None:
            matches = self.list.findItems(term.term, Qt.MatchFlag.MatchExactly)
            if matches:
                self.list.setCurrentItem(matches[0])

    def _on_current_changed(self, name: str) -> None:
        term = find(name)
        if term is not None:
            self.text.setHtml(html_of(term))


def html_of(term: Term) -> str:
    from html import escape

    also = f"<p style='color: palette(placeholder-text)'>Also: {escape(', '.join(term.also))}</p>" if term.also \
        else ""
    return (f"<h2>{escape(term.term)}</h2>{also}<p style='font-size: 11pt'>{escape(term.text)}</p>"
            f"<p><i>{escape(term.citation)}</i></p>")


def with_help(field: QWidget, word: str) -> QWidget:
    """``field`` with a "?" link to ``word`` after it, for a form row."""
    row = QWidget()
    row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # a form row keeps its height
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(field, 1)
    line.addWidget(help_link(word, row))
    return row


def help_link(word: str, parent: QWidget | None = None) -> QLabel:
    """A small "?" beside a word the parent may not know: hovering shows what it means, clicking (or Enter when
    it has the focus) opens the glossary at it."""
    term = find(word)
    if term is None:
        raise ValueError(f"'{word}' is not in the glossary")
    link = QLabel(f'<a href="{term.term}">?</a>', parent)
    link.setToolTip(f"<b>{term.term}</b>: {term.text} <i>({term.citation})</i>")
    link.setAccessibleName(f"What “{term.term}” means")
    link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                 | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
    link.linkActivated.connect(lambda name: GlossaryDialog(name, link.window()).exec())
    return link

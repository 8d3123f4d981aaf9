"""The evidence of one document: its links and the suggestions waiting, each with its reason."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from iepdesk.criteria.catalogue import Catalogue
    from iepdesk.criteria.evidence import EvidenceRecord


class EvidencePanel(QWidget):
    accept_requested = Signal(list)
    reject_requested = Signal(list)
    remove_requested = Signal(int)
    tag_requested = Signal()
    page_requested = Signal(int)

    def __init__(self, catalogue: Catalogue | None = None) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.list = QListWidget()
        self.list.setAccessibleName("Evidence links and suggestions")
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # each row wraps instead
        self.list.viewport().installEventFilter(self)  # rows fit the list's width again when it changes
        self._item_id: int | None = None  # the document shown, so a review of its suggestions keeps the place
        self.accept_button = QPushButton("&Accept")
        self.reject_button = QPushButton("&Reject")
        self.accept_all_button = QPushButton("Accept a&ll")
        self.reject_all_button = QPushButton("Reject all")
        self.accept_all_button.setToolTip("Accept every suggestion for this document as evidence")
        self.reject_all_button.setToolTip("Reject every suggestion for this document; they stay rejected")
        self.remove_button = QPushButton("Remove link")
        self.tag_button = QPushButton("Tag as evidence…")
        self.accept_button.setToolTip("Accept the selected suggestions as evidence (Alt+A)")
        self.reject_button.setToolTip("Reject the selected suggestions; they stay rejected (Alt+R)")
        self.tag_button.setToolTip("Tag this document, or the words you selected on the page, as evidence (Ctrl+T)")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self._links: list[EvidenceRecord] = []
        self._who = "The page says"
        self.weaker_box = QCheckBox("Show weaker suggestions")
        self.weaker_box.setToolTip("Also show suggestions found only by single words, just enough to count; "
                                   "they are more often wrong")
        self.weaker_box.toggled.connect(lambda _on: self.show_links(self._links, self._item_id, self._who))
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.tag_button)
        all_buttons = QHBoxLayout()
        all_buttons.addWidget(self.accept_all_button)
        all_buttons.addWidget(self.reject_all_button)
        all_buttons.addStretch()
        all_buttons.addWidget(self.weaker_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(all_buttons)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(lambda: self.accept_requested.emit(self.selected_ids("suggested")))
        self.reject_button.clicked.connect(lambda: self.reject_requested.emit(self.selected_ids("suggested")))
        self.accept_all_button.clicked.connect(lambda: self.accept_requested.emit(self.ids_with("suggested")))
        self.reject_all_button.clicked.connect(lambda: self.reject_requested.emit(self.ids_with("suggested")))
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.tag_button.clicked.connect(self.tag_requested.emit)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(self._on_item_double_clicked)
        self._update_buttons()

    def show_links(self, links: list[EvidenceRecord], item_id: int | None = None,
                   who: str = "The page says") -> None:
        """The links of a document, suggestions strongest first; the weaker ones only with the switch on. ``who``
        says who wrote the document ("The evaluator writes"), for each suggestion's reason. Shown again for the
        same document (after a review), the list keeps its place: the row that was chosen is chosen again, which
        is now the next suggestion, and it scrolls no further."""
        from iepdesk.criteria.coverage import heading
        from iepdesk.criteria.suggest import reason

        same = item_id is not None and item_id == self._item_id
        self._item_id, self._links, self._who = item_id, list(links), who
        hidden = 0 if self.weaker_box.isChecked() else \
            sum(1 for e in links if e.status == "suggested" and e.weaker)
        if hidden:
            links = [e for e in links if not (e.status == "suggested" and e.weaker)]
        rows = sorted(i.row() for i in self.list.selectedIndexes())
        scrolled = self.list.verticalScrollBar().value()
        self.list.clear()
        order = {"suggested": 0, "accepted": 1, "rejected": 2}
        for link in sorted(links, key=lambda e: (order[e.status], -(e.score or 0) if e.status == "suggested" else 0,
                                                 e.page or 0, e.id)):
            title = heading(self.catalogue, link.criterion_id) if self.catalogue else link.criterion_id
            where = f"p. {link.pages_text} · " if link.page else ""
            status = {"suggested": "Suggested", "accepted": "Evidence", "rejected": "Rejected"}[link.status]
            lines = [f"<b>{status}</b> · {where}{html.escape(title)}"]
            if link.quote:
                lines.append(f"<i>“{html.escape(link.quote)}”</i>")
            if link.status == "suggested" and link.matched:
                weaker = " <i>(weaker)</i>" if link.weaker else ""
                lines.append(html.escape(reason(link.matched, link.page, who, link.snippet)) + weaker)
            if link.snippet and not link.quote:
                lines.append(f"<span style='color:gray'>{html.escape(link.snippet)}</span>")
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, (link.id, link.status, link.page))
            label = QLabel("<br>".join(lines))
            label.setWordWrap(True)
            label.setContentsMargins(4, 4, 4, 4)
            item.setToolTip(f"{link.criterion_id}")
            self.list.addItem(item)
            self.list.setItemWidget(item, label)
        self._fit_rows()
        if same and rows and self.list.count():
            self.list.setCurrentRow(min(rows[0], self.list.count() - 1))
            self.list.verticalScrollBar().setValue(scrolled)
        waiting = sum(1 for e in links if e.status == "suggested")
        accepted = sum(1 for e in links if e.status == "accepted")
        more = f" {hidden} weaker one(s) hidden." if hidden else ""
        self.summary.setText(f"{accepted} evidence link(s); {waiting} suggestion(s) to review.{more}" if links or hidden
                             else "No evidence yet. Select words on the page and choose Tag as evidence…")
        self.weaker_box.setVisible(bool(hidden) or self.weaker_box.isChecked())
        self._update_buttons()

    def _fit_rows(self) -> None:
        """Each row as tall as its text wrapped to the list's width."""
        width = max(200, self.list.viewport().width() - 4)
        for row in range(self.list.count()):
            item = self.list.item(row)
            label = self.list.itemWidget(item)
            if label is not None:
                item.setSizeHint(QSize(width, label.heightForWidth(width) + 4))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_rows()
        return super().eventFilter(watched, event)

    def ids_with(self, status: str) -> list[int]:
        """Every link in the list with this status."""
        items = (self.list.item(row) for row in range(self.list.count()))
        return [data[0] for item in items if (data := item.data(Qt.ItemDataRole.UserRole))[1] == status]

    def selected_ids(self, status: str | None = None) -> list[int]:
        result = []
        for item in self.list.selectedItems():
            evidence_id, item_status, _page = item.data(Qt.ItemDataRole.UserRole)
            if status is None or item_status == status:
                result.append(evidence_id)
        return result

    def _update_buttons(self) -> None:
        has_suggestions = bool(self.selected_ids("suggested"))
        self.accept_button.setEnabled(has_suggestions)
        self.reject_button.setEnabled(has_suggestions)
        self.remove_button.setEnabled(len(self.selected_ids("accepted")) == 1)
        waiting = bool(self.ids_with("suggested"))
        self.accept_all_button.setVisible(waiting)
        self.reject_all_button.setVisible(waiting)

    def _on_remove_clicked(self) -> None:
        chosen = self.selected_ids("accepted")
        if chosen:
            self.remove_requested.emit(chosen[0])

    def _on_item_double_clicked(self, item: QListWidgetItem) -> None:
        _id, _status, page = item.data(Qt.ItemDataRole.UserRole)
        if page:
            self.page_requested.emit(page)

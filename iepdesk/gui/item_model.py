"""The document list as a Qt table model over plain ItemRows (one light query, thousands of rows)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from iepdesk.kinds import KINDS, SOURCES
from iepdesk.rows import ItemRow

ItemIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

COL_DATE, COL_TITLE, COL_KIND, COL_FROM, COL_SOURCE, COL_PAGES, COL_EVIDENCE = range(7)
HEADERS = ("Date", "Title", "Kind", "From", "Source", "Pages", "Evidence")
_GUESSED = {COL_DATE: "date", COL_TITLE: "title", COL_KIND: "kind", COL_FROM: "author", COL_SOURCE: "source"}
Index = QModelIndex | QPersistentModelIndex


class ItemTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ItemRow] = []
        self._found: dict[int, tuple[int, str]] = {}  # item id → (page, snippet) of a search hit
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_rows(self, rows: list[ItemRow], found: dict[int, tuple[int, str]] | None = None) -> None:
        self.beginResetModel()
        self._rows = rows
        self._found = found or {}
        self.endResetModel()

    def row_of(self, item_id: int) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row.id == item_id), None)

    def item_at(self, row: int) -> ItemRow:
        return self._rows[row]

    def found(self, item_id: int) -> tuple[int, str] | None:
        return self._found.get(item_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SortRole:
            return self._sort_key(row, column)
        if role == ItemIdRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_TITLE and row.id in self._found:
                page, snippet = self._found[row.id]
                return f"Page {page}: {snippet}"
            if column in _GUESSED and row.guessed(_GUESSED[column]):  # the cell's whole text, then why it is italic
                return f"{self._display(row, column)}\n\nA guess IEPDesk made: select the document to see why, " \
                       "and correct it if it is wrong."
            return None  # a cut title shows whole on hover (lists.py)
        if role == Qt.ItemDataRole.FontRole and column in _GUESSED and row.guessed(_GUESSED[column]):
            return self._italic
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, in one Python sort: a proxy asking for every cell is too slow for thousands of rows."""
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=lambda row: self._sort_key(row, column), reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def _display(self, row: ItemRow, column: int) -> str:
        if column == COL_DATE:
            return row.date.isoformat() if row.date else ""
        if column == COL_TITLE:
            prefix = "↳ " if row.parent_id else ""
            hit = f"  · p. {self._found[row.id][0]}" if row.id in self._found else ""
            waiting = "  (waiting for OCR)" if row.text_status == "needs_ocr" else ""
            return f"{prefix}{row.title}{hit}{waiting}"
        if column == COL_KIND:
            return KINDS.get(row.kind, row.kind)
        if column == COL_FROM:
            return row.author or ""
        if column == COL_SOURCE:
            return SOURCES.get(row.source or "", "")
        if column == COL_PAGES:
            return str(row.pages)
        return str(row.evidence) if row.evidence else ""

    def _sort_key(self, row: ItemRow, column: int) -> Any:
        if column == COL_DATE:
            return row.date.isoformat() if row.date else "9999"
        if column == COL_PAGES:
            return row.pages
        if column == COL_EVIDENCE:
            return row.evidence
        return self._display(row, column).lower()

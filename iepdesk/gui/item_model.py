"""The document list as a Qt table model over plain ItemRecords."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from iepdesk.items import ItemRecord
from iepdesk.kinds import KINDS, SOURCES

ItemIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

COL_DATE, COL_TITLE, COL_KIND, COL_FROM, COL_SOURCE, COL_PAGES = range(6)
HEADERS = ("Date", "Title", "Kind", "From", "Source", "Pages")
_GUESSED_COLUMN = {COL_DATE: "date", COL_TITLE: "title", COL_KIND: "kind", COL_FROM: "author", COL_SOURCE: "source"}
Index = QModelIndex | QPersistentModelIndex


class ItemTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[ItemRecord] = []

    def set_items(self, items: list[ItemRecord]) -> None:
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def item_at(self, row: int) -> ItemRecord:
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == SortRole:
            return self._sort_key(item, column)
        if role == ItemIdRole:
            return item.id
        if role == Qt.ItemDataRole.ToolTipRole:
            reason = item.guesses.get(_GUESSED_COLUMN.get(column, ""))
            return f"A guess: {reason}. Correct it in the details." if reason else None
        if role == Qt.ItemDataRole.FontRole and _GUESSED_COLUMN.get(column, "") in item.guesses:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    @staticmethod
    def _display(item: ItemRecord, column: int) -> str:
        if column == COL_DATE:
            return item.date.isoformat() if item.date else ""
        if column == COL_TITLE:
            prefix = "↳ " if item.parent_id else ""
            return prefix + item.title + ("  (waiting for OCR)" if item.text_status == "needs_ocr" else "")
        if column == COL_KIND:
            return KINDS.get(item.kind, item.kind)
        if column == COL_FROM:
            return item.author or ""
        if column == COL_SOURCE:
            return SOURCES.get(item.source or "", "")
        return str(item.pages)

    @staticmethod
    def _sort_key(item: ItemRecord, column: int) -> Any:
        if column == COL_DATE:
            return item.date.isoformat() if item.date else "9999"
        if column == COL_PAGES:
            return item.pages
        return ItemTableModel._display(item, column).lower()

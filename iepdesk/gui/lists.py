"""Every list shows enough of a title to recognise it: text cut in the middle ("Psychoeducational … 2025.pdf"),
and the whole text as a tooltip when a cell cannot show it all."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyledItemDelegate, QStyleOptionViewItem, QToolTip

View = TypeVar("View", bound=QAbstractItemView)


class _WholeTextTip(QStyledItemDelegate):
    """The model's own tooltip when it has one; otherwise the cell's whole text when the cell cuts it. In a
    plain list a row is no wider than the list, so it is cut (in the middle) rather than scrolled sideways."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        view = self.parent()
        if isinstance(view, QListView) and not view.wordWrap():
            size.setWidth(min(size.width(), max(50, view.viewport().width() - 2)))
        return size

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        if event.type() == QEvent.Type.ToolTip and not index.data(Qt.ItemDataRole.ToolTipRole):
            text = index.data(Qt.ItemDataRole.DisplayRole)
            whole = QStyledItemDelegate.sizeHint(self, option, index).width()
            if isinstance(text, str) and text and whole > option.rect.width():
                QToolTip.showText(event.globalPos(), text, view)
                return True
        return super().helpEvent(event, view, option, index)


def readable(view: View, elide: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle) -> View:
    """Cut long text in the middle (a title keeps its start and its end; a sentence is better cut at its end:
    ElideRight) and show it whole on hover (the view, for chaining)."""
    view.setTextElideMode(elide)
    if isinstance(view, QListView):
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setResizeMode(QListView.ResizeMode.Adjust)  # rows are laid out again when the list is resized
    view.setItemDelegate(_WholeTextTip(view))
    return view

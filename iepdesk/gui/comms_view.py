"""The communication log: every letter, email, call and meeting in date order, who wrote to whom, and when an
answer was due and came. The same log the binder prints."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from iepdesk.gui.lists import readable
from iepdesk.gui.parity import covers
from iepdesk.vault import Vault

LATE = QColor(214, 69, 65, 60)


class CommsView(QWidget):
    item_requested = Signal(int)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.log = readable(covers(QTreeWidget(), "comms"))
        self.log.setHeaderLabels(["Date", "How", "From", "To", "Subject", "Answer due", "Answered"])
        self.log.setRootIsDecorated(False)
        self.log.setAccessibleName("Communication log")
        for column, width in enumerate((95, 60, 190, 210, 340, 95)):  # all seven show at 1366 px
            self.log.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h3>Communication log</h3><p>Every letter, email, call and meeting, who wrote to "
                                "whom, and when an answer was due and came (a late one in red). Double-click one to "
                                "open its document.</p>"))
        layout.addWidget(self.log)
        self.log.itemDoubleClicked.connect(self._on_double_clicked)

    def refresh(self) -> None:
        from iepdesk.timeline.comms import communication_log

        self.log.clear()
        today = dt.date.today()
        for row in communication_log(self.vault):
            late = row.response_due is not None and (row.response_received or today) > row.response_due
            node = QTreeWidgetItem([row.date.isoformat() if row.date else "undated", row.channel, row.sender,
                                    row.recipients, row.subject,
                                    row.response_due.isoformat() if row.response_due else "",
                                    row.response_received.isoformat() if row.response_received else ""])
            node.setData(0, Qt.ItemDataRole.UserRole, row.item_id)
            node.setToolTip(5, row.citation or "")
            if late:
                node.setBackground(5, QBrush(LATE))
            self.log.addTopLevelItem(node)

    def _on_double_clicked(self, node: QTreeWidgetItem, _column: int) -> None:
        item_id = node.data(0, Qt.ItemDataRole.UserRole)
        if item_id:
            self.item_requested.emit(item_id)

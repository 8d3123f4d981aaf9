"""The clock and the chronology: every deadline the law gives, overdue and due soon first, then documents and
events in date order."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from iepdesk.timeline.timeline import build_timeline
from iepdesk.vault import Vault

COLOURS = {"overdue": QColor(214, 69, 65, 70), "missed": QColor(214, 69, 65, 45),
           "due soon": QColor(240, 173, 78, 80), "open": QColor(240, 173, 78, 35),
           "met": QColor(76, 175, 80, 60), "answered": QColor(76, 175, 80, 40), "done": QColor(76, 175, 80, 40)}


class TimelineView(QWidget):
    item_requested = Signal(int)

    def __init__(self, vault: Vault) -> None:
        super().__init__()
        self.vault = vault
        self.clocks = QTreeWidget()
        self.clocks.setHeaderLabels(["Status", "Due", "Deadline", "Citation"])
        self.clocks.setAccessibleName("Deadlines")
        self.clocks.setRootIsDecorated(False)
        self.clocks.setWordWrap(True)
        for column, width in enumerate((90, 100, 620)):
            self.clocks.setColumnWidth(column, width)
        self.entries = QTreeWidget()
        self.entries.setHeaderLabels(["Date", "What", "Title", "Detail"])
        self.entries.setAccessibleName("Chronology of documents and events")
        self.entries.setRootIsDecorated(False)
        for column, width in enumerate((100, 200, 420)):
            self.entries.setColumnWidth(column, width)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.clocks)
        splitter.addWidget(self.entries)
        splitter.setSizes([300, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Deadlines</b> — computed from the events (add them on the command line with "
                                "<code>iepdesk event add</code>, or from a letter you send)."))
        layout.addWidget(splitter)
        self.entries.itemDoubleClicked.connect(self._on_entry_double_clicked)

    def refresh(self) -> None:
        timeline = build_timeline(self.vault)
        self.clocks.clear()
        for clock in timeline.deadlines:
            status = clock.status
            node = QTreeWidgetItem([status.capitalize(), clock.due.isoformat() if clock.due else "—",
                                    clock.sentence(), clock.rule.citation])
            node.setBackground(0, QBrush(COLOURS.get(status, QColor(0, 0, 0, 0))))
            node.setToolTip(2, clock.sentence())
            self.clocks.addTopLevelItem(node)
        self.entries.clear()
        for entry in timeline.entries:
            node = QTreeWidgetItem([entry.date.isoformat() if entry.date else "undated", entry.label, entry.title,
                                    entry.detail])
            node.setData(0, Qt.ItemDataRole.UserRole, entry.item_id)
            if entry.type == "event":
                font = node.font(1)
                font.setBold(True)
                node.setFont(1, font)
            self.entries.addTopLevelItem(node)

    def _on_entry_double_clicked(self, node: QTreeWidgetItem, _column: int) -> None:
        item_id = node.data(0, Qt.ItemDataRole.UserRole)
        if item_id:
            self.item_requested.emit(item_id)

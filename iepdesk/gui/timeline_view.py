"""The clock and the chronology: every deadline the law gives, overdue and due soon first, then documents and
events in date order."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.attempt import attempt, said, tell_notes
from iepdesk.gui.lists import readable
from iepdesk.gui.parity import covers
from iepdesk.timeline.timeline import build_timeline
from iepdesk.vault import Vault

if TYPE_CHECKING:
    from iepdesk.timeline.events import EventRecord
    from iepdesk.timeline.people import PersonRecord

COLOURS = {"overdue": QColor(214, 69, 65, 70), "missed": QColor(214, 69, 65, 45),
           "due soon": QColor(240, 173, 78, 80), "open": QColor(240, 173, 78, 35),
           "met": QColor(76, 175, 80, 60), "answered": QColor(76, 175, 80, 40), "done": QColor(76, 175, 80, 40)}


class TimelineView(QWidget):
    item_requested = Signal(int)
    changed = Signal()  # an event was added

    def __init__(self, vault: Vault, chosen_item: Callable[[], int | None] = lambda: None) -> None:
        super().__init__()
        self.vault = vault
        self.chosen_item = chosen_item  # the document chosen in the list, offered as the event's proof
        self.add_button = covers(QPushButton("Add an event…"), "event add")
        self.add_button.setToolTip("A request you sent, a consent you signed, a meeting, a notice received…")
        self.clocks = readable(QTreeWidget(), Qt.TextElideMode.ElideRight)  # sentences
        self.clocks.setHeaderLabels(["Status", "Due", "Deadline", "Whose law"])
        self.clocks.setAccessibleName("Deadlines")
        self.clocks.setRootIsDecorated(False)
        self.clocks.setWordWrap(True)
        for column, width in enumerate((90, 100, 620)):
            self.clocks.setColumnWidth(column, width)
        self.entries = readable(QTreeWidget())
        self.entries.setHeaderLabels(["Date", "What", "Title", "Detail"])
        self.entries.setAccessibleName("Chronology of documents and events")
        self.entries.setRootIsDecorated(False)
        for column, width in enumerate((100, 200, 420)):
            self.entries.setColumnWidth(column, width)
        self.proposals = readable(QTreeWidget())
        self.proposals.setHeaderLabels(["Date", "Event", "Shown by", "Because"])
        self.proposals.setAccessibleName("Events the documents suggest")
        self.proposals.setRootIsDecorated(False)
        self.proposals.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        for column, width in enumerate((100, 220, 320)):
            self.proposals.setColumnWidth(column, width)
        self.confirm_button = covers(QPushButton("Add the chosen events"), "event suggest", "event confirm")
        self.confirm_button.setToolTip("Add the events you chose above, with the document that shows each")
        suggested = QWidget()
        stacked = QVBoxLayout(suggested)
        stacked.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("<b>Events the documents suggest</b> — nothing is added until you choose it:"), 1)
        row.addWidget(self.confirm_button)
        stacked.addLayout(row)
        stacked.addWidget(self.proposals)
        self.suggested = suggested
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.clocks)
        splitter.addWidget(suggested)
        splitter.addWidget(self.entries)
        splitter.setSizes([260, 160, 320])
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Deadlines</b> — computed from the events: the letters you send from IEPDesk add "
                             "theirs; add the others (a consent signed, a meeting, a notice received) here."), 1)
        top.addWidget(self.add_button)
        self.show_trashed = QCheckBox("Show events in the Trash")
        self.show_trashed.setToolTip("Events moved to the Trash show greyed in the chronology; right-click one to "
                                     "restore it")
        chronology_row = QHBoxLayout()
        chronology_row.addStretch()
        chronology_row.addWidget(self.show_trashed)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter)
        layout.addLayout(chronology_row)
        self.entries.itemDoubleClicked.connect(self._on_entry_double_clicked)
        self.entries.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.entries.customContextMenuRequested.connect(self._on_entries_menu)
        self.change_action = covers(QAction("&Change this event…", self), "event edit")
        self.trash_action = covers(QAction("Move this event to the &Trash", self), "event trash")
        self.change_action.triggered.connect(self._on_change_triggered)
        self.trash_action.triggered.connect(self._on_trash_triggered)
        self.restore_action = covers(QAction("&Restore this event from the Trash", self), "event restore")
        self.restore_action.triggered.connect(self._on_restore_triggered)
        self.show_trashed.toggled.connect(lambda _on: self.refresh())
        self.add_button.clicked.connect(self._on_add_clicked)
        self.confirm_button.clicked.connect(self._on_confirm_clicked)

    def _on_confirm_clicked(self) -> None:
        from iepdesk.timeline.proposals import confirm

        chosen = [node.data(0, Qt.ItemDataRole.UserRole) for node in self.proposals.selectedItems()]
        if not chosen:
            QMessageBox.information(self, "Choose the events first", "Click the suggested events to add (Ctrl+click "
                                    "for several), then Add the chosen events.")
            return
        notes: list[str] = []
        for key in chosen:
            try:
                notes += confirm(self.vault, key, actor="app").warnings
            except Exception as error:  # a sentence from the core: that one is not added
                notes.append(said(error))
        tell_notes(self, "Added, with a note", notes)
        self.refresh()
        self.changed.emit()

    def _on_add_clicked(self) -> None:
        from iepdesk.gui.dialogs.event import EventDialog
        from iepdesk.items import get_item
        from iepdesk.timeline.events import add_event

        item_id = self.chosen_item()
        asked = EventDialog.ask(get_item(self.vault, item_id).title if item_id else None, self, None,
                                *self._choices())
        if asked is None:
            return
        event = attempt(self, "The event was not added", lambda: add_event(
            self.vault, asked.kind, asked.date, title=asked.title or None, note=asked.note or None,
            item_id=item_id if asked.linked else None, outcome=asked.outcome, people=asked.people,
            response_to=asked.response_to, actor="app"))
        if event is not None:
            tell_notes(self, "Added, with a note", event.warnings)
            self.refresh()
            self.changed.emit()

    def refresh(self) -> None:
        from iepdesk.timeline.proposals import suggest_events

        timeline = build_timeline(self.vault)
        self.proposals.clear()
        for proposal in suggest_events(self.vault):
            node = QTreeWidgetItem([proposal.date.isoformat(), proposal.label, proposal.item_title, proposal.reason])
            node.setData(0, Qt.ItemDataRole.UserRole, proposal.key)
            node.setToolTip(3, proposal.reason)
            self.proposals.addTopLevelItem(node)
        self.suggested.setVisible(self.proposals.topLevelItemCount() > 0)
        self.clocks.clear()
        for clock in timeline.deadlines:
            status = clock.status
            node = QTreeWidgetItem([status.capitalize(), clock.due.isoformat() if clock.due else "—",
                                    clock.sentence(), clock.law()])
            node.setToolTip(3, f"{clock.law()}\n\n{clock.rule.note}" if clock.rule.note else clock.law())
            node.setBackground(0, QBrush(COLOURS.get(status, QColor(0, 0, 0, 0))))
            node.setToolTip(2, clock.sentence())
            self.clocks.addTopLevelItem(node)
        self.entries.clear()
        for entry in timeline.entries:
            node = QTreeWidgetItem([entry.date.isoformat() if entry.date else "undated", entry.label, entry.title,
                                    entry.detail])
            node.setData(0, Qt.ItemDataRole.UserRole, entry.item_id)
            node.setData(1, Qt.ItemDataRole.UserRole, entry.id if entry.type == "event" else None)
            if entry.type == "event":
                font = node.font(1)
                font.setBold(True)
                node.setFont(1, font)
            self.entries.addTopLevelItem(node)
        if self.show_trashed.isChecked():
            self._add_trashed()

    def _add_trashed(self) -> None:
        """The events in the Trash, greyed, after the chronology (they count for no deadline)."""
        from iepdesk.timeline.events import list_events
        from iepdesk.timeline.kinds import EVENT_KINDS

        grey = QBrush(self.palette().color(self.palette().ColorRole.PlaceholderText))
        for event in list_events(self.vault, trashed=True):
            label = EVENT_KINDS[event.kind].label if event.kind in EVENT_KINDS else event.kind
            node = QTreeWidgetItem([event.date.isoformat(), f"{label} (in the Trash)", event.title,
                                    "Counts for no deadline until restored (right-click)."])
            node.setData(1, Qt.ItemDataRole.UserRole, event.id)
            node.setData(2, Qt.ItemDataRole.UserRole, True)  # in the Trash
            for column in range(4):
                node.setForeground(column, grey)
            self.entries.addTopLevelItem(node)

    def chosen_event(self) -> int | None:
        node = self.entries.currentItem()
        return node.data(1, Qt.ItemDataRole.UserRole) if node is not None else None

    def _on_entries_menu(self, where: QPoint) -> None:
        node = self.entries.itemAt(where)
        if node is None or node.data(1, Qt.ItemDataRole.UserRole) is None:
            return  # a document: its own menu is in the document list
        self.entries.setCurrentItem(node)
        menu = QMenu(self.entries)
        trashed = bool(node.data(2, Qt.ItemDataRole.UserRole))
        menu.addActions([self.restore_action] if trashed else [self.change_action, self.trash_action])
        menu.popup(self.entries.viewport().mapToGlobal(where))

    def _on_change_triggered(self) -> None:
        from iepdesk.gui.dialogs.event import EventDialog
        from iepdesk.timeline.events import get_event, update_event

        event_id = self.chosen_event()
        if event_id is None:
            return
        asked = EventDialog.ask(None, self, get_event(self.vault, event_id), *self._choices())
        if asked is not None:
            self._change(lambda: update_event(self.vault, event_id, actor="app", kind=asked.kind, date=asked.date,
                                              title=asked.title or None, note=asked.note or None,
                                              outcome=asked.outcome, people=list(asked.people),
                                              response_to=asked.response_to))

    def _choices(self) -> tuple[list[PersonRecord], list[EventRecord]]:
        """The people of the case (not the parent) and the events, for an event's Who and Answers."""
        from iepdesk.timeline.events import list_events
        from iepdesk.timeline.people import PARENT_ROLE, list_people

        return [p for p in list_people(self.vault) if p.role != PARENT_ROLE], list_events(self.vault)

    def _on_trash_triggered(self) -> None:
        from iepdesk.timeline.events import trash_event

        event_id = self.chosen_event()
        if event_id is not None:
            self._change(lambda: trash_event(self.vault, event_id, actor="app"))

    def _on_restore_triggered(self) -> None:
        from iepdesk.timeline.events import restore_event

        event_id = self.chosen_event()
        if event_id is not None:
            self._change(lambda: restore_event(self.vault, event_id, actor="app"))

    def _change(self, change: Callable[[], EventRecord]) -> None:
        event = attempt(self, "The event was not changed", change)
        if event is not None:
            tell_notes(self, "Changed, with a note", event.warnings)
            self.refresh()
            self.changed.emit()

    def _on_entry_double_clicked(self, node: QTreeWidgetItem, _column: int) -> None:
        item_id = node.data(0, Qt.ItemDataRole.UserRole)
        if item_id:
            self.item_requested.emit(item_id)

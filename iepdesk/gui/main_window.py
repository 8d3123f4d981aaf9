"""The main window: a sidebar of views, the document list with search-as-you-type, and for the chosen
document its pages, its details and its evidence. Coverage and binders have views of their own."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.attempt import attempt
from iepdesk.gui.editor import ItemEditor
from iepdesk.gui.evidence_panel import EvidencePanel
from iepdesk.gui.fit import fit_to_screen, restore_layout, save_layout
from iepdesk.gui.icons import dress
from iepdesk.gui.item_model import COL_TITLE, ItemIdRole, ItemTableModel
from iepdesk.gui.keyboard import tab_moves_on
from iepdesk.gui.lists import readable
from iepdesk.gui.parity import mark_main_window
from iepdesk.gui.preview import PagePreview
from iepdesk.gui.side_views import SIDE_VIEWS, make_view
from iepdesk.gui.tasks import TaskRunner
from iepdesk.kinds import KINDS
from iepdesk.rows import list_rows
from iepdesk.search import highlight_terms, search
from iepdesk.vault import Vault

# The first screen needs only the list: the rest (SQLAlchemy, the criteria, undo, the other views) is
# imported after the window has painted, so a parent with thousands of documents sees it at once.
if TYPE_CHECKING:
    from iepdesk.criteria.catalogue import Catalogue
    from iepdesk.gui.binders_view import BindersView
    from iepdesk.gui.comms_view import CommsView
    from iepdesk.gui.coverage_view import CoverageView
    from iepdesk.gui.people_view import PeopleView
    from iepdesk.gui.timeline_view import TimelineView
    from iepdesk.gui.today_view import TodayView
    from iepdesk.ingest import ImportReport

log = logging.getLogger(__name__)
VIEWS = [("today", "Today"), ("inbox", "Inbox (not tagged yet)"), ("all", "All documents"),
         *[(f"kind:{key}", f"    {label}") for key, label in KINDS.items()],
         ("trash", "Trash"), ("timeline", "Timeline and deadlines"), ("comms", "Communication log"),
         ("coverage", "Coverage"),
         ("binders", "Binders"), ("people", "People of the case")]


class MainWindow(QMainWindow):
    windows: ClassVar[set[MainWindow]] = set()  # every open window (one made by a vault switch has no other owner)
    coverage: CoverageView  # the views beside the list, made when first shown (side_views.py)
    timeline: TimelineView
    binders_view: BindersView
    people: PeopleView
    comms: CommsView
    today: TodayView

    def __init__(self, vault: Vault, runner: TaskRunner | None = None, owns_vault: bool = False) -> None:
        super().__init__()
        self.vault = vault
        self.owns_vault = owns_vault  # closed with the window (a window made by switching vaults)
        MainWindow.windows.add(self)
        self.runner = runner or TaskRunner(self)
        self._catalogue: Catalogue | None = None
        self._views: dict[str, int] = {"documents": 0}  # stack pages, the heavier ones made on first use
        self.side_views: dict[str, QWidget] = {}  # see side_views.py
        self._ready = False  # the work left for after the first paint is done
        self.last_report: ImportReport | None = None
        self.view = "all"
        self.documents_view = "all"  # the list's view: kept current under a side view too
        self.setWindowTitle(f"IEPDesk — {vault.path.name}")
        self.setAcceptDrops(True)
        fit_to_screen(self, 1360, 820)  # or less on a smaller screen (a 1366 x 768 laptop): the whole window shows
        self._build_ui()
        self.splitters = {"documents": self.documents_splitter, "outer": self.outer_splitter}
        restore_layout(self, self.splitters)
        self._build_actions()
        self._connect_signals()
        mark_main_window(self)  # which of its widgets do which CLI command (parity.py)
        tab_moves_on(self)
        keys = [key for key, _ in VIEWS]
        self.sidebar.setCurrentRow(keys.index("all"))  # fills the list
        if self.model.rowCount():  # a vault with documents opens on where the case stands; an empty one on the list
            self.view = "today"  # its cards are read after the first paint (_finish_setup), the list not twice
            with QSignalBlocker(self.sidebar):
                self.sidebar.setCurrentRow(keys.index("today"))
            self.stack.setCurrentIndex(self._view_page("today"))

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            from iepdesk.criteria.catalogue import load_catalogue

            self._catalogue = load_catalogue(self.vault)
            self.evidence.catalogue = self._catalogue
        return self._catalogue

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.model.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))
            return True
        return super().eventFilter(watched, event)

    def event(self, event: Any) -> bool:
        handled = super().event(event)
        # getattr: Qt sends events while the window is still being built
        if not getattr(self, "_ready", True) and event.type() == QEvent.Type.Paint:  # the first screen is shown
            QTimer.singleShot(0, self._finish_setup)
        return handled

    def _finish_setup(self) -> None:
        """What the first screen does not need: the criteria, undo's state, the backup line, OCR."""
        if self._ready:
            return
        self._ready = True
        if QApplication.focusWidget() is None or QApplication.focusWidget() is self.sidebar:
            self.search_edit.setFocus()  # the first key a parent presses searches; Down goes to the list
        if self.view == "today":
            self.today.refresh()  # the state of the case: read once the window shows (it reads every deadline)
        self.catalogue  # noqa: B018  (loaded now, not at the first click)
        self.edits.update()
        self.backups.show_last_backup()
        from iepdesk.gui.today_view import tell_new_overdue

        tell_new_overdue(self, self.vault)
        self.imports.start_ocr()

    # -- building ------------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Views")
        self.sidebar.setMaximumWidth(210)
        for key, label in VIEWS:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sidebar.addItem(item)

        self.model = ItemTableModel(self)
        self.search_edit = QLineEdit(placeholderText="Search every page: words, \"a phrase\", prefix*, OR, NOT…")
        self.search_edit.setAccessibleName("Search the documents")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.installEventFilter(self)  # Down or Enter in the search box goes to the list
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self.table = readable(QTableView())
        self.table.setAccessibleName("Documents")
        self.table.setModel(self.model)  # rows come in date order; a header click sorts them in the model
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # Shift/Ctrl: several
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        for column, width in enumerate((86, 260, 118, 110, 70, 44, 60)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.empty_hint = QLabel(
            "<h3>No documents here yet</h3><p>Drag files or folders anywhere on this window (PDFs, emails, "
            "photos, Word files), or use <b>File ▸ Import files…</b></p>")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.guess_hint = QLabel("<i>Italic</i> details are IEPDesk's guesses: select a document to see why, "
                                 "and correct them in Details if they are wrong.")
        self.guess_hint.setWordWrap(True)
        list_pane = QWidget()
        list_layout = QVBoxLayout(list_pane)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.search_edit)
        list_layout.addWidget(self.table)
        list_layout.addWidget(self.empty_hint)
        list_layout.addWidget(self.guess_hint)

        self.preview = PagePreview(self.vault)
        self.editor = ItemEditor()
        self.evidence = EvidencePanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.preview, "Pages")
        self.tabs.addTab(self.editor, "Details")
        self.tabs.addTab(self.evidence, "Evidence")
        self.documents_splitter = documents = QSplitter()
        documents.addWidget(list_pane)
        documents.addWidget(self.tabs)
        documents.setSizes([780, 420])  # the titles need the room more than the page does

        self.stack = QStackedWidget()
        self.stack.addWidget(documents)
        self.outer_splitter = outer = QSplitter()
        outer.addWidget(self.sidebar)
        outer.addWidget(self.stack)
        outer.setSizes([180, 1180])
        from iepdesk.gui.vault_actions import VaultActions

        self.vaults = VaultActions(self)
        banner = self.vaults.banner()
        if banner is None:
            self.setCentralWidget(outer)
        else:
            central = QWidget()
            stacked = QVBoxLayout(central)
            stacked.setContentsMargins(0, 0, 0, 0)
            stacked.setSpacing(0)
            stacked.addWidget(banner)
            stacked.addWidget(outer, 1)
            self.setCentralWidget(central)
        self.status_label = QLabel()
        self.backup_label = QLabel()
        self.backup_label.setAccessibleName("Last backup")
        self.statusBar().addPermanentWidget(self.backup_label)
        self.statusBar().addPermanentWidget(self.status_label)

    def _action(self, text: str, shortcut: Any = None, slot: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if slot is not None:
            action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        """Every action in one place: text, shortcut, what it does."""
        from iepdesk.gui.backup_actions import BackupActions
        from iepdesk.gui.document_actions import DocumentActions
        from iepdesk.gui.edit_actions import EditActions
        from iepdesk.gui.evidence_actions import EvidenceActions
        from iepdesk.gui.import_actions import ImportActions
        from iepdesk.gui.tool_actions import ToolActions
        from iepdesk.gui.write_actions import WriteActions

        self.imports = ImportActions(self)
        self.backups = BackupActions(self)
        self.writes = writes = WriteActions(self)
        self.edits = edits = EditActions(self)
        self.tools = tools = ToolActions(self)
        self.documents = docs = DocumentActions(self)
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)
        self.find_action = self._action("&Find in documents", QKeySequence.StandardKey.Find, self.focus_search)
        self.evidence_actions = EvidenceActions(self)
        self.tag_action = self.evidence_actions.tag_action
        self.about_action, self.preferences_action = tools.about_action, tools.preferences_action
        dress(self)
        file_menu = self.menuBar().addMenu("&File")
        self.vaults.add_to(file_menu)
        for action in (self.imports.import_files_action, self.imports.import_folder_action, writes.new_note_action,
                       writes.paste_note_action, writes.letter_action, None, writes.binder_action, writes.prep_action,
                       writes.decisions_action, writes.packet_action, None, self.backups.backup_action,
                       self.backups.auto_backup_action, self.backups.restore_backup_action, tools.export_action,
                       tools.calendar_action, None, self.quit_action):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        edit_menu = self.menuBar().addMenu("&Edit")
        for action in (edits.undo_action, edits.redo_action, None, docs.open_action, docs.show_folder_action,
                       docs.save_copy_action, docs.batch_action, None, self.find_action, self.tag_action, None,
                       edits.trash_action, edits.restore_action):
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
        self.menuBar().addMenu("&Tools").addActions([tools.child_action, tools.parent_action, tools.breaks_action,
                                                     tools.rules_action,
                                                     tools.ocr_action, tools.verify_action, self.preferences_action])
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addActions([tools.next_action, tools.glossary_action, tools.tour_action, self.about_action])

    def _connect_signals(self) -> None:
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row_changed)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self._search_timer.timeout.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self.model.sort)
        self.editor.save_requested.connect(self._on_editor_save_requested)

    # -- the list ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload what the current view shows (after any change); the document list is kept current under a side
        view too, so a document chosen from Today, the Timeline or a test is there."""
        current = self.current_item_id()
        view = self.view
        if view in self.side_views:
            self.side_views[view].refresh()  # type: ignore[attr-defined]  # each side view has one
        else:
            self.documents_view = view
        query = self.search_edit.text().strip()
        found: dict[int, tuple[int, str]] | None = None
        if query:
            found = {}
            for hit in search(self.vault, query, limit=500):
                found.setdefault(hit.item_id, (hit.page, " ".join(hit.snippet.split())))
        listed = self.documents_view
        kind = listed.split(":", 1)[1] if listed.startswith("kind:") else None
        base = "trash" if listed == "trash" else ("inbox" if listed == "inbox" else "all")
        rows = list_rows(self.vault, view=base, kind=kind, ids=list(found) if found is not None else None)
        self.model.set_rows(rows, found)
        self.table.setVisible(bool(rows))
        self.empty_hint.setVisible(not rows)
        self.empty_hint.setText("<h3>No pages match</h3>" if query else self.empty_hint.text())
        self.guess_hint.setVisible(any(r.guesses not in ("{}", "") for r in rows[:200]))
        if current is not None and self.select_item(current):
            pass
        elif not rows:
            self.show_item(None)
        shown = f"{self.model.rowCount()} document(s) shown · " if view not in self.side_views else ""
        self.status_label.setText(f"{shown}{self.vault.path.name}")
        if self._ready:
            self.edits.update()

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the document list, shown first when Today or another view is showing."""
        if self.view in SIDE_VIEWS:
            self.sidebar.setCurrentRow([key for key, _ in VIEWS].index("all"))
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def current_item_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(ItemIdRole) if index.isValid() else None

    def selected_item_ids(self) -> list[int]:
        """The documents chosen in the list (Shift or Ctrl click), in the list's order; else the current one."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        chosen = [self.model.item_at(row).id for row in rows]
        current = self.current_item_id()
        return chosen or ([current] if current is not None else [])

    def select_item(self, item_id: int) -> bool:
        row = self.model.row_of(item_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
        return row is not None

    def open_item(self, item_id: int) -> None:
        """Show a document from another view (the timeline, say) in the document list."""
        self.search_edit.clear()
        self.sidebar.setCurrentRow([key for key, _ in VIEWS].index("all"))
        self.select_item(item_id)

    def _on_sidebar_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.view = VIEWS[row][0]
        self.stack.setCurrentIndex(self._view_page(self.view))
        self.refresh()

    def _view_page(self, view: str) -> int:
        """The stack page of a view; the views beside the document list are made the first time they are shown."""
        if view in SIDE_VIEWS and view not in self._views:
            self.side_views[view] = made = make_view(self, view)
            tab_moves_on(made)
            self._views[view] = self.stack.addWidget(self.side_views[view])
        return self._views.get(view, 0)

    def _on_table_current_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(current.row())  # reached by Tab or the arrows: the row shown is the row chosen
        self.show_item(current.data(ItemIdRole) if current.isValid() else None)

    def show_item(self, item_id: int | None) -> None:
        from iepdesk.criteria.evidence import list_evidence
        from iepdesk.criteria.suggest import speaker
        from iepdesk.items import get_item

        self._save_pending_edits()
        self.evidence_actions.selection = None
        item = get_item(self.vault, item_id) if item_id is not None else None
        found = self.model.found(item_id) if item_id is not None else None
        terms = highlight_terms(self.search_edit.text())
        self.preview.show_item(item, page=found[0] if found else 1, terms=terms)
        self.editor.show_item(item)
        self.evidence.show_links(list_evidence(self.vault, item_id=item_id, include_trashed=True) if item else [],
                                 item_id, speaker(item.kind, item.source) if item else "The page says")
        self.tag_action.setEnabled(item is not None and item.trashed_at is None)
        self.edits.trash_action.setEnabled(item is not None and item.trashed_at is None)
        self.edits.restore_action.setEnabled(item is not None and item.trashed_at is not None)

    # -- changes (each through the core, undoable) ------------------------------------------------------------
    def _changed(self) -> None:
        self.refresh()
        current = self.current_item_id()
        if current is not None:
            self.show_item(current)

    def _save_pending_edits(self) -> None:
        """Edits typed in Details are never dropped: leaving the document (another one chosen, a refresh, closing
        the window) saves them."""
        from iepdesk.items import update_item

        item, edits = self.editor.item, self.editor.edited()
        if item is None or not edits:
            return
        self.editor.item = None  # saved once, though saving refreshes the list and shows the document again
        if self._run_change(lambda: update_item(self.vault, item.id, actor="app", **edits)) is not None:
            self.statusBar().showMessage(f"Your changes to “{item.title}” are saved. Undo (Ctrl+Z) takes them back.",
                                         10000)

    def _on_editor_save_requested(self, item_id: int, changes: dict[str, Any]) -> None:
        from iepdesk.items import update_item

        self._run_change(lambda: update_item(self.vault, item_id, actor="app", **changes))

    def _run_change(self, change: Any) -> Any:
        result = attempt(self, "That did not work", change)
        if result is not None:
            self._changed()
        return result

    # -- shared by the background work ------------------------------------------------------------------
    def _on_task_failed(self, error: BaseException) -> None:
        self.imports.close_progress()
        log.error("background task failed", exc_info=error)
        QMessageBox.critical(self, "Something went wrong", f"{error}\n\nNothing already saved was lost.")
        self.refresh()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.imports.import_paths(paths)

    def closeEvent(self, event: Any) -> None:
        self._save_pending_edits()
        save_layout(self, self.splitters)
        self.runner.wait()
        self.preview.show_item(None)
        self.backups.automatic_backup()
        super().closeEvent(event)
        MainWindow.windows.discard(self)
        if self.owns_vault:
            self.vault.close()


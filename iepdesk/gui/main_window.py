"""The main window: a sidebar of views, the document list with search-as-you-type, and for the chosen
document its pages, its details and its evidence. Coverage and binders have views of their own."""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iepdesk import __version__
from iepdesk.gui.editor import ItemEditor
from iepdesk.gui.evidence_panel import EvidencePanel
from iepdesk.gui.item_model import COL_TITLE, ItemIdRole, ItemTableModel
from iepdesk.gui.preview import PagePreview
from iepdesk.gui.tasks import TaskRunner
from iepdesk.kinds import KINDS
from iepdesk.progress import Progress
from iepdesk.rows import list_rows
from iepdesk.search import fts_query, search
from iepdesk.vault import Vault

# The first screen needs only the list: the rest (SQLAlchemy, the criteria, undo, the other views) is
# imported after the window has painted, so a parent with thousands of documents sees it at once.
if TYPE_CHECKING:
    from iepdesk.criteria.catalogue import Catalogue
    from iepdesk.ingest import ImportReport

log = logging.getLogger(__name__)
VIEWS = [("inbox", "Inbox (not tagged yet)"), ("all", "All documents"),
         *[(f"kind:{key}", f"    {label}") for key, label in KINDS.items()],
         ("trash", "Trash"), ("timeline", "Timeline and deadlines"), ("coverage", "Coverage"),
         ("binders", "Binders")]


class MainWindow(QMainWindow):
    windows: ClassVar[set[MainWindow]] = set()  # every open window (one made by a vault switch has no other owner)

    def __init__(self, vault: Vault, runner: TaskRunner | None = None, owns_vault: bool = False) -> None:
        super().__init__()
        self.vault = vault
        self.owns_vault = owns_vault  # closed with the window (a window made by switching vaults)
        MainWindow.windows.add(self)
        self.runner = runner or TaskRunner(self)
        self._catalogue: Catalogue | None = None
        self._views: dict[str, int] = {"documents": 0}  # stack pages, the heavier ones made on first use
        self._ready = False  # the work left for after the first paint is done
        self.last_report: ImportReport | None = None
        self.selection: tuple[int, str] | None = None  # (page, words) selected on the page preview
        self._progress: QProgressDialog | None = None
        self._after_import: list[Path] = []  # protected files still to ask a password for
        self.view = "all"
        self.setWindowTitle(f"IEPDesk — {vault.path.name}")
        self.setAcceptDrops(True)
        self.resize(1360, 820)
        self._build_ui()
        self._build_actions()
        self._connect_signals()
        self.sidebar.setCurrentRow(1)  # "All documents": fills the list

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            from iepdesk.criteria.catalogue import load_catalogue

            self._catalogue = load_catalogue(self.vault)
            self.evidence.catalogue = self._catalogue
        return self._catalogue

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
        self.catalogue  # noqa: B018  (loaded now, not at the first click)
        self._update_undo()
        self.show_last_backup()
        self.start_ocr()

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
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self.table = QTableView()
        self.table.setAccessibleName("Documents")
        self.table.setModel(self.model)  # rows come in date order; a header click sorts them in the model
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        for column, width in enumerate((86, 260, 112, 120, 84, 44, 60)):
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
        documents = QSplitter()
        documents.addWidget(list_pane)
        documents.addWidget(self.tabs)
        documents.setSizes([720, 480])

        self.binders = QTableWidget(0, 4)
        self.binders.setHorizontalHeaderLabels(["Made", "Pages", "Exhibits", "File"])
        self.binders.horizontalHeader().setStretchLastSection(True)
        self.binders.setAccessibleName("Binders made from this vault")
        self.make_binder_button = QPushButton("Make a binder…")
        binder_pane = QWidget()
        binder_layout = QVBoxLayout(binder_pane)
        binder_layout.addWidget(QLabel("<h3>Binders</h3><p>Every binder made from this vault, with the SHA-256 "
                                       "fingerprint of the file that was handed over.</p>"))
        binder_layout.addWidget(self.binders)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.make_binder_button)
        binder_layout.addLayout(row)

        self.stack = QStackedWidget()
        self.stack.addWidget(documents)
        self._views["binders"] = self.stack.addWidget(binder_pane)
        outer = QSplitter()
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
        self.import_files_action = self._action("&Import files…", QKeySequence.StandardKey.Open,
                                                self._on_import_files_triggered)
        self.import_folder_action = self._action("Import a &folder…", "Ctrl+Shift+O", self._on_import_folder_triggered)
        self.new_note_action = self._action("&New note…", "Ctrl+N", self._on_new_note_triggered)
        self.paste_note_action = self._action("&Paste text as a note", "Ctrl+Shift+V", self._on_paste_note_triggered)
        self.letter_action = self._action("New &letter…", "Ctrl+L", self._on_letter_triggered)
        self.binder_action = self._action("Make a &binder…", "Ctrl+B", self._on_binder_triggered)
        self.backup_action = self._action("&Back up now…", None, self._on_backup_triggered)
        self.auto_backup_action = self._action("&Automatic backups…", None, self._on_auto_backup_triggered)
        self.restore_backup_action = self._action("Res&tore a backup…", None, self._on_restore_backup_triggered)
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)
        self.undo_action = self._action("&Undo", QKeySequence.StandardKey.Undo, self._on_undo_triggered)
        self.redo_action = self._action("&Redo", QKeySequence.StandardKey.Redo, self._on_redo_triggered)
        self.find_action = self._action("&Find in documents", QKeySequence.StandardKey.Find,
                                        lambda: self.search_edit.setFocus())
        self.tag_action = self._action("&Tag as evidence…", "Ctrl+T", self.tag_current)
        self.trash_action = self._action("Move to &Trash", QKeySequence.StandardKey.Delete, self._on_trash_triggered)
        self.restore_action = self._action("&Restore from Trash", "Ctrl+Shift+R", self._on_restore_triggered)
        self.about_action = self._action("&About IEPDesk", None, self._on_about_triggered)
        self.preferences_action = self._action("&Preferences…", QKeySequence.StandardKey.Preferences,
                                               self._on_preferences_triggered)
        file_menu = self.menuBar().addMenu("&File")
        self.vaults.add_to(file_menu)
        for action in (self.import_files_action, self.import_folder_action, self.new_note_action,
                       self.paste_note_action, self.letter_action, None, self.binder_action, None, self.backup_action,
                       self.auto_backup_action, self.restore_backup_action, None, self.quit_action):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        edit_menu = self.menuBar().addMenu("&Edit")
        for action in (self.undo_action, self.redo_action, None, self.find_action, self.tag_action, None,
                       self.trash_action, self.restore_action, None, self.preferences_action):
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
        self.menuBar().addMenu("&Help").addAction(self.about_action)

    def _connect_signals(self) -> None:
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row_changed)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self._search_timer.timeout.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self.model.sort)
        self.editor.save_requested.connect(self._on_editor_save_requested)
        self.evidence.accept_requested.connect(lambda ids: self._review(ids, "accepted"))
        self.evidence.reject_requested.connect(lambda ids: self._review(ids, "rejected"))
        self.evidence.remove_requested.connect(self._on_evidence_remove_requested)
        self.evidence.tag_requested.connect(self.tag_current)
        self.evidence.page_requested.connect(self._on_evidence_page_requested)
        self.preview.text_selected.connect(self._on_preview_text_selected)
        self.make_binder_button.clicked.connect(self._on_binder_triggered)

    # -- the list ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload what the current view shows (after any change)."""
        current = self.current_item_id()
        view = self.view
        if view == "coverage":
            self.coverage.refresh()
        elif view == "timeline":
            self.timeline.refresh()
        elif view == "binders":
            self._load_binders()
        else:
            query = self.search_edit.text().strip()
            found: dict[int, tuple[int, str]] | None = None
            if query:
                found = {}
                for hit in search(self.vault, query, limit=500):
                    found.setdefault(hit.item_id, (hit.page, " ".join(hit.snippet.split())))
            kind = view.split(":", 1)[1] if view.startswith("kind:") else None
            base = "trash" if view == "trash" else ("inbox" if view == "inbox" else "all")
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
        if view not in ("coverage", "binders", "timeline"):
            shown = self.model.rowCount()
            self.status_label.setText(f"{shown} document(s) shown · {self.vault.path.name}")
        if self._ready:
            self._update_undo()

    def current_item_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(ItemIdRole) if index.isValid() else None

    def select_item(self, item_id: int) -> bool:
        row = self.model.row_of(item_id)
        if row is None:
            return False
        self.table.setCurrentIndex(self.model.index(row, 0))
        return True

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
        """The stack page of a view; the coverage and timeline views are made the first time they are shown."""
        if view in ("coverage", "timeline") and view not in self._views:
            if view == "coverage":
                from iepdesk.gui.coverage_view import CoverageView

                self.coverage = CoverageView(self.vault, self.catalogue)
                widget: QWidget = self.coverage
            else:
                from iepdesk.gui.timeline_view import TimelineView

                self.timeline = TimelineView(self.vault)
                self.timeline.item_requested.connect(self.open_item)
                widget = self.timeline
            self._views[view] = self.stack.addWidget(widget)
        return self._views.get(view, self._views["binders"] if view == "binders" else 0)

    def _on_table_current_changed(self, current: Any, _previous: Any) -> None:
        self.show_item(current.data(ItemIdRole) if current.isValid() else None)

    def show_item(self, item_id: int | None) -> None:
        from iepdesk.criteria.evidence import list_evidence
        from iepdesk.items import get_item

        self.selection = None
        item = get_item(self.vault, item_id) if item_id is not None else None
        found = self.model.found(item_id) if item_id is not None else None
        terms = _terms(self.search_edit.text())
        self.preview.show_item(item, page=found[0] if found else 1, terms=terms)
        self.editor.show_item(item)
        self.evidence.show_links(list_evidence(self.vault, item_id=item_id, include_trashed=True) if item else [])
        self.tag_action.setEnabled(item is not None and item.trashed_at is None)
        self.trash_action.setEnabled(item is not None and item.trashed_at is None)
        self.restore_action.setEnabled(item is not None and item.trashed_at is not None)

    # -- changes (each through the core, undoable) ------------------------------------------------------------
    def _changed(self) -> None:
        self.refresh()
        current = self.current_item_id()
        if current is not None:
            self.show_item(current)

    def _on_editor_save_requested(self, item_id: int, changes: dict[str, Any]) -> None:
        from iepdesk.items import update_item

        self._run_change(lambda: update_item(self.vault, item_id, actor="app", **changes))

    def _run_change(self, change: Any) -> Any:
        try:
            result = change()
        except Exception as error:  # a sentence from the core: show it, change nothing
            QMessageBox.warning(self, "That did not work", str(error))
            return None
        self._changed()
        return result

    def _on_preview_text_selected(self, page: int, text: str) -> None:
        self.selection = (page, text)
        self.statusBar().showMessage(f"Selected on page {page}: “{text[:80]}”. Choose Tag as evidence… (Ctrl+T).",
                                     10000)

    def tag_current(self, criterion_id: str | None = None) -> None:
        item_id = self.current_item_id()
        if item_id is None:
            return
        quote = self.selection[1] if self.selection else None
        from iepdesk.criteria.evidence import tag
        from iepdesk.items import get_item

        if not criterion_id:
            from iepdesk.gui.dialogs.criterion import CriterionDialog

            criterion_id = CriterionDialog.choose(self.catalogue, quote, self)
        if not criterion_id:
            return
        item = get_item(self.vault, item_id)
        page = self.selection[0] if self.selection and item.media_type == "application/pdf" else None
        self._run_change(lambda: tag(self.vault, item_id, criterion_id, page=page, quote=quote, actor="app",
                                     catalogue=self.catalogue))
        self.tabs.setCurrentWidget(self.evidence)

    def _review(self, ids: list[int], status: str) -> None:
        from iepdesk.criteria.evidence import set_status

        if ids:
            self._run_change(lambda: set_status(self.vault, ids, status, actor="app"))

    def _on_evidence_remove_requested(self, evidence_id: int) -> None:
        from iepdesk.criteria.evidence import untag

        self._run_change(lambda: untag(self.vault, evidence_id, actor="app", catalogue=self.catalogue))

    def _on_evidence_page_requested(self, page: int) -> None:
        self.tabs.setCurrentWidget(self.preview)
        self.preview.show_page(page)

    def _on_trash_triggered(self) -> None:
        from iepdesk.items import trash_item

        item_id = self.current_item_id()
        if item_id is not None:
            self._run_change(lambda: trash_item(self.vault, item_id, actor="app"))
            self.statusBar().showMessage("Moved to the Trash. Undo (Ctrl+Z) or Restore brings it back.", 10000)

    def _on_restore_triggered(self) -> None:
        from iepdesk.items import restore_item

        item_id = self.current_item_id()
        if item_id is not None:
            self._run_change(lambda: restore_item(self.vault, item_id, actor="app"))

    def _on_undo_triggered(self) -> None:
        from iepdesk import undo

        step = undo.undo(self.vault, actor="app")
        if step is not None:
            self.statusBar().showMessage(f"Undone: {step.summary}", 8000)
            self._changed()

    def _on_redo_triggered(self) -> None:
        from iepdesk import undo

        step = undo.redo(self.vault, actor="app")
        if step is not None:
            self.statusBar().showMessage(f"Redone: {step.summary}", 8000)
            self._changed()

    def _update_undo(self) -> None:
        from iepdesk import undo

        done, undone = undo.available(self.vault)
        self.undo_action.setText(f"&Undo {done.label}" if done else "&Undo")
        self.undo_action.setEnabled(done is not None)
        self.redo_action.setText(f"&Redo {undone.label}" if undone else "&Redo")
        self.redo_action.setEnabled(undone is not None)

    # -- notes ---------------------------------------------------------------------------------------------
    def _on_new_note_triggered(self, text: str = "") -> None:
        from iepdesk.gui.dialogs.note import NoteDialog
        from iepdesk.ingest.notes import add_note

        note = NoteDialog.ask(text if isinstance(text, str) else "", self)
        if note is not None:
            record = self._run_change(lambda: add_note(self.vault, note.text, note_type=note.note_type,
                                                       title=note.title, date=note.date, people=note.people,
                                                       actor="app"))
            if record is not None:
                self.select_item(record.id)

    def _on_paste_note_triggered(self) -> None:
        self._on_new_note_triggered(QGuiApplication.clipboard().text())

    def _on_letter_triggered(self) -> None:
        from iepdesk.gui.dialogs.letter import LetterDialog

        dialog = LetterDialog(self.vault, self)
        if dialog.exec() and dialog.sent:
            self._changed()
            self.select_item(dialog.sent[0].id)

    # -- binders -------------------------------------------------------------------------------------------
    def _on_binder_triggered(self) -> None:
        from iepdesk.gui.dialogs.binder import BinderDialog
        from iepdesk.gui.dialogs.preferences import preference

        BinderDialog(self.vault, self.runner, Path(str(preference("folder"))), self).exec()
        self.refresh()

    def _load_binders(self) -> None:
        from sqlalchemy import select

        from iepdesk.vault.models import Binder

        with self.vault.session() as session:
            rows = session.scalars(select(Binder).order_by(Binder.id.desc())).all()
            self.binders.setRowCount(len(rows))
            for number, row in enumerate(rows):
                cells = (f"{row.created_at:%Y-%m-%d %H:%M}", str(row.pages), str(len(row.exhibits)), row.path)
                for column, text in enumerate(cells):
                    cell = QTableWidgetItem(text)
                    cell.setToolTip(f"SHA-256 {row.sha256}")
                    self.binders.setItem(number, column, cell)

    # -- import --------------------------------------------------------------------------------------------
    def _on_import_files_triggered(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import files", str(Path.home()))
        if names:
            self.import_paths([Path(n) for n in names])

    def _on_import_folder_triggered(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder", str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def import_paths(self, paths: list[Path], password: str | None = None) -> None:
        if self.runner.busy:
            QMessageBox.information(self, "Please wait", "IEPDesk is still working on the last import.")
            return
        if password is None and not self._into_demo_anyway():
            return
        dialog = QProgressDialog("Importing…", "Cancel", 0, 0, self)
        dialog.setWindowTitle("Importing")
        dialog.setMinimumDuration(500)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress = dialog
        from iepdesk.ingest import ImportOptions, import_paths

        options = ImportOptions(actor="app", password=password)
        task = self.runner.start(
            lambda report, cancel: import_paths(self.vault, paths, options, report, cancel),
            self._on_import_done, self._on_task_failed, self._on_import_progress,
        )
        dialog.canceled.connect(task.cancel.set)

    def _into_demo_anyway(self) -> bool:
        """Real documents do not land in the demo by accident: ask first (Cancel is the default)."""
        from iepdesk.gui.vaults import is_demo

        if not is_demo(self.vault.path):
            return True
        box = QMessageBox(QMessageBox.Icon.Question, "This is the demo case",
                          "The vault open now is the demo case, with a made-up child. Your own documents belong "
                          "in a vault of your own.", parent=self)
        own = box.addButton("Make or open my own vault…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Import into the demo", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(own)
        box.exec()
        if box.clickedButton() is own:
            self.vaults.close_demo()
            return False
        return box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.DestructiveRole

    def _on_import_progress(self, progress: Progress) -> None:
        if self._progress is not None and progress.phase == "import":
            self._progress.setMaximum(progress.total)
            self._progress.setValue(progress.done)
            self._progress.setLabelText(f"Importing {progress.done + 1} of {progress.total}: {progress.current}")

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None

    def _on_import_done(self, report: ImportReport) -> None:
        self._close_progress()
        self.last_report = report
        self.refresh()
        if report.item_ids:
            self.select_item(report.item_ids[0])
        self.statusBar().showMessage(_summary(report), 15000)
        rejected = [r for r in report.results if r.status == "rejected"]
        # A protected PDF gets a password prompt instead of a complaint (a wrong password: asked again).
        locked = [Path(r.path) for r in rejected if r.code == "password" and Path(r.path).is_file()]
        others = [r for r in rejected if Path(r.path) not in locked]
        if others:
            lines = "".join(f"<li><b>{html.escape(Path(r.path).name)}</b> {html.escape(r.reason or '')}</li>"
                            for r in others)
            box = QMessageBox(QMessageBox.Icon.Warning, "Some files were not imported",
                              f"<p>{html.escape(_summary(report))}</p><ul>{lines}</ul>", parent=self)
            box.setTextFormat(Qt.TextFormat.RichText)
            box.open()
        queue, self._after_import = locked + self._after_import, []
        if queue:
            QTimer.singleShot(0, lambda: self._ask_passwords(queue))
        else:
            self.start_ocr()
            self._suggest(report.item_ids)

    def _ask_passwords(self, paths: list[Path]) -> None:
        """Ask for each protected PDF's password in turn and import it again; Cancel skips that file."""
        while paths:
            path, paths = paths[0], paths[1:]
            password, ok = QInputDialog.getText(
                self, "Password needed",
                f"“{path.name}” is protected by a password.\nType its password to import it:",
                QLineEdit.EchoMode.Password)
            if ok and password:
                self._after_import = paths
                self.import_paths([path], password=password)
                return
        self.start_ocr()

    def _suggest(self, item_ids: list[int]) -> None:
        """Look for evidence in new documents (suggestions only: nothing is tagged until accepted)."""
        if item_ids and not self.runner.busy:
            from iepdesk.criteria.suggest import run_suggestions

            self.runner.start(lambda _r, _c: run_suggestions(self.vault, item_ids, catalogue=self.catalogue,
                                                             actor="app"),
                              lambda _r: self._changed(), self._on_task_failed)

    def _on_task_failed(self, error: BaseException) -> None:
        self._close_progress()
        log.error("background task failed", exc_info=error)
        QMessageBox.critical(self, "Something went wrong", f"{error}\n\nNothing already saved was lost.")
        self.refresh()

    # -- OCR in the background -------------------------------------------------------------------------------
    def start_ocr(self) -> None:
        from iepdesk.ingest.ocr import pages_waiting, run_ocr, tesseract_command

        if self.runner.busy or not pages_waiting(self.vault):
            return
        if tesseract_command() is None:
            self.statusBar().showMessage(
                "Some scanned pages cannot be searched yet: OCR (Tesseract) is not installed.", 15000)
            return
        self.runner.start(lambda report, cancel: run_ocr(self.vault, report, cancel, actor="app"),
                          lambda _r: self._changed(), self._on_task_failed, self._on_ocr_progress)

    def _on_ocr_progress(self, progress: Progress) -> None:
        self.status_label.setText(f"Reading scanned pages (OCR): {progress.done} of {progress.total}")

    # -- backups -------------------------------------------------------------------------------------------------
    def backup_folder(self) -> Path | None:
        from PySide6.QtCore import QSettings

        value = QSettings().value("backup_folder")
        return Path(str(value)) if value else None

    def show_last_backup(self) -> None:
        """The "last backup" line: plain words, a warning when there is none or it is old."""
        from iepdesk.vault.backup import last_backup

        folder = self.backup_folder()
        found = last_backup(folder, self.vault) if folder and folder.is_dir() else None
        if folder is None:
            text, warn = "No automatic backups: choose File ▸ Automatic backups…", True
        elif not folder.is_dir():
            text, warn = f"Backup folder missing: {folder} (is the USB stick plugged in?)", True
        elif found is None:
            text, warn = "No backup yet: one is made when you close IEPDesk", True
        else:
            when = found[0]
            age = (when.now(when.tzinfo) - when).days
            text, warn = f"Last backup: {when:%Y-%m-%d %H:%M}", age > 7
        self.backup_label.setText(text)
        self.backup_label.setStyleSheet("color: #b00020" if warn else "")

    def _on_backup_triggered(self) -> None:
        from iepdesk.vault.backup import backup, default_name

        name, _ = QFileDialog.getSaveFileName(self, "Back up the vault to…",
                                              str((self.backup_folder() or Path.home()) / default_name()),
                                              "IEPDesk backup (*.iepbackup)")
        if name:
            report = self._run_change(lambda: backup(self.vault, Path(name), overwrite=True))
            if report is not None:
                QMessageBox.information(self, "Backed up", f"The backup is written and checked:\n{report.path}")

    def _on_auto_backup_triggered(self) -> None:
        from PySide6.QtCore import QSettings

        folder = QFileDialog.getExistingDirectory(
            self, "Where should automatic backups go? (a USB stick or a synced folder)",
            str(self.backup_folder() or Path.home()))
        if folder:
            QSettings().setValue("backup_folder", folder)
            self.show_last_backup()

    def _on_restore_backup_triggered(self) -> None:
        from iepdesk.vault.backup import restore

        archive, _ = QFileDialog.getOpenFileName(self, "Choose a backup", str(self.backup_folder() or Path.home()),
                                                 "IEPDesk backup (*.iepbackup *.zip)")
        if not archive:
            return
        folder = QFileDialog.getExistingDirectory(self, "Choose an empty folder for the restored vault")
        if folder:
            report = self._run_change(lambda: restore(Path(archive), Path(folder) / "Restored vault"))
            if report is not None and QMessageBox.question(
                    self, "Restored", f"{report.items} documents restored into {report.path}.\n\nOpen the restored "
                    "vault now? (You can open it later with File ▸ Open vault….)") == QMessageBox.StandardButton.Yes:
                self.vaults.switch_to(Path(report.path))

    def automatic_backup(self) -> None:
        """On closing: back up when something changed and the last one is a day old; a failure is said plainly."""
        from iepdesk.errors import IEPDeskError
        from iepdesk.vault.backup import auto_backup

        folder = self.backup_folder()
        if folder is None:
            return
        try:
            auto_backup(self.vault, folder)
        except IEPDeskError as error:
            QMessageBox.warning(self, "The automatic backup failed", f"{error}\n\nYour vault itself is fine.")

    def _on_preferences_triggered(self) -> None:
        from iepdesk.gui.dialogs.preferences import PreferencesDialog

        PreferencesDialog(self).exec()

    def _on_about_triggered(self) -> None:
        QMessageBox.about(self, "About IEPDesk",
                          f"<h3>IEPDesk {__version__}</h3><p>An offline desk for a special-education case. "
                          "Your documents stay on this computer; IEPDesk never uses the network.</p>"
                          "<p>Not legal advice.</p>")

    def closeEvent(self, event: Any) -> None:
        self.runner.wait()
        self.preview.show_item(None)
        self.automatic_backup()
        super().closeEvent(event)
        MainWindow.windows.discard(self)
        if self.owns_vault:
            self.vault.close()


def _terms(query: str) -> list[str]:
    """The words and phrases of a search, to highlight on the page."""
    expression = fts_query(query)
    return [part.strip('"*') for part in expression.split('"') if part.strip() and part.strip() not in
            ("AND", "OR", "NOT", "(", ")", "*")][:12]


def _summary(report: ImportReport) -> str:
    text = (f"Imported {report.count('imported')}; {report.count('duplicate')} already in the vault; "
            f"{report.count('rejected')} not imported.")
    if report.stopped is not None:
        return f"{text} {report.stopped}"
    return text + (" Stopped before the end." if report.cancelled else "")

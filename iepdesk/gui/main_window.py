"""The main window: the documents of a vault, their details, and import by menu or drag and drop."""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.item_model import COL_DATE, COL_TITLE, ItemIdRole, ItemTableModel, SortRole
from iepdesk.gui.tasks import TaskRunner
from iepdesk.ingest import ImportOptions, ImportReport, Progress, import_paths
from iepdesk.items import get_item, list_items, page_texts
from iepdesk.kinds import KINDS, SOURCES
from iepdesk.vault import Vault

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, vault: Vault, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.vault = vault
        self.runner = runner or TaskRunner(self)
        self.last_report: ImportReport | None = None
        self._progress: QProgressDialog | None = None
        self._after_import: list[Path] = []  # protected files still to ask a password for
        self.setWindowTitle(f"IEPDesk — {vault.path.name}")
        self.setAcceptDrops(True)
        self.resize(1200, 760)
        self._build_ui()
        self._build_actions()
        self._connect_signals()
        self.refresh()
        QTimer.singleShot(0, self.start_ocr)

    # -- building ------------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.model = ItemTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.filter_edit = QLineEdit(placeholderText="Filter by title, kind or sender…")
        self.filter_edit.setAccessibleName("Filter documents")
        self.filter_edit.setClearButtonEnabled(True)
        self.table = QTableView()
        self.table.setAccessibleName("Documents")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_DATE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        for column, width in enumerate((92, 300, 140, 150, 90, 50)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.empty_hint = QLabel(
            "<h3>No documents yet</h3><p>Drag files or folders here (PDFs, emails, photos, Word files), "
            "or use <b>File ▸ Import files…</b></p>")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)

        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table)
        layout.addWidget(self.empty_hint)
        self.guess_hint = QLabel("<i>Italic</i> details are IEPDesk's guesses: select a document to see why, "
                                 "and correct them if they are wrong.")
        self.guess_hint.setWordWrap(True)
        layout.addWidget(self.guess_hint)

        self.details = QTextBrowser()
        self.details.setAccessibleName("Document details and text")
        self.details.setOpenLinks(False)
        self.details.setPlaceholderText("Select a document to see its details and the text of each page.")
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setSizes([820, 380])
        self.setCentralWidget(splitter)
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu("&File")
        self.import_files_action = QAction("&Import files…", self, shortcut=QKeySequence.StandardKey.Open)
        self.import_folder_action = QAction("Import a &folder…", self, shortcut=QKeySequence("Ctrl+Shift+O"))
        self.quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        for action in (self.import_files_action, self.import_folder_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.quit_action)

    def _connect_signals(self) -> None:
        self.import_files_action.triggered.connect(self._on_import_files_triggered)
        self.import_folder_action.triggered.connect(self._on_import_folder_triggered)
        self.quit_action.triggered.connect(self.close)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)

    # -- data --------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.current_item_id()
        items = list_items(self.vault)
        self.model.set_items(items)
        self.table.setVisible(bool(items))
        self.guess_hint.setVisible(any(i.guesses for i in items))
        self.empty_hint.setVisible(not items)
        waiting = sum(1 for i in items if i.text_status == "needs_ocr")
        self.status_label.setText(
            f"{len(items)} document(s)" + (f" · {waiting} waiting for OCR" if waiting else ""))
        if current is not None:
            self.select_item(current)

    def current_item_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(ItemIdRole) if index.isValid() else None

    def select_item(self, item_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ItemIdRole) == item_id:
                self.table.setCurrentIndex(index)
                return

    def _on_table_current_changed(self, current: Any, _previous: Any) -> None:
        if not current.isValid():
            self.details.clear()
            return
        self.show_details(current.data(ItemIdRole))

    def show_details(self, item_id: int) -> None:
        item = get_item(self.vault, item_id)
        rows = []
        shown = {"Kind": ("kind", KINDS.get(item.kind, item.kind)), "Date": ("date", item.date),
                 "From": ("author", item.author), "Source": ("source", SOURCES.get(item.source or "", "")),
                 "To": ("", item.recipients), "Cc": ("", item.cc), "File": ("", item.original_name)}
        for label, (field, value) in shown.items():
            if not value and not field:
                continue
            reason = item.guesses.get(field)
            hint = f" <i style='color:gray'>(a guess: {html.escape(reason)})</i>" if reason else ""
            rows.append(f"<tr><td><b>{label}</b></td><td>{html.escape(str(value or '—'))}{hint}</td></tr>")
        warnings = "".join(f"<p style='color:#a15c00'>⚠ {html.escape(w)}</p>" for w in item.warnings)
        pages = []
        for number, status, text in page_texts(self.vault, item_id):
            flag = {"ocr": " · text read by OCR", "needs_ocr": " · waiting for OCR"}.get(status, "")
            body = html.escape(text.strip()) or "<i>(no text)</i>"
            pages.append(f"<h4>Page {number}{flag}</h4><pre style='white-space:pre-wrap'>{body}</pre>")
        self.details.setHtml(
            f"<h2>{html.escape(item.title)}</h2><table cellspacing=4>{''.join(rows)}</table>"
            f"{warnings}{''.join(pages)}")

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
        dialog = QProgressDialog("Importing…", "Cancel", 0, 0, self)
        dialog.setWindowTitle("Importing")
        dialog.setMinimumDuration(500)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress = dialog
        options = ImportOptions(actor="app", password=password)
        task = self.runner.start(
            lambda report, cancel: import_paths(self.vault, paths, options, report, cancel),
            self._on_import_done, self._on_task_failed, self._on_import_progress,
        )
        dialog.canceled.connect(task.cancel.set)

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

    def _on_task_failed(self, error: BaseException) -> None:
        self._close_progress()
        log.error("background task failed", exc_info=error)
        QMessageBox.critical(self, "Something went wrong", f"{error}\n\nNothing already imported was lost.")
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
                          lambda _r: self.refresh(), self._on_task_failed, self._on_ocr_progress)

    def _on_ocr_progress(self, progress: Progress) -> None:
        self.status_label.setText(f"Reading scanned pages (OCR): {progress.done} of {progress.total}")

    def closeEvent(self, event: Any) -> None:
        self.runner.wait()
        super().closeEvent(event)


def _summary(report: ImportReport) -> str:
    text = (f"Imported {report.count('imported')}; {report.count('duplicate')} already in the vault; "
            f"{report.count('rejected')} not imported.")
    return text + (" Stopped before the end." if report.cancelled else "")

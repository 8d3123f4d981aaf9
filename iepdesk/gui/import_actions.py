"""File ▸ Import files…, Import a folder…, dropping files on the window: the import in the background with
its progress and Cancel, a password asked for each protected PDF, then OCR of scanned pages and suggestions.
The demo case asks before real documents land in it."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QProgressDialog

from iepdesk.gui.parity import covers
from iepdesk.progress import Progress

if TYPE_CHECKING:
    from iepdesk.gui.main_window import MainWindow
    from iepdesk.ingest import ImportReport


class ImportActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._progress: QProgressDialog | None = None
        self._after_import: list[Path] = []  # protected files still to ask a password for
        self.import_files_action = covers(window._action("&Import files…", QKeySequence.StandardKey.Open,
                                                         self._on_import_files_triggered), "import")
        self.import_folder_action = covers(window._action("Import a &folder…", "Ctrl+Shift+O",
                                                          self._on_import_folder_triggered), "import")

    def _on_import_files_triggered(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self.window, "Import files", str(Path.home()))
        if names:
            self.import_paths([Path(n) for n in names])

    def _on_import_folder_triggered(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder", str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path], password: str | None = None) -> None:
        if self.window.runner.busy:
            QMessageBox.information(self.window, "Please wait", "IEPDesk is still working on the last import.")
            return
        if password is None and not self._into_demo_anyway():
            return
        dialog = QProgressDialog("Importing…", "Cancel", 0, 0, self.window)
        dialog.setWindowTitle("Importing")
        dialog.setMinimumDuration(500)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress = dialog
        from iepdesk.ingest import ImportOptions, import_paths

        options = ImportOptions(actor="app", password=password)
        task = self.window.runner.start(
            lambda report, cancel: import_paths(self.window.vault, paths, options, report, cancel),
            self._on_import_done, self.window._on_task_failed, self._on_import_progress,
        )
        dialog.canceled.connect(task.cancel.set)

    def _into_demo_anyway(self) -> bool:
        """Real documents do not land in the demo by accident: ask first (Cancel is the default)."""
        from iepdesk.gui.vaults import is_demo

        if not is_demo(self.window.vault.path):
            return True
        box = QMessageBox(QMessageBox.Icon.Question, "This is the demo case",
                          "The vault open now is the demo case, with a made-up child. Your own documents belong "
                          "in a vault of your own.", parent=self.window)
        own = box.addButton("Make or open my own vault…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Import into the demo", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(own)
        box.exec()
        if box.clickedButton() is own:
            self.window.vaults.close_demo()
            return False
        return box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.DestructiveRole

    def _on_import_progress(self, progress: Progress) -> None:
        if self._progress is not None and progress.phase == "import":
            self._progress.setMaximum(progress.total)
            self._progress.setValue(progress.done)
            self._progress.setLabelText(f"Importing {progress.done + 1} of {progress.total}: {progress.current}")

    def close_progress(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None

    def _on_import_done(self, report: ImportReport) -> None:
        self.close_progress()
        self.window.last_report = report
        self.window.refresh()
        if report.item_ids:
            self.window.select_item(report.item_ids[0])
        self.window.statusBar().showMessage(_summary(report), 15000)
        rejected = [r for r in report.results if r.status == "rejected"]
        # A protected PDF gets a password prompt instead of a complaint (a wrong password: asked again).
        locked = [Path(r.path) for r in rejected if r.code == "password" and Path(r.path).is_file()]
        others = [r for r in rejected if Path(r.path) not in locked]
        if others:
            lines = "".join(f"<li><b>{html.escape(Path(r.path).name)}</b> {html.escape(r.reason or '')}</li>"
                            for r in others)
            box = QMessageBox(QMessageBox.Icon.Warning, "Some files were not imported",
                              f"<p>{html.escape(_summary(report))}</p><ul>{lines}</ul>", parent=self.window)
            box.setTextFormat(Qt.TextFormat.RichText)
            box.open()
        queue, self._after_import = locked + self._after_import, []
        if queue:
            QTimer.singleShot(0, lambda: self._ask_passwords(queue))
        else:  # scanned pages are read first, then the new documents' text is searched for evidence
            self.start_ocr(then=lambda: self._suggest(report.item_ids))

    def _ask_passwords(self, paths: list[Path]) -> None:
        """Ask for each protected PDF's password in turn and import it again; Cancel skips that file."""
        while paths:
            path, paths = paths[0], paths[1:]
            password, ok = QInputDialog.getText(
                self.window, "Password needed",
                f"“{path.name}” is protected by a password.\nType its password to import it:",
                QLineEdit.EchoMode.Password)
            if ok and password:
                self._after_import = paths
                self.import_paths([path], password=password)
                return
        self.start_ocr()

    def _suggest(self, item_ids: list[int]) -> None:
        """Look for evidence in new documents (suggestions only: nothing is tagged until accepted)."""
        if item_ids and not self.window.runner.busy:
            from iepdesk.criteria.suggest import run_suggestions

            window = self.window
            window.runner.start(lambda _r, _c: run_suggestions(window.vault, item_ids, catalogue=window.catalogue,
                                                               actor="app"),
                                lambda _r: window._changed(), window._on_task_failed)

    def start_ocr(self, then: Callable[[], None] | None = None) -> None:
        """Read the scanned pages that wait for OCR in the background, then do ``then`` (also when none wait)."""
        from iepdesk.ingest.ocr import pages_waiting, run_ocr, tesseract_command

        window, after = self.window, then or (lambda: None)
        if window.runner.busy or not pages_waiting(window.vault):
            after()
            return
        if tesseract_command() is None:
            window.statusBar().showMessage(
                "Some scanned pages cannot be searched yet: OCR (Tesseract) is not installed.", 15000)
            after()
            return

        def done(_report: object) -> None:
            window._changed()
            after()

        window.runner.start(lambda report, cancel: run_ocr(window.vault, report, cancel, actor="app"),
                            done, window._on_task_failed, self._on_ocr_progress)

    def _on_ocr_progress(self, progress: Progress) -> None:
        self.window.status_label.setText(f"Reading scanned pages (OCR): {progress.done} of {progress.total}")


def _summary(report: ImportReport) -> str:
    text = (f"Imported {report.count('imported')}; {report.count('duplicate')} already in the vault; "
            f"{report.count('rejected')} not imported.")
    if report.stopped is not None:
        return f"{text} {report.stopped}"
    return text + (" Stopped before the end." if report.cancelled else "")

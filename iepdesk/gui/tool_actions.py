"""Tools ▸ Read scanned pages now, Check the vault…, and File ▸ Export a copy for a lawyer or advocate…: the
vault's care, each in the background with its result said in plain words."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from iepdesk.gui.parity import covers

if TYPE_CHECKING:
    from iepdesk.export import ExportReport
    from iepdesk.gui.main_window import MainWindow
    from iepdesk.vault.verify import VerifyReport


class ToolActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ocr_action = covers(window._action("&Read scanned pages now", None, self._on_ocr_triggered), "ocr")
        self.verify_action = covers(window._action("&Check the vault…", None, self._on_verify_triggered), "verify")
        self.export_action = covers(window._action("&Export a copy for a lawyer or advocate…", None,
                                                   self._on_export_triggered), "export")
        self.about_action = window._action("&About IEPDesk", None, self._on_about_triggered)
        self.glossary_action = covers(window._action("&Glossary of words…", "F1", self._on_glossary_triggered),
                                      "glossary")
        self.tour_action = window._action("Take the &tour", None, self.show_tour)
        self.next_action = covers(window._action("&What can I do next?…", None, self._on_next_triggered), "next")
        self.preferences_action = window._action("&Preferences…", QKeySequence.StandardKey.Preferences,
                                                 self._on_preferences_triggered)
        self.calendar_action = covers(window._action("Deadlines to a &calendar…", None, self._on_calendar_triggered),
                                      "calendar")
        self.calendar_action.setToolTip("Write the running deadlines to a calendar file (.ics) your phone or "
                                        "computer calendar opens, each with a reminder two days before")
        self.child_action = covers(window._action("Your c&hild and state…", None, self._on_child_triggered),
                                   "student edit")
        self.parent_action = covers(window._action("&Your details (for letters)…", None, self._on_parent_triggered),
                                    "parent set", "parent show")
        self.breaks_action = covers(window._action("School &breaks and holidays…", None, self._on_breaks_triggered),
                                    "breaks add", "breaks list")
        self.rules_action = covers(window._action("Deadline &rules and criteria packs…", None,
                                                  self._on_rules_triggered),
                                   "deadlines list", "deadlines add", "criteria add")

    def _on_rules_triggered(self) -> None:
        from iepdesk.gui.dialogs.rules import RulesDialog

        dialog = RulesDialog(self.window.vault, self.window)
        dialog.exec()
        if dialog.added:  # a state's rules change the deadlines; a pack adds criteria
            window = self.window
            window._catalogue = None
            if "coverage" in window.side_views:  # the open Coverage view shows the new pack's criteria at once
                window.coverage.catalogue = window.catalogue
            window._changed()

    def _on_breaks_triggered(self) -> None:
        from iepdesk.gui.dialogs.breaks import BreaksDialog

        dialog = BreaksDialog(self.window.vault, self.window)
        dialog.exec()
        if dialog.added:
            self.window._changed()  # the deadlines counted in school days move

    def _on_calendar_triggered(self) -> None:
        from pathlib import Path

        from iepdesk.gui.attempt import attempt
        from iepdesk.timeline.calendar import calendar_text
        from iepdesk.timeline.deadlines import deadlines
        from iepdesk.vault.blobs import atomic_write

        window = self.window
        name, _ = QFileDialog.getSaveFileName(window, "Save the deadlines as a calendar file",
                                              str(Path.home() / "IEPDesk deadlines.ics"), "Calendar (*.ics)")
        if not name:
            return
        path = Path(name if name.lower().endswith(".ics") else f"{name}.ics")
        text = calendar_text(deadlines(window.vault))

        def save() -> Path:
            atomic_write(path, text.encode("utf-8"))
            return path

        if attempt(window, "The calendar file was not saved", save) is not None:
            window.statusBar().showMessage(f"Saved {text.count('BEGIN:VEVENT')} deadline(s) to {path}: open it, or "
                                           "send it to your phone, to add them to your calendar.", 12000)

    def _on_preferences_triggered(self) -> None:
        from iepdesk.gui.dialogs.preferences import PreferencesDialog

        PreferencesDialog(self.window).exec()

    def show_tour(self) -> None:
        """The tour; "Go to Today" at its end opens Today."""
        from iepdesk.gui.dialogs.tour import TourDialog
        from iepdesk.gui.main_window import VIEWS

        if TourDialog(self.window).exec():
            self.window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("today"))

    def _on_next_triggered(self) -> None:
        from iepdesk.gui.dialogs.next_steps import NextStepsDialog

        NextStepsDialog(self.window.vault, self.window).exec()

    def _on_glossary_triggered(self) -> None:
        from iepdesk.gui.dialogs.glossary import GlossaryDialog

        GlossaryDialog("", self.window).exec()

    def _on_about_triggered(self) -> None:
        from iepdesk import __version__

        QMessageBox.about(self.window, "About IEPDesk",
                          f"<h3>IEPDesk {__version__}</h3><p>An offline desk for a special-education case. "
                          "Your documents stay on this computer; IEPDesk never uses the network.</p>"
                          "<p>Not legal advice.</p>")

    def _on_child_triggered(self) -> None:
        """The child's details and state (the first child; a vault with several asks which)."""
        from PySide6.QtWidgets import QInputDialog

        from iepdesk.gui.dialogs.child import ChildDialog
        from iepdesk.students import list_students, update_student

        window = self.window
        children = list_students(window.vault)
        if not children:
            return
        child = children[0]
        if len(children) > 1:
            names = [c.name for c in children]
            name, ok = QInputDialog.getItem(window, "Which child?", "Which child's details?", names, 0, False)
            if not ok:
                return
            child = children[names.index(name)]
        from iepdesk.criteria.coverage import category_choices

        dialog = ChildDialog(child, window, category_choices(window.catalogue))
        if dialog.exec() != ChildDialog.DialogCode.Accepted:
            return
        given = dialog.value()
        changed = window._run_change(lambda: update_student(
            window.vault, child.id, actor="app", name=given.name, birth_date=given.birth_date,
            school=given.school or None, grade=given.grade or None, state=given.state, categories=given.categories))
        if changed is not None:
            from iepdesk.states import STATES

            where = f"{STATES[changed.state]}'s" if changed.state else "the federal"
            window.statusBar().showMessage(f"Kept. {changed.name}'s deadlines now follow {where} rules.", 10000)

    def _on_parent_triggered(self) -> None:
        """Your own details, asked once and kept: every letter is signed with them."""
        from iepdesk.gui.dialogs.parent import ask_parent_details

        kept = ask_parent_details(self.window.vault, self.window)
        if kept is not None:
            self.window._changed()
            self.window.statusBar().showMessage(f"Your details are kept: {kept.name}. Letters are signed with them.",
                                                10000)

    def _busy(self) -> bool:
        if self.window.runner.busy:
            QMessageBox.information(self.window, "Please wait", "IEPDesk is still working (an import or reading "
                                    "scanned pages). Try again when it has finished.")
        return self.window.runner.busy

    def _on_ocr_triggered(self) -> None:
        from iepdesk.ingest.ocr import pages_waiting

        if self._busy():
            return
        waiting = pages_waiting(self.window.vault)
        if not waiting:
            self.window.statusBar().showMessage("Every scanned page has been read already.", 8000)
            return
        self.window.statusBar().showMessage(f"Reading {waiting} scanned page(s)…", 8000)
        self.window.imports.start_ocr()

    def _on_verify_triggered(self) -> None:
        from iepdesk.vault.verify import verify

        if not self._busy():
            self.window.statusBar().showMessage("Checking the database and every original file…")
            self.window.runner.start(lambda _report, _cancel: verify(self.window.vault), self._on_verified,
                                     self.window._on_task_failed)

    def _on_verified(self, report: VerifyReport) -> None:
        self.window.statusBar().clearMessage()
        checked = f"{report.items} document(s) and {report.blobs} original file(s) checked."
        if report.ok and not report.problems:
            QMessageBox.information(self.window, "The vault is sound", f"The vault is sound: {checked}")
            return
        lines = "".join(f"<li>{html.escape(p.detail)}</li>" for p in report.problems)
        title = "The vault is sound" if report.ok else "The vault has damage"
        lead = ("It is sound; these leftovers of interrupted work are harmless:" if report.ok else
                "Some of it is damaged. What each line says to do keeps the rest safe:")
        box = QMessageBox(QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Warning, title,
                          f"<p>{html.escape(checked)} {html.escape(lead)}</p><ul>{lines}</ul>", parent=self.window)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.exec()

    def _on_export_triggered(self) -> None:
        from iepdesk.export import export

        if self._busy():
            return
        folder = QFileDialog.getExistingDirectory(self.window, "Choose an empty folder for the copy",
                                                  str(Path.home()))
        if not folder:
            return
        out = Path(folder)
        if any(out.iterdir()):  # a folder with files in it: the copy goes in a new folder inside it
            out = out / f"{self.window.vault.path.name} (copy for sharing)"
        self.window.runner.start(lambda report, cancel: export(self.window.vault, out, progress=report,
                                                               cancel=cancel),
                                 self._on_exported, self.window._on_task_failed, self._on_progress)

    def _on_progress(self, progress: Any) -> None:
        self.window.statusBar().showMessage(f"Exporting {progress.done} of {progress.total}…")

    def _on_exported(self, report: ExportReport) -> None:
        self.window.statusBar().clearMessage()
        QMessageBox.information(
            self.window, "Exported",
            f"{report.files} original file(s) were copied into folders by kind, with index.csv, evidence.csv and "
            f"events.csv, in:\n{report.path}\n\nNothing in the vault was changed." +
            "".join(f"\n\n{w}" for w in report.warnings))

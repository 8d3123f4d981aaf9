from __future__ import annotations

from pathlib import Path

import pymupdf
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QMessageBox

from iepdesk.criteria.evidence import list_evidence
from iepdesk.criteria.suggest import run_suggestions
from iepdesk.gui.item_model import COL_KIND, COL_TITLE, ItemIdRole, ItemTableModel
from iepdesk.gui.main_window import VIEWS, MainWindow
from iepdesk.gui.tasks import TaskRunner
from iepdesk.ingest import import_paths
from iepdesk.items import list_rows
from iepdesk.vault import Vault
from tests.conftest import needs_tesseract
from tests.fixtures import docs
from tests.fixtures.windows import open_window


def _drop(window: MainWindow, *paths: Path) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))


def test_an_empty_vault_says_what_to_do(qtbot, vault: Vault) -> None:
    window = open_window(qtbot, vault)
    assert window.empty_hint.isVisible() and not window.table.isVisible()
    assert "Drag files or folders anywhere" in window.empty_hint.text()


def test_dropping_files_imports_them_and_reports_the_rejected(qtbot, vault: Vault, inbox: Path) -> None:
    window = open_window(qtbot, vault)
    good = docs.text_pdf(inbox / "Report card.pdf", ["Report Card\nTrimester 1"])
    bad = inbox / "broken.pdf"
    bad.write_bytes(b"<html>oops</html>")
    _drop(window, good, bad)
    report = window.last_report
    assert report is not None and [r.status for r in report.results] == ["imported", "rejected"]
    assert window.model.rowCount() == 1 and window.table.isVisible()
    assert "Imported 1" in window.statusBar().currentMessage()
    [box] = window.findChildren(QMessageBox)
    assert "broken.pdf" in box.text() and "is named .pdf but is not a PDF" in box.text()
    index = window.model.index(0, COL_TITLE)
    assert index.data() == "Report Card" and window.current_item_id() == index.data(ItemIdRole)
    assert window.editor.title.text() == "Report Card" and "A guess" in window.editor.hints["kind"].text()
    assert window.preview.page_label.text() == "Page 1 of 1"


def test_a_text_selection_on_a_page_becomes_evidence(qtbot, vault: Vault, inbox: Path) -> None:
    from iepdesk.gui.dialogs.criterion import CriterionDialog

    path = docs.text_pdf(inbox / "neuro.pdf", ["Summary", "Sam was easily distracted by noises in the\n"
                                                          "hallway during tests, and lost his place."])
    import_paths(vault, [path])
    window = open_window(qtbot, vault)
    window.select_item(list_rows(vault)[0].id)
    preview = window.preview
    preview.show_page(2)
    page = preview._doc[1]
    canvas = preview.canvas

    def on_screen(word: str) -> QPoint:
        rect = page.search_for(word)[0]
        return QPoint(round((rect.x0 + 2) * canvas.scale), round((rect.y0 + rect.y1) / 2 * canvas.scale))

    # a real drag with the mouse from "easily" on the first line to "hallway" on the next: the words between
    # are chosen in reading order (a rectangle from one to the other would leave out most of both lines)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=on_screen("easily"))
    qtbot.mouseMove(canvas, on_screen("hallway"))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=on_screen("hallway"))
    assert window.evidence_actions.selection == (2, "easily distracted by noises in the hallway")
    assert len(canvas.chosen) == 7  # the seven words highlighted are the quote
    def pick() -> None:  # what a parent does in the real picker: type a word, choose the element, OK
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CriterionDialog)
        qtbot.keyClicks(dialog.filter, "alertness")
        visible = [n for c, n in dialog._items.items() if not n.isHidden() and c == "idea.ohi.limited_alertness"]
        dialog.tree.setCurrentItem(visible[0])
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, pick)
    window.evidence_actions.tag_current()
    [link] = list_evidence(vault)
    assert (link.criterion_id, link.page, link.status) == ("idea.ohi.limited_alertness", 2, "accepted")
    assert link.quote == "easily distracted by noises in the hallway"
    assert window.edits.undo_action.text() == "&Undo Tag as evidence"


def test_words_quoted_as_evidence_are_looked_for_in_the_other_documents(qtbot, vault: Vault, inbox: Path) -> None:
    """A teacher's comment repeated from term to term: quoted once, the other report cards get a suggestion."""
    comment = "Jonah continues to require adult support to begin independent writing tasks"
    first, second = (import_paths(vault, [docs.text_pdf(inbox / name, [f"{term} comments. {comment}."])]).results[0]
                     .item_id for name, term in (("term1.pdf", "Term 1"), ("term2.pdf", "Term 2")))
    window = open_window(qtbot, vault)
    window.select_item(first)
    window.preview.text_selected.emit(1, comment)  # as a drag over the words on the page does
    window.evidence_actions.tag_current("idea.sld.area.written_expression")
    [found] = [e for e in list_evidence(vault) if e.item_id == second]
    assert (found.criterion_id, found.status, found.page) == ("idea.sld.area.written_expression", "suggested", 1)
    assert "1 new suggestion(s) wait for your review" in window.statusBar().currentMessage()


def test_rejecting_a_forms_printed_line_offers_to_reject_it_on_the_other_pages(qtbot, vault: Vault, inbox: Path,
                                                                              monkeypatch) -> None:
    printed = "Attendance: days he missed school are listed below, with the teacher's comments."
    cards = [import_paths(vault, [docs.text_pdf(inbox / f"term{n}.pdf", [f"Report card, term {n}. {printed}"])])
             .results[0].item_id for n in (1, 2, 3)]
    run_suggestions(vault)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _w, _t, text, *_a: asked.append(text)
                        or QMessageBox.StandardButton.Yes)
    window = open_window(qtbot, vault)
    window.open_item(cards[0])
    [first] = [e for e in list_evidence(vault, item_id=cards[0])
               if e.criterion_id == "idea.general.educational_performance"]
    panel = window.evidence
    window.tabs.setCurrentWidget(panel)
    panel.list.setCurrentRow(next(i for i in range(panel.list.count())
                                  if panel.list.item(i).data(Qt.ItemDataRole.UserRole)[0] == first.id))
    panel.reject_button.click()
    assert asked and "on 2 other page(s)" in asked[0]
    assert {e.status for e in list_evidence(vault) if e.criterion_id == "idea.general.educational_performance"} == {
        "rejected"}
    assert "3 suggestion(s) rejected" in window.statusBar().currentMessage()


def test_a_suggestion_is_accepted_and_undo_reverts_it(qtbot, vault: Vault, inbox: Path) -> None:
    path = docs.text_pdf(inbox / "eval.pdf", ["Neuropsychological Evaluation",
                                              "He was easily distracted, off task, and needed frequent redirection. "
                                              "On the BRIEF-2 and Conners-4 attention ratings were elevated.",
                                              "Reading fluency is below grade level; he reads 61 words correct per "
                                              "minute against a benchmark of 110, and decoding is weak."])
    item = import_paths(vault, [path]).results[0].item_id
    run_suggestions(vault, [item])
    window = open_window(qtbot, vault)
    window.open_item(item)  # from Today, where a vault with documents opens, to the document
    panel = window.evidence
    window.tabs.setCurrentWidget(panel)

    def statuses() -> list[str]:
        return [panel.list.item(i).data(Qt.ItemDataRole.UserRole)[1] for i in range(panel.list.count())]

    assert statuses().count("suggested") >= 2, statuses()
    assert panel.accept_all_button.isVisible() and panel.reject_all_button.isVisible()
    panel.list.setCurrentRow(0)
    assert panel.accept_button.isEnabled()
    panel.accept_button.click()
    assert sum(e.status == "accepted" for e in list_evidence(vault)) == 1
    assert window.edits.undo_action.text() == "&Undo Accept a suggestion"
    # the list keeps its place: the row chosen is now the next suggestion, ready for the next Accept
    assert panel.list.currentRow() == 0 and panel.selected_ids("suggested")
    assert "accepted as evidence" in window.statusBar().currentMessage()
    window.edits.undo_action.trigger()
    assert all(e.status == "suggested" for e in list_evidence(vault))
    assert window.edits.redo_action.isEnabled()

    waiting = len(list_evidence(vault))
    panel.accept_all_button.click()
    assert [e.status for e in list_evidence(vault)] == ["accepted"] * waiting
    assert not panel.accept_all_button.isVisible()
    window.edits.undo_action.trigger()
    panel.reject_all_button.click()
    assert [e.status for e in list_evidence(vault)] == ["rejected"] * waiting


def test_search_as_you_type_shows_the_page_of_the_hit(qtbot, vault: Vault, inbox: Path) -> None:
    docs.text_pdf(inbox / "a.pdf", ["Cover page", "Oral reading fluency: 61 words correct per minute."])
    docs.text_pdf(inbox / "b.pdf", ["A report card with nothing to find."])
    import_paths(vault, [inbox])
    window = open_window(qtbot, vault)
    window.search_edit.setText('"words correct"')
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=2000)
    assert "p. 2" in window.model.index(0, COL_TITLE).data()
    window.table.setCurrentIndex(window.model.index(0, 0))
    assert window.preview.page == 2 and window.preview.canvas.hits


def test_trash_and_restore(qtbot, vault: Vault, inbox: Path) -> None:
    import_paths(vault, [docs.text_pdf(inbox / "a.pdf", ["A letter"])])
    window = open_window(qtbot, vault)
    window.select_item(list_rows(vault)[0].id)
    window.edits.trash_action.trigger()
    assert window.model.rowCount() == 0
    window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("trash"))
    assert window.model.rowCount() == 1
    window.table.setCurrentIndex(window.model.index(0, 0))
    window.edits.restore_action.trigger()
    assert window.model.rowCount() == 0 and len(list_rows(vault)) == 1


def test_the_binder_dialog_writes_a_binder(qtbot, vault: Vault, inbox: Path, tmp_path: Path) -> None:
    from iepdesk.gui.dialogs.binder import BinderDialog

    import_paths(vault, [docs.text_pdf(inbox / "a.pdf", ["Psychoeducational Evaluation Report"])])
    from iepdesk.gui.dialogs.preferences import PreferencesDialog

    preferences = PreferencesDialog()
    qtbot.addWidget(preferences)
    preferences.exhibit_prefix.setText("Ex. ")
    preferences.save()
    dialog = BinderDialog(vault, TaskRunner(synchronous=True), tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.exhibits.count() == 1 and dialog.exhibits.item(0).text().startswith("Ex. 1")
    dialog.out.setText(str(tmp_path / "binder.pdf"))
    dialog.make()
    assert dialog.result_path == (tmp_path / "binder.pdf").resolve()
    assert pymupdf.open(tmp_path / "binder.pdf").page_count > 2
    assert "Binder ready" in dialog.message.text()


def test_a_protected_pdf_asks_for_its_password_then_imports(qtbot, vault: Vault, inbox: Path, monkeypatch) -> None:
    path = docs.text_pdf(inbox / "neuropsych.pdf", ["Neuropsychological Evaluation"],
                         encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="owl", owner_pw="owl2")
    answers = iter([("cat", True), ("owl", True)])  # a wrong password first: it is asked again
    asked = []

    def answer(*args: object, **kwargs: object) -> tuple[str, bool]:
        asked.append(args[2])
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(answer))
    window = open_window(qtbot, vault)
    window.imports.import_paths([path])
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert len(asked) == 2 and "neuropsych.pdf" in asked[0]
    assert window.findChildren(QMessageBox) == []  # a prompt, not a complaint


def test_the_model_shows_guesses_and_sorts_by_raw_values(vault: Vault, inbox: Path) -> None:
    docs.text_pdf(inbox / "b.pdf", ["Prior Written Notice\nDate: March 3, 2026"])
    docs.text_pdf(inbox / "a.pdf", ["Report Card\nDate: December 5, 2025"])
    import_paths(vault, [inbox])
    model = ItemTableModel()
    model.set_rows(list_rows(vault))
    assert [model.index(r, COL_KIND).data() for r in range(2)] == ["Report card", "Prior written notice"]
    tip = model.index(0, COL_KIND).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Report card\n\nA guess IEPDesk made: select the document to see why, and correct it if it is wrong."
    assert model.index(0, COL_KIND).data(Qt.ItemDataRole.FontRole).italic()


def test_closing_makes_an_automatic_backup_and_says_when(qtbot, vault: Vault, inbox: Path, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    folder = tmp_path / "usb"
    window = open_window(qtbot, vault)
    assert window.backup_label.text().startswith("No backup yet")
    folder.mkdir()
    QSettings().setValue("backup_folder", str(folder))
    window.backups.show_last_backup()
    assert "No backup yet" in window.backup_label.text()
    import_paths(vault, [docs.text_pdf(inbox / "a.pdf", ["A letter"])])
    window.close()
    [archive] = folder.glob("*.iepbackup")
    again = open_window(qtbot, vault)
    assert again.backup_label.text().startswith("Last backup:")
    from iepdesk.vault.backup import check_archive

    assert check_archive(archive).ok


def test_the_timeline_view_shows_the_clocks(qtbot, tmp_path: Path) -> None:
    import datetime as dt

    from iepdesk.timeline.events import add_event

    with Vault.create(tmp_path / "v") as vault:
        add_event(vault, "records_requested", dt.date.today() - dt.timedelta(days=10), title="Records request")
        window = open_window(qtbot, vault)
        window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("timeline"))
        clocks = window.timeline.clocks
        assert clocks.topLevelItemCount() >= 1
        texts = [clocks.topLevelItem(i).text(2) for i in range(clocks.topLevelItemCount())]
        assert any("35 day(s) left" in t for t in texts), texts
        window.close()


@needs_tesseract
def test_an_import_in_the_app_reads_its_scans_then_makes_suggestions(qtbot, vault: Vault, inbox: Path) -> None:
    """The steps after an import run at once (they were skipped while the runner still counted the import)."""
    evaluation = docs.text_pdf(inbox / "eval.pdf", ["Neuropsychological Evaluation",
                                                    "He was easily distracted, off task, and needed frequent "
                                                    "redirection. On the BRIEF-2 and Conners-4 attention ratings "
                                                    "were elevated."])
    scan = docs.scanned_pdf(inbox / "scan.pdf", ["Teacher note: Sam is easily distracted and off task in class.",
                                                 "He needs frequent redirection. BRIEF-2 ratings were elevated."])
    window = open_window(qtbot, vault)
    window.imports.import_paths([evaluation, scan])
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=60_000)
    from iepdesk.ingest.ocr import pages_waiting

    assert pages_waiting(vault) == 0, "the scanned page was read without a restart"
    suggested = {e.item_id for e in list_evidence(vault, statuses=("suggested",))}
    imported = {r.item_id for r in window.last_report.results}
    assert imported == suggested, "both new documents were searched for evidence, the scan after its OCR"


def test_suggestions_show_strongest_first_with_their_reason_and_weaker_ones_on_request(qtbot, vault: Vault,
                                                                                     inbox: Path) -> None:
    path = docs.text_pdf(inbox / "eval.pdf", [
        "He seems withdrawn and isolated at lunch.",
        "On the Conners-4 his attention ratings were clinically elevated; he was diagnosed with ADHD.",
    ])
    item = import_paths(vault, [path]).results[0].item_id
    run_suggestions(vault, [item])
    window = open_window(qtbot, vault)
    window.show_item(item)
    panel = window.evidence
    texts = [panel.list.itemWidget(panel.list.item(r)).text() for r in range(panel.list.count())]
    assert texts and not any("withdrawn" in t for t in texts) and "1 weaker one(s) hidden" in panel.summary.text()
    assert "writes “" in texts[0] or "says “" in texts[0]
    assert any("Other health impairment — " in t for t in texts), texts  # whose element it is, not its title alone
    assert not panel.weaker_box.isHidden()
    panel.weaker_box.setChecked(True)
    texts = [panel.list.itemWidget(panel.list.item(r)).text() for r in range(panel.list.count())]
    assert any("“withdrawn” and “isolated” on page 1" in t and "(weaker)" in t for t in texts)
    assert "hidden" not in panel.summary.text()

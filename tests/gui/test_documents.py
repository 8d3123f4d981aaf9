"""Documents in the app: several chosen at once and changed or tagged in one step, edits in Details never
dropped, and the original shown in a folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from iepdesk.criteria.evidence import list_evidence
from iepdesk.gui.dialogs.batch import BatchEditDialog
from iepdesk.gui.dialogs.criterion import CriterionDialog
from iepdesk.ingest import import_paths
from iepdesk.items import get_item
from iepdesk.vault import Vault
from tests.fixtures import docs
from tests.fixtures.windows import open_window


def _three(vault: Vault, inbox: Path) -> list[int]:
    return [import_paths(vault, [docs.text_pdf(inbox / f"note{n}.pdf", [f"A note from the teacher, number {n}"])])
            .results[0].item_id for n in range(3)]


def _choose(window, ids: list[int]) -> None:
    """What a click on the first row and Ctrl+click on the others do."""
    window.select_item(ids[0])
    for item_id in ids[1:]:
        index = window.model.index(window.model.row_of(item_id), 0)
        window.table.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def test_several_documents_are_changed_at_once_and_undone_together(qtbot, vault: Vault, inbox: Path) -> None:
    ids = _three(vault, inbox)
    window = open_window(qtbot, vault)
    _choose(window, ids[:2])
    assert sorted(window.selected_item_ids()) == sorted(ids[:2])

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, BatchEditDialog) and "2 documents" in dialog.windowTitle()
        dialog.kind.setCurrentIndex(dialog.kind.findData("correspondence"))
        dialog.source.setCurrentIndex(dialog.source.findData("school"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill)
    window.documents.batch_action.trigger()
    assert [(get_item(vault, i).kind, get_item(vault, i).source) for i in ids[:2]] == [("correspondence", "school")] * 2
    assert get_item(vault, ids[2]).source != "school"
    assert window.edits.undo_action.text() == "&Undo Edit details"
    window.edits.undo_action.trigger()
    assert all(get_item(vault, i).source != "school" for i in ids[:2])


def test_several_documents_go_to_the_trash_and_come_back_together(qtbot, vault: Vault, inbox: Path) -> None:
    from iepdesk.items import list_rows

    ids = _three(vault, inbox)
    window = open_window(qtbot, vault)
    _choose(window, ids[1:])
    window.edits.trash_action.trigger()
    assert [r.id for r in list_rows(vault)] == [ids[0]]
    assert "Moved 2 documents" in window.statusBar().currentMessage()
    window.edits.undo_action.trigger()  # one step brings both back
    assert sorted(r.id for r in list_rows(vault)) == sorted(ids)


def test_several_documents_are_tagged_at_once(qtbot, vault: Vault, inbox: Path) -> None:
    ids = _three(vault, inbox)
    window = open_window(qtbot, vault)
    _choose(window, [ids[0], ids[2]])

    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CriterionDialog)
        dialog.tree.setCurrentItem(dialog._items["idea.ohi.limited_alertness"])
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, pick)
    window.tag_action.trigger()
    assert sorted(e.item_id for e in list_evidence(vault)) == sorted([ids[0], ids[2]])
    assert "Tagged 2 documents" in window.statusBar().currentMessage()


def test_edits_in_details_are_saved_when_the_parent_moves_on(qtbot, vault: Vault, inbox: Path) -> None:
    ids = _three(vault, inbox)
    window = open_window(qtbot, vault)
    window.select_item(ids[0])
    window.tabs.setCurrentWidget(window.editor)
    qtbot.keyClicks(window.editor.notes, "Brought home on Friday; no signature asked.")
    window.select_item(ids[1])  # no Save pressed: the note is kept all the same
    assert get_item(vault, ids[0]).notes == "Brought home on Friday; no signature asked."
    assert "are saved" in window.statusBar().currentMessage()

    qtbot.keyClicks(window.editor.author, "Ms. Holloway")
    window.refresh()  # something else changed the list (an import, an accepted suggestion)
    assert get_item(vault, ids[1]).author == "Ms. Holloway"

    window.select_item(ids[2])
    window.editor.title.setText("Teacher's note about homework")
    window.close()
    assert get_item(vault, ids[2]).title == "Teacher's note about homework"


def test_show_in_folder_opens_the_folder_of_a_copy_under_the_documents_name(qtbot, vault: Vault, inbox: Path,
                                                                            monkeypatch) -> None:
    ids = _three(vault, inbox)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = open_window(qtbot, vault)
    window.select_item(ids[1])
    window.documents.show_folder_action.trigger()
    folder = Path(opened[0].toLocalFile())
    assert folder.is_dir() and [p.name for p in folder.iterdir()] == ["note1.pdf"]
    assert (folder / "note1.pdf").read_bytes() == (inbox / "note1.pdf").read_bytes()


def test_the_keyboard_goes_from_the_search_to_the_list_and_says_what_to_choose(qtbot, vault: Vault,
                                                                              inbox: Path) -> None:
    from PySide6.QtCore import Qt

    ids = _three(vault, inbox)
    window = open_window(qtbot, vault)
    window.table.clearSelection()
    window.table.setCurrentIndex(window.model.index(-1, -1))
    window.documents.batch_action.trigger()  # nothing chosen: a sentence, no dialog
    assert "Choose the documents in the list first" in window.statusBar().currentMessage()
    window.activateWindow()
    window.search_edit.setFocus()
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Down)
    assert window.table.hasFocus() and window.selected_item_ids() == [window.model.item_at(0).id]
    assert window.editor.item is not None and window.editor.item.id in ids
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window.selected_item_ids() == [window.model.item_at(1).id]


def test_a_folder_is_imported_from_the_file_menu_with_its_subfolders(qtbot, vault: Vault, inbox: Path,
                                                                     monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    (inbox / "emails").mkdir()
    docs.text_pdf(inbox / "eval.pdf", ["Psychoeducational Evaluation", "He was easily distracted and off task; "
                                       "attention ratings were elevated."])
    docs.text_pdf(inbox / "emails" / "note.pdf", ["A note from the teacher about homework"])
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(inbox))
    window = open_window(qtbot, vault)
    window.imports.import_folder_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=60_000)
    assert window.model.rowCount() == 2
    assert {r.item_id for r in window.last_report.results} == {window.model.item_at(n).id for n in range(2)}
    assert list_evidence(vault, statuses=("suggested",)), "suggestions are made after the import"

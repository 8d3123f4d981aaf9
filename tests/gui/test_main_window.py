from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from iepdesk.gui.item_model import COL_KIND, COL_TITLE, ItemIdRole, ItemTableModel
from iepdesk.gui.main_window import MainWindow
from iepdesk.gui.tasks import TaskRunner
from iepdesk.ingest import import_paths
from iepdesk.items import list_items
from iepdesk.vault import Vault
from tests.fixtures import docs


def _window(qtbot, vault: Vault) -> MainWindow:
    window = MainWindow(vault, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.show()
    return window


def test_an_empty_vault_says_what_to_do(qtbot, vault: Vault) -> None:
    window = _window(qtbot, vault)
    assert window.empty_hint.isVisible() and not window.table.isVisible()
    assert "Drag files or folders here" in window.empty_hint.text()


def test_dropping_files_imports_them_and_reports_the_rejected(qtbot, vault: Vault, inbox: Path) -> None:
    window = _window(qtbot, vault)
    good = docs.text_pdf(inbox / "Report card.pdf", ["Report Card\nTrimester 1"])
    bad = inbox / "broken.pdf"
    bad.write_bytes(b"<html>oops</html>")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(bad))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    report = window.last_report
    assert report is not None and [r.status for r in report.results] == ["imported", "rejected"]
    assert window.model.rowCount() == 1 and window.table.isVisible()
    assert "Imported 1" in window.statusBar().currentMessage()
    [box] = window.findChildren(QMessageBox)
    assert "broken.pdf" in box.text() and "is named .pdf but is not a PDF" in box.text()
    index = window.proxy.index(0, COL_TITLE)
    assert index.data() == "Report Card" and window.current_item_id() == index.data(ItemIdRole)
    assert "Trimester 1" in window.details.toPlainText()


def test_the_model_shows_guesses_and_sorts_by_raw_values(vault: Vault, inbox: Path) -> None:
    docs.text_pdf(inbox / "b.pdf", ["Prior Written Notice\nDate: March 3, 2026"])
    docs.text_pdf(inbox / "a.pdf", ["Report Card\nDate: December 5, 2025"])
    import_paths(vault, [inbox])
    model = ItemTableModel()
    model.set_items(list_items(vault))
    assert [model.index(r, COL_KIND).data() for r in range(2)] == ["Report card", "Prior written notice"]
    tip = model.index(0, COL_KIND).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("A guess:")
    assert model.index(0, COL_KIND).data(Qt.ItemDataRole.FontRole).italic()


def test_a_protected_pdf_asks_for_its_password_then_imports(qtbot, vault: Vault, inbox: Path, monkeypatch) -> None:
    import pymupdf
    from PySide6.QtWidgets import QInputDialog

    path = docs.text_pdf(inbox / "neuropsych.pdf", ["Neuropsychological Evaluation"],
                         encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="owl", owner_pw="owl2")
    answers = iter([("cat", True), ("owl", True)])  # a wrong password first: it is asked again
    asked = []

    def answer(*args: object, **kwargs: object) -> tuple[str, bool]:
        asked.append(args[2])
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(answer))
    window = _window(qtbot, vault)
    window.import_paths([path])
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert len(asked) == 2 and "neuropsych.pdf" in asked[0]
    assert window.findChildren(QMessageBox) == []  # a prompt, not a complaint

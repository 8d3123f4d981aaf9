"""The window keeps the shape the parent gave it, says when the vault was last backed up in a colour that
reads on a light or a dark theme, and shows a long title whole on hover."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QStyleOptionViewItem, QToolTip

from iepdesk.gui.item_model import COL_TITLE
from iepdesk.gui.main_window import MainWindow
from iepdesk.gui.palette import contrast
from iepdesk.gui.tasks import TaskRunner
from iepdesk.ingest import import_paths
from iepdesk.items import list_rows, update_item
from iepdesk.vault import Vault
from tests.fixtures import docs
from tests.fixtures.windows import open_window


def test_size_and_dividers_are_kept_from_one_start_to_the_next(qtbot, vault: Vault) -> None:
    window = open_window(qtbot, vault)
    window.resize(1100, 640)
    window.documents_splitter.setSizes([500, 500])
    window.outer_splitter.setSizes([150, 900])
    documents, outer = window.documents_splitter.sizes(), window.outer_splitter.sizes()
    window.close()
    again = MainWindow(vault, TaskRunner(synchronous=True))
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (1100, 640)
    assert again.documents_splitter.sizes() == documents and again.outer_splitter.sizes() == outer


def _colour(label) -> QColor:
    found = re.search(r"color: (#[0-9a-fA-F]{6})", label.styleSheet())
    return QColor(found.group(1)) if found else label.palette().color(QPalette.ColorRole.WindowText)


def test_a_backup_made_by_hand_shows_at_once_and_warnings_read_on_a_dark_theme(qtbot, vault: Vault, tmp_path: Path,
                                                                               monkeypatch) -> None:
    app = QApplication.instance()
    light = app.palette()
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    try:
        app.setPalette(dark)
        window = open_window(qtbot, vault)
        label = window.backup_label
        assert label.text().startswith("No backup yet")
        background = window.palette().color(QPalette.ColorRole.Window)
        assert contrast(_colour(label), background) >= 4.5, _colour(label).name()
    finally:
        app.setPalette(light)
    window.close()

    window = open_window(qtbot, vault)
    assert contrast(_colour(window.backup_label), window.palette().color(QPalette.ColorRole.Window)) >= 4.5
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path / "copy.iepbackup"), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    window.backups.backup_action.trigger()
    assert (tmp_path / "copy.iepbackup").is_file()
    assert window.backup_label.text() == f"Last backup: {dt.datetime.now():%Y-%m-%d %H:%M}"
    assert window.backup_label.styleSheet() == ""  # not a warning any more


def test_a_long_title_is_cut_in_the_middle_and_shown_whole_on_hover(qtbot, vault: Vault, inbox: Path) -> None:
    item = import_paths(vault, [docs.text_pdf(inbox / "a.pdf", ["A report"])]).results[0].item_id
    title = "Psychoeducational Evaluation Report by the District's School Psychologist, Second Revision, 2025"
    update_item(vault, item, title=title)
    window = open_window(qtbot, vault)
    window.refresh()
    assert list_rows(vault)[0].title == title
    table = window.table
    index = window.model.index(0, COL_TITLE)
    table.setColumnWidth(COL_TITLE, 160)
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.rect = table.visualRect(index)
    where = option.rect.center()
    event = QHelpEvent(QEvent.Type.ToolTip, where, table.viewport().mapToGlobal(where))
    assert table.itemDelegate().helpEvent(event, table, option, index)
    assert QToolTip.text() == title
    QToolTip.hideText()

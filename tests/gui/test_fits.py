"""On the screen the app is made for, a 1366 x 768 laptop (tests/data/screen-1366x768.json), the main window
in each of its views and every dialog show whole, the window manager's title bar included."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

import iepdesk.gui.dialogs
from iepdesk.criteria.catalogue import load_catalogue
from iepdesk.criteria.coverage import category_choices
from iepdesk.gui.fit import FRAME_ALLOWANCE
from iepdesk.gui.main_window import VIEWS
from iepdesk.gui.tasks import TaskRunner
from iepdesk.students import list_students
from iepdesk.vault import Vault
from tests.fixtures.windows import open_window


def _dialogs() -> dict[str, type[QDialog]]:
    found = {}
    for module in pkgutil.iter_modules(iepdesk.gui.dialogs.__path__):
        loaded = importlib.import_module(f"iepdesk.gui.dialogs.{module.name}")
        for name, value in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(value, QDialog) and value.__module__ == loaded.__name__:
                found[name] = value
    return found


def _made(name: str, dialog_class: type[QDialog], vault: Vault, tmp_path: Path) -> QDialog:
    """Each dialog as the app opens it, on the demo case (full lists, long names)."""
    makers = {
        "BatchEditDialog": lambda: dialog_class(12, list_students(vault)),
        "BinderDialog": lambda: dialog_class(vault, TaskRunner(synchronous=True), tmp_path),
        "BreaksDialog": lambda: dialog_class(vault),
        "ChildDialog": lambda: dialog_class(list_students(vault)[0], None, category_choices(load_catalogue(vault))),
        "CriterionDialog": lambda: dialog_class(load_catalogue(vault), "Sam was easily distracted by noises " * 6),
        "DecisionsDialog": lambda: dialog_class(vault),
        "DamagedVaultDialog": lambda: dialog_class(vault.path, "The vault's database is damaged: page 12 is "
                                                              "unreadable. " * 4),
        "EventDialog": lambda: dialog_class(document="Request for Special Education Evaluation - Sam Rivera"),
        "FirstRunDialog": lambda: dialog_class(tmp_path / "IEPDesk"),
        "GlossaryDialog": lambda: dialog_class("Manifestation determination"),
        "LetterDialog": lambda: dialog_class(vault),
        "NextStepsDialog": lambda: dialog_class(vault),
        "NoteDialog": lambda: dialog_class("Phone call with the principal about the evaluation. " * 10),
        "PacketDialog": lambda: dialog_class(vault, TaskRunner(synchronous=True), tmp_path),
        "ParentDialog": lambda: dialog_class(),
        "PersonDialog": lambda: dialog_class(),
        "PreferencesDialog": lambda: dialog_class(),
        "PrepDialog": lambda: dialog_class(vault, tmp_path),
        "RulesDialog": lambda: dialog_class(vault),
        "TourDialog": lambda: dialog_class(),
    }
    assert name in makers, f"{name} is a new dialog: add it here so its size on a laptop screen is checked"
    return makers[name]()


def _fits(widget: QWidget) -> None:
    room = QGuiApplication.primaryScreen().availableGeometry()
    assert (room.width(), room.height()) == (1366, 768)
    size = widget.size()  # the widget itself; the title bar is FRAME_ALLOWANCE
    assert size.width() <= room.width(), f"{widget.windowTitle()} is {size.width()} px wide"
    assert size.height() + FRAME_ALLOWANCE <= room.height(), f"{widget.windowTitle()} is {size.height()} px tall"


@pytest.mark.parametrize("name", sorted(_dialogs()))
def test_every_dialog_fits_a_laptop_screen(qtbot, demo_path: Path, tmp_path: Path, name: str) -> None:
    with Vault.open(demo_path) as vault:
        dialog = _made(name, _dialogs()[name], vault, tmp_path)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        _fits(dialog)
        dialog.close()


def test_the_window_fits_a_laptop_screen_in_every_view(qtbot, demo_path: Path) -> None:
    with Vault.open(demo_path) as vault:
        window = open_window(qtbot, vault)
        for row, (key, _label) in enumerate(VIEWS):
            window.sidebar.setCurrentRow(row)
            qtbot.wait(1)
            _fits(window)
            assert window.statusBar().isVisible(), key
        window.close()


def _tab_through(qtbot, root: QWidget, presses: int) -> tuple[list[QWidget], list[QWidget]]:
    """Press Tab as a person would, from the first control; what is reached, and what Tab should reach."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    wanted = [w for w in root.findChildren(QWidget) if w.isVisibleTo(root) and w.isEnabled() and
              w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.window() is root and
              not w.focusProxy() and w.objectName() != "qt_scrollarea_viewport"]
    root.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is root)
    root.focusNextChild()
    reached: list[QWidget] = []
    for _ in range(presses):
        focused = QApplication.focusWidget()
        if focused is not None and focused not in reached:
            reached.append(focused)
        qtbot.keyClick(focused or root, Qt.Key.Key_Tab)
    return reached, wanted


@pytest.mark.parametrize("name", sorted(_dialogs()))
def test_tab_reaches_every_control_of_every_dialog(qtbot, demo_path: Path, tmp_path: Path, name: str) -> None:
    with Vault.open(demo_path) as vault:
        dialog = _made(name, _dialogs()[name], vault, tmp_path)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        reached, wanted = _tab_through(qtbot, dialog, 150)
        missed = [f"{type(w).__name__} {w.accessibleName() or getattr(w, 'text', lambda: '')()}" for w in wanted
                  if w not in reached]
        assert not missed, missed
        dialog.close()


def test_tab_reaches_every_control_of_the_window_in_every_view(qtbot, demo_path: Path) -> None:
    with Vault.open(demo_path) as vault:
        window = open_window(qtbot, vault)
        for row, (key, _label) in enumerate(VIEWS):
            if key.startswith("kind:"):
                continue
            window.sidebar.setCurrentRow(row)
            if key in ("inbox", "all", "trash") and window.model.rowCount():
                window.table.setCurrentIndex(window.model.index(0, 0))  # as a click on a document leaves it
            reached, wanted = _tab_through(qtbot, window, 120)
            missed = [f"{type(w).__name__} {w.accessibleName() or getattr(w, 'text', lambda: '')()}" for w in wanted
                      if w not in reached]
            assert not missed, (key, missed)
        window.close()

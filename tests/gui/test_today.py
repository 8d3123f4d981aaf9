"""Today: a vault with documents opens on where the case stands, each card with the one thing to do."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from iepdesk.gui.attempt import said
from iepdesk.gui.main_window import VIEWS
from iepdesk.timeline.events import add_event
from iepdesk.vault import Vault
from tests.fixtures.windows import open_window


def test_the_window_opens_on_today_and_each_card_leads_to_its_next_step(qtbot, demo_path: Path, tmp_path: Path,
                                                                        monkeypatch) -> None:
    with Vault.open(demo_path) as vault:
        # three days ahead: its disclosure (five business days before, 34 CFR 300.512(b)) was due before today,
        # whatever today's weekday (in five days it is due today when today is a Monday)
        add_event(vault, "hearing", dt.date.today() + dt.timedelta(days=3))
        window = open_window(qtbot, vault)
        keys = [key for key, _ in VIEWS]
        assert window.view == "today" and window.sidebar.currentRow() == keys.index("today")
        today = window.today
        titles = [today.cards.itemAt(n).widget().title() for n in range(1, today.cards.count() - 1)]
        assert titles[0] == "Deadlines overdue or due within two weeks" and "Backup" in titles
        assert today.buttons["meeting"].text() == "Make the disclosure packet"
        from PySide6.QtWidgets import QLabel

        shown = [label.text() for label in today.inner.findChildren(QLabel)]
        assert not any("&amp;#" in t for t in shown)  # escaped once, shown as rich text
        assert any("were to be disclosed by" in t for t in shown)
        # the demo's records request is overdue: the card's one thing to do is the follow-up letter
        from iepdesk.gui.dialogs.letter import LetterDialog

        opened: list[str] = []
        monkeypatch.setattr(LetterDialog, "exec", lambda self: opened.append(self.template.currentData()) or 0)
        assert today.buttons["deadlines"].text() == "Write a follow-up letter"
        today.buttons["deadlines"].click()
        assert opened == ["records-follow-up"]
        today.buttons["gaps"].click()
        assert window.view == "coverage"
        window.sidebar.setCurrentRow(keys.index("today"))
        today.buttons["suggestions"].click()
        assert window.view == "all" and window.tabs.currentWidget() is window.evidence
        # open at the document the card lists first (the most suggestions), not at the list's first row
        from iepdesk.criteria.suggest import waiting_by_document

        (first, count), *_others = waiting_by_document(vault)[0]
        assert window.current_item_id() == first and window.model.row_of(first) != 0
        assert window.evidence.list.count() >= count
        window.sidebar.setCurrentRow(keys.index("today"))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path / "b.iepbackup"), ""))
        monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
        today.buttons["backup"].click()
        assert (tmp_path / "b.iepbackup").is_file()
        window.refresh()
        assert "backup" not in window.today.buttons  # backed up just now: nothing to do
        window.close()


def test_today_is_read_after_the_window_shows_and_ctrl_f_searches_from_it(qtbot, demo_path: Path) -> None:
    """The first paint waits for nothing heavy (the window benchmark): Today says it is reading until the window
    has shown, then its cards come; Ctrl+F on Today goes to the list, with the typing in its search box."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from iepdesk.gui.main_window import MainWindow
    from iepdesk.gui.tasks import TaskRunner

    with Vault.open(demo_path) as vault:
        window = MainWindow(vault, TaskRunner(synchronous=True))
        qtbot.addWidget(window)
        assert window.view == "today" and not window.today.buttons  # built, not read yet
        assert "Reading where your case stands" in window.today.cards.itemAt(0).widget().text()
        window.show()
        qtbot.waitUntil(lambda: window._ready)
        assert "deadlines" in window.today.buttons
        qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert window.view == "all" and window.stack.currentIndex() == 0
        assert QApplication.focusWidget() is window.search_edit
        window.close()


def test_an_empty_vault_opens_on_the_list_that_says_how_to_start(qtbot, vault: Vault) -> None:
    window = open_window(qtbot, vault)
    assert window.view == "all" and window.empty_hint.isVisible()


def test_the_deadlines_are_saved_to_a_calendar_file_from_the_file_menu(qtbot, demo_path: Path, tmp_path: Path,
                                                                       monkeypatch) -> None:
    with Vault.open(demo_path) as vault:
        add_event(vault, "records_requested", dt.date.today() - dt.timedelta(days=3))
        window = open_window(qtbot, vault)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path / "mine"), ""))
        window.tools.calendar_action.trigger()
        text = (tmp_path / "mine.ics").read_text("utf-8")
        assert "BEGIN:VEVENT" in text and "Access to education records" in text
        assert "to your calendar" in window.statusBar().currentMessage()
        window.close()


def test_a_deadline_that_became_overdue_since_the_last_start_is_told_once(qtbot, vault: Vault) -> None:
    from iepdesk.gui.today_view import tell_new_overdue

    window = open_window(qtbot, vault)
    assert tell_new_overdue(window, vault) == 0
    add_event(vault, "records_requested", dt.date.today() - dt.timedelta(days=60))  # 45 days: overdue now
    assert tell_new_overdue(window, vault) == 1
    assert "became overdue since you last opened this vault" in window.statusBar().currentMessage()
    assert tell_new_overdue(window, vault) == 0  # told once


def test_the_today_page_shows_what_iepdesk_today_lists(qtbot, demo_path: Path) -> None:
    """Issue 14: the command and the page read the same cards: the overdue records request with its rule and
    citation, the suggestions waiting, the gaps of the categories the demo parent chose, the backup state."""
    from PySide6.QtWidgets import QGroupBox, QLabel

    from tests.integration.test_cli import run_json

    cards = {c["key"]: c for c in run_json("today", vault=demo_path)}  # type: ignore[union-attr]
    assert any("Access to education records" in line and "34 CFR 300.613(a)" in line
               for line in cards["deadlines"]["lines"])
    assert cards["suggestions"]["lines"] and cards["review"]["lines"]
    assert cards["gaps"]["categories"] == ["idea.ohi", "idea.sld", "s504"]
    assert cards["gaps"]["lines"][0].startswith("For the categories you chose: Other health impairment")
    assert cards["backup"]["action"] == "Back up now"
    with Vault.open(demo_path) as vault:
        window = open_window(qtbot, vault)
        shown = {box.title(): " ".join(label.text() for label in box.findChildren(QLabel))
                 for box in window.today.inner.findChildren(QGroupBox)}
        for card in cards.values():
            text = shown[card["title"]]
            for line in card["lines"]:
                assert html.escape(said(line)) in text, line
            assert window.today.buttons[card["key"]].text() == card["action"]
        window.close()

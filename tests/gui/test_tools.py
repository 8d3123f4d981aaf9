"""Tools ▸ Read scanned pages now, Check the vault…, and File ▸ Export a copy…: real vault, real widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from iepdesk.criteria.evidence import tag
from iepdesk.gui.main_window import VIEWS
from iepdesk.ingest import import_paths
from iepdesk.vault import Vault
from tests.fixtures import docs
from tests.fixtures.windows import open_window


def _told(monkeypatch) -> list[tuple[str, str]]:
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda _parent, title, text, *a: told.append((title, text))))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append((box.windowTitle(), box.text())) or 0)
    return told


def test_check_the_vault_says_it_is_sound_or_names_the_damage(qtbot, vault: Vault, inbox: Path, monkeypatch) -> None:
    import_paths(vault, [docs.text_pdf(inbox / "a.pdf", ["A letter from the school"])])
    window = open_window(qtbot, vault)
    told = _told(monkeypatch)
    window.tools.verify_action.trigger()
    assert told[-1][0] == "The vault is sound" and "1 document(s) and 1 original file(s) checked" in told[-1][1]
    [blob] = [p for p in (vault.path / "blobs").rglob("*") if p.is_file()]
    blob.chmod(0o600)
    blob.write_bytes(b"changed on disk")
    window.tools.verify_action.trigger()
    assert told[-1][0] == "The vault has damage" and "has been changed on disk" in told[-1][1]


def test_export_writes_a_copy_in_a_new_folder_and_changes_nothing(qtbot, vault: Vault, inbox: Path, tmp_path: Path,
                                                                   monkeypatch) -> None:
    import_paths(vault, [docs.text_pdf(inbox / "a.pdf", ["A letter from the school"])])
    window = open_window(qtbot, vault)
    told = _told(monkeypatch)
    chosen = tmp_path / "For the lawyer"
    chosen.mkdir()
    (chosen / "notes.txt").write_text("the parent's own file")  # not empty: the copy goes in a folder inside
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(chosen)))
    window.tools.export_action.trigger()
    copy = chosen / f"{vault.path.name} (copy for sharing)"
    assert (copy / "index.csv").is_file() and told[-1][0] == "Exported" and str(copy) in told[-1][1]
    assert (chosen / "notes.txt").read_text() == "the parent's own file"


def test_read_scanned_pages_now_says_when_there_is_nothing_to_read(qtbot, vault: Vault) -> None:
    window = open_window(qtbot, vault)
    window.tools.ocr_action.trigger()
    assert window.statusBar().currentMessage() == "Every scanned page has been read already."


def test_the_original_opens_under_its_own_name_and_a_copy_can_be_saved(qtbot, vault: Vault, inbox: Path,
                                                                         tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtGui import QDesktopServices

    from iepdesk.items import list_rows

    original = docs.text_pdf(inbox / "Evaluation report.pdf", ["Psychoeducational Evaluation"])
    import_paths(vault, [original])
    window = open_window(qtbot, vault)
    window.select_item(list_rows(vault)[0].id)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    window.table.doubleClicked.emit(window.table.currentIndex())  # a double click opens it
    [shown] = [Path(p) for p in opened]
    assert shown.name == "Evaluation report.pdf" and shown.read_bytes() == original.read_bytes()
    assert vault.path / "cache" in shown.parents and shown.stat().st_mode & 0o077 == 0
    target = tmp_path / "for the lawyer.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.documents.save_copy_action.trigger()
    assert target.read_bytes() == original.read_bytes()
    assert window.statusBar().currentMessage().startswith("Saved a copy of the original")


def test_the_list_has_a_right_click_menu_for_the_document(qtbot, vault: Vault, inbox: Path) -> None:
    from PySide6.QtWidgets import QMenu

    import_paths(vault, [docs.text_pdf(inbox / "a.pdf", ["A letter from the school"])])
    window = open_window(qtbot, vault)
    where = window.table.visualRect(window.model.index(0, 0)).center()
    window.table.customContextMenuRequested.emit(where)
    [menu] = [m for m in window.table.findChildren(QMenu) if m.isVisible()]
    assert [a.text() for a in menu.actions() if a.text()] == [
        "&Open the original", "Show in &folder", "Save a &copy of the original…", "C&hange the chosen documents…",
        "&Tag as evidence…", "Move to &Trash", "&Restore from Trash"]
    assert window.current_item_id() is not None  # the row under the pointer is the one the menu acts on
    menu.close()


def test_an_event_added_in_the_timeline_starts_its_clock(qtbot, vault: Vault, inbox: Path) -> None:
    import datetime as dt

    from PySide6.QtCore import QDate, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from iepdesk.gui.dialogs.event import EventDialog
    from iepdesk.gui.main_window import VIEWS
    from iepdesk.items import list_rows
    from iepdesk.timeline.events import list_events
    from iepdesk.timeline.timeline import build_timeline

    import_paths(vault, [docs.text_pdf(inbox / "consent.pdf", ["Consent for evaluation, signed"])])
    window = open_window(qtbot, vault)
    window.select_item(list_rows(vault)[0].id)
    window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("timeline"))
    signed = dt.date.today() - dt.timedelta(days=10)

    def fill() -> None:  # what a parent does in the dialog
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EventDialog) and dialog.linked.isChecked()
        dialog.kind.setCurrentIndex(dialog.kind.findData("consent_signed"))
        dialog.date.setDate(QDate(signed.year, signed.month, signed.day))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(0, fill)
    window.timeline.add_button.click()
    [event] = list_events(vault)
    assert (event.kind, event.date, event.item_id) == ("consent_signed", signed, list_rows(vault)[0].id)
    clocks = [c for c in build_timeline(vault).deadlines if c.start.id == event.id]
    assert clocks and window.timeline.clocks.topLevelItemCount() == len(build_timeline(vault).deadlines)
    assert window.edits.undo_action.text() == "&Undo Add event"


def test_an_event_says_what_it_decided_who_was_there_and_what_it_answers(qtbot, vault: Vault) -> None:
    import datetime as dt

    from PySide6.QtCore import QDate, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from iepdesk.gui.dialogs.event import EventDialog
    from iepdesk.gui.main_window import VIEWS
    from iepdesk.timeline.events import add_event, get_event
    from iepdesk.timeline.people import add_person
    from iepdesk.timeline.timeline import build_timeline

    ortiz = add_person(vault, "Jennifer Ortiz", role="school_psychologist")
    add_person(vault, "Marcus Bell", role="principal")
    consent = add_event(vault, "consent_signed", dt.date.today() - dt.timedelta(days=40))
    window = open_window(qtbot, vault)
    window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("timeline"))
    held = dt.date.today() - dt.timedelta(days=3)

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EventDialog)
        assert not dialog.outcome.isVisibleTo(dialog)  # a request sent decides nothing
        dialog.kind.setCurrentIndex(dialog.kind.findData("eligibility_meeting"))
        assert dialog.outcome.isVisibleTo(dialog)
        dialog.outcome.setCurrentIndex(dialog.outcome.findData("eligible"))
        dialog.date.setDate(QDate(held.year, held.month, held.day))
        dialog.response_to.setCurrentIndex(dialog.response_to.findData(consent.id))
        [row] = [dialog.people.item(n) for n in range(dialog.people.count())
                 if dialog.people.item(n).data(Qt.ItemDataRole.UserRole) == ortiz.id]
        row.setCheckState(Qt.CheckState.Checked)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(0, fill)
    window.timeline.add_button.click()
    meeting = next(c.start for c in build_timeline(vault).deadlines if c.rule.id == "initial-iep")
    assert (meeting.outcome, meeting.people, meeting.response_to) == ("eligible", (ortiz.id,), consent.id)

    def change() -> None:  # found not eligible after all: the IEP clock goes
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EventDialog) and dialog.outcome.currentData() == "eligible"
        dialog.outcome.setCurrentIndex(dialog.outcome.findData("not_eligible"))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    view = window.timeline
    nodes = [view.entries.topLevelItem(i) for i in range(view.entries.topLevelItemCount())]
    view.entries.setCurrentItem(next(n for n in nodes if n.data(1, 256) == meeting.id))
    QTimer.singleShot(0, change)
    view.change_action.trigger()
    assert get_event(vault, meeting.id).outcome == "not_eligible"
    assert not [c for c in build_timeline(vault).deadlines if c.rule.id == "initial-iep"]
    window.close()


def test_the_timeline_offers_the_events_the_documents_suggest(qtbot, demo_path: Path, monkeypatch) -> None:
    from iepdesk.gui.main_window import VIEWS
    from iepdesk.timeline.events import list_events
    from iepdesk.timeline.proposals import suggest_events

    _told(monkeypatch)  # a note about the added event is recorded, not shown in a box that waits
    with Vault.open(demo_path) as vault:
        waiting = suggest_events(vault)
        assert waiting, "the demo has documents whose events are not recorded yet"
        before = len(list_events(vault))
        window = open_window(qtbot, vault)
        window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("timeline"))
        view = window.timeline
        assert view.suggested.isVisible() and view.proposals.topLevelItemCount() == len(waiting)
        view.proposals.topLevelItem(0).setSelected(True)
        view.confirm_button.click()
        assert len(list_events(vault)) == before + 1
        assert view.proposals.topLevelItemCount() == len(waiting) - 1
        assert window.edits.undo_action.isEnabled()
        window.close()


def test_an_event_is_changed_or_moved_to_the_trash_from_the_timeline(qtbot, demo_path: Path, monkeypatch) -> None:
    import datetime as dt

    from PySide6.QtCore import QDate, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu

    from iepdesk.gui.dialogs.event import EventDialog
    from iepdesk.gui.main_window import VIEWS
    from iepdesk.timeline.events import get_event, list_events

    _told(monkeypatch)
    with Vault.open(demo_path) as vault:
        window = open_window(qtbot, vault)
        window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("timeline"))
        view = window.timeline
        nodes = [view.entries.topLevelItem(i) for i in range(view.entries.topLevelItemCount())]
        node = next(n for n in nodes if n.data(1, 256) is not None)  # the first event (Qt.UserRole is 256)
        event_id = node.data(1, 256)
        view.entries.customContextMenuRequested.emit(view.entries.visualItemRect(node).center())
        [menu] = [m for m in view.entries.findChildren(QMenu) if m.isVisible()]
        assert [a.text() for a in menu.actions()] == ["&Change this event…", "Move this event to the &Trash"]
        menu.close()
        moved = get_event(vault, event_id).date + dt.timedelta(days=1)

        def fill() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, EventDialog) and dialog.windowTitle() == "Change the event"
            dialog.date.setDate(QDate(moved.year, moved.month, moved.day))
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

        QTimer.singleShot(0, fill)
        view.change_action.trigger()
        assert get_event(vault, event_id).date == moved
        count = len(list_events(vault))
        nodes = [view.entries.topLevelItem(i) for i in range(view.entries.topLevelItemCount())]
        view.entries.setCurrentItem(next(n for n in nodes if n.data(1, 256) == event_id))  # right-clicked again
        view.trash_action.trigger()
        assert len(list_events(vault)) == count - 1 and event_id not in {e.id for e in list_events(vault)}
        window.edits.undo_action.trigger()  # Undo brings it back
        assert event_id in {e.id for e in list_events(vault)}
        view.refresh()
        nodes = [view.entries.topLevelItem(i) for i in range(view.entries.topLevelItemCount())]
        view.entries.setCurrentItem(next(n for n in nodes if n.data(1, 256) == event_id))
        view.trash_action.trigger()

        # so does the Trash, later: shown greyed in the chronology, restored from its right-click menu
        view.show_trashed.setChecked(True)
        nodes = [view.entries.topLevelItem(i) for i in range(view.entries.topLevelItemCount())]
        [trashed] = [n for n in nodes if n.data(1, 256) == event_id]
        assert trashed.text(1).endswith("(in the Trash)")
        view.entries.customContextMenuRequested.emit(view.entries.visualItemRect(trashed).center())
        [menu] = [m for m in view.entries.findChildren(QMenu) if m.isVisible()]
        assert [a.text() for a in menu.actions()] == ["&Restore this event from the Trash"]
        menu.close()
        view.restore_action.trigger()
        assert event_id in {e.id for e in list_events(vault)}
        assert not any(e.id == event_id for e in list_events(vault, trashed=True))
        window.close()


def test_people_of_the_case_are_added_changed_and_listed(qtbot, vault: Vault, monkeypatch) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from iepdesk.gui.dialogs.person import PersonDialog
    from iepdesk.gui.main_window import VIEWS
    from iepdesk.timeline.people import list_people

    told = _told(monkeypatch)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, title, text, *a: told.append((title, text))))
    window = open_window(qtbot, vault)
    window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("people"))
    view = window.people

    def fill(name: str, role: str, email: str) -> None:
        def go() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, PersonDialog)
            dialog.name.setText(name)
            dialog.role.setCurrentIndex(dialog.role.findData(role))
            dialog.email.setText(email)
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
        QTimer.singleShot(0, go)

    fill("Jennifer Ortiz", "school_psychologist", "jortiz@district.example")
    view.add_button.click()
    [person] = list_people(vault)
    assert (person.name, person.role, person.email) == ("Jennifer Ortiz", "school_psychologist",
                                                        "jortiz@district.example")
    assert view.table.rowCount() == 1 and view.table.item(0, 1).text() == "School psychologist"
    assert view.children_line.text().startswith("No child is named")  # this test vault names none
    view.table.setCurrentCell(0, 0)
    fill("Jennifer Ortiz, Ed.S.", "evaluator", "not an address")
    view.change_button.click()
    assert "is not an email address" in told[-1][1] and list_people(vault)[0].name == "Jennifer Ortiz"
    fill("Jennifer Ortiz, Ed.S.", "evaluator", "jortiz@district.example")
    view.change_button.click()
    assert (list_people(vault)[0].name, list_people(vault)[0].role) == ("Jennifer Ortiz, Ed.S.", "evaluator")
    assert window.edits.undo_action.text().startswith("&Undo")


def test_your_details_are_asked_once_kept_and_shown_again(qtbot, vault: Vault) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from iepdesk.gui.dialogs.parent import ParentDialog
    from iepdesk.letters.parent import address_of, parents

    window = open_window(qtbot, vault)
    seen: list[tuple[str, str]] = []

    def fill(name: str, address: str) -> None:
        def go() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, ParentDialog)
            seen.append((dialog.name.text(), dialog.address.toPlainText()))
            dialog.name.setText(name)
            dialog.address.setPlainText(address)
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
        QTimer.singleShot(0, go)

    fill("Dana Rivera", "12 Elm Street\nSpringfield, IL 62701")
    window.tools.parent_action.trigger()
    [parent] = parents(vault)
    assert parent.name == "Dana Rivera" and address_of(parent) == "12 Elm Street\nSpringfield, IL 62701"
    fill("Dana Rivera", "14 Oak Avenue\nSpringfield, IL 62702")
    window.tools.parent_action.trigger()
    assert seen[-1] == ("Dana Rivera", "12 Elm Street\nSpringfield, IL 62701"), "what is kept is shown again"
    [parent] = parents(vault)
    assert address_of(parent) == "14 Oak Avenue\nSpringfield, IL 62702"


def test_school_breaks_are_entered_and_move_the_school_day_deadlines(qtbot, vault: Vault, monkeypatch) -> None:
    from PySide6.QtCore import QDate, QTimer
    from PySide6.QtWidgets import QApplication

    from iepdesk.gui.dialogs.breaks import BreaksDialog
    from iepdesk.timeline.breaks import list_days_off

    told = _told(monkeypatch)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, title, text, *a: told.append((title, text))))
    window = open_window(qtbot, vault)

    def enter() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, BreaksDialog)
        dialog.name.setText("Winter break")
        dialog.first.setDate(QDate(2026, 12, 21))
        dialog.last.setDate(QDate(2027, 1, 1))
        dialog.add_button.click()
        dialog.first.setDate(QDate(2027, 3, 10))
        dialog.last.setDate(QDate(2027, 3, 9))  # the last day before the first: refused with the core's sentence
        dialog.add_button.click()
        assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "Winter break"
        dialog.reject()

    QTimer.singleShot(0, enter)
    window.tools.breaks_action.trigger()
    [added] = list_days_off(vault)
    assert (added.name, added.first_day.isoformat(), added.kind) == ("Winter break", "2026-12-21", "break")
    assert told and "before it starts" in told[-1][1]


def test_the_rules_in_use_are_listed_and_a_pack_is_added_or_refused_with_its_line(qtbot, vault: Vault,
                                                                                  tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from iepdesk.criteria.catalogue import load_catalogue
    from iepdesk.gui.dialogs.rules import RulesDialog
    from tests.unit.criteria.test_packs import GOOD

    told = _told(monkeypatch)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, title, text, *a: told.append((title, text))))
    (tmp_path / "bad.toml").write_text(GOOD.replace("[pack]", "[pak]"))
    (tmp_path / "ca.toml").write_text(GOOD)
    chosen = iter([tmp_path / "bad.toml", tmp_path / "ca.toml"])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(next(chosen)), "")))
    window = open_window(qtbot, vault)
    item = import_paths(vault, [docs.text_pdf(tmp_path / "plan.pdf", ["Assessment plan"])]).results[0].item_id
    window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("coverage"))  # open while the pack is added
    counts: list[tuple[int, int]] = []

    def use() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RulesDialog)
        counts.append((dialog.rules.topLevelItemCount(), dialog.packs.topLevelItemCount()))
        dialog.add_pack_button.click()  # the bad file: refused, named with what is wrong
        dialog.add_pack_button.click()  # the good one
        counts.append((dialog.rules.topLevelItemCount(), dialog.packs.topLevelItemCount()))
        dialog.reject()

    QTimer.singleShot(0, use)
    window.tools.rules_action.trigger()
    assert counts[0][0] > 5 and counts[0][1] == 3 and counts[1][1] == 4
    assert any(title == "The pack was not added" and "[pack]" in text for title, text in told)
    assert "ca-state" in {p.id for p in load_catalogue(vault).packs}
    tag(vault, item, "ca.timeline")
    window.refresh()
    tree = window.coverage.tree
    shown = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    titles = {node.child(c).text(0) for node in shown for c in range(node.childCount())} | {n.text(0) for n in shown}
    assert any("Assessment plan within 15 days" in t for t in titles), titles


def test_the_communication_log_shows_who_wrote_to_whom_and_opens_the_document(qtbot, demo_path: Path) -> None:
    from iepdesk.gui.main_window import VIEWS
    from iepdesk.timeline.comms import communication_log

    with Vault.open(demo_path) as vault:
        window = open_window(qtbot, vault)
        window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("comms"))
        log = window.comms.log
        rows = communication_log(vault)
        assert rows and log.topLevelItemCount() == len(rows)
        first_with_document = next(i for i, r in enumerate(rows) if r.item_id)
        node = log.topLevelItem(first_with_document)
        assert node.text(2) == rows[first_with_document].sender
        log.itemDoubleClicked.emit(node, 0)
        assert window.current_item_id() == rows[first_with_document].item_id
        window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("people"))
        assert window.people.children_line.text() == "The case is about Sam Rivera (Birchwood Elementary School)."
        window.close()


def test_the_childs_state_is_set_in_the_app_and_its_law_counts_the_clock(qtbot, vault: Vault) -> None:
    import datetime as dt

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from iepdesk.gui.dialogs.child import ChildDialog
    from iepdesk.gui.main_window import VIEWS
    from iepdesk.students import add_student, list_students
    from iepdesk.timeline.events import add_event

    add_student(vault, "Sam Rivera")
    add_event(vault, "consent_signed", dt.date.today() - dt.timedelta(days=3))
    window = open_window(qtbot, vault)
    window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("timeline"))

    def law() -> str:
        tree = window.timeline.clocks
        rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        return next(r.text(3) for r in rows if "Initial evaluation" in r.text(2))

    assert law().startswith("federal law:") and "set your child's state" in law()

    def choose_texas() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ChildDialog) and dialog.name.text() == "Sam Rivera"
        dialog.state.setCurrentIndex(dialog.state.findData("TX"))
        rows = [dialog.categories.item(n) for n in range(dialog.categories.count())]
        assert [r.text() for r in rows][:2] == ["Autism", "Deaf-blindness"]  # the choices, none ticked yet
        for row in rows:
            if row.text() in ("Other health impairment", "Section 504: disability"):
                row.setCheckState(Qt.CheckState.Checked)
        dialog.buttons.accepted.emit()

    QTimer.singleShot(0, choose_texas)
    window.tools.child_action.trigger()
    assert list_students(vault)[0].state == "TX"
    assert list_students(vault)[0].categories == ("idea.ohi", "s504")  # Today and Coverage now show these
    assert law() == "Texas law: Tex. Educ. Code 29.004(a), (a-1)"
    assert "Texas's rules" in window.statusBar().currentMessage()

"""The binder dialog: the parent ticks which documents go in and puts them in order, and that is the binder."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pymupdf
from PySide6.QtCore import Qt

from iepdesk.gui.dialogs.binder import BinderDialog
from iepdesk.gui.tasks import TaskRunner
from iepdesk.ingest import import_paths
from iepdesk.items import update_item
from iepdesk.letters.parent import set_parent
from iepdesk.vault import Vault
from tests.fixtures import docs


def test_exhibits_are_ticked_and_put_in_order_and_the_binder_follows(qtbot, vault: Vault, inbox: Path,
                                                                      tmp_path: Path) -> None:
    for name, when in (("Evaluation", "2025-09-01"), ("Report card", "2025-10-01"), ("Teacher email", "2025-11-01")):
        item_id = import_paths(vault, [docs.text_pdf(inbox / f"{name}.pdf", [f"{name} of Sam"])]).results[0].item_id
        update_item(vault, item_id, title=name, doc_date=dt.date.fromisoformat(when))
    set_parent(vault, "Dana Rivera")
    dialog = BinderDialog(vault, TaskRunner(synchronous=True), tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.prepared_by.text() == "Dana Rivera"
    rows = [dialog.exhibits.item(n).text() for n in range(3)]
    assert [r.split("  ")[0] for r in rows] == ["P-1", "P-2", "P-3"] and "Evaluation" in rows[0]

    # the report card is left out; the teacher's email is moved first, as the parent wants it read first
    dialog.exhibits.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.exhibits.item(1).text().startswith("(left out)")
    assert dialog.exhibits.item(2).text().startswith("P-2")
    dialog.exhibits.setCurrentRow(2)
    dialog.up_button.click()
    dialog.up_button.click()
    assert dialog.order.currentData() == "manual"
    texts = [dialog.exhibits.item(n).text() for n in range(3)]
    assert texts[0].startswith("P-1") and "Teacher email" in texts[0]
    assert texts[1].startswith("P-2") and "Evaluation" in texts[1]
    assert texts[2].startswith("(left out)") and "Report card" in texts[2]

    dialog.out.setText(str(tmp_path / "binder.pdf"))
    dialog.make()
    assert "Binder ready" in dialog.message.text(), dialog.message.text()
    with pymupdf.open(tmp_path / "binder.pdf") as doc:
        toc = [title for _level, title, _page in doc.get_toc() if title.startswith("P-")]
        assert [t.split(" — ")[0] for t in toc] == ["P-1", "P-2"]
        assert "Teacher email" in toc[0] and "Evaluation" in toc[1]
        assert "Prepared by Dana Rivera" in doc[0].get_text()


def test_cancel_while_making_ends_quietly_and_writes_nothing(qtbot, vault: Vault, inbox: Path, tmp_path: Path,
                                                              monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: boxes.append(a[2]))
    import_paths(vault, [docs.text_pdf(inbox / "a.pdf", ["Evaluation"])])
    runner = TaskRunner()  # real background work; its one thread is kept busy until the parent has pressed Cancel
    release = threading.Event()
    runner.start(lambda _report, _cancel: release.wait(10), lambda _r: None, lambda _e: None)
    dialog = BinderDialog(vault, runner, tmp_path)
    qtbot.addWidget(dialog)
    dialog.out.setText(str(tmp_path / "binder.pdf"))
    dialog.make()
    assert dialog.cancel_button.isVisible() or not dialog.isVisible()
    dialog.cancel_button.click()
    release.set()
    qtbot.waitUntil(lambda: dialog._task is None, timeout=10000)
    assert boxes == [] and "cancelled" in dialog.message.text()
    assert not (tmp_path / "binder.pdf").exists() and dialog.make_button.isEnabled()
    assert runner.wait(5000)


def test_after_a_disclosure_the_dialog_keeps_the_numbers_and_says_so(qtbot, demo_path: Path, inbox: Path,
                                                                       tmp_path: Path) -> None:
    from iepdesk.hearing.packet import PacketRequest, make_packet

    with Vault.open(demo_path) as vault:
        set_parent(vault, "Dana Rivera", address="418 Linden Court; Maple Grove, CA 95999")
        disclosed = make_packet(vault, tmp_path / "Disclosure.pdf", PacketRequest()).binder
        item_id = import_paths(vault, [docs.text_pdf(inbox / "Screening.pdf", ["Screening of Sam"])]).results[0].item_id
        update_item(vault, item_id, title="Kindergarten screening", doc_date=dt.date(2021, 9, 1))
        dialog = BinderDialog(vault, TaskRunner(synchronous=True), tmp_path)
        qtbot.addWidget(dialog)
        assert not dialog.keep_numbers.isHidden() and dialog.keep_numbers.isChecked()
        rows = {dialog.exhibits.item(n).text().split("  ")[-1]: dialog.exhibits.item(n).text().split("  ")[0]
                for n in range(dialog.exhibits.count())}
        n = len(disclosed.exhibits)
        assert rows["Kindergarten screening"] == f"P-{n + 1}"  # first by date, yet numbered after the disclosed
        assert "keep their numbers" in dialog.numbering.text() and f"P-{n + 1}" in dialog.numbering.text()
        dialog.keep_numbers.setChecked(False)
        first = dialog.exhibits.item(0).text()
        assert first.startswith("P-1  ") and "Kindergarten screening" in first
        assert dialog.numbering.isHidden()


def test_sections_in_front_can_be_left_out(qtbot, demo_path: Path, tmp_path: Path) -> None:
    with Vault.open(demo_path) as vault:
        dialog = BinderDialog(vault, TaskRunner(synchronous=True), tmp_path)
        qtbot.addWidget(dialog)
        assert dialog.options().sections[:4] == ("cover", "contents", "statement", "answers")
        dialog.section_actions["chronology"].setChecked(False)
        dialog.section_actions["manifest"].setChecked(False)
        assert "chronology" not in dialog.options().sections and "manifest" not in dialog.options().sections
        assert dialog.sections_button.menu().actions()[0].text() == "Contents"


def test_a_binder_made_in_the_background_with_a_front_matter_helper(qtbot, vault: Vault, inbox: Path,
                                                                    tmp_path: Path, monkeypatch) -> None:
    """A big case's front matter is typeset in a helper process (binder/helper.py), started from the app's
    background thread: the binder is made and the helper is gone after."""
    import multiprocessing

    from iepdesk.binder import helper

    monkeypatch.setattr(helper, "HELPER_FROM", 1)
    started: list[object] = []
    start = helper.start
    monkeypatch.setattr(helper, "start", lambda exhibits: started.append(start(exhibits)) or started[-1])
    import_paths(vault, [docs.text_pdf(inbox / f"{name}.pdf", [f"{name} of Sam"]) for name in ("Evaluation", "Notes")])
    runner = TaskRunner()
    dialog = BinderDialog(vault, runner, tmp_path)
    qtbot.addWidget(dialog)
    dialog.out.setText(str(tmp_path / "binder.pdf"))
    dialog.make()
    qtbot.waitUntil(lambda: dialog._task is None, timeout=30000)
    assert "Binder ready" in dialog.message.text(), dialog.message.text()
    assert started and started[0] is not None, "the helper was started"
    assert multiprocessing.active_children() == []
    with pymupdf.open(tmp_path / "binder.pdf") as doc:
        assert "Evidence binder" in doc[0].get_text()
    assert runner.wait(5000)

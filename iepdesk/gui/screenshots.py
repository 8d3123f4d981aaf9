"""Pictures of the main screens on the demo case, for the README, as a 1366 x 768 laptop shows them:
``python -m iepdesk.gui.screenshots DIR``."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

LAPTOP = '{"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96}]}'


def take(out: Path) -> list[Path]:
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":  # Qt's offscreen screen is 800 x 800
        screen = Path(tempfile.mkdtemp()) / "screen.json"
        screen.write_text(LAPTOP, encoding="utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from iepdesk.demo import build_demo
    from iepdesk.gui.dialogs.binder import BinderDialog
    from iepdesk.gui.dialogs.criterion import CriterionDialog
    from iepdesk.gui.dialogs.letter import LetterDialog
    from iepdesk.gui.main_window import VIEWS, MainWindow
    from iepdesk.gui.tasks import TaskRunner
    from iepdesk.items import list_rows
    from iepdesk.vault import Vault

    app = QApplication.instance() or QApplication([])
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def save(widget: object, name: str) -> None:
        for _ in range(3):  # layouts are done in more than one round of events
            app.processEvents()
        path = out / name
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        written.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        build_demo(Path(tmp) / "Demo", ocr=True)
        with Vault.open(Path(tmp) / "Demo") as vault:
            window = MainWindow(vault, TaskRunner(synchronous=True))  # as big as the laptop's screen allows
            window.show()
            window._finish_setup()
            save(window, "today.png")  # a vault with documents opens on Today
            window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("all"))  # the documents, for the next ones
            neuro = next(r.id for r in list_rows(vault) if r.title == "Neuropsychological Evaluation")
            window.search_edit.setText("alertness")
            window.refresh()
            window.select_item(neuro)
            save(window, "main-window.png")
            window.tabs.setCurrentWidget(window.evidence)
            save(window, "evidence.png")
            dialog = CriterionDialog(window.catalogue, "results in limited alertness to the educational environment",
                                     window)
            dialog.filter.setText("alertness")
            dialog.show()
            save(dialog, "tag-as-evidence.png")
            dialog.close()
            window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("coverage"))
            tree = window.coverage.tree
            heading = tree.topLevelItem(1)  # other health impairment
            first = heading.child(0) if heading is not None else None  # its first element: limited alertness
            assert first is not None
            tree.setCurrentItem(first)
            save(window, "coverage.png")
            window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("timeline"))
            save(window, "timeline.png")
            binder = BinderDialog(vault, window.runner, Path(tmp), window)
            binder.show()
            binder.exhibits.item(2).setCheckState(Qt.CheckState.Unchecked)
            binder.exhibits.setCurrentRow(4)
            binder.move_current(-1)
            save(binder, "binder-dialog.png")
            binder.close()
            letter = LetterDialog(vault, window)
            letter.show()
            letter.template.setCurrentIndex(letter.template.findData("records-request"))
            save(letter, "letter-dialog.png")
            letter.close()
            from iepdesk.gui.dialogs.glossary import GlossaryDialog
            from iepdesk.gui.dialogs.packet import PacketDialog

            glossary = GlossaryDialog("prior written notice", window)
            glossary.show()
            save(glossary, "glossary.png")
            glossary.close()
            packet = PacketDialog(vault, window.runner, Path(tmp), window)
            packet.show()
            cells = [(packet.witnesses.item(r, 0), packet.witnesses.item(r, 1))
                     for r in range(packet.witnesses.rowCount())]
            about = next(a for name, a in cells if name and a and name.text().startswith("Elena Marsh"))
            about.setText("Her evaluation of Sam's attention and reading")
            save(packet, "disclosure-packet.png")
            packet.close()
            from iepdesk.gui.dialogs.decisions import DecisionsDialog
            from iepdesk.hearing.outcomes import add_asks, decide
            from iepdesk.timeline.events import list_events

            meeting = next(e.id for e in list_events(vault) if e.kind == "resolution_meeting")
            asks = add_asks(vault, meeting, [("Find Sam eligible under other health impairment", ("idea.ohi",)),
                                             ("An independent evaluation at public expense", ()),
                                             ("Extended time on tests and quizzes", ())])
            decide(vault, asks[0].id, "refused", said_by="Thomas Greer", note="He said Sam's grades show no need")
            decide(vault, asks[1].id, "deferred", said_by="the team")
            decisions = DecisionsDialog(vault, window, meeting)
            decisions.show()
            save(decisions, "decisions.png")
            decisions.close()
            from iepdesk.gui.dialogs.tour import TourDialog

            tour = TourDialog(window)
            tour.show()
            tour.go(1)
            save(tour, "tour.png")
            tour.close()
            window.close()
        with Vault.create(Path(tmp) / "Empty") as empty:  # a new vault: what each card will show, how to start
            window = MainWindow(empty, TaskRunner(synchronous=True))
            window.show()
            window._finish_setup()
            window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("today"))
            save(window, "today-empty.png")
            window.close()
    return written


if __name__ == "__main__":
    for path in take(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(path)

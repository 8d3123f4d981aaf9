"""The views beside the document list (Timeline, Communication log, Coverage, Binders, People), each made the
first time it is shown, each with a ``refresh()``: the window keeps them in ``side_views`` and as attributes by
their name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from iepdesk.gui.main_window import MainWindow

SIDE_VIEWS = ("today", "timeline", "comms", "coverage", "binders", "people")


def make_view(window: MainWindow, view: str) -> QWidget:
    if view == "today":
        from iepdesk.gui.today_view import TodayView

        window.today = TodayView(window.vault)
        window.today.action_requested.connect(lambda key: _act(window, key))
        return window.today
    if view == "coverage":
        from iepdesk.gui.coverage_view import CoverageView

        window.coverage = CoverageView(window.vault, window.catalogue)
        return window.coverage
    if view == "timeline":
        from iepdesk.gui.timeline_view import TimelineView

        window.timeline = TimelineView(window.vault, window.current_item_id)
        window.timeline.item_requested.connect(window.open_item)
        window.timeline.changed.connect(window._changed)
        return window.timeline
    if view == "binders":
        from iepdesk.gui.binders_view import BindersView

        window.binders_view = BindersView(window.vault)
        window.binders_view.make_button.clicked.connect(window.writes.make_binder)
        return window.binders_view
    if view == "comms":
        from iepdesk.gui.comms_view import CommsView

        window.comms = CommsView(window.vault)
        window.comms.item_requested.connect(window.open_item)
        return window.comms
    if view == "people":
        from iepdesk.gui.people_view import PeopleView

        window.people = PeopleView(window.vault)
        window.people.changed.connect(window._changed)
        return window.people
    raise ValueError(f"no view named {view}")


def _act(window: MainWindow, key: str) -> None:
    """What a Today card's button does."""
    from iepdesk.gui.main_window import VIEWS

    keys = [k for k, _ in VIEWS]
    meeting = window.today.buttons["meeting"].text() if window.today.buttons.get("meeting") is not None else ""
    if key == "backup":
        window.backups.backup_action.trigger()
    elif key == "meeting" and meeting == "Record what was decided":
        window.writes.record_decisions()
    elif key == "meeting" and meeting in ("Prepare for it", "Make the disclosure packet"):
        (window.writes.make_prep if meeting == "Prepare for it" else window.writes.make_packet)()
    elif key == "deadlines" and window.today.letter:
        window.writes.write_letter(window.today.letter)
    elif key in ("deadlines", "meeting"):
        window.sidebar.setCurrentRow(keys.index("timeline"))
    elif key == "gaps":
        window.sidebar.setCurrentRow(keys.index("coverage"))
    elif key == "suggestions":  # the document the card lists first, open at its suggestions
        from iepdesk.criteria.suggest import waiting_by_document

        waiting, _weaker = waiting_by_document(window.vault)
        window.sidebar.setCurrentRow(keys.index("all"))
        if not (waiting and window.select_item(waiting[0][0])) and window.model.rowCount():
            window.table.setCurrentIndex(window.model.index(0, 0))
        window.tabs.setCurrentWidget(window.evidence)
        window.table.setFocus()
    else:  # review: the documents, the first one open
        window.sidebar.setCurrentRow(keys.index("all"))
        if window.model.rowCount():
            window.table.setCurrentIndex(window.model.index(0, 0))
        window.table.setFocus()

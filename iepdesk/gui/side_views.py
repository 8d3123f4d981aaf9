"""The views beside the document list (Timeline, Communication log, Coverage, Binders, People), each made the
first time it is shown, each with a ``refresh()``: the window keeps them in ``side_views`` and as attributes by
their name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from iepdesk.gui.main_window import MainWindow

SIDE_VIEWS = ("timeline", "comms", "coverage", "binders", "people")


def make_view(window: MainWindow, view: str) -> QWidget:
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

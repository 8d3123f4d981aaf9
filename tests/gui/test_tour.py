"""The first-run tour: four panels, Back and Next, Skip at any time, shown once, ending on Today."""

from __future__ import annotations

from iepdesk.gui.dialogs.tour import PANELS, TourDialog, seen
from iepdesk.gui.main_window import VIEWS
from iepdesk.vault import Vault
from tests.fixtures.windows import open_window


def test_the_tour_goes_panel_by_panel_and_is_then_seen(qtbot) -> None:
    assert not seen()
    tour = TourDialog()
    qtbot.addWidget(tour)
    assert tour.pages.count() == len(PANELS) == 4 and not tour.back_button.isEnabled()
    for step in range(1, 4):
        tour.next_button.click()
        assert tour.pages.currentIndex() == step
    assert tour.next_button.text() == "Go to Today"
    tour.back_button.click()
    assert tour.next_button.text() == "Next"
    tour.next_button.click()
    tour.next_button.click()
    assert tour.result() == TourDialog.DialogCode.Accepted and seen()


def test_skipping_counts_as_seen(qtbot) -> None:
    tour = TourDialog()
    qtbot.addWidget(tour)
    tour.skip_button.click()
    assert tour.result() == TourDialog.DialogCode.Rejected and seen()


def test_the_tour_from_the_help_menu_ends_on_today(qtbot, demo_path, monkeypatch) -> None:
    monkeypatch.setattr(TourDialog, "exec", lambda self: 1)
    with Vault.open(demo_path) as vault:
        window = open_window(qtbot, vault)
        window.sidebar.setCurrentRow([key for key, _ in VIEWS].index("timeline"))
        window.tools.tour_action.trigger()
        assert window.view == "today"
        window.close()

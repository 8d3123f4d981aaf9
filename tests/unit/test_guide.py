"""Issue 25, item 3: when the school says no, the paths side by side with the demo case's dates: the state
complaint's one-year window from the prior written notice, the due-process complaint already filed, and the
letters that start the others."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from iepdesk.guide import next_steps
from iepdesk.vault import Vault
from tests.integration.test_cli import iepdesk


def test_the_demo_next_steps_carry_the_cases_dates(demo_path: Path) -> None:
    with Vault.open(demo_path) as vault:
        steps = {s.id: s for s in next_steps(vault, dt.date(2026, 3, 2))}
        later = {s.id: s for s in next_steps(vault, dt.date(2026, 12, 6))}
    assert list(steps) == ["iee", "meeting", "mediation", "due_process", "state_complaint", "section_504"]
    # on March 2, 2026: one year from the prior written notice of November 21, 2025 to file a state complaint
    assert steps["state_complaint"].when == "File by November 21, 2026 (264 days from today)."
    assert later["state_complaint"].when.startswith("The window closed on November 21, 2026")
    assert later["due_process"].when == "Filed on November 2, 2026."
    assert "Request for an independent educational evaluation" in steps["iee"].starts
    assert all(s.citations for s in steps.values()) and "34 CFR 300.502(b)" in steps["iee"].citations


def test_the_next_command_says_it_is_not_legal_advice(demo_path: Path) -> None:
    done = iepdesk("next", "--today", "2026-03-02", vault=demo_path)
    assert done.returncode == 0 and "A state complaint" in done.stdout and "not legal advice" in done.stdout

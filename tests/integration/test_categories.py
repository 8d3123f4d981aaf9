"""Which categories fit the child: chosen once (the demo parent chose three), checked against the criteria,
cleared again; Today's gaps follow the choice and, without one, ask for it."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_cli import iepdesk, run_json


def test_the_categories_are_chosen_checked_and_cleared(demo_path: Path) -> None:
    [child] = run_json("student", "list", vault=demo_path)  # type: ignore[misc]
    assert child["categories"] == ["idea.ohi", "idea.sld", "s504"]
    wrong = iepdesk("student", "edit", "1", "--categories", "idea.adhd", vault=demo_path)
    assert wrong.returncode != 0 and "Not a category: idea.adhd" in wrong.stderr and "idea.ohi" in wrong.stderr
    changed = run_json("student", "edit", "1", "--categories", "idea.sld", vault=demo_path)
    assert changed["categories"] == ["idea.sld"]  # type: ignore[index]
    gaps = next(c for c in run_json("today", vault=demo_path) if c["key"] == "gaps")  # type: ignore[union-attr]
    assert gaps["categories"] == ["idea.sld"] and gaps["lines"][0] == ("For the categories you chose: Specific "
                                                                        "learning disability.")
    run_json("student", "edit", "1", "--categories", vault=demo_path)  # none: cleared
    gaps = next(c for c in run_json("today", vault=demo_path) if c["key"] == "gaps")  # type: ignore[union-attr]
    assert gaps["lines"][0].startswith("Which categories fit your child?")

"""What a parent can do next when the school says no (resources/guide/next-steps.toml), side by side, each with
the date that limits it in this case (from the deadline clocks: the two-year limit to file for due process, the
one-year window of a state complaint), for ``iepdesk next`` and Help ▸ What can I do next?"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from iepdesk.resources import resource
from iepdesk.vault import Vault

NOT_ADVICE = ("This is not legal advice. A parent advocate or an attorney can help; your state's Parent Training "
              "and Information Center helps parents for free, and its protection-and-advocacy agency may too.")


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    what: str
    needs: str
    costs: str
    starts: str
    citations: tuple[str, ...]
    clock: str = ""
    when: str = ""  # this case's date for it, in words, or ""

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "what": self.what, "needs": self.needs, "costs": self.costs,
                "starts": self.starts, "citations": list(self.citations), "when": self.when or None}


@cache
def _steps() -> tuple[Step, ...]:
    with open(resource("guide", "next-steps.toml"), "rb") as handle:
        rows = tomllib.load(handle)["step"]
    return tuple(Step(r["id"], r["title"], r["what"], r["needs"], r["costs"], r["starts"], tuple(r["citations"]),
                      r.get("clock", "")) for r in rows)


def _day(value: dt.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def next_steps(vault: Vault, today: dt.date | None = None) -> list[Step]:
    from dataclasses import replace

    from iepdesk.letters.templates import load_templates
    from iepdesk.timeline.deadlines import deadlines

    today = today or dt.date.today()
    clocks = deadlines(vault, today)
    letters = load_templates()
    found = []
    for step in _steps():
        when = ""
        ran = [c for c in clocks if c.rule.id == step.clock and c.due is not None]
        if ran:
            clock = max(ran, key=lambda c: c.due or today)
            assert clock.due is not None
            if clock.stopped_by is not None:
                when = f"Filed on {_day(clock.stopped_by.date)}."
            elif clock.due < today:
                when = (f"The window closed on {_day(clock.due)} for what happened before then; a newer problem "
                        "opens a new one.")
            else:
                when = f"File by {_day(clock.due)} ({(clock.due - today).days} days from today)."
        starts = step.starts
        if starts.startswith("letter:"):
            template = letters.get(starts.split(":", 1)[1])
            starts = f"The letter “{template.title}” (New letter…)." if template else starts
        found.append(replace(step, when=when, starts=starts))
    return found

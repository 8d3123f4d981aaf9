"""A short mutation check: small, deliberate bugs put into the code one at a time, to see that the tests catch
each (a test suite that passes whatever the code does protects nothing). Run with ``./dev.sh mutate``.

Each mutation replaces one piece of text in one module, runs the tests that cover that module, and puts the
module back (also on Ctrl+C). A mutation is "killed" when the tests fail. The kill rate is printed at the end;
a mutation that survives names a test to write.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parents[1]


@dataclass(frozen=True)
class Mutation:
    module: str
    old: str
    new: str
    tests: tuple[str, ...]
    why: str


COVERAGE = ("tests/unit/criteria",)
DAYS = ("tests/unit/timeline",)
PLAN = ("tests/unit/binder/test_plan.py", "tests/integration/test_binder.py")

MUTATIONS = [
    Mutation("iepdesk/criteria/coverage.py", "if documents >= 2 and sources & PROFESSIONAL:", "if documents >= 2:",
             COVERAGE, "two documents of the parent's own count as supported"),
    Mutation("iepdesk/criteria/coverage.py", "if documents >= 2 and sources & PROFESSIONAL:",
             "if documents >= 1 and sources & PROFESSIONAL:", COVERAGE, "one professional document is enough"),
    Mutation("iepdesk/criteria/coverage.py", "    if documents == 0:\n        return \"none\"",
             "    if documents == 0:\n        return \"thin\"", COVERAGE, "no evidence shows as thin"),
    Mutation("iepdesk/criteria/coverage.py", 'PROFESSIONAL = {"school", "independent", "medical"}',
             'PROFESSIONAL = {"school", "independent", "medical", "parent"}', COVERAGE,
             "the parent counts as a professional"),
    Mutation("iepdesk/criteria/coverage.py", '            elif status == "suggested":\n                waiting',
             '            elif status in ("suggested", "rejected"):\n                waiting', COVERAGE,
             "rejected suggestions still wait"),
    Mutation("iepdesk/criteria/coverage.py", 'if status != "supported" else ()', "", COVERAGE,
             "a supported element still asks for more"),
    Mutation("iepdesk/timeline/days.py", "return day.weekday() < 5 and not self.is_holiday(day)",
             "return day.weekday() < 6 and not self.is_holiday(day)", DAYS, "Saturday is a business day"),
    Mutation("iepdesk/timeline/days.py", "return self.is_business_day(day) and day not in self._break_days",
             "return self.is_business_day(day)", DAYS, "school breaks are school days"),
    Mutation("iepdesk/timeline/days.py", "    if day.weekday() == 5:\n        return day - dt.timedelta(days=1)",
             "    if day.weekday() == 5:\n        return day + dt.timedelta(days=2)", DAYS,
             "a Saturday holiday is observed on Monday"),
    Mutation("iepdesk/timeline/days.py", "_nth_weekday(year, 11, 3, 4),  # Thanksgiving Day",
             "_nth_weekday(year, 11, 3, 3),  # Thanksgiving Day", DAYS, "Thanksgiving a week early"),
    Mutation("iepdesk/timeline/days.py", "    day = min(start.day, calendar.monthrange(year, start.month)[1])",
             "    day = min(start.day, 28)", DAYS, "years always end on the 28th at most"),
    Mutation("iepdesk/timeline/days.py", "        if off.counts(day, unit):\n            counted += 1",
             "        counted += 1", DAYS, "business and school days counted as calendar days"),
    Mutation("iepdesk/timeline/days.py", "    first = low + dt.timedelta(days=1) if sign > 0 else low",
             "    first = low", DAYS, "the start day is counted"),
    Mutation("iepdesk/timeline/days.py", "(1, 1), (7, 4), (11, 11), (12, 25)", "(1, 1), (7, 4), (12, 25)", DAYS,
             "Veterans Day forgotten"),
    Mutation("iepdesk/binder/plan.py", "if options.duplex and next_page % 2 == 0:",
             "if options.duplex and next_page % 2 == 1:", PLAN, "duplex exhibits start on a left-hand page"),
    Mutation("iepdesk/binder/plan.py", "        return self.first_page + min(page, self.pages) - 1",
             "        return self.first_page + min(page, self.pages)", PLAN, "pin cites one page off"),
    Mutation("iepdesk/binder/plan.py", "            return self.first_page + self.starts[page - 1] - 1",
             "            return self.first_page + page - 1", PLAN, "a typeset document's pin cites ignore overflow"),
    Mutation("iepdesk/binder/plan.py", "        return self.bates.number(exhibit.bates_first + page - 1)",
             "        return self.bates.number(exhibit.bates_first + page)", PLAN, "Bates numbers one off"),
    Mutation("iepdesk/binder/plan.py", "        next_bates += count", "        next_bates += count - 1", PLAN,
             "Bates numbers overlap between exhibits"),
]


def run(mutation: Mutation) -> tuple[bool, float]:
    path = ROOT / mutation.module
    original = path.read_text(encoding="utf-8")
    if original.count(mutation.old) != 1:
        raise SystemExit(f"{mutation.module}: the text to mutate is not there exactly once: {mutation.old!r}")
    started = time.monotonic()
    try:
        path.write_text(original.replace(mutation.old, mutation.new), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", "-p",
                               "no:cacheprovider", *mutation.tests], cwd=ROOT, capture_output=True, timeout=900)
    finally:
        path.write_text(original, encoding="utf-8")
    return done.returncode != 0, time.monotonic() - started


def main() -> int:
    killed = 0
    for number, mutation in enumerate(MUTATIONS, 1):
        dead, seconds = run(mutation)
        killed += dead
        print(f"{number:>2}. {'killed  ' if dead else 'SURVIVED'} {mutation.module}: {mutation.why} ({seconds:.0f} s)")
    print(f"Kill rate: {killed}/{len(MUTATIONS)} ({100 * killed / len(MUTATIONS):.0f}%)")
    return 0 if killed == len(MUTATIONS) else 1


if __name__ == "__main__":
    sys.exit(main())

"""The deadline rules' data: a rule, a state's change to one (an override), a pack of them, and the set in use.
Parsed from TOML in rule_parse.py; joined and loaded in rules.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iepdesk.errors import IEPDeskError
from iepdesk.timeline.days import NO_SKIP, UNIT_WORDS, Skip
from iepdesk.timeline.kinds import lower_label


class RuleError(IEPDeskError):
    """A deadline-rules pack that cannot be used; the message names the file and the line."""

    exit_code = 1


@dataclass(frozen=True)
class YearEnd:
    """A count that starts too near the end of the school year is due on a date of its own: when fewer than
    ``under`` (and at least ``at_least``) school days are left before the last day, it is due on ``due`` ("06-30":
    June 30 of that year; "before_next_year": before the first day of the next school year)."""

    under: int
    due: str
    at_least: int = 0
    counted_in: str = "school"  # the days left are counted in school days, or in calendar days (California)
    since: str | None = None  # the days left are counted from the last event of this kind before the clock's start

    @property
    def after_start(self) -> int | None:
        """N for "next_year+N": due N calendar days after the first day of the next school year."""
        return int(self.due.split("+")[1]) if self.due.startswith("next_year+") else None

    def words(self) -> str:
        if self.after_start is not None:
            when = f"{self.after_start} days after the next school year starts"
        else:
            when = "June 30" if self.due == "06-30" else ("before the next school year starts" if self.due ==
                                                          "before_next_year" else self.due)
        band = f"at least {self.at_least} but fewer than {self.under}" if self.at_least else f"fewer than {self.under}"
        days = "school days" if self.counted_in == "school" else "days"
        start = f" from the {self.since.replace('_', ' ')}" if self.since else ""
        return f"{when} when {band} {days} are left{start} to the last day of the school year"


@dataclass(frozen=True)
class Rule:
    id: str
    pack: str
    title: str
    starts: tuple[str, ...]  # event kinds; empty when the rule follows another rule
    stops: tuple[str, ...]  # event kinds; empty for a period that simply ends (the resolution period)
    length: int | None  # None: the law gives no day count ("without unnecessary delay")
    unit: str
    citation: str
    direction: str = "after"
    follows: str | None = None  # the clock starts when this rule's clock is due
    sooner_if: tuple[str, ...] = ()  # due earlier: by the next of these events, when it comes first
    if_outcome: str | None = None  # starts only on this outcome of the starting event (or an unrecorded one)
    timing: str = ""  # the law's words when there is no day count
    note: str = ""
    state_may_vary: bool = False
    verified: str = ""
    changed_by: str | None = None  # the pack that changed the federal length, if any
    skip: Skip = NO_SKIP  # calendar days a state leaves out (breaks, the summer)
    absences_extend_from: int = 0  # extended by the child's days absent when there are at least this many
    year_end: YearEnd | None = None
    state: str | None = None  # the state whose law sets it (None: federal law)
    state_citation: str = ""  # the state's own citation, when a state's pack changed a federal rule
    party: str = "district"  # who must act in time: the district, the parent (a limit to file), or either
    window: bool = False  # a time to file or act that simply closes (ended, never overdue)
    due_at_age: int | None = None  # due on the child's birthday of this age (one clock per child)
    by_school_year: bool = False  # due on the first school day after the next summer
    summer_to_fall: bool = False  # a due date in the summer moves to the first school day after it

    @property
    def timed(self) -> bool:
        return self.length is not None

    @property
    def period(self) -> bool:
        """A period that simply ends (nothing stops it)."""
        return not self.stops

    def span(self) -> str:
        """"60 calendar days", "1 year"; the law's words when there is no day count."""
        if self.length is None:
            return self.timing or "no day count"
        return f"{self.length} {UNIT_WORDS[self.unit]}{'' if self.length == 1 else 's'}"

    def counting(self) -> str:
        """", not counting the summer" and the like: how a state counts beyond the days themselves."""
        parts = [self.skip.words()] if self.skip else []
        if self.absences_extend_from:
            parts.append(f"extended by the days absent when the child misses {self.absences_extend_from} or more")
        if self.year_end is not None:
            parts.append(f"due {self.year_end.words()}")
        if self.summer_to_fall:
            parts.append("on the first school day after the summer when it falls in the summer")
        return "".join(f", {part}" for part in parts)

    def describe(self) -> str:
        """"60 calendar days after consent …", "5 business days before hearing", or the law's words."""
        if self.length is None:
            return self.span()
        start = f"the end of {self.follows}" if self.follows else " / ".join(
            lower_label(k) for k in self.starts)
        return f"{self.span()} {self.direction} {start}{self.counting()}"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "pack": self.pack, "title": self.title, "starts": list(self.starts),
                "stops": list(self.stops), "length": self.length, "unit": self.unit if self.timed else None,
                "direction": self.direction, "follows": self.follows, "sooner_if": list(self.sooner_if),
                "if_outcome": self.if_outcome, "timing": self.timing or None, "citation": self.citation,
                "note": self.note or None, "state_may_vary": self.state_may_vary, "changed_by": self.changed_by,
                "state": self.state, "party": self.party, "window": self.window,
                "skip_breaks_of": self.skip.breaks_of or None,
                "skip_weekends_around": self.skip.weekends_around, "skip_summer": self.skip.summer,
                "absences_extend_from": self.absences_extend_from or None,
                "year_end": self.year_end.words() if self.year_end else None, "due_at_age": self.due_at_age,
                "by_school_year": self.by_school_year, "summer_to_fall": self.summer_to_fall,
                "describe": self.describe()}


@dataclass(frozen=True)
class Override:
    rule: str
    citation: str
    length: int | None = None
    unit: str | None = None
    timing: str | None = None
    note: str = ""
    starts: tuple[str, ...] = ()  # a state's clock may start at another event (North Carolina: the referral)
    counting: dict[str, Any] | None = None  # skip, absences_extend_from, year_end, as checked by _counting
    verified: str = ""
    stops: tuple[str, ...] = ()  # a state's clock may run to another event (North Carolina: the IEP)


@dataclass(frozen=True)
class RulePack:
    id: str
    version: str
    title: str
    description: str
    origin: str  # built-in | added
    file_name: str
    rules: tuple[Rule, ...]
    overrides: tuple[Override, ...]
    lines: dict[str, int]  # "rule:ID" / "override:ID" → line, for messages found when packs are joined
    state: str | None = None  # the state whose law the pack writes down (two letters), if any
    recording: tuple[str, str] | None = None  # the state's rule on recording a meeting, and its citation


@dataclass(frozen=True)
class RuleSet:
    packs: tuple[RulePack, ...]
    rules: dict[str, Rule]  # in pack order; a rule that follows another comes after it

    def get(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise IEPDeskError(f"There is no deadline rule '{rule_id}'. 'iepdesk deadlines list' shows them.") \
                from None


# -- parsing ------------------------------------------------------------------------------------------------

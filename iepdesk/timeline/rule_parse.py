"""Reading a deadline-rules pack (TOML): each rule and override checked, a problem reported as "FILE, line N:
what is wrong". The format is documented in resources/deadlines/README.md."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from iepdesk.packfile import PACK_ID, parse_pack_head, table_line
from iepdesk.timeline.days import UNIT_WORDS, UNITS, Skip
from iepdesk.timeline.kinds import EVENT_KINDS, OUTCOMES
from iepdesk.timeline.rule_model import Override, Rule, RuleError, RulePack, YearEnd

_ID = PACK_ID
_COUNTING_KEYS = {"skip_breaks_of", "skip_weekends_around", "skip_summer", "absences_extend_from", "year_end",
                  "summer_to_fall"}
_RULE_KEYS = {"id", "title", "starts", "stops", "length", "unit", "direction", "follows", "sooner_if", "if_outcome",
              "timing", "citation", "note", "state_may_vary", "verified", "party", "window", "due_at_age",
              "by_school_year"} | _COUNTING_KEYS
_OVERRIDE_KEYS = {"rule", "starts", "stops", "length", "unit", "timing", "citation", "note", "verified"} | \
    _COUNTING_KEYS
_YEAR_END_KEYS = {"under", "at_least", "due", "counted_in", "since"}
DIRECTIONS = ("after", "before")
PARTIES = ("district", "parent", "either")


class _JoinWhere:
    """A place already written out ("FILE, line N"), for checks made when packs are joined."""

    def __init__(self, place: str) -> None:
        self.place = place

    def __call__(self, key: str | None = None) -> str:
        return self.place


class _Where:
    def __init__(self, text: str, file_name: str, table: str, index: int) -> None:
        self.text, self.file_name, self.table, self.index = text, file_name, table, index

    def __call__(self, key: str | None = None) -> str:
        return f"{self.file_name}, line {table_line(self.text, self.table, self.index, key)}"


def _kinds(row: dict[str, Any], key: str, where: _Where, name: str) -> tuple[str, ...]:
    value = row.get(key)
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise RuleError(f"{where(key)}: '{name}' {key} must be a kind of event in quotes, or a list of them.")
    for kind in values:
        if kind not in EVENT_KINDS:
            raise RuleError(f"{where(key)}: '{name}' names '{kind}' in {key}, which is not a kind of event. "
                            f"Use one of: {', '.join(EVENT_KINDS)}.")
    return tuple(values)


def _length(row: dict[str, Any], where: _Where, name: str) -> int | None:
    value = row.get("length")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleError(f"{where('length')}: '{name}' length must be a whole number of days (no quotes).")
    if value < 0:
        raise RuleError(f"{where('length')}: '{name}' has a negative length ({value}); a clock runs forwards or "
                        "backwards by its 'direction', and its length is a whole number, at least 1.")
    if value == 0:
        raise RuleError(f"{where('length')}: '{name}' has a length of 0; give at least 1, or leave 'length' out "
                        "and say the law's words in 'timing' when the law gives no day count.")
    return value


def _unit(row: dict[str, Any], where: _Where, name: str) -> str | None:
    unit = row.get("unit")
    if unit is not None and unit not in UNITS:
        raise RuleError(f"{where('unit')}: '{name}' has unit {unit!r}; use one of {', '.join(UNITS)}.")
    return unit


def _text(row: dict[str, Any], key: str, where: _Where, name: str, required: bool = False) -> str:
    value = row.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise RuleError(f"{where(key)}: '{name}' needs a '{key}' (text in quotes).")
    return " ".join(value.split())


def _whole(row: dict[str, Any], key: str, where: _Where, name: str) -> int:
    value = row.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleError(f"{where(key)}: '{name}' {key} must be a whole number of days (no quotes).")
    return value


def _flag(row: dict[str, Any], key: str, where: _Where, name: str) -> bool:
    value = row.get(key, False)
    if not isinstance(value, bool):
        raise RuleError(f"{where(key)}: '{name}' {key} is true or false (no quotes).")
    return value


def _counting(row: dict[str, Any], where: _Where, name: str) -> dict[str, Any]:
    """The ways a state counts that the federal rules do not: skip, absences, the end of the school year."""
    skip = Skip(_whole(row, "skip_breaks_of", where, name), _flag(row, "skip_weekends_around", where, name),
                _flag(row, "skip_summer", where, name))
    if skip.weekends_around and not skip.breaks_of:
        raise RuleError(f"{where('skip_weekends_around')}: '{name}' skips the weekends around breaks, so it needs "
                        "'skip_breaks_of' (how many school days long a break must be).")
    found: dict[str, Any] = {}
    if skip:
        found["skip"] = skip
    if "absences_extend_from" in row:
        found["absences_extend_from"] = _whole(row, "absences_extend_from", where, name)
    if "summer_to_fall" in row:
        found["summer_to_fall"] = _flag(row, "summer_to_fall", where, name)
    ending = row.get("year_end")
    if ending is not None:
        found["year_end"] = _year_end(ending, where, name)
    return found


def _year_end(ending: Any, where: _Where, name: str) -> YearEnd:
    if not isinstance(ending, dict) or set(ending) - _YEAR_END_KEYS or "under" not in ending or \
            "due" not in ending:
        raise RuleError(f"{where('year_end')}: '{name}' year_end is a table with 'under' (days left), 'due' "
                        "(\"06-30\", \"before_next_year\" or \"next_year+30\") and, if needed, 'at_least', "
                        "'counted_in' and 'since'.")
    under, at_least, due = _whole(ending, "under", where, name), _whole(ending, "at_least", where, name), \
        ending["due"]
    if not isinstance(due, str) or not (due == "before_next_year" or re.fullmatch(r"next_year\+\d{1,3}", due) or
                                        re.fullmatch(r"(0[1-9]|1[0-2])-[0-3]\d", due)):
        raise RuleError(f"{where('year_end')}: '{name}' year_end due is a month and day (\"06-30\"), "
                        "\"before_next_year\", or \"next_year+N\" (N days after the next school year starts).")
    if not 0 <= at_least < under:
        raise RuleError(f"{where('year_end')}: '{name}' year_end at_least must be below under.")
    counted_in = ending.get("counted_in", "school")
    if counted_in not in ("school", "calendar"):
        raise RuleError(f"{where('year_end')}: '{name}' year_end counted_in is \"school\" or \"calendar\".")
    since = ending.get("since")
    if since is not None and since not in EVENT_KINDS:
        raise RuleError(f"{where('year_end')}: '{name}' year_end since names '{since}', which is not a kind of "
                        f"event. Use one of: {', '.join(EVENT_KINDS)}.")
    return YearEnd(under, due, at_least, counted_in, since)


def _dated(row: dict[str, Any], where: _Where, rid: str, length: int | None, timing: str) -> dict[str, Any]:
    """A clock due on a day of its own (the child's Nth birthday, the next school year's first day), not after a
    count of days; without that day known, its 'timing' is shown."""
    found: dict[str, Any] = {}
    age = row.get("due_at_age")
    if age is not None:
        if isinstance(age, bool) or not isinstance(age, int) or not 1 <= age <= 30:
            raise RuleError(f"{where('due_at_age')}: '{rid}' due_at_age is the child's age in years (a whole "
                            "number, no quotes).")
        found["due_at_age"] = age
    if _flag(row, "by_school_year", where, rid):
        found["by_school_year"] = True
    if len(found) > 1:
        raise RuleError(f"{where()}: '{rid}' is due either at an age or by the school year, not both.")
    if found and (length is not None or not timing):
        key = next(iter(found))
        raise RuleError(f"{where(key)}: '{rid}' is due on a day of its own ({key}), so it has no 'length'; say "
                        "the law's words in 'timing' (shown while that day is not known).")
    return found


def _rule(row: Any, pack_id: str, where: _Where, seen: set[str]) -> Rule:
    if not isinstance(row, dict):
        raise RuleError(f"{where()}: each [[rule]] is a table of fields.")
    unknown = set(row) - _RULE_KEYS
    if unknown:
        raise RuleError(f"{where()}: unknown field(s) {', '.join(sorted(unknown))}.")
    rid = row.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        raise RuleError(f"{where('id')}: each rule needs an 'id' of lower-case letters, digits, '.', '-' and '_'.")
    if rid in seen:
        raise RuleError(f"{where('id')}: the id '{rid}' is used twice.")
    title = _text(row, "title", where, rid, required=True)
    citation = _text(row, "citation", where, rid, required=True)
    starts = _kinds(row, "starts", where, rid)
    follows = row.get("follows")
    if follows is not None and (not isinstance(follows, str) or not follows.strip()):
        raise RuleError(f"{where('follows')}: '{rid}' follows must name another rule's id.")
    if bool(starts) == bool(follows):
        raise RuleError(f"{where()}: '{rid}' needs either 'starts' (the kind of event that starts the clock) or "
                        "'follows' (a rule whose end starts it), not both.")
    length, unit = _length(row, where, rid), _unit(row, where, rid)
    timing = _text(row, "timing", where, rid)
    if length is None and not timing:
        raise RuleError(f"{where()}: '{rid}' has no 'length'; give one, or say the law's words in 'timing' "
                        "(e.g. \"without unnecessary delay\") when the law gives no day count.")
    direction = row.get("direction", "after")
    if direction not in DIRECTIONS:
        raise RuleError(f"{where('direction')}: '{rid}' direction must be \"after\" or \"before\".")
    if direction == "before" and length is None:
        raise RuleError(f"{where('direction')}: '{rid}' runs before its event, so it needs a 'length'.")
    if_outcome = row.get("if_outcome")
    if if_outcome is not None:
        bad = [k for k in starts if if_outcome not in OUTCOMES.get(k, {})]
        if not starts or bad:
            raise RuleError(f"{where('if_outcome')}: '{rid}' if_outcome {if_outcome!r} is not an outcome of "
                            f"{', '.join(bad) or 'its starting event'}.")
    party = row.get("party", "district")
    if party not in PARTIES:
        raise RuleError(f"{where('party')}: '{rid}' party is who must act: {', '.join(PARTIES)}.")
    state_may_vary = row.get("state_may_vary", False)
    if not isinstance(state_may_vary, bool):
        raise RuleError(f"{where('state_may_vary')}: '{rid}' state_may_vary is true or false (no quotes).")
    seen.add(rid)
    rule = Rule(
        id=rid, pack=pack_id, title=title, starts=starts, stops=_kinds(row, "stops", where, rid), length=length,
        unit=unit or "calendar", citation=citation, direction=direction, follows=follows,
        sooner_if=_kinds(row, "sooner_if", where, rid), if_outcome=if_outcome, timing=timing,
        note=_text(row, "note", where, rid), state_may_vary=state_may_vary,
        verified=_text(row, "verified", where, rid), party=party, window=_flag(row, "window", where, rid),
        **_dated(row, where, rid, length, timing),
    )
    return _checked_counting(replace(rule, **_counting(row, where, rid)), where)


def _checked_counting(rule: Rule, where: Callable[..., str]) -> Rule:
    """What the counting options need of the rule they are on."""
    if rule.skip and rule.unit != "calendar":
        raise RuleError(f"{where('unit')}: '{rule.id}' leaves breaks or the summer out of a count of "
                        f"{UNIT_WORDS[rule.unit]}s; that only applies to calendar days (school days already leave "
                        "breaks out).")
    if rule.year_end is not None and rule.year_end.counted_in == "school" and rule.unit != "school":
        raise RuleError(f"{where('year_end')}: '{rule.id}' has a year_end rule, which counts school days left; "
                        "its unit must be \"school\".")
    return rule


def _override(row: Any, where: _Where) -> Override:
    if not isinstance(row, dict):
        raise RuleError(f"{where()}: each [[override]] is a table of fields.")
    unknown = set(row) - _OVERRIDE_KEYS
    if unknown:
        raise RuleError(f"{where()}: unknown field(s) {', '.join(sorted(unknown))}.")
    rid = row.get("rule")
    if not isinstance(rid, str) or not rid.strip():
        raise RuleError(f"{where('rule')}: an [[override]] names the 'rule' it changes, by its id.")
    name = f"override of {rid}"
    citation = _text(row, "citation", where, name, required=True)
    length, unit, timing = _length(row, where, name), _unit(row, where, name), _text(row, "timing", where, name)
    starts, counting = _kinds(row, "starts", where, name), _counting(row, where, name)
    stops = _kinds(row, "stops", where, name)
    if length is None and unit is None and not timing and not starts and not stops and not counting:
        raise RuleError(f"{where()}: the {name} changes nothing; give a 'length', a 'unit', 'timing', 'starts' or "
                        "a way of counting.")
    return Override(rid, citation, length, unit, timing or None, _text(row, "note", where, name), starts,
                    counting or None, _text(row, "verified", where, name), stops)


def parse_rule_pack(text: str, file_name: str, origin: str = "built-in") -> RulePack:
    """Parse and check one pack on its own (references to other packs are checked when packs are joined)."""
    data, pack_id = parse_pack_head(text, file_name, RuleError)
    head = data["pack"]
    state = head.get("state")
    if state is not None and not (isinstance(state, str) and re.fullmatch(r"[A-Z]{2}", state)):
        raise RuleError(f"{file_name}: [pack] state is the state's two-letter postal code in capitals, e.g. "
                        "\"TX\".")
    unknown = set(data) - {"pack", "rule", "override", "recording"}
    if unknown:
        raise RuleError(f"{file_name}: unknown table(s) {', '.join(sorted(unknown))}; a pack holds [pack], "
                        "[[rule]], [[override]] and [recording].")
    recording = data.get("recording")
    if recording is not None and not (isinstance(recording, dict) and set(recording) == {"rule", "citation"} and all(
            isinstance(v, str) and v.strip() for v in recording.values())):
        line = text[:max(0, text.find("[recording]"))].count("\n") + 1
        raise RuleError(f"{file_name}, line {line}: [recording] gives the state's rule "
                        "on recording a meeting as 'rule' and its 'citation', both text.")
    rows, changes = data.get("rule", []), data.get("override", [])
    if not isinstance(rows, list) or not isinstance(changes, list) or not (rows or changes):
        raise RuleError(f"{file_name}: the pack has no [[rule]] or [[override]] entries.")
    seen: set[str] = set()
    lines: dict[str, int] = {}
    rules = []
    for index, row in enumerate(rows):
        rule = replace(_rule(row, pack_id, _Where(text, file_name, "rule", index), seen), state=state)
        rules.append(rule)
        lines[f"rule:{rule.id}"] = table_line(text, "rule", index)
        if rule.follows:
            lines[f"follows:{rule.id}"] = table_line(text, "rule", index, "follows")
    overrides = []
    for index, row in enumerate(changes):
        change = _override(row, _Where(text, file_name, "override", index))
        overrides.append(change)
        lines[f"override:{change.rule}"] = table_line(text, "override", index, "rule")
    return RulePack(pack_id, head["version"].strip(), head["title"].strip(), str(head.get("description", "")).strip(),
                    origin, file_name, tuple(rules), tuple(overrides), lines, state,
                    (recording["rule"].strip(), recording["citation"].strip()) if recording else None)


# -- joining packs ------------------------------------------------------------------------------------------

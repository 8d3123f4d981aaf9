"""Deadline rules as data: TOML packs in resources/deadlines (federal), plus packs a user adds (a state's).

A rule says which event starts a clock, how long it runs and in which days (days.py), which events stop it,
and the law behind it. A state pack may add rules and change a federal rule's length by its id
(``[[override]]``). The format is documented in resources/deadlines/README.md; a problem is reported as
"FILE, line N: what is wrong", like the criteria packs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select

from iepdesk.errors import IEPDeskError
from iepdesk.packfile import PACK_ID, keep_pack, parse_pack_head, read_pack_file, refuse_builtin_id
from iepdesk.resources import resource
from iepdesk.timeline.days import UNIT_WORDS, UNITS
from iepdesk.timeline.kinds import EVENT_KINDS, OUTCOMES, lower_label
from iepdesk.vault import Vault
from iepdesk.vault.models import DeadlinePack

_ID = PACK_ID
_RULE_KEYS = {"id", "title", "starts", "stops", "length", "unit", "direction", "follows", "sooner_if", "if_outcome",
              "timing", "citation", "note", "state_may_vary", "verified"}
_OVERRIDE_KEYS = {"rule", "length", "unit", "timing", "citation", "note"}
DIRECTIONS = ("after", "before")


class RuleError(IEPDeskError):
    """A deadline-rules pack that cannot be used; the message names the file and the line."""

    exit_code = 1


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

    def describe(self) -> str:
        """"60 calendar days after consent …", "5 business days before hearing", or the law's words."""
        if self.length is None:
            return self.span()
        start = f"the end of {self.follows}" if self.follows else " / ".join(
            lower_label(k) for k in self.starts)
        return f"{self.span()} {self.direction} {start}"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "pack": self.pack, "title": self.title, "starts": list(self.starts),
                "stops": list(self.stops), "length": self.length, "unit": self.unit if self.timed else None,
                "direction": self.direction, "follows": self.follows, "sooner_if": list(self.sooner_if),
                "if_outcome": self.if_outcome, "timing": self.timing or None, "citation": self.citation,
                "note": self.note or None, "state_may_vary": self.state_may_vary, "changed_by": self.changed_by,
                "describe": self.describe()}


@dataclass(frozen=True)
class Override:
    rule: str
    citation: str
    length: int | None = None
    unit: str | None = None
    timing: str | None = None
    note: str = ""


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
def _line_of(text: str, table: str, index: int, key: str | None = None) -> int:
    """The line of the index-th [[table]] (1-based), or of its ``key = …`` line when there is one."""
    headers = list(re.finditer(rf"^[ \t]*\[\[[ \t]*{table}[ \t]*\]\]", text, re.MULTILINE))
    if index >= len(headers):
        return 1
    start = headers[index].start()
    following = [m.start() for m in re.finditer(r"^[ \t]*\[", text[headers[index].end():], re.MULTILINE)]
    end = headers[index].end() + following[0] if following else len(text)
    line = text.count("\n", 0, start) + 1
    if key:
        found = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text[start:end], re.MULTILINE)
        if found:
            return line + text.count("\n", start, start + found.start())
    return line


class _Where:
    def __init__(self, text: str, file_name: str, table: str, index: int) -> None:
        self.text, self.file_name, self.table, self.index = text, file_name, table, index

    def __call__(self, key: str | None = None) -> str:
        return f"{self.file_name}, line {_line_of(self.text, self.table, self.index, key)}"


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
    state_may_vary = row.get("state_may_vary", False)
    if not isinstance(state_may_vary, bool):
        raise RuleError(f"{where('state_may_vary')}: '{rid}' state_may_vary is true or false (no quotes).")
    seen.add(rid)
    return Rule(
        id=rid, pack=pack_id, title=title, starts=starts, stops=_kinds(row, "stops", where, rid), length=length,
        unit=unit or "calendar", citation=citation, direction=direction, follows=follows,
        sooner_if=_kinds(row, "sooner_if", where, rid), if_outcome=if_outcome, timing=timing,
        note=_text(row, "note", where, rid), state_may_vary=state_may_vary,
        verified=_text(row, "verified", where, rid),
    )


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
    if length is None and unit is None and not timing:
        raise RuleError(f"{where()}: the {name} changes nothing; give a 'length', a 'unit' or 'timing'.")
    return Override(rid, citation, length, unit, timing or None, _text(row, "note", where, name))


def parse_rule_pack(text: str, file_name: str, origin: str = "built-in") -> RulePack:
    """Parse and check one pack on its own (references to other packs are checked when packs are joined)."""
    data, pack_id = parse_pack_head(text, file_name, RuleError)
    head = data["pack"]
    unknown = set(data) - {"pack", "rule", "override"}
    if unknown:
        raise RuleError(f"{file_name}: unknown table(s) {', '.join(sorted(unknown))}; a pack holds [pack], "
                        "[[rule]] and [[override]].")
    rows, changes = data.get("rule", []), data.get("override", [])
    if not isinstance(rows, list) or not isinstance(changes, list) or not (rows or changes):
        raise RuleError(f"{file_name}: the pack has no [[rule]] or [[override]] entries.")
    seen: set[str] = set()
    lines: dict[str, int] = {}
    rules = []
    for index, row in enumerate(rows):
        rule = _rule(row, pack_id, _Where(text, file_name, "rule", index), seen)
        rules.append(rule)
        lines[f"rule:{rule.id}"] = _line_of(text, "rule", index)
        if rule.follows:
            lines[f"follows:{rule.id}"] = _line_of(text, "rule", index, "follows")
    overrides = []
    for index, row in enumerate(changes):
        change = _override(row, _Where(text, file_name, "override", index))
        overrides.append(change)
        lines[f"override:{change.rule}"] = _line_of(text, "override", index, "rule")
    return RulePack(pack_id, head["version"].strip(), head["title"].strip(), str(head.get("description", "")).strip(),
                    origin, file_name, tuple(rules), tuple(overrides), lines)


# -- joining packs ------------------------------------------------------------------------------------------
def join(packs: list[RulePack]) -> RuleSet:
    """All rules of the packs, overrides applied in pack order; checks what one pack cannot check alone."""
    rules: dict[str, Rule] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.id in rules:
                raise RuleError(f"{pack.file_name}, line {pack.lines[f'rule:{rule.id}']}: the rule id '{rule.id}' is "
                                f"already used by the pack '{rules[rule.id].pack}'. Use [[override]] to change it.")
            rules[rule.id] = rule
        for change in pack.overrides:
            where = f"{pack.file_name}, line {pack.lines[f'override:{change.rule}']}"
            base = rules.get(change.rule)
            if base is None:
                raise RuleError(f"{where}: there is no rule '{change.rule}' to change; the rules are: "
                                f"{', '.join(rules)}.")
            length = change.length if change.length is not None else base.length
            if length is None and change.unit is not None:
                raise RuleError(f"{where}: '{change.rule}' has no day count; give a 'length' with the 'unit'.")
            rules[change.rule] = replace(
                base, length=length, unit=change.unit or base.unit, timing=change.timing or base.timing,
                citation=f"{change.citation} ({pack.title}); federal: {base.citation}",
                note=" ".join(n for n in (change.note, base.note) if n), changed_by=pack.id)
    for pack in packs:
        for rule in pack.rules:
            if rule.follows and rule.follows not in rules:
                raise RuleError(f"{pack.file_name}, line {pack.lines[f'follows:{rule.id}']}: '{rule.id}' follows "
                                f"'{rule.follows}', which is not a rule.")
    for rule in rules.values():  # a chain of 'follows' must end at a rule with a starting event
        chain = [rule.id]
        current = rule
        while current.follows:
            if current.follows in chain:
                raise RuleError(f"The deadline rules {' → '.join([*chain, current.follows])} follow each other in a "
                                "circle; one of them needs 'starts' instead of 'follows'.")
            chain.append(current.follows)
            current = rules[current.follows]
    return RuleSet(tuple(packs), _followed_last(rules))


def _followed_last(rules: dict[str, Rule]) -> dict[str, Rule]:
    ordered: dict[str, Rule] = {}

    def place(rule: Rule) -> None:
        if rule.id in ordered:
            return
        if rule.follows:
            place(rules[rule.follows])
        ordered[rule.id] = rule

    for rule in rules.values():
        place(rule)
    return ordered


@cache
def builtin_rule_packs() -> tuple[RulePack, ...]:
    folder = resource("deadlines")
    return tuple(parse_rule_pack(path.read_text("utf-8"), path.name) for path in sorted(folder.glob("*.toml")))


def added_rule_packs(vault: Vault) -> list[RulePack]:
    with vault.session() as session:
        rows = session.scalars(select(DeadlinePack).order_by(DeadlinePack.added_at, DeadlinePack.id)).all()
        return [parse_rule_pack(row.source, row.file_name, origin="added") for row in rows]


def load_rules(vault: Vault | None = None) -> RuleSet:
    return join(list(builtin_rule_packs()) + (added_rule_packs(vault) if vault is not None else []))


def add_rule_pack(vault: Vault, path: Path, actor: str = "cli") -> RulePack:
    """Check a pack (a state's timelines) against the rules already loaded, then keep a copy in the vault."""
    text = read_pack_file(path, RuleError)
    pack = parse_rule_pack(text, path.name, origin="added")
    current = load_rules(vault)
    refuse_builtin_id(pack.id, path.name, {p.id for p in current.packs if p.origin == "built-in"}, RuleError)
    join([*(p for p in current.packs if p.id != pack.id), pack])  # adding a pack again replaces the older one
    keep_pack(vault, DeadlinePack, pack_id=pack.id, version=pack.version, title=pack.title, file_name=path.name,
              text=text, action="deadlines.add", what="the deadline rules", actor=actor)
    return pack

"""Deadline rules as data: TOML packs in resources/deadlines (federal), plus packs a user adds (a state's).

A rule says which event starts a clock, how long it runs and in which days (days.py), which events stop it,
and the law behind it. A state pack may add rules and change a federal rule by its id (``[[override]]``). The
format is documented in resources/deadlines/README.md; a pack is read in rule_parse.py, its data is in
rule_model.py; here packs are joined into the set of rules in use.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

from sqlalchemy import select

from iepdesk.packfile import keep_pack, read_pack_file, refuse_builtin_id
from iepdesk.resources import resource
from iepdesk.timeline.kinds import OUTCOMES
from iepdesk.timeline.rule_model import Override, Rule, RuleError, RulePack, RuleSet, YearEnd
from iepdesk.timeline.rule_parse import _checked_counting, _JoinWhere, parse_rule_pack
from iepdesk.vault import Vault
from iepdesk.vault.models import DeadlinePack

__all__ = ["Override", "Rule", "RuleError", "RulePack", "RuleSet", "YearEnd", "add_rule_pack", "builtin_rule_packs",
           "join", "load_rules", "parse_rule_pack", "state_rule_pack"]


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
            changed = replace(
                base, length=length, unit=change.unit or base.unit, timing=change.timing or base.timing,
                citation=f"{change.citation} ({pack.title}); federal: {base.citation}",
                note=" ".join(n for n in (change.note, base.note) if n), changed_by=pack.id,
                starts=change.starts or base.starts, stops=change.stops or base.stops, state=pack.state or base.state,
                state_citation=change.citation if pack.state else base.state_citation,
                verified=change.verified or base.verified, **(change.counting or {}))
            if changed.if_outcome and any(changed.if_outcome not in OUTCOMES.get(k, {}) for k in changed.starts):
                changed = replace(changed, if_outcome=None)  # the state's starting event decides nothing
            rules[change.rule] = _checked_counting(changed, _JoinWhere(where))
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


@cache
def state_rule_pack(code: str) -> RulePack | None:
    """The pack IEPDesk ships for a state (resources/deadlines/states/xx.toml), if it has one."""
    path = resource("deadlines").joinpath("states", f"{code.lower()}.toml")
    return parse_rule_pack(path.read_text("utf-8"), f"states/{path.name}") if path.is_file() else None


def load_rules(vault: Vault | None = None, state: str | None = None) -> RuleSet:
    """The federal rules, then the shipped pack of the child's state (if any), then the packs the user added."""
    shipped = state_rule_pack(state) if state else None
    return join([*builtin_rule_packs(), *([shipped] if shipped else []),
                 *(added_rule_packs(vault) if vault is not None else [])])


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

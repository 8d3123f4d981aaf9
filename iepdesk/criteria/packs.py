"""Criteria packs: TOML files describing a legal standard as a tree of checkable elements.

The format is documented in resources/criteria/README.md. Loading validates every pack; a problem is
reported as "FILE, line N: what is wrong", so the author of a state's pack can fix it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iepdesk.errors import IEPDeskError
from iepdesk.packfile import PACK_ID, parse_pack_head, table_line

TYPES = ("group", "element", "exclusion", "rule", "denial")
CITED = ("element", "exclusion", "rule", "denial")
_ID = PACK_ID
_KNOWN_KEYS = {"id", "parent", "type", "title", "citation", "description", "evidence", "verified", "state_defined",
               "match", "says", "answers", "logic", "at_least", "required"}
LOGIC = ("all_of", "any_of", "at_least")
_MATCH_KEYS = {"phrases", "tests", "words", "context", "min_score", "difficulties", "ruled_out", "scores",
               "score_between", "follows", "reasons", "signs", "yields_to", "context_near", "denied",
               "follows_when"}


class PackError(IEPDeskError):
    """A criteria pack that cannot be used; the message names the file and the line."""

    exit_code = 1


@dataclass(frozen=True)
class MatchRule:
    phrases: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    min_score: int = 2
    difficulties: tuple[str, ...] = ()  # areas named as the child's trouble: "deficits in decoding"
    ruled_out: tuple[str, ...] = ()  # causes a sentence rules out: "not primarily the result of a vision … impairment"
    scores: tuple[str, ...] = ()  # a score's names ("FSIQ"), counted when the number after it is in score_between
    score_between: tuple[int, int] | None = None
    follows: tuple[str, ...] = ()  # elements whose evidence is this one's too: trouble decoding is trouble reading
    reasons: tuple[str, ...] = ()  # a denial's reason, given for a refusal: "denied because her grades are good"
    signs: tuple[str, ...] = ()  # phrases that alone say the child has the trouble: "guesses at words"
    yields_to: tuple[str, ...] = ()  # elements whose suggestion on a page makes this one's say nothing more
    context_near: bool = False  # the context must be in a sentence that holds a term, not anywhere on the page
    denied: tuple[str, ...] = ()  # what counts where its sentence denies it of the child: "he does not qualify"
    # elements followed only where the words found for them hold one of these: dyslexia found is trouble reading
    follows_when: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Criterion:
    id: str
    pack: str
    parent_id: str | None
    type: str
    title: str
    citation: str = ""
    description: str = ""
    evidence: tuple[str, ...] = ()
    verified: str = ""
    state_defined: bool = False
    match: MatchRule | None = None
    says: str = ""
    answers: tuple[str, ...] = ()
    logic: str = "all_of"  # a group: how its members prove it (all_of, any_of, at_least)
    at_least: int = 0  # with logic "at_least": how many members must be proven
    required: bool = True  # an element: False for a supporting fact the group does not need

    @property
    def counted(self) -> bool:
        """Elements and exclusions are what evidence must show; coverage counts them."""
        return self.type in ("element", "exclusion")

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "parent_id": self.parent_id, "title": self.title, "citation": self.citation,
            "pack": self.pack, "type": self.type, "description": self.description, "evidence": list(self.evidence),
            "verified": self.verified or None, "says": self.says or None, "answers": list(self.answers),
            **({"logic": self.logic, "at_least": self.at_least or None} if self.type == "group" else
               {"required": self.required} if self.counted else {}),
        }


@dataclass(frozen=True)
class Pack:
    id: str
    version: str
    title: str
    description: str
    origin: str  # built-in | added
    file_name: str
    criteria: tuple[Criterion, ...]
    evidence_types: dict[str, str] = field(default_factory=dict)


def _line(text: str, index: int, key: str | None = None) -> int:
    """The line of the index-th [[criterion]], or of its ``key = …`` (its [criterion.match] belongs to it)."""
    return table_line(text, "criterion", index, key, nested=True)


def _strings(value: Any, where: Callable[..., str], name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PackError(f"{where(name)}: '{name}' must be a list of words or phrases in quotes.")
    return tuple(v.strip() for v in value)


def parse_pack(text: str, file_name: str, origin: str = "built-in") -> Pack:
    """Parse and check one pack on its own (references to other packs are checked by the catalogue)."""
    data, pack_id = parse_pack_head(text, file_name, PackError)
    head = data["pack"]
    types = data.get("evidence_types", {})
    if not isinstance(types, dict) or not all(isinstance(v, str) for v in types.values()):
        raise PackError(f"{file_name}: [evidence_types] maps each code to a label in quotes.")
    rows = data.get("criterion", [])
    if not isinstance(rows, list) or not rows:
        raise PackError(f"{file_name}: the pack has no [[criterion]] entries.")
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        def where(key: str | None = None, index: int = index) -> str:
            return f"{file_name}, line {_line(text, index, key)}"

        criteria.append(_criterion(row, pack_id, where, seen, {c.id: c for c in criteria}))
    _check_groups(criteria, text, file_name)
    return Pack(pack_id, head["version"].strip(), head["title"].strip(), str(head.get("description", "")).strip(),
                origin, file_name, tuple(criteria), dict(types))


def _check_groups(criteria: list[Criterion], text: str, file_name: str) -> None:
    """A group that needs "at least N" or "any of" its members must have that many members to count."""
    for index, group in enumerate(criteria):
        if group.type != "group" or group.logic == "all_of":
            continue
        members = [c for c in criteria if c.parent_id == group.id and (c.type == "group" or c.counted)]
        needed = group.at_least if group.logic == "at_least" else 1
        if len(members) < max(needed, 2 if group.logic == "any_of" else needed):
            key = "at_least" if group.logic == "at_least" else "logic"
            raise PackError(f"{file_name}, line {_line(text, index, key)}: the group '{group.id}' needs "
                            f"{'at least ' + str(needed) if group.logic == 'at_least' else 'one'} of its members, "
                            f"but it has {len(members)} element(s) or group(s) under it.")


def _logic(row: dict[str, Any], cid: str, kind: str, where: Callable[..., str]) -> tuple[str, int, bool]:
    """A group's logic and count, an element's required flag, each checked."""
    logic, at_least, required = row.get("logic"), row.get("at_least"), row.get("required", True)
    if (logic is not None or at_least is not None) and kind != "group":
        article = "an" if kind[0] in "aeiou" else "a"
        raise PackError(f"{where('logic' if logic is not None else 'at_least')}: '{cid}' is {article} {kind}; only "
                        "a group has 'logic' or 'at_least'.")
    if "required" in row and kind not in ("element", "exclusion"):
        raise PackError(f"{where('required')}: '{cid}' is a {kind}; only an element or exclusion has 'required'.")
    if not isinstance(required, bool):
        raise PackError(f"{where('required')}: '{cid}' required must be true or false.")
    if at_least is not None and logic is None:
        logic = "at_least"
    logic = logic or "all_of"
    if logic not in LOGIC:
        raise PackError(f"{where('logic')}: '{cid}' has logic {logic!r}; use one of {', '.join(LOGIC)}.")
    if logic == "at_least" and (not isinstance(at_least, int) or isinstance(at_least, bool) or at_least < 1):
        raise PackError(f"{where('at_least')}: '{cid}' needs 'at_least' = a whole number of 1 or more.")
    if logic != "at_least" and at_least is not None:
        raise PackError(f"{where('at_least')}: '{cid}' has 'at_least' with logic {logic!r}; use logic = "
                        "\"at_least\" or leave 'at_least' out.")
    return str(logic), int(at_least) if logic == "at_least" and at_least else 0, required


def _criterion(row: dict[str, Any], pack_id: str, where: Callable[..., str], seen: set[str],
               above: dict[str, Criterion]) -> Criterion:
    unknown = set(row) - _KNOWN_KEYS
    if unknown:
        raise PackError(f"{where()}: unknown field(s) {', '.join(sorted(unknown))}.")
    cid = row.get("id")
    if not isinstance(cid, str) or not _ID.match(cid):
        raise PackError(f"{where('id')}: each criterion needs an 'id' of lower-case letters, digits, "
                        "'.', '-' and '_'.")
    if cid in seen:
        raise PackError(f"{where('id')}: the id '{cid}' is used twice.")
    kind = row.get("type")
    if kind not in TYPES:
        raise PackError(f"{where('type')}: '{cid}' has type {kind!r}; use one of {', '.join(TYPES)}.")
    parent = row.get("parent")
    if parent is not None:
        if parent not in seen:
            raise PackError(f"{where('parent')}: '{cid}' names the parent '{parent}', which is not defined "
                            "above it.")
        # an id starts with its parent's id, or, under a group that only says how its members count (one of
        # these five…), with an id above it: ids of elements stay the same when such a group is put over them
        ancestors = []
        up: str | None = parent
        while up is not None:
            ancestors.append(up)
            up = above[up].parent_id if up in above else None
        if not any(cid.startswith(a + ".") for a in ancestors):
            raise PackError(f"{where('id')}: '{cid}' should start with its parent's id '{parent}.'.")
    for key in ("title",) + (("citation",) if kind in CITED else ()):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise PackError(f"{where(key)}: '{cid}' needs a '{key}'.")
    match = row.get("match")
    rule = None
    if match is not None:
        if not isinstance(match, dict) or set(match) - _MATCH_KEYS:
            raise PackError(f"{where()}: '{cid}' has a [criterion.match] with fields other than "
                            f"{', '.join(sorted(_MATCH_KEYS))}.")
        min_score = match.get("min_score", 2)
        if not isinstance(min_score, int) or min_score < 1:
            raise PackError(f"{where()}: '{cid}' min_score must be a whole number of at least 1.")
        phrases, tests, words, context, difficulties, ruled_out, follows, reasons, signs, yields_to, denied = (
            _strings(match.get(k), where, k) for k in ("phrases", "tests", "words", "context", "difficulties",
                                                       "ruled_out", "follows", "reasons", "signs", "yields_to",
                                                       "denied"))
        when = match.get("follows_when", {})
        if not isinstance(when, dict):
            raise PackError(f"{where()}: '{cid}' follows_when must be a table of elements, each with its words.")
        follows_when = tuple((str(element), _strings(said, where, "follows_when")) for element, said in when.items())
        near = match.get("context_near", False)
        if not isinstance(near, bool):
            raise PackError(f"{where()}: '{cid}' context_near must be true or false.")
        scores, between = _strings(match.get("scores"), where, "scores"), match.get("score_between")
        if bool(scores) != (between is not None) or (between is not None and not (
                isinstance(between, list) and len(between) == 2 and all(isinstance(n, int) for n in between)
                and between[0] <= between[1])):
            raise PackError(f"{where()}: '{cid}' needs both 'scores' (the score's names) and 'score_between' "
                            "(two whole numbers, lowest first).")
        rule = MatchRule(phrases, tests, words, context, min_score=min_score, difficulties=difficulties,
                         ruled_out=ruled_out, scores=scores, score_between=tuple(between) if between else None,
                         follows=follows, reasons=reasons, signs=signs, yields_to=yields_to, context_near=near,
                         denied=denied, follows_when=follows_when)
        if not (rule.phrases or rule.tests or rule.words or rule.difficulties or rule.ruled_out or rule.scores
                or rule.follows or rule.reasons or rule.signs or rule.denied or rule.follows_when):
            raise PackError(f"{where()}: '{cid}' has match rules with no phrases, tests, words, difficulties, "
                            "signs, causes ruled out, scores, reasons, words denied or elements it follows.")
    if kind == "denial" and not (isinstance(row.get("says"), str) and row.get("answers")):
        raise PackError(f"{where()}: the denial '{cid}' needs 'says' and 'answers'.")
    logic, at_least, required = _logic(row, cid, kind, where)
    seen.add(cid)
    return Criterion(
        id=cid, pack=pack_id, parent_id=parent, type=kind, title=row["title"].strip(),
        citation=str(row.get("citation", "")).strip(), description=str(row.get("description", "")).strip(),
        evidence=_strings(row.get("evidence"), where, "evidence"), verified=str(row.get("verified", "")),
        state_defined=bool(row.get("state_defined", False)), match=rule, says=str(row.get("says", "")).strip(),
        answers=_strings(row.get("answers"), where, "answers"), logic=logic, at_least=at_least, required=required,
    )


def builtin_pack_files(folder: Path) -> Iterable[Path]:
    return sorted(folder.glob("*.toml"))

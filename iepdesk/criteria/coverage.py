"""Coverage: for each element of the chosen criteria, how much accepted evidence there is, from whom, and
what would fill a gap.

The rule (also shown to the user):
- **none**: no accepted evidence;
- **thin**: accepted evidence from one document only, or only from the parent's own documents;
- **supported**: accepted evidence from two or more documents, at least one of them from the school, an
  independent evaluator or a doctor.
Suggestions not yet accepted are counted apart ("waiting"): they are leads, not evidence.

A group's status comes from its members by the pack's logic: all of them (the weakest one counts), any one of
them (the strongest counts: one of the five patterns of emotional disturbance is enough, so are either of the
two routes to a learning disability), or at least N of them. An element marked not required (autism's "often
associated" characteristics) supports the case and is never a gap. An element whose group is already
supported by another member is not needed either: it shows as such, not as a gap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from iepdesk.criteria.catalogue import Catalogue, load_catalogue
from iepdesk.criteria.packs import Criterion
from iepdesk.vault import Vault
from iepdesk.vault.models import Evidence, Item

RULE = ("none: no accepted evidence; thin: accepted evidence from one document only, or only from the parent's "
        "own documents; supported: accepted evidence from two or more documents, at least one from the school, "
        "an independent evaluator or a doctor.")
PROFESSIONAL = {"school", "independent", "medical"}
RANK = {"none": 0, "thin": 1, "supported": 2}


@dataclass(frozen=True)
class ElementCoverage:
    criterion_id: str
    title: str
    citation: str
    status: str  # none | thin | supported
    evidence_count: int
    documents: int
    sources: tuple[str, ...]
    waiting: int  # suggestions not yet accepted or rejected
    would_help: tuple[str, ...]  # for gaps: the kinds of document that would fill them
    group: str = ""  # the group it belongs to
    required: bool = True  # False: a supporting fact, never a gap
    needed: bool = True  # False: not required, or its group is already supported by another member

    def as_json(self) -> dict[str, Any]:
        return {
            "criterion_id": self.criterion_id, "type": "element", "title": self.title, "citation": self.citation,
            "status": self.status, "evidence_count": self.evidence_count, "documents": self.documents,
            "sources": list(self.sources), "suggestions_waiting": self.waiting, "would_help": list(self.would_help),
            "group": self.group or None, "required": self.required, "needed": self.needed,
        }


@dataclass(frozen=True)
class GroupCoverage:
    criterion_id: str
    title: str
    citation: str
    status: str  # none | thin | supported, from the members by the logic
    logic: str  # all_of | any_of | at_least
    at_least: int
    members: tuple[str, ...]  # the elements and groups that count (supporting facts left out)
    group: str = ""  # the group above it

    @property
    def rule(self) -> str:
        """The logic in words."""
        return rule_words(self.logic, self.at_least, len(self.members))

    def as_json(self) -> dict[str, Any]:
        return {"criterion_id": self.criterion_id, "type": "group", "title": self.title, "citation": self.citation,
                "status": self.status, "logic": self.logic, "at_least": self.at_least or None, "rule": self.rule,
                "members": list(self.members), "group": self.group or None}


def rule_words(logic: str, at_least: int, count: int) -> str:
    """How a group's members prove it, in words: "one of these 5 is enough"."""
    if logic == "any_of":
        return f"one of these {count} is enough" if count > 1 else "this one is needed"
    if logic == "at_least":
        return f"at least {at_least} of these {count} are needed"
    return "all of these are needed" if count > 1 else "this one is needed"


def group_rule(catalogue: Catalogue, group_id: str) -> str:
    """The rule of a group whose members are not all needed ("" for one that needs them all)."""
    group = catalogue.criteria.get(group_id)
    if group is None or group.logic == "all_of":
        return ""
    members = [c for c in catalogue.children(group_id) if c.type == "group" or (c.counted and c.required)]
    return rule_words(group.logic, group.at_least, len(members))


def status_of(documents: int, sources: set[str]) -> str:
    if documents == 0:
        return "none"
    if documents >= 2 and sources & PROFESSIONAL:
        return "supported"
    return "thin"


def coverage(
    vault: Vault,
    roots: list[str],
    student_id: int | None = None,
    catalogue: Catalogue | None = None,
) -> list[ElementCoverage]:
    """Each element under the roots (see coverage_report for the groups too)."""
    return [row for row in coverage_report(vault, roots, student_id, catalogue) if isinstance(row, ElementCoverage)]


def coverage_report(
    vault: Vault,
    roots: list[str],
    student_id: int | None = None,
    catalogue: Catalogue | None = None,
) -> list[ElementCoverage | GroupCoverage]:
    """The groups and elements under the roots, in the law's order (each group before its members)."""
    catalogue = catalogue or load_catalogue(vault)
    chosen = catalogue.under(roots)
    elements = [c for c in chosen if c.counted]
    ids = [c.id for c in elements]
    query = (select(Evidence.criterion_id, Evidence.status, Evidence.item_id, Item.source)
             .join(Item).where(Item.trashed_at.is_(None), Evidence.criterion_id.in_(ids)))
    if student_id is not None:
        query = query.where(Item.student_id == student_id)
    accepted: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
    waiting: dict[str, int] = defaultdict(int)
    with vault.session() as session:
        for criterion_id, status, item_id, source in session.execute(query):
            if status == "accepted":
                accepted[criterion_id].append((item_id, source))
            elif status == "suggested":
                waiting[criterion_id] += 1
    element_status: dict[str, str] = {}
    for element in elements:
        links = accepted.get(element.id, [])
        element_status[element.id] = status_of(len({i for i, _ in links}), {s for _, s in links if s})
    groups = _group_statuses([c for c in chosen if c.type == "group"], catalogue, element_status)
    rows: list[ElementCoverage | GroupCoverage] = []
    for criterion in chosen:
        if criterion.id in groups:
            rows.append(groups[criterion.id])
        elif criterion.counted:
            links = accepted.get(criterion.id, [])
            documents = {item for item, _ in links}
            sources = {source for _, source in links if source}
            status = element_status[criterion.id]
            parent = groups.get(criterion.parent_id or "")
            needed = criterion.required and not (
                parent is not None and parent.logic != "all_of" and parent.status == "supported" and
                status != "supported")
            help_ = tuple(catalogue.evidence_label(code) for code in criterion.evidence) \
                if status != "supported" and needed else ()
            rows.append(ElementCoverage(criterion.id, criterion.title, criterion.citation, status, len(links),
                                        len(documents), tuple(sorted(sources)), waiting.get(criterion.id, 0), help_,
                                        criterion.parent_id or "", criterion.required, needed))
    return rows


def _group_statuses(groups: list[Criterion], catalogue: Catalogue,
                    element_status: dict[str, str]) -> dict[str, GroupCoverage]:
    """Each group's status from its members, the deepest groups first."""
    found: dict[str, GroupCoverage] = {}

    def member_status(member: Criterion) -> str | None:
        if member.type == "group":
            return found[member.id].status if member.id in found else None
        return element_status.get(member.id) if member.counted and member.required else None

    for group in sorted(groups, key=lambda g: -len(catalogue.lineage(g.id))):
        members = [m for m in catalogue.children(group.id) if member_status(m) is not None]
        ranks = sorted((RANK[member_status(m) or "none"] for m in members), reverse=True)
        if not ranks:
            status = "none"
        elif group.logic == "any_of":
            status = _word(ranks[0])
        elif group.logic == "at_least":
            status = _word(ranks[group.at_least - 1]) if len(ranks) >= group.at_least else "none"
        else:
            status = _word(ranks[-1])
        found[group.id] = GroupCoverage(group.id, group.title, group.citation, status, group.logic, group.at_least,
                                        tuple(m.id for m in members), group.parent_id or "")
    return found


def _word(rank: int) -> str:
    return next(word for word, value in RANK.items() if value == rank)


def category_choices(catalogue: Catalogue) -> list[tuple[str, str]]:
    """The categories a parent may say fit the child, as (id, title): each IDEA category, Section 504, and the
    top group of each pack the parent added."""
    return [(c.id, c.title) for c in catalogue.criteria.values() if _is_category(c)]


def _is_category(criterion: Criterion) -> bool:
    parts = criterion.id.split(".")
    if criterion.type != "group" or parts[0] == "denial" or criterion.id == "idea.general":
        return False
    return (parts[0] == "idea" and len(parts) == 2) or (parts[0] != "idea" and len(parts) == 1)


def heading(catalogue: Catalogue, criterion_id: str) -> str:
    """An element's title with the category it belongs to, as a parent reads a suggestion: "Other health
    impairment — Harms how your child does at school" (an adverse effect belongs to one category); the two-prong
    test's and the school's reasons stand alone."""
    criterion = catalogue.criteria.get(criterion_id)
    if criterion is None:
        return criterion_id
    group = catalogue.criteria.get(criterion.parent_id or "")
    while group is not None and not _is_category(group):
        group = catalogue.criteria.get(group.parent_id or "")
    return f"{group.title} — {criterion.title}" if group else criterion.title


def check_categories(vault: Vault, ids: list[str]) -> list[str]:
    """``ids`` checked against the categories there are; an unknown one is named with the choices."""
    known = dict(category_choices(load_catalogue(vault)))
    unknown = [i for i in ids if i not in known]
    if unknown:
        from iepdesk.errors import UsageError

        raise UsageError(f"Not a category: {', '.join(unknown)}. Choose from: {', '.join(known)}.")
    return list(dict.fromkeys(ids))


def chosen_roots(vault: Vault, catalogue: Catalogue) -> list[str]:
    """The parts of the case to show: the two-prong test and the categories the parent chose for the child (the
    first child who has some), else those the evidence points to (default_roots)."""
    from iepdesk.vault.models import Student

    with vault.session() as session:
        chosen = next((s.categories for s in session.scalars(select(Student).order_by(Student.id))
                       if s.categories), None)
    if chosen:
        return ["idea.general", *(c for c in chosen if c in catalogue.criteria)]
    return default_roots(vault, catalogue)


def default_roots(vault: Vault, catalogue: Catalogue) -> list[str]:
    """When none are chosen: the two-prong test, plus each category (or 504, or an added pack's group) the child
    has accepted evidence for; with no accepted evidence yet, the ones that suggestions point to."""
    with vault.session() as session:
        rows = session.execute(select(Evidence.criterion_id, Evidence.status).join(Item).where(
            Item.trashed_at.is_(None), Evidence.status.in_(("accepted", "suggested")))).all()
    accepted = {cid for cid, status in rows if status == "accepted"}
    used = accepted or {cid for cid, _ in rows}
    roots = ["idea.general"]
    for criterion_id in sorted(used):
        parts = criterion_id.split(".")
        if parts[0] == "denial":  # the school's reasons for saying no are answered, not covered
            continue
        # an IDEA category, Section 504, or the top group of a pack the parent added (a state's own elements)
        root = ".".join(parts[:2]) if parts[0] == "idea" else parts[0]
        group = catalogue.criteria.get(root)
        if group is not None and group.type == "group" and root not in roots:
            roots.append(root)
    return roots

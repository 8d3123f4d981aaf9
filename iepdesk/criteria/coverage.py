"""Coverage: for each element of the chosen criteria, how much accepted evidence there is, from whom, and
what would fill a gap.

The rule (also shown to the user):
- **none**: no accepted evidence;
- **thin**: accepted evidence from one document only, or only from the parent's own documents;
- **supported**: accepted evidence from two or more documents, at least one of them from the school, an
  independent evaluator or a doctor.
Suggestions not yet accepted are counted apart ("waiting"): they are leads, not evidence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from iepdesk.criteria.catalogue import Catalogue, load_catalogue
from iepdesk.vault import Vault
from iepdesk.vault.models import Evidence, Item

RULE = ("none: no accepted evidence; thin: accepted evidence from one document only, or only from the parent's "
        "own documents; supported: accepted evidence from two or more documents, at least one from the school, "
        "an independent evaluator or a doctor.")
PROFESSIONAL = {"school", "independent", "medical"}


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

    def as_json(self) -> dict[str, Any]:
        return {
            "criterion_id": self.criterion_id, "title": self.title, "citation": self.citation, "status": self.status,
            "evidence_count": self.evidence_count, "documents": self.documents, "sources": list(self.sources),
            "suggestions_waiting": self.waiting, "would_help": list(self.would_help),
        }


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
    catalogue = catalogue or load_catalogue(vault)
    elements = [c for c in catalogue.under(roots) if c.counted]
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
    result = []
    for element in elements:
        links = accepted.get(element.id, [])
        documents = {item for item, _ in links}
        sources = {source for _, source in links if source}
        status = status_of(len(documents), sources)
        help_ = tuple(catalogue.evidence_label(code) for code in element.evidence) if status != "supported" else ()
        result.append(ElementCoverage(element.id, element.title, element.citation, status, len(links),
                                      len(documents), tuple(sorted(sources)), waiting.get(element.id, 0), help_))
    return result


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

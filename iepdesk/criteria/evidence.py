"""Evidence links: a document (ideally a page and a quoted passage) tied to a criterion element.

Every change is written with its undo information (iepdesk.undo), so it shows in the history and can be
undone and redone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from iepdesk import undo
from iepdesk.criteria.catalogue import Catalogue, load_catalogue
from iepdesk.errors import UsageError
from iepdesk.vault import Vault
from iepdesk.vault.models import Evidence, Item, Page

STRENGTHS = ("weak", "moderate", "strong")
STATUSES = ("suggested", "accepted", "rejected")


@dataclass(frozen=True)
class EvidenceRecord:
    id: int
    item_id: int
    criterion_id: str
    page: int | None
    last_page: int | None
    quote: str | None
    note: str | None
    strength: str | None
    origin: str
    status: str
    matched: tuple[str, ...]
    snippet: str | None
    score: int | None = None  # a suggestion's score (see suggest.py)
    weaker: bool = False  # a suggestion found only by single words at the rule's bar

    @property
    def pages_text(self) -> str:
        if self.page is None:
            return ""
        return f"{self.page}" if not self.last_page or self.last_page == self.page else f"{self.page}-{self.last_page}"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "item_id": self.item_id, "criterion_id": self.criterion_id, "page": self.page,
            "last_page": self.last_page, "quote": self.quote, "note": self.note, "strength": self.strength,
            "origin": self.origin, "status": self.status, "matched": list(self.matched), "snippet": self.snippet,
            "score": self.score, "weaker": self.weaker,
        }


def record_of(row: Evidence) -> EvidenceRecord:
    return EvidenceRecord(row.id, row.item_id, row.criterion_id, row.page, row.last_page, row.quote, row.note,
                          row.strength, row.origin, row.status, tuple(row.matched or ()), row.snippet, row.score,
                          bool(row.weaker))


def normalise(text: str, join_hyphens: bool = True) -> str:
    """Text as compared for quotes: spacing and quote marks evened out; a word hyphenated across a line
    break joined ("atten-/tion"), or, with ``join_hyphens=False``, kept as one hyphenated word."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2" if join_hyphens else r"\1-\2", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().casefold()


def _item(session: Session, item_id: int) -> Item:
    item = session.get(Item, item_id)
    if item is None:
        raise UsageError(f"There is no item {item_id} in this vault. 'iepdesk list' shows the items.")
    if item.trashed_at is not None:
        raise UsageError(f"Item {item_id} is in the Trash; restore it first ('iepdesk untrash {item_id}').")
    return item


def _find_quote(session: Session, item: Item, quote: str, first: int | None, last: int | None) -> tuple[int, int]:
    wanted = normalise(quote, join_hyphens=False)
    pages = session.scalars(select(Page).where(Page.item_id == item.id).order_by(Page.number)).all()
    texts = {p.number: (normalise(p.text), normalise(p.text, join_hyphens=False)) for p in pages}

    def holds(*numbers: int) -> bool:
        return any(wanted in " ".join(texts.get(n, ("", ""))[way] for n in numbers) for way in (0, 1))

    if first is not None:
        span = range(first, (last or first) + 1)
        if not holds(*span):
            where = f"page {first}" if len(span) == 1 else f"pages {first}-{last}"
            raise UsageError(f"The quoted passage is not on {where} of “{item.title}”. Check the words and the page.")
        return first, last or first
    for number in texts:
        if holds(number):
            return number, number
    for number in texts:  # a passage that runs over a page break
        if holds(number, number + 1):
            return number, number + 1
    raise UsageError(f"The quoted passage is not in “{item.title}”. Check the words (the text may differ from the "
                     "paper if the page was read by OCR).")


def _summary(item: Item, criterion_title: str, first: int | None, last: int | None) -> str:
    pages = "" if first is None else (f" p. {first}" if last in (None, first) else f" pp. {first}-{last}")
    return f"“{item.title}”{pages} as evidence for “{criterion_title}”"


def tag(
    vault: Vault,
    item_id: int,
    criterion_id: str,
    *,
    page: int | None = None,
    last_page: int | None = None,
    quote: str | None = None,
    note: str | None = None,
    strength: str | None = None,
    actor: str = "cli",
    catalogue: Catalogue | None = None,
) -> EvidenceRecord:
    criterion = (catalogue or load_catalogue(vault)).get(criterion_id)
    if criterion.type == "group":
        raise UsageError(f"'{criterion_id}' is a heading; tag the document to one of its elements "
                         f"('iepdesk criteria show {criterion_id}' lists them).")
    if strength is not None and strength not in STRENGTHS:
        raise UsageError(f"The strength '{strength}' is not one of {', '.join(STRENGTHS)}.")
    with vault.session() as session:
        item = _item(session, item_id)
        for number in (page, last_page):
            if number is not None and not 1 <= number <= item.page_count:
                raise UsageError(f"“{item.title}” has {item.page_count} page(s); there is no page {number}.")
        if page is not None and last_page is not None and last_page < page:
            raise UsageError("The last page comes before the first page.")
        if quote:
            page, last_page = _find_quote(session, item, quote, page, last_page)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        row = Evidence(item_id=item.id, criterion_id=criterion.id, page=page,
                       last_page=last_page if last_page != page else None, quote=quote or None, note=note or None,
                       strength=strength, origin="manual", status="accepted", matched=[], created_at=now,
                       updated_at=now)
        session.add(row)
        session.flush()
        undo.record(session, "evidence.tag", "Tagged " + _summary(item, criterion.title, page, last_page),
                    "Tag as evidence", [undo.change("evidence", row.id, None, undo.row_state(row))],
                    actor=actor, item_id=item.id)
        return record_of(row)


def tag_documents(vault: Vault, item_ids: list[int], criterion_id: str, actor: str = "cli",
                  catalogue: Catalogue | None = None) -> list[EvidenceRecord]:
    """Tag several whole documents as evidence for one criterion, as one undoable step. A document already
    linked to it (accepted, or a suggestion, which this accepts) is not linked twice."""
    criterion = (catalogue or load_catalogue(vault)).get(criterion_id)
    if criterion.type == "group":
        raise UsageError(f"'{criterion_id}' is a heading; tag the documents to one of its elements.")
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        raise UsageError("Choose the documents to tag.")
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    with vault.session() as session:
        changes, records = [], []
        for item_id in ids:
            item = _item(session, item_id)
            whole = session.scalars(select(Evidence).where(
                Evidence.item_id == item.id, Evidence.criterion_id == criterion.id, Evidence.page.is_(None),
                Evidence.quote.is_(None))).first()
            if whole is not None and whole.status == "accepted":
                records.append(record_of(whole))
                continue
            if whole is not None:  # a suggestion or a rejected link for the whole document: accepted now
                before = undo.row_state(whole, ["status", "updated_at"])
                whole.status, whole.updated_at = "accepted", now
                changes.append(undo.change("evidence", whole.id, before,
                                           undo.row_state(whole, ["status", "updated_at"])))
                records.append(record_of(whole))
                continue
            row = Evidence(item_id=item.id, criterion_id=criterion.id, origin="manual", status="accepted",
                           matched=[], created_at=now, updated_at=now)
            session.add(row)
            session.flush()
            changes.append(undo.change("evidence", row.id, None, undo.row_state(row)))
            records.append(record_of(row))
        if changes:
            undo.record(session, "evidence.tag", f"Tagged {len(changes)} document(s) as evidence for "
                        f"{criterion.title}.", "Tag as evidence", changes, actor=actor,
                        item_id=ids[0] if len(ids) == 1 else None)
        return records


def untag(vault: Vault, evidence_id: int, actor: str = "cli", catalogue: Catalogue | None = None) -> EvidenceRecord:
    titles = catalogue or load_catalogue(vault)
    with vault.session() as session:
        row = _evidence(session, evidence_id)
        item = session.get(Item, row.item_id)
        title = titles.criteria[row.criterion_id].title if row.criterion_id in titles.criteria else row.criterion_id
        before = undo.row_state(row)
        record = record_of(row)
        session.delete(row)
        undo.record(session, "evidence.untag", "Removed " + _summary(item, title, row.page, row.last_page),  # type: ignore[arg-type]
                    "Remove evidence", [undo.change("evidence", evidence_id, before, None)], actor=actor,
                    item_id=row.item_id)
        return record


def set_status(vault: Vault, evidence_ids: list[int], status: str, actor: str = "cli") -> list[EvidenceRecord]:
    """Accept or reject suggestions (or any links) as one undoable step."""
    if status not in STATUSES:
        raise UsageError(f"The status '{status}' is not one of {', '.join(STATUSES)}.")
    with vault.session() as session:
        changes, records = [], []
        for evidence_id in evidence_ids:
            row = _evidence(session, evidence_id)
            if row.status == status:
                records.append(record_of(row))
                continue
            before = undo.row_state(row, ["status", "updated_at"])
            row.status = status
            row.updated_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
            changes.append(undo.change("evidence", row.id, before, undo.row_state(row, ["status", "updated_at"])))
            records.append(record_of(row))
        if changes:
            verb = {"accepted": "Accepted", "rejected": "Rejected", "suggested": "Reopened"}[status]
            label = {"accepted": "Accept", "rejected": "Reject", "suggested": "Reopen"}[status]
            what = f"{len(changes)} suggestions" if len(changes) > 1 else "a suggestion"
            undo.record(session, f"evidence.{status}", f"{verb} {what} ({', '.join(str(c['id']) for c in changes)}).",
                        f"{label} {what}", changes, actor=actor,
                        item_id=records[0].item_id if len(records) == 1 else None)
        return records


def _evidence(session: Session, evidence_id: int) -> Evidence:
    row = session.get(Evidence, evidence_id)
    if row is None:
        raise UsageError(f"There is no evidence link {evidence_id}. 'iepdesk show ITEM' lists an item's links.")
    return row


def list_evidence(
    vault: Vault,
    *,
    item_id: int | None = None,
    criterion_ids: list[str] | None = None,
    statuses: tuple[str, ...] = STATUSES,
    include_trashed: bool = False,
) -> list[EvidenceRecord]:
    query = select(Evidence).join(Item).where(Evidence.status.in_(statuses))
    if not include_trashed:
        query = query.where(Item.trashed_at.is_(None))
    if item_id is not None:
        query = query.where(Evidence.item_id == item_id)
    if criterion_ids is not None:
        query = query.where(Evidence.criterion_id.in_(criterion_ids))
    query = query.order_by(Evidence.item_id, Evidence.page, Evidence.criterion_id, Evidence.id)
    with vault.session() as session:
        return [record_of(row) for row in session.scalars(query)]

"""Filing a sent letter: the PDF becomes a document of the vault (kind correspondence, source parent, origin
"letter"); a proof of delivery (a receipt photo, a signed green card, the sent email) is kept as an attachment
of it (kind "other": the communication log does not count it as a message); and the "sent" event of the
template's kind is added through the timeline, linked to the letter, so its deadline clock starts (a records
request: 45 days).

The letter and its proof are written in one transaction, after both files are stored; the event is added
next. Should adding the event fail, the letter is kept, and ``iepdesk event suggest`` proposes the event (the
item's ``meta['letter']['event_kind']``, see timeline/proposals.py).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from iepdesk.errors import IEPDeskError, Rejected, UsageError
from iepdesk.items import ItemRecord, record_of
from iepdesk.letters.compose import Draft, long_date
from iepdesk.letters.render import check_ready, page_texts, render
from iepdesk.timeline.deadlines import Clock, deadlines
from iepdesk.timeline.events import EventRecord, add_event
from iepdesk.timeline.people import list_people
from iepdesk.vault import Vault
from iepdesk.vault.blobs import sha256_of
from iepdesk.vault.models import Item, Page

ORIGIN = "letter"
DELIVERY_METHODS = ("email", "hand delivered", "mail", "certified mail", "fax", "portal")
MAX_PROOF_BYTES = 50 * 1024 * 1024
PROOF_KIND = "other"  # not "correspondence": a receipt is no message of its own in the communication log


def _clean_delivery(delivery: str) -> str:
    words = " ".join((delivery or "").split())
    if not words:
        raise UsageError(f"Say how the letter was sent: {', '.join(DELIVERY_METHODS)} (or your own words).")
    return words[:100]


def _file_name(draft: Draft, sent_on: dt.date) -> str:
    name = re.sub(r"[^\w\s.-]", "", draft.template.title, flags=re.UNICODE)
    return f"{sent_on.isoformat()} {' '.join(name.split())}.pdf"


def _page_rows(item_id: int, texts: list[str], status: str = "text") -> list[dict[str, Any]]:
    return [{"item_id": item_id, "number": number, "text": text.replace("\u00a0", " "), "status": status}
            for number, text in enumerate(texts, 1)]


class _Proof:
    """A proof-of-delivery file read and checked before anything is written."""

    def __init__(self, path: Path) -> None:
        from iepdesk.ingest.analyse import analyse

        self.path = Path(path)
        try:
            self.data = self.path.read_bytes()
        except OSError as error:
            raise UsageError(f"{self.path}: the proof of delivery cannot be read ({error.strerror or error}).") \
                from error
        if not self.data:
            raise UsageError(f"{self.path}: the proof of delivery is empty (0 bytes).")
        if len(self.data) > MAX_PROOF_BYTES:
            raise UsageError(f"{self.path}: the proof of delivery is over {MAX_PROOF_BYTES // 1024 // 1024} MB; "
                             "attach a smaller photo or scan.")
        self.sha = sha256_of(self.data)
        try:
            self.extracted, _guesses = analyse(self.data, self.path.name, None)
        except Rejected as error:
            raise UsageError(f"{self.path}: {error} (the proof of delivery was not attached).") from error

    def add(self, session: Any, letter: Item, delivery: str, actor: str) -> Item:
        """The proof as an attachment of ``letter``; a file already in the vault is attached as it is."""
        existing = session.scalars(select(Item).where(Item.sha256 == self.sha, Item.origin != "note")).first()
        if existing is not None:
            if existing.parent_id not in (None, letter.id) or existing.id == letter.id:
                raise UsageError(f"{self.path} is already in the vault as item {existing.id} “{existing.title}”, "
                                 f"attached to item {existing.parent_id}; it cannot prove this letter's delivery too.")
            existing.parent_id = letter.id
            existing.meta = {**(existing.meta or {}), "proof_of_delivery": {"letter_item": letter.id,
                                                                            "delivery": delivery}}
            Vault.record(session, "letter.proof", f"Attached “{existing.title}” (item {existing.id}) to the letter "
                         f"“{letter.title}” as proof of delivery.", actor=actor, item_id=existing.id,
                         detail={"letter_item": letter.id})
            return existing
        pages = self.extracted.pages
        needs_ocr = any(p.needs_ocr for p in pages)
        proof = Item(
            student_id=letter.student_id, parent_id=letter.id, origin="attachment", kind=PROOF_KIND,
            title=f"Proof of delivery ({delivery}): {letter.title}"[:500], doc_date=letter.doc_date,
            author=None, source="parent", original_name=self.path.name[:500], imported_from=str(self.path.resolve()),
            sha256=self.sha, size=len(self.data), media_type=self.extracted.media_type, page_count=len(pages),
            text_status="needs_ocr" if needs_ocr else "ok", guesses={},
            meta={"proof_of_delivery": {"letter_item": letter.id, "delivery": delivery}},
        )
        session.add(proof)
        session.flush()
        session.execute(insert(Page), [
            {"item_id": proof.id, "number": n, "text": p.text, "status": "needs_ocr" if p.needs_ocr else "text"}
            for n, p in enumerate(pages, 1)])
        Vault.record(session, "letter.proof", f"Attached “{self.path.name}” to the letter “{letter.title}” as proof "
                     f"of delivery.", actor=actor, item_id=proof.id,
                     detail={"letter_item": letter.id, "sha256": self.sha})
        return proof


def send(vault: Vault, draft: Draft, *, sent_on: dt.date, delivery: str, proof: Path | None = None,
         actor: str = "cli", today: dt.date | None = None) -> tuple[ItemRecord, EventRecord]:
    """File the letter as sent on ``sent_on`` by ``delivery`` and start its clock; returns (letter, event).

    The letter's PDF is rendered from the draft (the same draft gives the same bytes as the preview); the
    proof of delivery, when given, is kept as an attachment of it. Nothing is written when the draft is not
    ready or a file cannot be read.
    """
    check_ready(draft)
    delivery = _clean_delivery(delivery)
    if not isinstance(sent_on, dt.date) or isinstance(sent_on, dt.datetime):
        raise UsageError("Say the day the letter was sent, as YYYY-MM-DD.")
    pdf = render(draft)
    sha = sha256_of(pdf)
    checked = _Proof(proof) if proof is not None else None
    with vault.session() as session:
        same = session.scalars(select(Item).where(Item.sha256 == sha, Item.origin != "note")).first()
        if same is not None:
            raise UsageError(f"This letter is already filed as item {same.id} “{same.title}” "
                             f"({long_date(same.doc_date) if same.doc_date else 'undated'}); it was not filed again.")
    texts = page_texts(pdf)
    vault.blobs.put(pdf, sha)
    if checked is not None:
        vault.blobs.put(checked.data, checked.sha)
    people = {p.id: p for p in list_people(vault)}
    recipient = people.get(draft.recipient_id) if draft.recipient_id else None
    subject = draft.subject
    letter_meta = {
        "template": draft.template.id, "event_kind": draft.template.event_kind, "delivery": delivery,
        "sent_on": sent_on.isoformat(), "letter_date": draft.value("date"), "recipient_id": draft.recipient_id,
        "sender_id": draft.sender_id, "cc_ids": list(draft.cc_ids), "exhibit_ids": list(draft.exhibit_ids),
        "citations": list(draft.template.citations), "edited": draft.edited, "paper": draft.paper,
        "fields": {f.key: f.value for f in draft.fields if f.key in {x.key for x in draft.template.fields}},
    }
    with vault.session() as session:
        item = Item(
            student_id=draft.student_id, origin=ORIGIN, kind="correspondence", title=subject[:500], doc_date=sent_on,
            author=draft.value("parent_name") or None,
            recipients=(recipient.shown if recipient else draft.value("recipient_name")) or None,
            cc=draft.value("cc") or None, source="parent", original_name=_file_name(draft, sent_on)[:500],
            sha256=sha, size=len(pdf), media_type="application/pdf", page_count=len(texts), text_status="ok",
            guesses={}, notes=f"Sent {long_date(sent_on)}, {delivery}.", meta={"letter": letter_meta},
        )
        session.add(item)
        session.flush()
        session.execute(insert(Page), _page_rows(item.id, texts))
        Vault.record(session, "letter.send", f"Filed the letter “{subject}”, sent {sent_on} ({delivery}).",
                     actor=actor, item_id=item.id, detail={"template": draft.template.id, "sha256": sha})
        if checked is not None:
            proof_item = checked.add(session, item, delivery, actor)
            item.meta = {"letter": {**letter_meta, "proof_item_id": proof_item.id}}
        letter = record_of(item)
    who = [draft.recipient_id, *draft.cc_ids]
    to = recipient.name if recipient else draft.value("recipient_name")
    event = add_event(vault, draft.template.event_kind, sent_on, title=draft.template.event_title,
                      outcome=draft.template.event_outcome,
                      note=f"Letter “{subject}” to {to}, sent {delivery}.", item_id=letter.id,
                      people=[p for p in who if p is not None], student_id=draft.student_id, origin=ORIGIN,
                      actor=actor, today=today)
    return letter, event


def attach_proof(vault: Vault, letter_id: int, proof: Path, *, delivery: str | None = None,
                 actor: str = "cli") -> ItemRecord:
    """Attach a proof of delivery that came later (the signed green card) to a letter already filed."""
    checked = _Proof(proof)
    with vault.session() as session:
        letter = session.get(Item, letter_id)
        if letter is None or letter.origin != ORIGIN:
            raise UsageError(f"Item {letter_id} is not a letter filed by IEPDesk; 'iepdesk list --kind "
                             "correspondence' shows the letters.")
        if letter.trashed_at is not None:
            raise UsageError(f"The letter “{letter.title}” is in the Trash; restore it first.")
        how = delivery or str(((letter.meta or {}).get("letter") or {}).get("delivery") or "delivery")
    vault.blobs.put(checked.data, checked.sha)
    with vault.session() as session:
        letter = session.get(Item, letter_id)
        assert letter is not None
        proof_item = checked.add(session, letter, how, actor)
        meta = dict(letter.meta or {})
        meta["letter"] = {**meta.get("letter", {}), "proof_item_id": proof_item.id}
        letter.meta = meta
        return record_of(proof_item)


def clocks_started(vault: Vault, event: EventRecord, today: dt.date | None = None) -> list[Clock]:
    """The deadline clocks the letter's event started (none for a letter whose kind starts no rule)."""
    try:
        return [c for c in deadlines(vault, today, event.student_id) if c.start.id == event.id]
    except IEPDeskError:  # a broken added rule pack must not hide that the letter was filed
        return []

"""Typed notes: a phone call, a meeting, an observation. Stored like any document, as text."""

from __future__ import annotations

import datetime as dt

from iepdesk.items import ItemRecord, record_of
from iepdesk.kinds import NOTE_TYPES
from iepdesk.vault import Vault
from iepdesk.vault.blobs import sha256_of
from iepdesk.vault.models import Item, Page


def add_note(
    vault: Vault,
    text: str,
    *,
    note_type: str = "observation",
    title: str | None = None,
    date: dt.date | None = None,
    student_id: int | None = None,
    people: str | None = None,
    actor: str = "cli",
) -> ItemRecord:
    if note_type not in NOTE_TYPES:
        raise ValueError(f"'{note_type}' is not a kind of note. Use one of: {', '.join(NOTE_TYPES)}.")
    if not text.strip():
        raise ValueError("The note is empty: write what happened, then save it.")
    kind, prefix = NOTE_TYPES[note_type]
    date = date or dt.date.today()
    title = (title or "").strip() or f"{prefix} on {date:%B} {date.day}, {date.year}"
    body = text.strip() + "\n"
    data = body.encode("utf-8")
    sha = sha256_of(data)
    vault.blobs.put(data, sha)
    if student_id is None:
        from iepdesk.students import list_students

        students = list_students(vault)
        student_id = students[0].id if len(students) == 1 else None
    with vault.session() as session:
        item = Item(
            student_id=student_id, origin="note", kind=kind, title=title[:500], doc_date=date, author="Parent",
            recipients=people, source="parent", original_name=f"{title[:80]}.txt", sha256=sha, size=len(data),
            media_type="text/plain", page_count=1, text_status="ok", guesses={},
            meta={"note": {"type": note_type}},
        )
        session.add(item)
        session.flush()
        session.add(Page(item_id=item.id, number=1, text=body, status="text"))
        Vault.record(session, "note.add", f"Added a note: “{title}”.", actor=actor, item_id=item.id,
                     detail={"sha256": item.sha256})  # so a repair can give a note rebuilt from its text its id
        return record_of(item)

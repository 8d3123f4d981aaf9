"""The demo vault: a fictional child's case, made by code, imported through the same path as real files."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from iepdesk.errors import IEPDeskError
from iepdesk.ingest import ImportOptions, import_paths
from iepdesk.ingest.notes import add_note
from iepdesk.students import add_student
from iepdesk.vault import Vault


def build_demo(path: Path, ocr: bool = True, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Make a new vault at ``path`` holding the demo case; refuse a folder that is already a vault."""
    from iepdesk.demo.files import write_demo_files

    say = progress or (lambda _m: None)
    path = Path(path)
    if (path / "vault.sqlite").exists():
        raise IEPDeskError(f"{path} is already a vault; choose a new folder for the demo.")
    with Vault.create(path, holder="the demo builder") as vault, tempfile.TemporaryDirectory() as tmp:
        say("Writing the demo documents…")
        case = write_demo_files(Path(tmp))
        student = add_student(vault, case.student_name, birth_date=case.birth_date, school=case.school,
                              grade=case.grade, actor="demo")
        if case.categories:
            from iepdesk.students import update_student

            update_student(vault, student.id, actor="demo", categories=list(case.categories))
        say(f"Importing {len(case.files)} documents…")
        report = import_paths(vault, case.files, ImportOptions(student_id=student.id, actor="demo"))
        problems = [f"{r.path}: {r.reason}" for r in report.results if r.status == "rejected"]
        if problems:
            raise IEPDeskError("The demo documents could not all be imported:\n" + "\n".join(problems))
        for note in case.notes:
            add_note(vault, note.text, note_type=note.note_type, title=note.title, date=note.date,
                     student_id=student.id, actor="demo")
        pages_read = 0
        if ocr:
            from iepdesk.ingest.ocr import run_ocr

            say("Reading the scanned pages (OCR)…")
            pages_read = run_ocr(vault, actor="demo").pages_done
        say("Tagging evidence and looking for more…")
        links = _tag_evidence(vault)
        people, events = _add_people_and_events(vault)
        from iepdesk.criteria.suggest import run_suggestions

        suggested = run_suggestions(vault, actor="demo").new
    return {
        "path": str(path),
        "student": case.student_name,
        "items": report.count("imported") + len(case.notes),
        "ocr_pages": pages_read,
        "evidence": links,
        "suggestions": suggested,
        "people": people,
        "events": events,
    }


def _tag_evidence(vault: Vault) -> int:
    """The demo parent's tags (resources/demo/case.toml): each quote is found in its document and page."""
    import tomllib

    from sqlalchemy import select

    from iepdesk.criteria.catalogue import load_catalogue
    from iepdesk.criteria.evidence import tag
    from iepdesk.errors import UsageError
    from iepdesk.resources import resource
    from iepdesk.vault.models import Item

    catalogue = load_catalogue(vault)
    wanted = tomllib.loads(resource("demo", "case.toml").read_text("utf-8"))["evidence"]
    with vault.session() as session:
        items = session.scalars(select(Item.id).order_by(Item.id)).all()
    for link in wanted:
        for item_id in items:
            try:
                tag(vault, item_id, link["criterion"], quote=link["quote"], note=link.get("note"),
                    strength=link.get("strength"), actor="demo", catalogue=catalogue)
                break
            except UsageError:
                continue
        else:
            raise IEPDeskError(f"The demo quote “{link['quote']}” is in none of the demo documents.")
    return len(wanted)


def _add_people_and_events(vault: Vault) -> tuple[int, int]:
    """The demo's people and events (resources/demo/case.toml); an event's item is named by file name or title."""
    import tomllib

    from sqlalchemy import select

    from iepdesk.resources import resource
    from iepdesk.timeline.events import add_event
    from iepdesk.timeline.people import add_person, resolve_people
    from iepdesk.vault.models import Item

    case = tomllib.loads(resource("demo", "case.toml").read_text("utf-8"))
    for person in case["people"]:
        add_person(vault, person["name"], role=person["role"], email=person.get("email"),
                   organisation=person.get("organisation"), phone=person.get("phone"), notes=person.get("notes"),
                   actor="demo")
    with vault.session() as session:
        items = session.execute(select(Item.id, Item.original_name, Item.title)).all()
    for event in case["events"]:
        item_id = None
        if "item" in event:
            found = [i for i, name, title in items if event["item"] in (name, title)]
            if len(found) != 1:
                raise IEPDeskError(f"The demo event's document “{event['item']}” is not one demo document.")
            item_id = found[0]
        add_event(vault, event["kind"], event["date"], time=event.get("time"), note=event.get("note"),
                  outcome=event.get("outcome"), item_id=item_id, people=resolve_people(vault, event["people"]),
                  actor="demo", today=event["date"])
    return len(case["people"]), len(case["events"])

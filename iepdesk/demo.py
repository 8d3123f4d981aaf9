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
    from iepdesk.demo_files import write_demo_files

    say = progress or (lambda _m: None)
    path = Path(path)
    if (path / "vault.sqlite").exists():
        raise IEPDeskError(f"{path} is already a vault; choose a new folder for the demo.")
    with Vault.create(path, holder="the demo builder") as vault, tempfile.TemporaryDirectory() as tmp:
        say("Writing the demo documents…")
        case = write_demo_files(Path(tmp))
        student = add_student(vault, case.student_name, birth_date=case.birth_date, school=case.school,
                              grade=case.grade, actor="demo")
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
    return {
        "path": str(path),
        "student": case.student_name,
        "items": report.count("imported") + len(case.notes),
        "ocr_pages": pages_read,
    }

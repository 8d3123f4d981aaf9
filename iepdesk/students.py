"""The children a vault is about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from iepdesk import undo
from iepdesk.errors import UsageError
from iepdesk.states import state_code
from iepdesk.vault import Vault
from iepdesk.vault.models import Student


@dataclass(frozen=True)
class StudentRecord:
    id: int
    name: str
    birth_date: dt.date | None
    school: str | None
    grade: str | None
    state: str | None = None  # two letters; its deadline rules apply to the child's clocks
    categories: tuple[str, ...] = ()  # the categories the parent says fit the child (criteria group ids)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "school": self.school,
            "grade": self.grade,
            "state": self.state,
            "categories": list(self.categories),
        }


def _record(student: Student) -> StudentRecord:
    return StudentRecord(student.id, student.name, student.birth_date, student.school, student.grade, student.state,
                         tuple(student.categories or ()))


def add_student(
    vault: Vault,
    name: str,
    *,
    birth_date: dt.date | None = None,
    school: str | None = None,
    grade: str | None = None,
    state: str | None = None,
    actor: str = "cli",
) -> StudentRecord:
    name = name.strip()
    if not name:
        raise ValueError("A student needs a name.")
    with vault.session() as session:
        student = Student(name=name, birth_date=birth_date, school=school, grade=grade, state=state_code(state))
        session.add(student)
        session.flush()
        Vault.record(session, "student.add", f"Added the student {name}.", actor=actor,
                     detail={"student_id": student.id})
        return _record(student)


EDITABLE = ("name", "birth_date", "school", "grade", "state", "categories")


def update_student(vault: Vault, student_id: int, actor: str = "cli", **changes: object) -> StudentRecord:
    """Correct a child's details; the state chooses which deadline rules count the child's clocks, the categories
    which parts of the case Today and Coverage show."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise UsageError(f"These details of a child cannot be changed: {', '.join(sorted(unknown))}.")
    if "state" in changes:
        changes["state"] = state_code(changes["state"])  # type: ignore[arg-type]
    if "name" in changes and not str(changes["name"] or "").strip():
        raise UsageError("A child needs a name.")
    if "categories" in changes:
        from iepdesk.criteria.coverage import check_categories

        changes["categories"] = check_categories(vault, list(changes["categories"] or ())) or None  # type: ignore[call-overload]
    with vault.session() as session:
        student = session.get(Student, student_id)
        if student is None:
            raise UsageError(f"There is no child {student_id} in this vault.")
        fields = list(changes)
        before = undo.row_state(student, fields)
        for name, value in changes.items():
            setattr(student, name, value.strip() if isinstance(value, str) else value)
        undo.record(session, "student.edit", f"Changed {', '.join(fields)} of {student.name}.", "Change the child",
                    [undo.change("students", student.id, before, undo.row_state(student, fields))], actor=actor)
        return _record(student)


def list_students(vault: Vault) -> list[StudentRecord]:
    with vault.session() as session:
        return [_record(s) for s in session.scalars(select(Student).order_by(Student.id))]

"""The children a vault is about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from iepdesk.vault import Vault
from iepdesk.vault.models import Student


@dataclass(frozen=True)
class StudentRecord:
    id: int
    name: str
    birth_date: dt.date | None
    school: str | None
    grade: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "school": self.school,
            "grade": self.grade,
        }


def _record(student: Student) -> StudentRecord:
    return StudentRecord(student.id, student.name, student.birth_date, student.school, student.grade)


def add_student(
    vault: Vault,
    name: str,
    *,
    birth_date: dt.date | None = None,
    school: str | None = None,
    grade: str | None = None,
    actor: str = "cli",
) -> StudentRecord:
    name = name.strip()
    if not name:
        raise ValueError("A student needs a name.")
    with vault.session() as session:
        student = Student(name=name, birth_date=birth_date, school=school, grade=grade)
        session.add(student)
        session.flush()
        Vault.record(session, "student.add", f"Added the student {name}.", actor=actor,
                     detail={"student_id": student.id})
        return _record(student)


def list_students(vault: Vault) -> list[StudentRecord]:
    with vault.session() as session:
        return [_record(s) for s in session.scalars(select(Student).order_by(Student.id))]

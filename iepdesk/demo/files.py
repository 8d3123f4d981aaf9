"""Fictional demo case: writes a realistic IEP dispute case file into a folder.

Everything in it is invented (people, district, scores). The wording lives in resources/demo/*.toml; this
module lays it out as PDFs, a scanned page, a phone photo and emails. Output is deterministic: fixed dates
in school year 2025-26, seeded noise, invariant PDF generation.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.platypus import (
    Flowable,
)

from iepdesk.demo.mails import _email, _mails
from iepdesk.demo.pdfs import _orf_chart, _Pdf, _photo, _render_pdf, _scan, _signature
from iepdesk.demo.wording import _fields, _flat, _load, _pacific

__all__ = ["DemoCase", "DemoNote", "write_demo_files"]


@dataclass(frozen=True)
class DemoNote:
    note_type: str  # "call" | "meeting" | "observation"
    title: str
    date: datetime.date
    text: str


@dataclass(frozen=True)
class DemoCase:
    student_name: str
    birth_date: datetime.date
    school: str
    grade: str
    files: list[Path]
    notes: list[DemoNote]
    categories: tuple[str, ...] = ()  # the categories the demo parent chose


# --------------------------------------------------------------------------- documents
_KINDS: dict[str, Callable[[_Pdf], bytes]] = {"pdf": _render_pdf, "scan": _scan, "photo": _photo}
_META = ("title", "author", "creator", "producer", "header", "footer", "font", "size")


def _pdf(doc: dict[str, Any], markup: str, **extras: Callable[[], Flowable]) -> _Pdf:
    if "signature_seed" in doc:
        extras["signature"] = functools.partial(_signature, seed=doc["signature_seed"])
    meta = {key: doc[key] for key in _META if key in doc}
    return _Pdf(doc["file"], _pacific(doc["date"]), markup, extras=extras, **meta)


def _report_cards(card: dict[str, Any], fields: dict[str, Any]) -> list[_Pdf]:
    """One report card per term; each shows the marks given so far."""
    out = []
    for term, info in enumerate(card["terms"], start=1):
        rows = "\n".join(f"|{area}|{t1}|{t2 if term >= 2 else ''}|" for area, t1, t2 in card["rows"])
        values = fields | info | {"rows": rows, "comment": _flat(info["comment"])}
        out.append(_pdf(info, card["markup"].format_map(values)))
    return out


def _rti_report(doc: dict[str, Any], fields: dict[str, Any]) -> _Pdf:
    """Reading progress monitoring: a row per weekly probe against the aimline, and the same as a chart."""
    wcpm, start = doc["wcpm"], doc["first_week"]
    weeks = list(range(1, len(wcpm) + 1))
    aim = [doc["baseline"] + doc["goal_per_week"] * w for w in weeks]
    rows = "\n".join(
        f"|Week {w}|{start + datetime.timedelta(weeks=w - 1):%m/%d/%Y}|{v}|{a:.1f}|{'Below' if v < a else 'At/above'}"
        for w, v, a in zip(weeks, wcpm, aim, strict=True)
    )
    chart = functools.partial(_orf_chart, weeks, wcpm, aim)
    return _pdf(doc, doc["markup"].format_map(fields | {"weeks": rows}), chart=chart)


def _documents(fields: dict[str, Any]) -> dict[str, tuple[_Pdf, str]]:
    """Every document by key, with its kind: one of _KINDS, or "attachment" (a PDF sent only by email)."""
    docs: dict[str, tuple[_Pdf, str]] = {}
    for family in ("evaluations", "school_records", "student_work"):
        for key, doc in _load(family).items():
            if key == "report_card":
                for term, spec in enumerate(_report_cards(doc, fields), start=1):
                    docs[f"report_card_{term}"] = (spec, "pdf")
            elif key == "rti_report":
                docs[key] = (_rti_report(doc, fields), "pdf")
            else:
                docs[key] = (_pdf(doc, doc["markup"].format_map(fields)), doc.get("kind", "pdf"))
    return docs


# --------------------------------------------------------------------------- entry point
def _safe_name(subject: str) -> str:
    return "".join("_" if ch in '<>:"/\\|?*' else ch for ch in subject).strip()


def write_demo_files(folder: Path) -> DemoCase:
    """Write the fictional Sam Rivera case file into ``folder`` (which must exist)."""
    folder = Path(folder)
    case = _load("case")
    fields = _fields(case)
    docs = _documents(fields)
    written: list[tuple[datetime.datetime, Path]] = []
    for spec, kind in sorted(docs.values(), key=lambda doc: doc[0].when):
        if kind != "attachment":
            path = folder / spec.name
            path.write_bytes(_KINDS[kind](spec))
            written.append((spec.when, path))
    used: set[str] = set()
    for mail in sorted(_mails(_load("emails"), fields, docs), key=lambda m: m.when):
        base = _safe_name(mail.subject)
        name, n = f"{base}.eml", 1
        while name.lower() in used:  # "RE_ x" and "Re_ x" collide on Windows and macOS
            n += 1
            name = f"{base} ({n}).eml"
        used.add(name.lower())
        path = folder / name
        path.write_bytes(_email(mail))
        written.append((mail.when, path))
    written.sort(key=lambda item: item[0])
    notes = [DemoNote(n["type"], n["title"], n["date"], _flat(n["text"].format_map(fields))) for n in case["notes"]]
    return DemoCase(
        student_name=case["student"],
        birth_date=case["birth_date"],
        school=case["school"],
        grade=case["grade"],
        files=[p for _, p in written],
        notes=notes,
        categories=tuple(case.get("categories", ())),
    )

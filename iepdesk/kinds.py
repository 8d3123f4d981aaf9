"""The kinds of document and the sources a document can come from, with the words shown to people."""

from __future__ import annotations

KINDS: dict[str, str] = {
    "evaluation": "Evaluation",
    "teacher_note": "Teacher note",
    "correspondence": "Correspondence",
    "report_card": "Report card",
    "work_sample": "Work sample",
    "test_scores": "Test scores",
    "progress_data": "RTI / progress data",
    "medical": "Medical",
    "iep_504": "IEP / 504 document",
    "prior_written_notice": "Prior written notice",
    "meeting_notes": "Meeting notes",
    "other": "Other",
}

SOURCES: dict[str, str] = {
    "school": "School",
    "independent": "Independent",
    "medical": "Medical",
    "parent": "Parent",
}

NOTE_TYPES: dict[str, tuple[str, str]] = {  # note type → (kind, title prefix)
    "call": ("correspondence", "Phone call"),
    "meeting": ("meeting_notes", "Meeting"),
    "observation": ("other", "Observation"),
}

GUESSABLE = ("kind", "date", "author", "source", "title")


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"'{kind}' is not a kind of document. Use one of: {', '.join(KINDS)}.")
    return kind


def check_source(source: str) -> str:
    if source not in SOURCES:
        raise ValueError(f"'{source}' is not a source. Use one of: {', '.join(SOURCES)}.")
    return source

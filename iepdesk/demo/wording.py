"""The demo's wording, read from resources/demo: its fields, its dates in the district's time zone,
its paragraphs made flat."""

from __future__ import annotations

import datetime
import tomllib
from typing import Any

from iepdesk.resources import resource


def _load(name: str) -> dict[str, Any]:
    """One of the case's wording files, resources/demo/<name>.toml."""
    with resource("demo", f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def _pacific(when: datetime.datetime) -> datetime.datetime:
    """A TOML local date-time as Pacific time with a fixed offset (no tz database needed)."""
    day = when.date()
    dst = datetime.date(2025, 3, 9) <= day < datetime.date(2025, 11, 2) or day >= datetime.date(2026, 3, 8)
    return when.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=-7 if dst else -8)))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _fields(case: dict[str, Any]) -> dict[str, Any]:
    """The {placeholders} that document markup, email bodies and notes may use (see case.toml)."""
    fields = {key: value for key, value in case.items() if not isinstance(value, dict | list)}
    fields |= {"school_caps": case["school"].upper(), "district_caps": case["district"].upper()}
    return fields | {name: block.strip().format_map(fields) for name, block in case["blocks"].items()}

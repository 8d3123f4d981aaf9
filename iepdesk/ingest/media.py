"""Recordings (a parent's recording of an IEP meeting, a voicemail, a video): kept byte for byte, with what their
own tags say (length, the day recorded, a title) read by mutagen. Nothing is transcribed yet; the item says so."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})|(\d{4})(\d{2})(\d{2})")
_DATE_TAGS = ("date", "TDRC", "TDOR", "TYER", "©day", "creation_time", "DATE", "ICRD", "IDIT")
_TITLE_TAGS = ("title", "TIT2", "©nam", "TITLE", "INAM")


@dataclass(frozen=True)
class Recording:
    seconds: float | None
    recorded: dt.date | None
    title: str | None

    def length(self) -> str:
        if not self.seconds:
            return ""
        minutes, seconds = divmod(round(self.seconds), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {seconds:02d} s"


def _first(tags: object, keys: tuple[str, ...]) -> str | None:
    if tags is None:
        return None
    for key in keys:
        try:
            value = tags[key]  # type: ignore[index]
        except (KeyError, ValueError, TypeError):
            continue
        if hasattr(value, "text"):  # an ID3 frame holds a list of texts
            value = value.text
        if isinstance(value, list):
            value = value[0] if value else ""
        text = str(value).strip()
        if text:
            return text
    return None


def _date(text: str | None) -> dt.date | None:
    found = _DATE.search(text or "")
    if not found:
        return None
    year, month, day = (int(g) for g in (found.groups()[:3] if found.group(1) else found.groups()[3:]))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def read_recording(data: bytes) -> Recording | None:
    """Length, recording day and title from a recording's own tags; None when mutagen does not know the file
    (or it is damaged: it is kept all the same)."""
    try:
        import mutagen

        found = mutagen.File(io.BytesIO(data))
    except Exception:  # any damaged or unknown file (mutagen raises many kinds): kept without its tags
        return None
    if found is None:
        return None
    seconds = getattr(getattr(found, "info", None), "length", None)
    tags = getattr(found, "tags", None)
    return Recording(float(seconds) if seconds else None, _date(_first(tags, _DATE_TAGS)), _first(tags, _TITLE_TAGS))

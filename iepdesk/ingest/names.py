"""Names and text that come from outside (file systems, emails), made safe to store and to show."""

from __future__ import annotations

import re
from pathlib import PurePath

# Invisible characters that reorder the text around them: "evil\u202efdp.exe" shows as "evilexe.pdf".
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROLS_AND_SEPARATORS = re.compile(r"[\x00-\x1f\x7f-\x9f\\/]")
_SURROGATES = re.compile("[\ud800-\udfff]")
MAX_NAME_CHARS = 200


def readable(text: str) -> str:
    """``text`` as valid Unicode: bytes that were not UTF-8 (Python keeps them as lone surrogates, as in a
    Linux file name holding the byte 0xFF, or an email header in raw 8-bit) are read as UTF-8 where they
    are, and shown as U+FFFD (�) where they are not."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that does not stand for one byte
        return _SURROGATES.sub("\ufffd", text)


def safe_name(name: str, fallback: str = "unnamed") -> str:
    """A file name to store and show: readable, without text-reordering or control characters and folder
    separators (controls become "_"), at most 200 characters with its extension kept."""
    name = _CONTROLS_AND_SEPARATORS.sub("_", _BIDI_CONTROLS.sub("", readable(name))).strip()
    if len(name) > MAX_NAME_CHARS:
        suffix = PurePath(name).suffix[:20]
        name = name[: MAX_NAME_CHARS - len(suffix)] + suffix
    return name or fallback

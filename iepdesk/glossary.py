"""The words IEPDesk uses, each in two plain sentences with the law behind it (resources/glossary/glossary.toml),
for ``iepdesk glossary`` and the app's Help ▸ Glossary and "?" links. Checked when loaded: a problem names the
file and the term."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from iepdesk.errors import IEPDeskError
from iepdesk.resources import resource

_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


@dataclass(frozen=True)
class Term:
    term: str
    also: tuple[str, ...]
    text: str
    citation: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.also)

    def as_json(self) -> dict[str, Any]:
        return {"term": self.term, "also": list(self.also), "text": self.text, "citation": self.citation}


@cache
def terms() -> tuple[Term, ...]:
    """Every term, in alphabetical order."""
    path = resource("glossary", "glossary.toml")
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    found = []
    for row in data.get("term", []):
        name = str(row.get("term", "")).strip()
        where = f"{path.name}, the term “{name or '?'}”"
        if not name or not str(row.get("text", "")).strip() or not str(row.get("citation", "")).strip():
            raise IEPDeskError(f"{where}: each term needs a term, a text and a citation.")
        text = " ".join(str(row["text"]).split())
        if len(_SENTENCE_END.findall(text)) > 2:
            raise IEPDeskError(f"{where}: the text is more than two sentences; a parent reads two.")
        found.append(Term(name, tuple(str(a) for a in row.get("also", [])), text, str(row["citation"])))
    return tuple(sorted(found, key=lambda t: t.term.lower()))


def find(word: str) -> Term | None:
    """The term ``word`` names (the term or one of its other names, any case), or None."""
    wanted = " ".join(word.split()).lower()
    return next((t for t in terms() if wanted in (n.lower() for n in t.names)), None)


def search(words: str) -> list[Term]:
    """The terms whose name, other names or text hold every one of ``words`` (any case), those whose names do
    first; all when empty."""
    needles = words.lower().split()

    def holds(text: str) -> bool:
        return all(n in text.lower() for n in needles)

    named = [t for t in terms() if holds(" ".join(t.names))]
    return named + [t for t in terms() if t not in named and holds(t.text)]

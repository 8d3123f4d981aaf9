"""Suggestions: the pages whose words support a criterion element, each with the reason.

A suggestion is never applied silently: it is stored with status "suggested" until the parent accepts or
rejects it, and a rejected suggestion stays rejected when suggestions run again. The scoring rule is in
resources/criteria/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from iepdesk.criteria.catalogue import Catalogue, load_catalogue
from iepdesk.criteria.evidence import EvidenceRecord, record_of
from iepdesk.criteria.packs import Criterion, MatchRule
from iepdesk.vault import Vault
from iepdesk.vault.models import Evidence, Item, Page

_WORD = re.compile(r"[a-z0-9]+")
_HYPHEN_BREAK = re.compile(r"(\w)[-\u00ad]\s*\n\s*(\w)")


@lru_cache(maxsize=1)
def _stemmer() -> Any:  # a snowballstemmer.Stemmer (the package has no types)
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def fold(text: str) -> str:
    """Lower case, accents off, words hyphenated across a line break joined; same length is not kept."""
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


class PageText:
    """One page, tokenised once for every rule."""

    def __init__(self, text: str) -> None:
        self.text = fold(text)
        self.spans = [(m.start(), m.end()) for m in _WORD.finditer(self.text)]
        words = [self.text[a:b] for a, b in self.spans]
        self.words_line = " " + " ".join(words) + " "
        self.stems = [stem(w) for w in words]
        self.stems_line = " " + " ".join(self.stems) + " "
        self.stem_set = set(self.stems)

    def token_at(self, line: str, position: int) -> int:
        return line.count(" ", 0, position + 1) - 1

    def snippet(self, token: int, width: int = 80) -> str:
        start, end = self.spans[token]
        left = max(0, start - width)
        right = min(len(self.text), end + width)
        before = self.text[left:start].split(None, 1)[-1] if left else self.text[left:start]
        after = self.text[end:right].rsplit(None, 1)[0] if right < len(self.text) else self.text[end:right]
        body = f"{before}[{self.text[start:end]}]{after}"
        return ("…" if left else "") + " ".join(body.split()) + ("…" if right < len(self.text) else "")


@dataclass(frozen=True)
class _Term:
    label: str
    weight: int
    stems: str | None = None  # " a b " searched in the stems line
    pattern: re.Pattern[str] | None = None  # searched in the words line

    def find(self, page: PageText) -> int | None:
        """The token where the term starts on the page, or None."""
        if self.stems is not None:
            position = page.stems_line.find(self.stems)
            return None if position < 0 else page.token_at(page.stems_line, position)
        assert self.pattern is not None
        found = self.pattern.search(page.words_line)
        return None if found is None else page.token_at(page.words_line, found.start())


def _term(text: str, weight: int, test: bool = False) -> _Term:
    words = _WORD.findall(fold(text))
    if test:  # "BRIEF-2", "BRIEF 2" and "BRIEF2" alike
        return _Term(text, weight, pattern=re.compile(r"(?<= )" + " ?".join(map(re.escape, words)) + r"(?= )"))
    if text.endswith("*"):
        head = " ".join(words)
        return _Term(text, weight, pattern=re.compile(r"(?<= )" + re.escape(head) + r"[a-z0-9]*(?= )"))
    return _Term(text, weight, stems=" " + " ".join(stem(w) for w in words) + " ")


@dataclass(frozen=True)
class _Rule:
    criterion_id: str
    terms: tuple[_Term, ...]
    context: tuple[_Term, ...]
    min_score: int


@lru_cache(maxsize=4096)
def _compile(criterion_id: str, rule: MatchRule) -> _Rule:
    terms = ([_term(p, 2) for p in rule.phrases] + [_term(t, 2, test=True) for t in rule.tests]
             + [_term(w, 1) for w in rule.words])
    return _Rule(criterion_id, tuple(terms), tuple(_term(c, 0) for c in rule.context), rule.min_score)


@dataclass(frozen=True)
class PageMatch:
    criterion_id: str
    score: int
    matched: tuple[str, ...]
    snippet: str


def rules_for(criteria: Iterable[Criterion]) -> list[_Rule]:
    return [_compile(c.id, c.match) for c in criteria if c.match is not None and c.type != "group"]


def match_page(text: str, rules: list[_Rule]) -> list[PageMatch]:
    """Every rule this page satisfies, with the words that matched and a snippet around the first."""
    page = PageText(text)
    if not page.spans:
        return []
    found: list[PageMatch] = []
    for rule in rules:
        score, matched, first = 0, [], None
        for term in rule.terms:
            token = term.find(page)
            if token is not None:
                score += term.weight
                matched.append(term.label)
                first = token if first is None else min(first, token)
        if score < rule.min_score or first is None:
            continue
        if rule.context and all(term.find(page) is None for term in rule.context):
            continue
        found.append(PageMatch(rule.criterion_id, score, tuple(matched), page.snippet(first)))
    return found


@dataclass
class SuggestReport:
    new: int = 0
    updated: int = 0
    kept_rejected: int = 0
    items: int = 0


def run_suggestions(
    vault: Vault,
    item_ids: list[int] | None = None,
    criteria_roots: list[str] | None = None,
    catalogue: Catalogue | None = None,
    actor: str = "cli",
) -> SuggestReport:
    """Look for evidence on every page of the given items (all when None) and store new suggestions."""
    catalogue = catalogue or load_catalogue(vault)
    rules = rules_for(catalogue.under(criteria_roots or []))
    report = SuggestReport()
    query = select(Item.id).where(Item.trashed_at.is_(None)).order_by(Item.id)
    if item_ids is not None:
        query = query.where(Item.id.in_(item_ids))
    with vault.session() as session:
        ids = list(session.scalars(query))
    for item_id in ids:
        _suggest_item(vault, item_id, rules, report, actor)
    return report


def _suggest_item(vault: Vault, item_id: int, rules: list[_Rule], report: SuggestReport, actor: str) -> None:
    with vault.session() as session:
        pages = session.execute(select(Page.number, Page.text).where(Page.item_id == item_id)).all()
        existing = {
            (row.criterion_id, row.page): row
            for row in session.scalars(select(Evidence).where(Evidence.item_id == item_id))
        }
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        new = 0
        for number, text in pages:
            for match in match_page(text, rules):
                row = existing.get((match.criterion_id, number))
                if row is None:
                    session.add(Evidence(item_id=item_id, criterion_id=match.criterion_id, page=number,
                                         origin="suggested", status="suggested", matched=list(match.matched),
                                         snippet=match.snippet, created_at=now, updated_at=now))
                    new += 1
                elif row.origin == "suggested" and row.status == "suggested":
                    if list(row.matched) != list(match.matched):
                        row.matched, row.snippet, row.updated_at = list(match.matched), match.snippet, now
                        report.updated += 1
                elif row.status == "rejected":
                    report.kept_rejected += 1
        report.items += 1
        if new:
            report.new += new
            item = session.get(Item, item_id)
            Vault.record(session, "evidence.suggest", f"Found {new} new suggestion(s) in “{item.title}”.",  # type: ignore[union-attr]
                         actor=actor, item_id=item_id)


def suggestions(vault: Vault, item_id: int | None = None, status: str | None = "suggested") -> list[EvidenceRecord]:
    query = select(Evidence).join(Item).where(Evidence.origin == "suggested", Item.trashed_at.is_(None))
    if item_id is not None:
        query = query.where(Evidence.item_id == item_id)
    if status is not None:
        query = query.where(Evidence.status == status)
    with vault.session() as session:
        return [record_of(r) for r in session.scalars(query.order_by(Evidence.item_id, Evidence.page, Evidence.id))]

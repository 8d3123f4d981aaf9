"""Suggestions that learn the family's own words: a passage the parent quoted as evidence for an element is looked
for in the vault's other documents.

Schools repeat themselves. A teacher writes the same comment from a comment bank every term ("needs frequent
reminders to stay on task during independent work"), a progress report copies its goal and baseline each period, an
evaluation's present levels come back in the next IEP. The packs' words cannot know this school's phrasing; the
parent's quotes do. A quote of a few words ("needs frequent redirection") is looked for whole; a longer one by
each run of five words that holds at least three words of substance, so that the same sentence copied into another
document, or rearranged around the same phrase, is found, while "in the area of the" is not.

What is found is a suggestion like any other: read with the same negation and hedging (a copy that says "does not
need frequent redirection" is not evidence), shown with its reason, and never applied until the parent accepts it.
Only the parent's own accepted tags with a quote teach; a tag removed or a document in the Trash teaches nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from iepdesk.criteria.rules import Rule, phrase_rule
from iepdesk.criteria.sentence_words import FUNCTION_WORDS
from iepdesk.criteria.words import fold, tokens
from iepdesk.vault import Vault
from iepdesk.vault.models import Evidence, Item

SHORT, RUN, SUBSTANCE = 4, 5, 3  # a quote of up to SHORT words is looked for whole; a longer one by runs of RUN
MOST_RUNS = 60  # from one quote: a whole page quoted should not become hundreds of searches
MOST_TERMS = 600  # for one element, from all its quotes: each is looked for on every page


def _substance(words: Iterable[str]) -> int:
    return sum(1 for w in words if w not in FUNCTION_WORDS and not w.isdigit() and len(w) > 1)


def quote_terms(quote: str) -> list[str]:
    """The word runs to look for, from one quote: the quote itself when it is short and says something ("needs
    frequent redirection"), otherwise each run of five words with three words of substance, once each."""
    words = tokens(fold(quote))
    if len(words) <= SHORT:
        return [" ".join(words)] if _substance(words) >= 2 else []
    runs: list[str] = []
    for start in range(len(words) - RUN + 1):
        run = words[start:start + RUN]
        text = " ".join(run)
        if _substance(run) >= SUBSTANCE and text not in runs:
            runs.append(text)
            if len(runs) == MOST_RUNS:
                break
    return runs


def learned_rules(vault: Vault, criterion_ids: set[str] | None = None) -> list[Rule]:
    """A rule for each element the parent has quoted evidence for, from those quotes (see the module's words)."""
    query = (select(Evidence.criterion_id, Evidence.quote).join(Item)
             .where(Evidence.origin == "manual", Evidence.status == "accepted", Evidence.quote.is_not(None),
                    Item.trashed_at.is_(None))
             .order_by(Evidence.criterion_id, Evidence.id))
    by_criterion: dict[str, list[str]] = {}
    with vault.session() as session:
        for criterion_id, quote in session.execute(query):
            if criterion_ids is not None and criterion_id not in criterion_ids:
                continue
            terms = by_criterion.setdefault(criterion_id, [])
            for term in quote_terms(quote or ""):
                if term not in terms and len(terms) < MOST_TERMS:
                    terms.append(term)
    return [phrase_rule(criterion_id, terms) for criterion_id, terms in by_criterion.items() if terms]

"""Suggestions: the pages whose words support a criterion element, each with the reason.

A suggestion is never applied silently: it is stored with status "suggested" until the parent accepts or
rejects it, and a rejected suggestion stays rejected when suggestions run again. The rules are compiled in
iepdesk.criteria.rules; the scoring rule is in resources/criteria/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select

from iepdesk.criteria.about import a_parents_child, about_a_child, comments_on_a_child, general, names_a_child
from iepdesk.criteria.catalogue import Catalogue, load_catalogue
from iepdesk.criteria.evidence import EvidenceRecord, record_of
from iepdesk.criteria.reading import PageText
from iepdesk.criteria.rules import Rule, rules_for
from iepdesk.criteria.words import fold, tokens
from iepdesk.vault import Vault
from iepdesk.vault.models import Evidence, Item, Page, Student


@dataclass(frozen=True)
class PageMatch:
    criterion_id: str
    score: int
    matched: tuple[str, ...]
    snippet: str
    weaker: bool = False  # found only by single words, just at the rule's bar: shown on request


FOUND_NOT_ELIGIBLE = "denial.found_not_eligible"
GENERAL_EFFECT = "idea.general.educational_performance"


def _quotes(matched: list[str]) -> tuple[str, ...]:
    """Each quote once, and not one that a longer quote holds ("distracted" in "easily distracted")."""
    first: dict[str, str] = {}
    for quote in matched:
        first.setdefault(quote.lower(), quote)  # once, whatever its capitals
    quotes = list(first.values())
    return tuple(q for q in quotes
                 if not any(q.lower() != o.lower() and f" {q.lower()} " in f" {o.lower()} " for o in quotes))


def _spans(places: list[tuple[int, int]]) -> list[list[int]]:
    """The places found (first token, number of tokens) as the stretches of the page they cover, in the order
    found: places that overlap make one stretch, quoted once ("needs redirection" and "redirection about every five
    minutes" are "needs redirection about every five minutes")."""
    spans: list[list[int]] = []
    for token, size in places:
        here = [token, token + size]
        for span in [s for s in spans if s[0] < here[1] and here[0] < s[1]]:
            here = [min(here[0], span[0]), max(here[1], span[1])]
            spans.remove(span)
        spans.append(here)
    return sorted(spans, key=lambda s: next(i for i, p in enumerate(places) if s[0] <= p[0] < s[1]))


def match_page(text: str, rules: list[Rule]) -> list[PageMatch]:
    """Every rule this page satisfies, with the words that matched and a snippet around the first. A page that
    speaks of no particular child (a definition, a guide) is evidence of nothing about the child; only the
    school's reasons for saying no (the denials) are found there, not a finding of not eligible, which is always
    about a child ("In some cases, the school will determine that a child is ineligible")."""
    page = PageText(text)
    if not page.spans:
        return []
    named = names_a_child(page) or a_parents_child(page)
    about_anyone = None  # general(page), worked out only where it decides something
    if not named and comments_on_a_child(page):  # a report card's comments, not a guide's list of signs
        about_anyone = general(page)
        named = not about_anyone
    person = named or about_a_child(page, definite=False) or not (
        general(page) if about_anyone is None else about_anyone)
    found: list[PageMatch] = []
    for rule in rules:
        if not person and (rule.of_child or rule.criterion_id == FOUND_NOT_ELIGIBLE):
            continue
        score, places, first, phrase = 0, [], None, False
        for term in rule.terms:
            place = term.find(page, affirmed=True)
            if place is not None:
                token = place[0]
                score += term.weight
                places.append(place)
                phrase = phrase or term.weight > 1
                first = token if first is None else min(first, token)
        # context is looked for only where it decides something: terms found, or causes that may be ruled out
        near = {page.sentence[token] for token, _size in places} if rule.context_near and places else None
        in_context = not (rule.context and (score or rule.ruled_out)) or (named and rule.personal) or any(
            term.find(page) is not None if near is None else term.in_sentences(page, near) for term in rule.context)
        if not in_context:
            score, places, first, phrase = 0, [], None, False  # context gates the terms and the causes ruled out
        for term, place in ([(t, t.find_trouble(page)) for t in rule.difficulties]  # not the child's troubles
                            + [(t, t.find_reason(page)) for t in rule.reasons]
                            + [(t, t.find(page, affirmed=True)) for t in rule.signs]
                            + [(t, t.find_denied(page)) for t in rule.denied]
                            + [(t, t.find_ruled_out(page)) for t in rule.ruled_out if in_context]):
            if place is not None:
                token = place[0]
                score, phrase = score + term.weight, True
                places.append(place)
                first = token if first is None else min(first, token)
        matched = [page.quote(start, end - start) for start, end in _spans(places)]  # the page's own words
        for term in rule.scores:
            number = term.find_score(page, rule.score_between)
            if number is not None:
                score, phrase = score + term.weight, True
                matched.append(f"{term.label} {page.words[number]}")
                first = number if first is None else min(first, number)
        if score < rule.min_score or first is None:
            continue
        found.append(PageMatch(rule.criterion_id, score, _quotes(matched), page.snippet(first),
                               weaker=score == rule.min_score and not phrase))
    by_id: dict[str, PageMatch] = {}
    for match in found:  # two rules for one element (a pack's and the parent's own words): one suggestion
        other = by_id.get(match.criterion_id)
        if other is not None:
            best, second = (match, other) if match.score > other.score else (other, match)
            match = PageMatch(best.criterion_id, best.score, _quotes([*best.matched, *second.matched]), best.snippet,
                              weaker=best.weaker and second.weaker)
        by_id[match.criterion_id] = match
    found = list(by_id.values())
    for rule in rules:  # "trouble sounding out words" is evidence of trouble reading (504) as well as of decoding
        followed = [by_id[f] for f in rule.follows if f in by_id] + [
            by_id[f] for f, said in rule.follows_when
            if f in by_id and any(w in quote.lower() for quote in by_id[f].matched for w in said)]
        if followed and rule.criterion_id not in by_id:
            best = max(followed, key=lambda m: m.score)
            found.append(PageMatch(rule.criterion_id, best.score, best.matched, best.snippet, weaker=best.weaker))
    # "his ADHD keeps him from finishing tests" is the health condition's effect on school; the general rule that
    # an effect on school counts says nothing more there
    redundant = {rule.criterion_id for rule in rules if rule.yields_to and set(rule.yields_to) & by_id.keys()}
    return sorted((m for m in found if m.criterion_id not in redundant), key=lambda m: -m.score)


def for_the_case(matches: list[PageMatch], effects: Iterable[str]) -> list[PageMatch]:
    """A page's effect on school, found with no category named on it ("suspended three times, failing math"), is a
    lead for the adverse effect of each category the parent chose for the child too (``effects``): the law asks
    each category for its own adverse effect, and the general rule is no element a category counts."""
    general = next((m for m in matches if m.criterion_id == GENERAL_EFFECT), None)
    if general is None:
        return matches
    found = {m.criterion_id for m in matches}
    return matches + [replace(general, criterion_id=effect) for effect in effects if effect not in found]


def _chosen_effects(vault: Vault, criteria: set[str]) -> tuple[str, ...]:
    """The adverse-effect elements, among ``criteria``, of the categories the parent chose for the child."""
    with vault.session() as session:
        chosen = {c for categories in session.scalars(select(Student.categories)) for c in categories or ()}
    return tuple(sorted(f"{c}.adverse_effect" for c in chosen if f"{c}.adverse_effect" in criteria))


_SPEAKERS = {  # (kind, source) → who writes it; None matches any
    ("evaluation", "independent"): "The evaluator writes", ("evaluation", "school"): "The school's evaluator writes",
    ("evaluation", None): "The evaluator writes", ("medical", None): "The doctor writes",
    ("teacher_note", None): "The teacher writes", ("report_card", None): "The report card says",
    ("iep_504", None): "The IEP says", ("prior_written_notice", None): "The school's notice says",
    ("meeting_notes", None): "The meeting notes say", ("progress_data", None): "The progress data shows",
    ("test_scores", None): "The scores show", (None, "parent"): "You wrote", (None, "school"): "The school writes",
    (None, "medical"): "The doctor writes", (None, "independent"): "The evaluator writes",
}


def speaker(kind: str | None, source: str | None) -> str:
    """Who says what a page says, from the document's kind and source: "The evaluator writes"."""
    for key in ((kind, source), (kind, None), (None, source)):
        if key in _SPEAKERS:
            return _SPEAKERS[key]
    return "The page says"


def reason(matched: Iterable[str], page: int | None, who: str = "The page says", snippet: str | None = None) -> str:
    """The reason for a suggestion in words: 'The evaluator writes “clinically elevated” on page 4.' Words found in an
    earlier message quoted in a reply ("> Sam has not turned in …") are not the sender's: 'A message quoted here
    says …'."""
    if _quoted(snippet):
        who = "A message quoted here says"
    words = [f"“{m.rstrip('*')}”" for m in matched]
    said = words[0] if len(words) < 2 else ", ".join(words[:-1]) + f" and {words[-1]}"
    return f"{who} {said}" + (f" on page {page}." if page else ".")


_BREAK = re.compile(r"[.!?;:](?:\s|$)")
_QUOTE_MARK = re.compile(r"(?:^|\s)>+\s+(?=[A-Za-z>])")  # "> Hi Ms. Rivera", not "IQ > 85"


def _quoted(snippet: str | None) -> bool:
    """Whether the sentence a snippet quotes (the one with the word in brackets) lies in a message quoted with ">"."""
    text = snippet or ""
    at = text.find("[")
    return at >= 0 and bool(_QUOTE_MARK.search(text[max(0, _sentence_start(text, at) - 1):at]))


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence that holds position ``at`` of a snippet begins."""
    return max((m.end() for m in _BREAK.finditer(text, 0, at)), default=0)


def _words(snippet: str | None) -> str:
    """The words of the sentence a snippet quotes (the one with the word in brackets), to know the same passage
    again on another page, whatever stands around it there ("Term 1 …", "Term 2 …")."""
    text = snippet or ""
    at = text.find("[")
    if at >= 0:
        end = next((m.start() for m in _BREAK.finditer(text, at)), len(text))
        text = text[_sentence_start(text, at):end]
    return " ".join(tokens(fold(text)))


def _rejected_passages(vault: Vault) -> set[tuple[str, str]]:
    """(element, words) of each suggestion the parent rejected: the same words for the same element elsewhere (a
    form's printed text, a paragraph pasted from one notice into the next) are not suggested again."""
    query = select(Evidence.criterion_id, Evidence.snippet).where(Evidence.origin == "suggested",
                                                                  Evidence.status == "rejected")
    with vault.session() as session:
        return {(criterion_id, _words(snippet)) for criterion_id, snippet in session.execute(query) if snippet}


def same_words(vault: Vault, evidence_ids: list[int]) -> list[EvidenceRecord]:
    """The suggestions still waiting, on other pages, that show the same words as these for the same element: what
    the parent may want to reject (or accept) with them."""
    with vault.session() as session:
        chosen = [row for row in session.scalars(select(Evidence).where(Evidence.id.in_(evidence_ids)))
                  if row.snippet]
        wanted = {(row.criterion_id, _words(row.snippet)) for row in chosen}
        query = (select(Evidence).join(Item)
                 .where(Evidence.origin == "suggested", Evidence.status == "suggested", Item.trashed_at.is_(None),
                        Evidence.criterion_id.in_({c for c, _w in wanted}), Evidence.id.not_in(evidence_ids))
                 .order_by(Evidence.item_id, Evidence.page, Evidence.id))
        return [record_of(row) for row in session.scalars(query) if (row.criterion_id, _words(row.snippet)) in wanted]


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
    from iepdesk.criteria.learned import learned_rules  # it builds on this module's rules

    catalogue = catalogue or load_catalogue(vault)
    criteria = list(catalogue.under(criteria_roots or []))
    rules = rules_for(criteria) + learned_rules(vault, {c.id for c in criteria})
    report = SuggestReport()
    query = select(Item.id).where(Item.trashed_at.is_(None)).order_by(Item.id)
    if item_ids is not None:
        query = query.where(Item.id.in_(item_ids))
    with vault.session() as session:
        ids = list(session.scalars(query))
    rejected = _rejected_passages(vault)
    effects = _chosen_effects(vault, {c.id for c in criteria})
    for item_id in ids:
        _suggest_item(vault, item_id, rules, report, actor, rejected, effects)
    return report


def _suggest_item(vault: Vault, item_id: int, rules: list[Rule], report: SuggestReport, actor: str,
                  rejected: set[tuple[str, str]], effects: tuple[str, ...]) -> None:
    with vault.session() as session:
        pages = session.execute(select(Page.number, Page.text).where(Page.item_id == item_id)).all()
        existing = {
            (row.criterion_id, row.page): row
            for row in session.scalars(select(Evidence).where(Evidence.item_id == item_id))
        }
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        new = 0
        for number, text in pages:
            for match in for_the_case(match_page(text, rules), effects):
                row = existing.get((match.criterion_id, number))
                if row is None and (match.criterion_id, _words(match.snippet)) in rejected:
                    report.kept_rejected += 1  # the same words, rejected on another page
                elif row is None:
                    session.add(Evidence(item_id=item_id, criterion_id=match.criterion_id, page=number,
                                         origin="suggested", status="suggested", matched=list(match.matched),
                                         snippet=match.snippet, score=match.score, weaker=match.weaker,
                                         created_at=now, updated_at=now))
                    new += 1
                elif row.origin == "suggested" and row.status == "suggested":
                    if list(row.matched) != list(match.matched) or row.score != match.score:
                        row.matched, row.snippet, row.updated_at = list(match.matched), match.snippet, now
                        row.score, row.weaker = match.score, match.weaker
                        report.updated += 1
                elif row.status == "rejected":
                    report.kept_rejected += 1
        report.items += 1
        if new:
            report.new += new
            item = session.get(Item, item_id)
            Vault.record(session, "evidence.suggest", f"Found {new} new suggestion(s) in “{item.title}”.",  # type: ignore[union-attr]
                         actor=actor, item_id=item_id)


def suggestions(vault: Vault, item_id: int | None = None, status: str | None = "suggested",
                weaker: bool = True) -> list[EvidenceRecord]:
    """The suggestions (waiting ones by default), by document and page; ``weaker=False`` leaves out the weaker
    ones (found only by single words at the rule's bar)."""
    query = select(Evidence).join(Item).where(Evidence.origin == "suggested", Item.trashed_at.is_(None))
    if item_id is not None:
        query = query.where(Evidence.item_id == item_id)
    if status is not None:
        query = query.where(Evidence.status == status)
    if not weaker:
        query = query.where(Evidence.weaker.is_(False))
    with vault.session() as session:
        return [record_of(r) for r in session.scalars(query.order_by(Evidence.item_id, Evidence.page, Evidence.id))]


def waiting_by_document(vault: Vault) -> tuple[list[tuple[int, int]], int]:
    """The documents with suggestions waiting, as (item id, how many), most first, counting those the Evidence tab
    shows at first (not the weaker ones); and how many weaker ones wait besides."""
    from collections import Counter

    every = suggestions(vault)
    waiting = Counter(s.item_id for s in every if not s.weaker)
    return waiting.most_common(), sum(s.weaker for s in every)

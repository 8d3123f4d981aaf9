"""Compiled suggestion rules: each rule's terms (phrases, signs, words, tests, context…) and where a term stands on a
page, said and not denied, as the child's trouble, as a refusal's reason or as a cause ruled out. The scoring rule
is in resources/criteria/README.md; a page is matched against these rules in iepdesk.criteria.suggest."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from iepdesk.criteria.packs import Criterion, MatchRule
from iepdesk.criteria.reading import PageText
from iepdesk.criteria.sentence_words import (
    CATEGORY_WORDS,
    CHILDREN,
    DEGREE_WORDS,
    FUNCTION_WORDS,
    REASON_NEGATION_WINDOW,
    SCHOOL_STAFF,
    SCORE_REACH,
    THE_CHILD,
)
from iepdesk.criteria.trouble import denies_ability, said_of_others
from iepdesk.criteria.words import fold, stem, tokens

_MANY_PEOPLE = CHILDREN | {"people", "individuals", "adolescents", "teens", "teenagers", "persons", "pupils",
                           "learners"}


def _of_anyone(page: PageText, token: int) -> bool:
    """Whether the term names what any child may have, not this child: "even students with passing grades can be
    eligible", "kids who have ADHD are often …" (the page may speak of a particular child elsewhere)."""
    words = page.words
    before = words[max(0, token - 3):token]
    return ((len(before) >= 2 and before[-1] == "with" and before[-2] in _MANY_PEOPLE)
            or (len(before) == 3 and before[0] in _MANY_PEOPLE and before[1:] == ["who", "have"]))


def _school_refuses(page: PageText, token: int) -> bool:
    """Whether a refusal is the school's, not the child's: "The school refused to write a 504 plan" is no trouble
    writing (the one refusing named within three words before)."""
    words = page.words
    if not words[token].startswith("refus"):
        return False
    for word in reversed(words[max(0, token - 3):token]):  # the nearest person named before it refuses
        if word in SCHOOL_STAFF:
            return True
        if word in THE_CHILD:
            return False
    return False


def _average_in(page: PageText, token: int) -> bool:
    """Whether an area named with its "in" ("in oral expression") follows "average" ("performance is average in
    oral expression", "low average in written expression"; not "below average in …"): an area named so is a score
    in the average range, not the child's trouble."""
    words = page.words
    return (words[token] == "in" and words[token - 1:token] == ["average"]
            and words[token - 2:token - 1] not in (["below"], ["well"]))


@dataclass(frozen=True)
class _Term:
    label: str
    weight: int
    stems: str | None = None  # " a b " searched in the stems line
    pattern: re.Pattern[str] | None = None  # searched in the words line
    shared: str | None = None  # a two-word term whose second word two words share: " a and x b " (a pattern's source)
    finding: bool = False  # its first word says what was found ("determined eligible"): not "to determine eligibility"
    negates: bool = False  # it holds its own negation ("not eligible"): matched as written
    of_child: bool = True  # says something of the child: not where a sentence says it is not enough (PageText.premises)
    needs: frozenset[str] = frozenset()  # its words' stems, all on a page where it can be (a set test first)

    def find(self, page: PageText, affirmed: bool = False) -> tuple[int, int] | None:
        """Where the term is on the page (first token, number of tokens), or None; with ``affirmed``, the first place
        where it is not negated or hedged ("not eligible" holds its own "not": it is matched as written)."""
        if not self.needs <= page.stem_set:
            return None  # most terms, on most pages: no generator made at all
        return next(((token, size) for token, size in self._places(page)
                     if not affirmed or self._stands(page, token, size)), None)

    def _stands(self, page: PageText, token: int, size: int) -> bool:
        """Whether the words found there are said, not denied or supposed. A term that holds its own negation
        stands unless it is asked or supposed, or is the premise a due-process issue asks about: "Did the District
        deny a FAPE by not finding him eligible?", "… by predetermining that he was not eligible?"."""
        if self.of_child and (token in page.premises or self._others_cannot(page, token) or _average_in(page, token)):
            return False
        if _of_anyone(page, token) or (self.of_child and _school_refuses(page, token)):
            return False
        if self.negates:
            return not page.hypothetical(token) or "by" in page.words[max(0, token - 5):token]
        return not page.negated(token, token + size - 1)

    def _others_cannot(self, page: PageText, token: int) -> bool:
        """Whether the term denies an ability and stands just after someone other than the child: "his teachers ask
        him to rewrite his papers because [they can't read] them" says nothing of the child's reading. A term that
        names the child's own work ("can't read his writing") is about someone else by design."""
        return (denies_ability(page.words, token) and " his " not in (self.stems or "")
                and said_of_others(page, token))

    def in_sentences(self, page: PageText, sentences: set[int]) -> bool:
        """Whether the term stands in one of these sentences (by their numbers, PageText.sentence)."""
        return any(page.sentence[token] in sentences for token, _size in self._places(page))

    def find_trouble(self, page: PageText) -> tuple[int, int] | None:
        """Where the term stands as an area of the child's trouble, or None; not in a form's list of the areas nor
        among its unticked options."""
        before, reach = page.trouble
        return next(((token, size) for token, size in self._places(page)
                     if (token in reach or (token + size in before
                                            and page.sentence[token] == page.sentence[token + size]))
                     and token not in page.category_list and token not in page.unticked), None)

    def find_reason(self, page: PageText) -> tuple[int, int] | None:
        """Where the term stands as the reason given for a refusal, said and not denied, or None."""
        reach = page.reasons
        return next(((token, size) for token, size in self._places(page) if token in reach
                     and not page.negated(token, token + size - 1, window=REASON_NEGATION_WINDOW)), None)

    def find_denied(self, page: PageText) -> tuple[int, int] | None:
        """Where the term stands denied of a particular child, from its negation on ("he [does not qualify]"), or
        None; not what children in general do not have ("students with ADHD do not automatically qualify")."""
        for token, size in self._places(page):
            start = page.denial(token)
            if start is not None and not _of_anyone(page, token):
                return start, token + size - start
        return None

    def find_ruled_out(self, page: PageText) -> tuple[int, int] | None:
        """Where the term stands as a cause the sentence rules out, or None."""
        return next(((token, size) for token, size in self._places(page)
                     if token in page.ruled_out and not page.hypothetical(token)), None)

    def find_score(self, page: PageText, between: tuple[int, int] | None) -> int | None:
        """The token of the number that follows the score's name ("Full Scale IQ (FSIQ) 67", "a full-scale IQ
        score of 67") when it lies between the bounds, or None."""
        low, high = between or (0, -1)
        for token, size in self._places(page):
            after = token + size
            number = next((i for i in range(after, min(after + SCORE_REACH, len(page.words)))
                           if page.words[i].isdigit()), None)
            if number is not None and low <= int(page.words[number]) <= high:
                return number
        return None

    def _found_here(self, page: PageText, token: int) -> bool:
        """Not a finding's phrase where its first word is not one ("to determine eligibility")."""
        return not self.finding or page.words[token].endswith("ed")

    def _places(self, page: PageText) -> Iterable[tuple[int, int]]:
        """Each (first token, number of tokens) where the term is on the page, within one sentence ("Who is
        eligible? To receive special education …" does not say "eligible to receive special education"; a match
        found by a pattern starts at the space before its first word, which token_at counts as that word's)."""
        if not self.needs <= page.stem_set:
            return  # most terms, on most pages: before any generator below is made
        for token, size in self._anywhere(page):
            if size == 1 or page.one_sentence(token, size):
                yield token, size

    def _anywhere(self, page: PageText) -> Iterable[tuple[int, int]]:
        if self.stems is not None:
            size = self.stems.count(" ") - 1
            position = page.stems_line.find(self.stems)
            while position >= 0:
                token = page.token_at(page.stems_line, position)
                if self._found_here(page, token):
                    yield token, size
                position = page.stems_line.find(self.stems, position + 1)
            if self.shared is not None:  # "fine and gross motor skills" holds "fine motor"
                for found in _compiled(self.shared).finditer(page.stems_line):
                    yield page.token_at(page.stems_line, found.start()), 4
            if size > 1:  # a phrase is found with an adverb inside too ("reads very slowly"; see _degree)
                for found in _degree(self.stems).finditer(page.stems_line):
                    token, with_adverb = page.token_at(page.stems_line, found.start()), found.group(0).count(" ")
                    if with_adverb > size and _adverbs_only(found.group(0).split(), self.stems.split()) \
                            and self._found_here(page, token):
                        yield token, with_adverb
            return
        assert self.pattern is not None
        for found in self.pattern.finditer(page.words_line):
            yield page.token_at(page.words_line, found.start()), max(1, found.group(0).strip().count(" ") + 1)


# a count as decisions and parents write it: "4", "four", "several" ("suspended several times", "a few words")
_COUNT = ("(?:(?<![0-9] )[0-9]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
          "|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|several|multiple|numerous|many"
          "|a few|a couple of)")
# "an IEP for @category": a category or a condition an IEP is said to be for (sentence_words.CATEGORY_WORDS)
_CATEGORY = "(?:" + "|".join(re.escape(" ".join(tokens(fold(name)))) for name in CATEGORY_WORDS) + ")"
_PLACES = {"#": _COUNT, "@category": _CATEGORY}  # what a rule's phrase may leave open


def _term(text: str, weight: int, test: bool = False, area: bool = False) -> _Term:
    # Each pattern starts with the space before its first word, not a look-behind: a pattern that starts with a
    # literal is searched for as one, where a look-behind is tried at every position (a page of 1 MB took 20 s).
    words = [w for part in fold(text).split() for w in ([part] if part in _PLACES else tokens(part))]
    negates = bool(_NEGATING & set(words))  # read once here, not at each place the term is found
    if _PLACES.keys() & set(words):  # "suspended # times" (a whole number, not a decimal's last digits: "0.8 WCPM")
        pattern = re.compile(" " + " ".join(_PLACES.get(w, re.escape(w)) for w in words) + "(?= )")
        return _Term(text, weight, pattern=pattern, negates=negates,
                     needs=frozenset(stem(w) for w in words if w not in _PLACES))
    if test:  # "BRIEF-2", "BRIEF 2" and "BRIEF2" alike
        pattern = re.compile(" " + " ?".join(map(re.escape, words)) + r"(?= )")
        return _Term(text, weight, pattern=pattern, negates=negates)
    if text.endswith("*"):
        pattern = re.compile(" " + re.escape(" ".join(words)) + r"[a-z0-9]*(?= )")
        return _Term(text, weight, pattern=pattern, negates=negates)
    stems = [stem(w) for w in words]
    shared = None
    if len(stems) == 2:  # an area's first word shared too: "reading comprehension and fluency" holds "reading fluency"
        a, b = map(re.escape, stems)
        first = rf"| {a} [a-z0-9]+ (?:and|or) {b}(?= )" if area and words[0] not in FUNCTION_WORDS else ""
        shared = rf" {a} (?:and|or) [a-z0-9]+ {b}(?= ){first}"
    return _Term(text, weight, stems=" " + " ".join(stems) + " ", shared=shared,
                 finding=len(words) > 1 and words[0].endswith("ed"), negates=negates, needs=frozenset(stems))


@lru_cache(maxsize=8192)
def _compiled(source: str) -> re.Pattern[str]:
    """A term's pattern, compiled when a page first holds all its words (most never meet one)."""
    return re.compile(source)


@lru_cache(maxsize=8192)
def _degree(stems: str) -> re.Pattern[str]:
    """The stems " a b " with room for one word between any two: compiled when a page first holds them all (most
    terms never meet such a page). The words let in must be adverbs (_adverbs_only): a pattern that spelled out the
    adverbs cost the first run 0.3 s to compile."""
    return re.compile(" " + "(?: [a-z0-9]+)? ".join(map(re.escape, stems.split())) + "(?= )")


_DEGREE_STEMS = frozenset(stem(w) for w in DEGREE_WORDS)


def _adverbs_only(found: list[str], parts: list[str]) -> bool:
    """Whether the words found are the phrase's with only adverbs let in between ("reads very slowly")."""
    at = 0
    for word in found:
        if at < len(parts) and word == parts[at]:
            at += 1
        elif word not in _DEGREE_STEMS:
            return False
    return at == len(parts)


_NEGATING = {"not", "no", "never", "t", "nor", "without"}


@dataclass(frozen=True)
class Rule:
    criterion_id: str
    terms: tuple[_Term, ...]
    context: tuple[_Term, ...]
    min_score: int
    difficulties: tuple[_Term, ...] = ()
    ruled_out: tuple[_Term, ...] = ()
    scores: tuple[_Term, ...] = ()
    score_between: tuple[int, int] | None = None
    personal: bool = False  # its context is the child ("he", "the student"): a child named by the page is that too
    follows: tuple[str, ...] = ()  # elements whose evidence is this one's too (see MatchRule.follows)
    follows_when: tuple[tuple[str, tuple[str, ...]], ...] = ()  # … where their words hold one of these
    yields_to: tuple[str, ...] = ()  # elements whose suggestion makes this one's redundant (MatchRule.yields_to)
    reasons: tuple[_Term, ...] = ()  # a denial's reason, given for a refusal (see PageText.reasons)
    signs: tuple[_Term, ...] = ()  # enough alone, with no context (see MatchRule.signs)
    of_child: bool = True  # an element of the child's case; a denial's words are the school's reasons
    context_near: bool = False  # its context counts only in a sentence that holds a term (MatchRule.context_near)
    denied: tuple[_Term, ...] = ()  # counted where denied of the child: "he does not qualify" (MatchRule.denied)


def _once(terms: Iterable[_Term]) -> tuple[_Term, ...]:
    """Each term once: "loses his place" and "loses her place" are one phrase (see words.stem), counted once."""
    seen: set[tuple[str | None, bool]] = set()
    kept = []
    for term in terms:  # not "declined to classify" for "declining to classify": a finding's phrase is its own
        key = (term.stems if term.stems is not None else term.pattern.pattern if term.pattern else None, term.finding)
        if key not in seen:
            seen.add(key)
            kept.append(term)
    return tuple(kept)


@lru_cache(maxsize=4096)
def _compile(criterion_id: str, rule: MatchRule) -> Rule:
    terms = (_once(_term(p, 2) for p in rule.phrases) + tuple(_term(t, 2, test=True) for t in rule.tests)
             + _once(_term(w, 1) for w in rule.words))  # a phrase and a word alike still count as two
    strong = max(2, rule.min_score)  # one is enough
    of_child = _of_child(criterion_id)
    if not of_child:  # a denial's words are the school's, premises included
        terms = tuple(replace(t, of_child=False) for t in terms)
    return Rule(criterion_id, terms, _once(_term(c, 0) for c in rule.context), rule.min_score,
                _once(_term(d, strong, area=True) for d in rule.difficulties),
                _once(_term(c, strong) for c in rule.ruled_out),  # so is one cause ruled out
                _once(_term(n, strong, test=True) for n in rule.scores), rule.score_between,
                personal=bool({"he", "she", "the student"} & set(rule.context)), follows=rule.follows,
                follows_when=tuple((f, tuple(fold(w) for w in said)) for f, said in rule.follows_when),
                yields_to=rule.yields_to,
                reasons=_once(_term(r, strong) for r in rule.reasons),
                signs=_once(_term(s, strong) for s in rule.signs), of_child=of_child,
                context_near=rule.context_near, denied=_once(_term(d, strong) for d in rule.denied))


def phrase_rule(criterion_id: str, phrases: Iterable[str]) -> Rule:
    """A rule that finds any of the phrases, as said (not denied or supposed), with no context: one is enough."""
    return Rule(criterion_id, tuple(_term(p, 2) for p in phrases), (), 2, of_child=_of_child(criterion_id))


def _of_child(criterion_id: str) -> bool:
    """Whether the element is a fact of the child's case, not one of the school's reasons for saying no."""
    return not criterion_id.startswith("denial.")


def rules_for(criteria: Iterable[Criterion]) -> list[Rule]:
    return [_compile(c.id, c.match) for c in criteria if c.match is not None and c.type != "group"]

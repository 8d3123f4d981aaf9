"""A page's words as the suggestions compare them: folded (lower case, accents off, a word hyphenated across a line
joined) and stemmed, "her" as "his", "doesn't" as "does not" and "was" as "is", so that a rule's phrase is written
once."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

WORD = re.compile(r"[a-z0-9]+")
_HYPHEN_BREAK = re.compile(r"(\w)[-\u00ad]\s*\n\s*(\w)")


@lru_cache(maxsize=1)
def _stemmer() -> Any:  # a snowballstemmer.Stemmer (the package has no types)
    import snowballstemmer

    return snowballstemmer.stemmer("english")


# Words a phrase matches alike: "her" as "his", "she" as "he" (a phrase written of a boy holds of a girl), and a
# contraction's parts as the words in full ("doesn't" is "does not"), and every form of "be" as "is" ("was failing",
# "has been failing", "is failing" alike), so that each phrase is written once; and a word kept from a stem it would
# share with another meaning.
_SAME = {"her": "his", "him": "his", "she": "he", "herself": "himself", "t": "not", "doesn": "does", "don": "do",
         "didn": "did", "isn": "is", "wasn": "is", "aren": "is", "weren": "is", "hasn": "has", "haven": "have",
         "hadn": "had", "couldn": "could", "wouldn": "would", "shouldn": "should",
         "won": "will", "was": "is", "are": "is", "were": "is", "be": "is", "been": "is", "am": "is",
         "sadly": "unfortunately"}  # the writer's regret ("Sadly, he crossed a line"), not the child's "sadness"


# A contraction typed without its apostrophe ("doesnt", "cant", "wont", as parents' posts often have them) is read
# as the written one ("doesn't": "doesn" "t"), so every rule and negation written with the apostrophe holds of it.
_NO_APOSTROPHE = {"doesnt", "dont", "didnt", "isnt", "wasnt", "arent", "werent", "hasnt", "havent", "hadnt", "cant",
                  "couldnt", "wouldnt", "shouldnt", "wont"}


def token_spans(text: str) -> list[tuple[int, int]]:
    """Where each word of a folded text stands (start, end), a contraction without its apostrophe as two words."""
    spans: list[tuple[int, int]] = []
    for match in WORD.finditer(text):
        start, end = match.span()
        if text[start:end] in _NO_APOSTROPHE:
            spans += [(start, end - 1), (end - 1, end)]
        else:
            spans.append((start, end))
    return spans


def tokens(text: str) -> list[str]:
    """The words of a folded text, as token_spans finds them."""
    return [text[start:end] for start, end in token_spans(text)]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(_SAME.get(word, word))


def unaccent(text: str) -> str:
    """Accents off, words hyphenated across a line break joined; same length is not kept."""
    text = unicodedata.normalize("NFKD", _HYPHEN_BREAK.sub(r"\1\2", text))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower case, accents off, words hyphenated across a line break joined; same length is not kept."""
    return unaccent(text).lower()


def by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases (as word tuples) by their first word, so that a page's words are each looked up once."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        found.setdefault(phrase[0], []).append(phrase)
    return found


def phrases_at(words: list[str], i: int, phrases: dict[str, list[tuple[str, ...]]]) -> list[tuple[str, ...]]:
    """The phrases among ``phrases`` (see by_first_word) that start at word i; most words start none."""
    starting = phrases.get(words[i])
    return [p for p in starting if tuple(words[i:i + len(p)]) == p] if starting else []


def phrase_at(words: list[str], i: int, phrases: dict[str, list[tuple[str, ...]]]) -> int:
    """The length of the first phrase among ``phrases`` that starts at word i, or 0."""
    return next((len(p) for p in phrases_at(words, i, phrases)), 0)

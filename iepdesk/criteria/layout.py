"""What on a page is a form's or a chart's furniture rather than a sentence about the child: a list of the law's
categories or of the learning-disability areas, a form's options left unticked, a chart's labels one to a line.
What stands there is offered or named, not found (PageText.negated)."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from iepdesk.criteria.sentence_words import (
    AREA_NAMES,
    CATEGORY_LIST_GAP,
    CATEGORY_LIST_SIZE,
    CATEGORY_NAMES,
    CHART_LABEL_LINES,
    CHART_LABEL_WORDS,
)
from iepdesk.criteria.words import by_first_word, phrase_at, phrases_at

if TYPE_CHECKING:
    from iepdesk.criteria.reading import PageText

_CATEGORIES = by_first_word(CATEGORY_NAMES)
_AREAS, _BOXED = by_first_word(tuple(sorted(AREA_NAMES, key=len, reverse=True))), re.compile(r"[\s/☐□■☒✓✔\[\]_]*")
_EMPTY_BOXES = "\u2610\u25a1\u2751\u274f\u2750\u2752\u25a2\u25fb\u2b1c"  # ☐ □ ❑ ❏ ❐ ❒ ▢ ◻ ⬜
_EMPTY_BOX = re.compile(f"[{_EMPTY_BOXES}]")
_BOX_OR_LINE_END = re.compile(f"[{_EMPTY_BOXES}\u2612\u2611\u25a0\u2713\u2714\n]")  # and ☒ ☑ ■ ✓ ✔
_NOT_A_LABEL = re.compile(r"[0-9.!?:;,]")  # a figure or a sentence's stop: a score row or a sentence, not a label


def category_list(page: PageText) -> frozenset[int]:
    """The tokens of a list of the law's categories (see sentence_words.CATEGORY_NAMES): four or more names, each
    within a few words of the one before."""
    words = page.words
    names: list[tuple[int, int, tuple[str, ...]]] = []  # (first token, end, the name)
    for i in range(len(words)):
        names += [(i, i + len(name), name) for name in phrases_at(words, i, _CATEGORIES)]
    listed, run = set[int](), list[tuple[int, int, tuple[str, ...]]]()
    for place in [*names, None]:
        if place is None or (run and place[0] - run[-1][1] > CATEGORY_LIST_GAP):
            if len({name for _start, _end, name in run}) >= CATEGORY_LIST_SIZE:
                listed.update(range(run[0][0], run[-1][1]))
            run = []
        if place is not None:
            run.append(place)
    return frozenset(listed) | page.area_boxes


def area_boxes(page: PageText) -> frozenset[int]:
    """The tokens of a form's list of the eight learning-disability areas (sentence_words.AREA_NAMES): four or
    more names in a row with nothing but spaces, slashes or boxes between. Built on every page, so only the
    words that can open an area's name are visited."""
    words, boxes, run, end = page.words, set[int](), list[tuple[int, int]](), -1
    for i in [i for i, word in enumerate(words) if word in _AREAS]:
        size = phrase_at(words, i, _AREAS) if i >= end else 0  # not inside the name just found
        if not size:
            continue
        if not (run and run[-1][1] == i and _BOXED.fullmatch(page.text[page.spans[i - 1][1]:page.spans[i][0]])):
            if len(run) >= CATEGORY_LIST_SIZE:
                boxes.update(range(run[0][0], run[-1][1]))
            run = []
        run.append((i, i + size))
        end = i + size
    if len(run) >= CATEGORY_LIST_SIZE:
        boxes.update(range(run[0][0], run[-1][1]))
    return frozenset(boxes)


def unticked(page: PageText) -> frozenset[int]:
    """The tokens of a form's options left unticked, from an empty box to the next box or the line's end
    ("❑ Autism ❑ Other"), and of the question they answer, when it ends in a colon just before the first box
    ("diagnosed with the following health problems or disabilities: ❑ None ❑ Autism"): offered, not chosen."""
    found, starts = set[int](), [start for start, _end in page.spans]
    for box in _EMPTY_BOX.finditer(page.text):
        end = _BOX_OR_LINE_END.search(page.text, box.end())
        first = bisect.bisect_left(starts, box.end())
        found.update(range(first, bisect.bisect_left(starts, end.start() if end else len(page.text))))
        if first and page.text[page.spans[first - 1][1]:box.start()].strip() == ":":
            here = page.sentence[first - 1]
            found.update(range(bisect.bisect_left(page.sentence, here), first))
    return frozenset(found)


def chart_labels(page: PageText) -> frozenset[int]:
    """The tokens of a chart's or a table's labels, one to a line with nothing else there: six or more short lines
    in a row (blank lines between allowed), no figure or sentence on them, and no heading with a colon just
    before ("Somatization / Hyperactivity / Depression / …" under a rating scale's profile). A list headed
    "Diagnoses:" is kept: its heading says what the lines are."""
    found, starts = set[int](), [start for start, _end in page.spans]
    heading, labels, first, last, at = False, 0, 0, 0, 0
    for line in [*page.text.split("\n"), "."]:  # a full stop at the end closes the last run
        text, end = line.strip(), at + len(line)
        if text and len(text.split()) <= CHART_LABEL_WORDS and not _NOT_A_LABEL.search(text):
            first, last, labels = first if labels else at, end, labels + 1
        elif text:  # a blank line between labels neither ends nor counts
            if labels >= CHART_LABEL_LINES and not heading:
                found.update(range(bisect.bisect_left(starts, first), bisect.bisect_left(starts, last)))
            heading, labels = text.endswith(":"), 0
        at = end + 1
    return frozenset(found)

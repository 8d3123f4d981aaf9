"""Where a page names an area as the child's trouble: just before a trouble word ("reading deficits", "her writing
is weak") or in its reach ("deficits in decoding, fluency and spelling", "it affects her reading", "a sixth-grader who
reads on a second grade level", "Goal: writing complete sentences"). The words are in sentence_words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepdesk.criteria.sentence_words import (
    ACCURACY_REACH,
    ADJECTIVE_REACH,
    BEFORE_GAP,
    BENCHMARKS,
    CANNOT,
    COPULAS,
    ENDS_SCOPE,
    GERUND_ONLY,
    GERUND_TROUBLES,
    GRADES,
    HEADED_REACH,
    HEADING_WORDS,
    INTENSIFIERS,
    LEVEL_REACH,
    LEVELS,
    LOW_ACCURACY,
    NEED_LABELS,
    OTHER_CHILDREN,
    OTHERS,
    PREDICATES,
    PREPOSITIONS,
    QUOTE_REACH,
    READ_PEOPLE,
    SLOW,
    TROUBLE_ADJECTIVES,
    TROUBLE_NOUNS,
    TROUBLE_VERBS,
    TROUBLE_WINDOW,
)

if TYPE_CHECKING:
    from iepdesk.criteria.reading import PageText


def areas(page: PageText) -> tuple[frozenset[int], frozenset[int]]:
    """The tokens just after which an area named stands as the child's trouble ("reading deficits"), and
    the tokens in the reach of a trouble word ("deficits in reading")."""
    words, sentence, before, reach = page.words, page.sentence, set[int](), set[int]()
    others = {sentence[i] for i in range(len(words) - 1) if (words[i], words[i + 1]) in OTHER_CHILDREN
              and words[i - 1:i] not in (["like"], ["than"], ["unlike"], ["to"])}  # not "like most children his age"
    for i, word in enumerate(words):
        hard_time = word == "time" and words[i - 1:i] in (["hard"], ["difficult"], ["tough"])  # "a hard time with"
        slow = word == "progress" and bool(SLOW & set(words[i - 1:i]))  # "poor progress in reading"
        start = _cannot_start(words, i)
        cannot = start is not None and not said_of_others(page, start)  # not "they can't read [his writing]"
        low_average = word == "low" and words[i + 1:i + 2] == ["average"]  # a score's range, not a trouble
        if word in PREDICATES and not low_average and not page.negated(i, i):
            before.update(_subject_of(page, i))
        issue = word in GERUND_ONLY and words[i + 1:i + 2] != [] and words[i + 1].endswith("ing")
        issue_with = (word in GERUND_ONLY and words[i + 1:i + 2] == ["with"]  # "an issue with his l's and th's"
                      and words[i + 2:i + 3] not in (["respect"], ["regard"], ["this"], ["that"]))
        kind = ("noun" if word in TROUBLE_NOUNS or hard_time or slow or issue or issue_with else "verb"
                if word in TROUBLE_VERBS or cannot else "adjective" if word in TROUBLE_ADJECTIVES else None)
        if word in GERUND_ONLY and kind is None and not page.negated(i, i):  # "attention issues"; not "the issue in"
            before.update(_just_before(words, i))
        if (kind is None or words[i - 1:i + 1] == ["attention", "deficit"] or words[i + 1:i + 2] == ["solving"]
                or sentence[i] in others):
            continue  # "attention deficit" is ADHD's name; "math problem solving" an area, not a trouble
        if page.hypothetical(i) if cannot else page.negated(i, i):
            continue  # "if he cannot read …" supposes; "not" in "not able" is the trouble itself
        if kind == "noun":  # "memory deficits", "reading and writing problems"; not "… performance but … problems"
            before.update(_just_before(words, i))
        following = words[i + 1:i + 4]
        next_word = following[0] if following else ""
        gerund = next_word.endswith("ing") and (word in GERUND_TROUBLES or issue)  # "difficulty sequencing"
        struggle_to = next_word == "to" and word.startswith("struggl")  # "struggles to apply decoding"
        if kind == "noun" and not ((PREPOSITIONS & set(following) and not issue) or gerund or struggle_to):
            continue
        if low_average:
            continue
        far = kind != "adjective" or bool({"in", "with"} & set(following[:2]))  # "behind (them) in"
        for token in range(i + 1, min(len(words), i + 1 + (TROUBLE_WINDOW if far else ADJECTIVE_REACH))):
            if page.sentence[token] != page.sentence[i] or words[token] in ENDS_SCOPE:
                break
            reach.add(token)
    reach |= (_below_own_grade(page) | _below_benchmark_level(page) | _low_accuracy(page) | _labelled(page)
              | _headed(page))
    # "reading facial expressions", "reading social cues": not reading text
    people = {i for i, word in enumerate(words[:-1]) if word == "reading" and words[i + 1] in READ_PEOPLE}
    return frozenset(before - people), frozenset(reach - people)


def said_of_others(page: PageText, start: int) -> bool:
    """Whether the ability denied from token start on is the writer's or the teachers' ("we can't read his
    writing", "they were unable to read it"), not the child's; an "I" inside quotation marks is the child's own
    voice ("he murmurs, “I can't read.”")."""
    words, j = page.words, start - 1
    if j > 0 and words[j] in COPULAS:
        j -= 1
    if j < 0 or words[j] not in OTHERS:
        return False
    before = page.text[max(0, page.spans[j][0] - QUOTE_REACH):page.spans[j][0]]  # not the whole page each time
    return not (words[j] == "i" and (before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1))


def _just_before(words: list[str], i: int) -> set[int]:
    """Where an area that ends just before the trouble noun at token i may end: within BEFORE_GAP tokens, with no
    word such as "but" between ("memory deficits", "attention issues")."""
    return {t for t in range(i - BEFORE_GAP, i + 1) if not ENDS_SCOPE & set(words[max(t, 0):i])}


def _labelled(page: PageText) -> set[int]:
    """What an IEP or a progress report labels as a goal or a need: "Goal: writing complete sentences", "Area of
    need: math calculation" (the label's colon ends a sentence; the words after it are its reach)."""
    words, found = page.words, set[int]()
    for i, word in enumerate(words):
        if word in NEED_LABELS and _colon_after(page, i):
            after = page.sentence[i + 1] if i + 1 < len(words) else None
            found.update(t for t in range(i + 1, min(len(words), i + 1 + TROUBLE_WINDOW))
                         if page.sentence[t] == after)
    return found


def _headed(page: PageText) -> set[int]:
    """An area that heads what follows it, a colon between, where what follows opens with the child's trouble:
    "[Phonological Awareness]: J. cannot blend 4 phonemes", "[Fluency]: his rate is well below grade level" (an IEP's
    present levels are written so). The heading is at most HEADING_WORDS words, the trouble within HEADED_REACH
    words after the colon (an initial's full stop between: "J. cannot"), said and not denied."""
    words, sentence, found = page.words, page.sentence, set[int]()
    for i in range(len(words) - 1):
        if not _colon_after(page, i):
            continue
        start = i
        while start > 0 and sentence[start - 1] == sentence[i] and i - start + 1 < HEADING_WORDS:
            start -= 1
        if start > 0 and sentence[start - 1] == sentence[i]:
            continue  # a colon inside a sentence, not after a heading
        for t in range(i + 1, min(len(words), i + 1 + HEADED_REACH)):
            if t > i + 1 and _colon_after(page, t - 1):
                break  # the next heading ("Fluency: … Vocabulary: …")
            if _troubled(page, t):
                found.update(range(start, i + 1))
                break
    return found


def _troubled(page: PageText, t: int) -> bool:
    """Whether token t says a trouble, said and not denied: "cannot", "struggles", "difficulty", "below"."""
    word, start = page.words[t], _cannot_start(page.words, t)
    if start is not None:
        return not said_of_others(page, start)
    trouble = word in TROUBLE_NOUNS or word in TROUBLE_VERBS or word in TROUBLE_ADJECTIVES or word.startswith("struggl")
    return trouble and not page.negated(t, t)


def denies_ability(words: list[str], i: int) -> bool:
    """Whether an ability denied (CANNOT) opens at token i: "cannot read", "can't read", "unable to read"."""
    return _cannot_start(words, i) == i or (i + 1 < len(words) and _cannot_start(words, i + 1) == i)


def _cannot_start(words: list[str], i: int) -> int | None:
    """Where an ability denied that ends on token i starts ("cannot": i; "can" "t": i - 1), or None (CANNOT)."""
    return i if (words[i],) in CANNOT else i - 1 if tuple(words[i - 1:i + 1]) in CANNOT else None


def _colon_after(page: PageText, i: int) -> bool:
    """Whether a colon follows token i at once ("Goal:", "Phonological Awareness:")."""
    return page.text[page.spans[i][1]:page.spans[i][1] + 1] == ":"


def _low_accuracy(page: PageText) -> set[int]:
    """The skill measured just before a low accuracy: "[multi-syllable words] with 60% accuracy"."""
    words, found = page.words, set[int]()
    for i, word in enumerate(words):
        if word == "accuracy" and i > 0 and words[i - 1].isdigit() and int(words[i - 1]) < LOW_ACCURACY:
            found.update(t for t in range(max(0, i - 1 - ACCURACY_REACH), i - 1)
                         if page.sentence[t] == page.sentence[i])
    return found


def _below_own_grade(page: PageText) -> set[int]:
    """A level below the child's own grade, with the reading it measures: "a sixth-grader who [reads] on a
    [second grade level]" (both in the reach of trouble, so "reading" and "grade level" count as areas)."""
    words, levels, own = page.words, [], 0
    for i, word in enumerate(words):
        grade = GRADES.get(word) if word != "kindergarten" or words[i + 1:i + 2] == ["level"] else None
        if grade is None:
            continue
        if _decimal(page, i) and LEVELS & set(words[i + 2:i + 4]):  # a grade equivalent: "a 1.3 reading level"
            levels.append((i, grade))
            continue
        around = words[max(0, i - 1):i] + words[i + 1:i + 3]  # "second grade", "grade 7", "grade-2 level"
        if not {"grade", "grader", "gr"} & set(around) and word != "kindergarten":
            continue
        after = words[i + 1:i + 3]
        if "level" in after or (after[:1] == ["grade"] and words[i + 2:i + 3] == ["level"]):
            levels.append((i, grade))
        else:
            own = max(own, grade)
    found = set[int]()
    for i, grade in levels:
        if grade < own:
            start = max(0, i - LEVEL_REACH)
            found.update(t for t in range(start, min(len(words), i + 3))
                         if page.sentence[t] == page.sentence[i])
    return found


def _below_benchmark_level(page: PageText) -> set[int]:
    """A lettered reading level below the benchmark the same sentence gives: "she is [reading at a level D], and our
    benchmark for this time of year is level J", "Reading level: F (end-of-year benchmark: M)" (guided reading levels
    run from A to Z)."""
    words, found = page.words, set[int]()
    levels = [(i, words[i + 1]) for i in range(len(words) - 1) if words[i] in ("level", *BENCHMARKS)
              and len(words[i + 1]) == 1 and page.quote(i + 1).isupper()]  # "level D", "benchmark: M"
    for i, letter in levels:
        if any(page.whole[j] == page.whole[i] and later > letter and BENCHMARKS & set(words[i + 2:j + 1])
               for j, later in levels if j > i):
            found.update(t for t in range(max(0, i - LEVEL_REACH), i + 2) if page.sentence[t] == page.sentence[i])
    return found


def _decimal(page: PageText, i: int) -> bool:
    """Whether token i is the whole part of a decimal number ("1.3": "1", "3")."""
    return (i + 1 < len(page.words) and page.words[i + 1].isdigit()
            and page.text[page.spans[i][1]:page.spans[i + 1][0]] == ".")


def _before_aside(page: PageText, j: int) -> int:
    """Token j, or, when a bracketed aside stands just before it ("reading comprehension (SS 76) is"), the aside's
    first token: the words before the aside end where they would without it."""
    gap = page.text[page.spans[j - 1][1]:page.spans[j][0]] if j > 0 else ""
    if ")" not in gap:
        return j
    opening = page.text.rfind("(", 0, page.spans[j - 1][1])
    if opening < 0:
        return j  # a list's "1)" closes no aside
    k = j - 1
    while k > 0 and page.spans[k - 1][0] > opening and page.sentence[k - 1] == page.sentence[j]:
        k -= 1
    return k if k > 0 and page.spans[k][0] > opening else j


def _subject_of(page: PageText, i: int) -> set[int]:
    """Where an area that is the subject of the predicate at token i ends: "reading [is] very hard", "her
    writing skills [are] weak"; an area read below or behind its level ends just before it ("reading [well]
    below grade level")."""
    words, j = page.words, i - 1
    while j > 0 and words[j] in INTENSIFIERS and page.sentence[j] == page.sentence[i]:
        j -= 1
    if j > 1 and words[j - 1:j + 1] == ["in", "the"]:  # a score's range: "her basic reading composite is in the low …"
        j -= 2
    if j >= 0 and words[j] in COPULAS:
        j = _before_aside(page, j)  # "her reading comprehension (SS 76) is weak"
        return {j, j - 1} if j > 0 else {j}  # one word may stand between: "her reading skills are weak"
    if words[i] in ("below", "behind", "lacks", "lacked"):  # "writing lacks organization"
        return {j + 1}
    return set()

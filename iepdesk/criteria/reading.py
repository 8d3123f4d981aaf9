"""Reading a page as the suggestions do: its words folded and stemmed once, the sentence each word is in, what a
negation or a hedge reaches ("no evidence of ADHD"), what names an area as the child's trouble ("deficits in
decoding"), and what a sentence rules out as a cause ("not primarily the result of a vision … impairment")."""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from iepdesk.criteria.layout import area_boxes, category_list, chart_labels, unticked
from iepdesk.criteria.sentence_words import (
    AND_OR,
    ASKS,
    AVERAGE,
    BECAUSE,
    CHILDREN,
    CLAUSE_STARTS,
    CONDITION_REACH,
    CONDITIONS,
    COPULAS,
    DENYING,
    DOUBTING,
    ENDS_SCOPE,
    FINDING_DENIED,
    FINDING_REACH,
    KNOWING,
    NO_FINDING,
    NOT_ENOUGH,
    OPENERS,
    OTHER_CHILDREN,
    POST_NEGATION,
    POST_WINDOW,
    PRAISED,
    PRE_NEGATION,
    PRE_WINDOW,
    PSEUDO,
    REFUSALS,
    RULED_OUT_AFTER,
    RULED_OUT_BACK,
    RULED_OUT_DENIED,
    RULED_OUT_REACH,
    RULES_OUT,
    SCORE_ROW,
    SEEKS,
    TROUBLE_NOUNS,
    WH,
)
from iepdesk.criteria.trouble import areas
from iepdesk.criteria.words import by_first_word, phrase_at, phrases_at, stem, token_spans, unaccent

_SENTENCE_END = re.compile(r"[.!?;:\n]\s|[.!?]$|\n\s*\n")
_FULL_STOP = re.compile(r"[.!?]\s|[.!?]$|\n\s*\n")
_DOES = {"do", "does", "did", "will", "would", "could", "can", "has", "have", "had"}  # the verb a "not" follows
_DASH = re.compile(r"\s[-\u2013\u2014]+\s|\u2014|--")  # a dash between words, not a hyphen within one
# A full stop after initials or a short form ends no sentence: "found that M.P. was eligible", "e.g. reading",
# "Dr. Lee", "Mr. P. v. West Hartford Bd. of Educ.", "(Dist. Ex. 13; Tr. pp. 47-48)", as decisions cite.
_SHORT_FORM = re.compile(r"(?:\b[a-z]\.[a-z]|\b(?:mrs?|ms|dr)\. [a-z]|\b(?:mrs?|ms|dr|prof|jr|sr|st|vs?|nos?|exs?"
                         r"|dist|tr|pp|para|dept|approx|bd|educ|cir|supp|ct|co|inc|ft))\Z")


def _ends(pattern: re.Pattern[str], text: str) -> list[int]:
    """Where sentences end in the (lower-cased) text, in order: full stops after initials and short forms left out."""
    return [m.start() for m in pattern.finditer(text)
            if text[m.start()] != "." or not _SHORT_FORM.search(text, max(0, m.start() - 8), m.start())]


_RULING_OUT = by_first_word(RULES_OUT + RULED_OUT_AFTER)  # the words that rule a cause out, by their first word
_REFUSALS, _BECAUSE, _NOT_ENOUGH = map(by_first_word, (REFUSALS, BECAUSE, NOT_ENOUGH))
_FINDING_DENIED = by_first_word(FINDING_DENIED)
_PRE_NEGATION, _POST_NEGATION = by_first_word(PRE_NEGATION), by_first_word(POST_NEGATION)
_RELATIVES = {"who", "which", "whose", "whom"}


class PageText:
    """One page, tokenised once for every rule."""

    def __init__(self, text: str) -> None:
        self.written = text  # as written: capitals tell a name ("J.C.", "Brandon's") from a word
        cased = unaccent(text)
        self.text = cased.lower()
        # what a snippet shows: the page's own capitals, where lower case kept every offset (it nearly always does)
        self._shown = cased if len(cased) == len(self.text) else self.text
        self.spans = token_spans(self.text)
        words = [self.text[a:b] for a, b in self.spans]
        self.words = words
        self.words_line = " " + " ".join(words) + " "
        self.stems = [stem(w) for w in words]
        self.stems_line = " " + " ".join(self.stems) + " "
        self.stem_set = set(self.stems)
        ends = _ends(_SENTENCE_END, self.text)
        sentence, index = [], 0
        for start, _end in self.spans:  # the sentence each token is in
            while index < len(ends) and ends[index] < start:
                index += 1
            sentence.append(index)
        self.sentence = sentence
        # a question asks, it does not find: "Should Student have been found eligible …?", and so does one that runs
        # over a list ("Did the IEP deny a FAPE by: a. Failing to …; b. Failing to …?"); but one that opens with
        # "why", "how", "what" … takes its facts as given: "Why is my son failing every class?"
        asked = [i for i, at in enumerate(ends) if self.text[at] == "?"]
        asked += [len(ends)] if self.text.rstrip().endswith("?") else []
        firsts, lasts = dict[int, int](), dict[int, int]()
        for token, here in enumerate(sentence):
            firsts.setdefault(here, token)
            lasts[here] = token
        runs_on = {k for k, at in enumerate(ends) if self.text[at] in ";:" or (  # or ends in a list's marker: "and c."
            k in lasts and len(words[lasts[k]]) == 1 and (firsts[k] == lasts[k] or words[lasts[k] - 1] in AND_OR))}
        # an issue stated as "Whether the District failed to evaluate a student who … needs special education" asks;
        # so does a blank form's item with its boxes left unticked ("A visual, hearing or motor impairment Yes No"),
        # and the item just before boxes that stand alone
        self.questions: set[int] = {here for here, token in firsts.items() if words[token] == "whether"}
        boxes = [i for i in range(len(words) - 1) if words[i] == "yes" and words[i + 1] == "no"]
        if boxes:
            whole = self.whole
            items = {w for i in boxes for w in ((whole[i], whole[i] - 1) if firsts.get(sentence[i]) == i
                                                else (whole[i],))}
            self.questions.update(sentence[t] for t in range(len(words)) if whole[t] in items)
        # and so does a form's item that ends in a checklist of the areas ("… does not achieve adequately … in one
        # or more of the following areas: Oral Expression / Reading Fluency / …"): it asks which
        listed = {sentence[t] for t in self.area_boxes}
        self.questions.update(listed | {k - 1 for k in listed if k - 1 in runs_on})
        for last in asked:
            first = last
            while first - 1 in runs_on:
                first -= 1
            first = first if first in firsts and words[firsts[first]] in ASKS else last
            opens = firsts.get(first, 0) + (words[firsts[first]] in OPENERS if first in firsts else 0)
            if first in firsts and words[opens] not in ASKS | WH | SEEKS:
                continue  # a statement asked in disbelief states its facts: "… a school that suspended him 20 times??"
            if first not in firsts or words[opens] not in WH:  # "Now, why did he …?" takes its facts as given too
                self.questions.update(range(first, last + 1))

    @cached_property
    def trouble(self) -> tuple[frozenset[int], frozenset[int]]:
        """The tokens just after which an area named stands as the child's trouble ("reading deficits"), and
        the tokens in the reach of a trouble word ("deficits in reading"): see iepdesk.criteria.trouble."""
        return areas(self)

    @cached_property
    def reasons(self) -> frozenset[int]:
        """The tokens that give the reason for a refusal: after "because" (or "since", "based on", …) in a sentence
        that refuses ("denied because her grades are good"), or after a comma that follows it ("she doesn't
        qualify, she's reading at grade level"), or before "doesn't mean" ("a diagnosis of autism doesn't mean he
        needs an IEP"). See sentence_words.REFUSALS."""
        words, sentence = self.words, self.sentence
        refusing = {sentence[i]: i for i in range(len(words))
                    if phrase_at(words, i, _REFUSALS) and not self.hypothetical(i) and not self._of_many(sentence[i])}
        # per sentence, the reach runs from its first "because" to its end: one pass, however many "because"; or
        # from its start to a "so" the refusal follows ("they said he's passing so he doesn't need an IEP"), or to an
        # "and" just before it ("they said she's doing fine and doesn't need an IEP")
        after, before = dict[int, int](), dict[int, int]()
        for i in range(len(words)):
            here = sentence[i]
            if here in refusing and here not in after and (size := phrase_at(words, i, _BECAUSE)):
                after[here] = i + size
            elif (here in refusing and here not in after and i > refusing[here] and words[i] in CLAUSE_STARTS
                  and "," in self.text[self.spans[i - 1][1]:self.spans[i][0]]):
                after[here] = i
            so = words[i] == "so" and words[i + 1:i + 2] and words[i + 1] in CLAUSE_STARTS and refusing.get(here, 0) > i
            if so or (words[i] == "and" and 0 < refusing.get(here, 0) - i <= 3):
                before.setdefault(here, i)
        return self.premises | frozenset(i for i in range(len(words)) if i >= after.get(sentence[i], len(words))
                                         or i < before.get(sentence[i], -1))

    def _of_many(self, here: int) -> bool:
        """Whether the sentence opens with children in general, not this child: "Students with Tourette Syndrome are
        often denied IEPs because they achieve well academically", "Many children are refused …"."""
        first = bisect.bisect_left(self.sentence, here)
        words = self.words[first:first + 2]
        return bool(words) and (words[0] in CHILDREN or tuple(words) in OTHER_CHILDREN)

    @cached_property
    def premises(self) -> frozenset[int]:
        """The tokens said not to be enough, from the sentence's start to its last "doesn't mean": "a medical
        diagnosis of autism [doesn't mean] he needs an IEP" names a premise, not a finding about the child."""
        words, sentence = self.words, self.sentence
        before: dict[int, int] = {}
        for i in range(len(words)):
            if phrase_at(words, i, _NOT_ENOUGH) and not self.hypothetical(i):
                before[sentence[i]] = i
        return frozenset(i for i in range(len(words)) if i < before.get(sentence[i], -1))

    def one_sentence(self, token: int, size: int) -> bool:
        """Whether the words token..token+size-1 stand in one sentence (taken whole, across semicolons)."""
        whole = self.whole
        return whole[token] == whole[min(token + size, len(whole)) - 1]

    @cached_property
    def whole(self) -> list[int]:
        """The sentence each token is in, sentences whole: across their semicolons and colons."""
        marks = _ends(_FULL_STOP, self.text)
        return [bisect.bisect_left(marks, start) for start, _end in self.spans]

    @cached_property
    def ruled_out(self) -> frozenset[int]:
        """The tokens a sentence rules out as a cause: after "not primarily the result of" to the sentence's end,
        or shortly before "were ruled out" (see sentence_words.RULES_OUT)."""
        words, reach = self.words, set[int]()
        whole = self.whole
        for i in range(len(words)):
            for trigger in phrases_at(words, i, _RULING_OUT):
                if RULED_OUT_DENIED & set(words[max(0, i - 3):i]):
                    continue
                span = (range(i + len(trigger), min(len(words), i + len(trigger) + RULED_OUT_REACH))
                        if trigger in RULES_OUT else range(i - 1, max(-1, i - 1 - RULED_OUT_BACK), -1))
                for token in span:
                    if whole[token] != whole[i]:
                        break
                    reach.add(token)
        return frozenset(reach)

    @cached_property
    def category_list(self) -> frozenset[int]:
        """The tokens of a list of the law's categories or of the areas (this and the next three: see
        iepdesk.criteria.layout)."""
        return category_list(self)

    @cached_property
    def area_boxes(self) -> frozenset[int]:
        return area_boxes(self)

    @cached_property
    def unticked(self) -> frozenset[int]:
        return unticked(self)

    @cached_property
    def chart_labels(self) -> frozenset[int]:
        return chart_labels(self)

    @cached_property
    def finding_denied(self) -> frozenset[int]:
        """The tokens after a denied finding, to the end of its sentence or a word such as "but" ("did not find an
        adverse effect … requiring specially designed instruction")."""
        words, reach = self.words, set[int]()
        for i in range(len(words)):
            for trigger in phrases_at(words, i, _FINDING_DENIED):
                for token in range(i + len(trigger), min(len(words), i + 1 + FINDING_REACH)):
                    if self.sentence[token] != self.sentence[i] or phrase_at(words, token, _BECAUSE) or words[
                            token] == "despite" or words[token:token + 2] == ["in", "spite"]:
                        break  # the reason given, or what is conceded: "not eligible due to …", "… despite …"
                    reach.add(token)
                    if words[token] in ENDS_SCOPE:
                        break
        return frozenset(reach)

    def token_at(self, line: str, position: int) -> int:
        """The token a position in words_line or stems_line falls in (the space before a word counts as that
        word's), by a search in the line's spaces, not a count from its start (a 1 MB page has many matches)."""
        spaces = self._words_spaces if line is self.words_line else self._stems_spaces
        return bisect.bisect_right(spaces, position) - 1

    @cached_property
    def _words_spaces(self) -> list[int]:
        return [i for i, ch in enumerate(self.words_line) if ch == " "]

    @cached_property
    def _stems_spaces(self) -> list[int]:
        return [i for i, ch in enumerate(self.stems_line) if ch == " "]

    def negated(self, first: int, last: int, window: int = PRE_WINDOW) -> bool:
        """Whether the words first..last stand under a negation or a hedge in their sentence, or in a question, or
        among the causes a sentence rules out ("not primarily the result of a vision, hearing, or motor impairment"),
        or in a list of the law's categories. ``window`` is how many words before them a negation is looked for in: a
        school's reason for saying no is often said in the negative itself, so only a negation just before it denies
        it ("refused to evaluate since he hasn't completed the RTI process", but "because he is not doing well")."""
        if (self.hypothetical(first) or first in self.ruled_out or first in self.category_list or first in self.unticked
                or first in self.chart_labels
                or (first in self.finding_denied and first not in self.reasons)  # "not eligible, she's passing"
                or last + 1 in self.category_list or last + 2 in self.category_list):
            return True  # (a form's label just before its boxes: "Primary Disability: ☐ Autism ☐ …")
        here = self.sentence[first]
        start = self._scope_start(first, window)
        before = self.words[start:first + 1]  # a trigger may end on the first word: "could be" + "be retained"
        for i in range(len(before) - 1):  # the triggers that start with each word before, not every trigger
            for trigger in phrases_at(before, i, _PRE_NEGATION):
                if not self._pseudo(start + i) and not KNOWING & set(before[i + len(trigger):]):
                    return True
        enough = self._enough_before(first, start)
        if enough is not None and self.negated(enough, enough, window):
            return True  # "none of these are considered debilitating enough that he qualifies"
        praised = first > 0 and self.words[first - 1] in PRAISED and self.sentence[first - 1] == here
        if self._scored_average(last) or (praised and self.words[first] not in TROUBLE_NOUNS):  # not "great difficulty"
            return True
        end = last + 1
        while end < len(self.words) and end - last <= POST_WINDOW and self.sentence[end] == here:
            end += 1
        after = self.words[last + 1:end]
        if any(phrase_at(after, i, _POST_NEGATION) for i in range(len(after))):
            return True
        return first in self.resolved  # "delays in reading, math and writing were remediated by the 3rd grade"

    def _scope_start(self, first: int, window: int) -> int:
        """The first word a negation before ``first`` may stand on: at most ``window`` words back, in its sentence
        and its clause."""
        here, start = self.sentence[first], first
        while start > 0 and first - start < window and self.sentence[start - 1] == here:
            if self.words[start - 1] in ENDS_SCOPE or (self.words[start - 1] == "and" and start < first
                                                       and self.words[start] in CLAUSE_STARTS):
                break  # "… to determine eligibility and a medical diagnosis alone is insufficient": a new clause
            if _DASH.search(self.text, self.spans[start - 1][1], self.spans[start][0]):
                break  # "none of it matters - Jack is doing too well in school": a dash sets a clause apart
            start -= 1
        if self.words[start] == "t" and start > 0 and self.sentence[start - 1] == here:
            start -= 1  # "don't" is one word as written: "I don't see any behavior or attention issues"
        return start

    def denial(self, first: int) -> int | None:
        """Where the negation starts that denies the word before it in its clause ("he [does not] qualify", "we
        [don't] think he qualifies", "she was [never] found eligible", "[too] well to qualify"), or None: not where
        the word is asked or supposed, the negation is one only in look ("not only"), the denial is itself denied
        ("no one disputes that he is eligible"), is one of the kinds sentence_words.NO_FINDING names, or is undone
        later ("not found eligible until 2019"; but "will not qualify until she is eight")."""
        words, here = self.words, self.sentence[first]
        if self.hypothetical(first) and "by" not in words[max(0, first - 7):first]:
            return None  # but the premise a due-process issue asks about: "… by predetermining he was not eligible?"
        start = self._scope_start(first, PRE_WINDOW)
        if NO_FINDING & set(words[start:first]) or any(
                w == "until" and self.sentence[i] == here and words[i + 1:i + 2] and words[i + 1].isdigit()
                for i, w in enumerate(words[first:first + 20], first)):
            return None
        if words[first - 1:first] == ["to"] and "too" in words[max(start, first - 4):first - 1]:
            return words.index("too", max(start, first - 4))
        for i in range(start, first):
            if words[i] in DENYING and not self._pseudo(i):
                if (DOUBTING | KNOWING) & set(words[i + 1:first]):
                    return None
                # quoted with its verb: "don't think he qualifies", "does not need specially designed instruction"
                return i - 1 if i > start and (words[i] == "t" or words[i - 1] in COPULAS | _DOES) else i
        enough = self._enough_before(first, start)  # "none of these are debilitating enough that he qualifies"
        return None if enough is None else self.denial(enough)

    def _enough_before(self, first: int, start: int) -> int | None:
        """The "enough" just before the word ("severe enough to qualify", "debilitating enough that he qualifies"),
        after the scope's start: what denies or doubts it denies or doubts the word."""
        return next((i for i in range(first - 1, max(start, first - 4), -1) if self.words[i] == "enough"), None)

    @cached_property
    def resolved(self) -> frozenset[int]:
        """The words a sentence says are over, back from "were remediated" or "has resolved" to its start or to a
        word such as "but": "His asthma has resolved" (not "… but his ADHD has not resolved")."""
        words, found = self.words, set[int]()
        for i, word in enumerate(words):
            if word in ("remediated", "resolved") and words[i - 1:i] in (["were"], ["was"], ["has"], ["have"],
                                                                         ["had"], ["been"]):
                token = i - 1
                while token > 0 and self.sentence[token - 1] == self.sentence[i] and words[token - 1] not in ENDS_SCOPE:
                    token -= 1
                    found.add(token)
        return frozenset(found)

    def _scored_average(self, last: int) -> bool:
        """Whether a score table gives the words an average score: "Depression 50 54 Average", "Word Reading 89 23
        Average" (a scale named is evidence only where its score says trouble)."""
        words, i = self.words, last + 1
        while i < len(words) and i - last <= SCORE_ROW and words[i].isdigit():
            i += 1
        if i == last + 1 or i >= len(words):
            return False
        return (words[i] in AVERAGE or (words[i] in {"high", "above"} and words[i + 1:i + 2] == ["average"]))

    def hypothetical(self, first: int) -> bool:
        """Whether the word stands in a question or an if-clause: asked or supposed, not found ("Is Student no
        longer eligible …?"); or in a sentence that puts it in dispute ("The student's eligibility … as a student
        with an other health impairment is in dispute in this appeal")."""
        here = self.sentence[first]
        return here in self.questions or here in self.disputed or self._conditional(first)

    @cached_property
    def disputed(self) -> frozenset[int]:
        """The sentences that say their matter is in dispute, not those that say it is not ("neither party
        disputes", "not in dispute")."""
        words, found = self.words, set[int]()
        for i, word in enumerate(words):
            put = (word == "dispute" and words[i - 1:i] == ["in"]) or (word == "disputed" and words[i - 1:i] != []
                                                                       and words[i - 1] in COPULAS)
            if put and not {"not", "no", "t"} & set(words[max(0, i - 3):i]):
                found.add(self.sentence[i])
        return frozenset(found)

    def _conditional(self, first: int) -> bool:
        """Whether the word stands in an if-clause, however long: "If the district believes that your child does
        not have an impairment which substantially limits …, it may refuse" (back to the clause's comma); or in a
        sentence that opens with "if" or "unless", whose main clause says what would follow, not what is, or with
        "perhaps" or "maybe", which only supposes."""
        here, token = self.sentence[first], first
        opening = bisect.bisect_left(self.sentence, here)  # the sentence's first word
        # "If they are severely impaired, they will qualify": all of it; not "If he is corrected, he cries", which
        # says what the child does whenever it happens
        if self.words[opening] in ("if", "unless") and self.words[opening + 1:opening + 2] not in (["he"], ["she"]):
            return True
        if self.words[opening] in ("perhaps", "maybe"):  # "Perhaps your child's teacher has raised concerns …"
            return True
        while token > 0 and first - token < CONDITION_REACH and self.sentence[token - 1] == here:
            if self._comma_before(token):
                # a relative clause between commas is stepped over ("whether the student, who was diagnosed with
                # ADD, meets the criteria"); what the clause itself says is not supposed
                start = token - 1
                while start > 0 and self.sentence[start - 1] == here and not self._comma_before(start):
                    start -= 1
                inside = self.words[token] in _RELATIVES
                if inside or not (self._comma_before(start) and self.words[start] in _RELATIVES):
                    return False
                token = start
            token -= 1
            if self.words[token] in CONDITIONS:
                return True
        return False

    def _comma_before(self, token: int) -> bool:
        return token > 0 and "," in self.text[self.spans[token - 1][1]:self.spans[token][0]]

    def _pseudo(self, token: int) -> bool:
        """Whether the trigger at the token only looks like one: "not otherwise specified"; "can be" said of the
        child ("he can be forgetful") tells how he is, where "students can be eligible" only supposes."""
        if self.words[token:token + 2] == ["can", "be"] and self.words[token - 1:token] in (["he"], ["she"]):
            return True
        if self.words[token] == "not" and self.words[token - 1:token] in (["asked"], ["told"], ["reminded"]):
            return True  # "he was asked not to tic in class" says he does
        return any(tuple(self.words[token:token + len(p)]) == p for p in PSEUDO)

    def quote(self, token: int, size: int = 1) -> str:
        """The words from ``token`` on, ``size`` of them, as the page writes them (its capitals and hyphens)."""
        last = min(len(self.spans), token + max(1, size)) - 1
        return " ".join(self._shown[self.spans[token][0]:self.spans[last][1]].split())

    def snippet(self, token: int, width: int = 80) -> str:
        shown = self._shown
        start, end = self.spans[token]
        left = max(0, start - width)
        right = min(len(shown), end + width)
        before = shown[left:start].split(None, 1)[-1] if left else shown[left:start]
        after = shown[end:right].rsplit(None, 1)[0] if right < len(shown) else shown[end:right]
        body = f"{before}[{shown[start:end]}]{after}"
        return ("…" if left else "") + " ".join(body.split()) + ("…" if right < len(shown) else "")

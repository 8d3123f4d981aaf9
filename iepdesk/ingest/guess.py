"""Guesses for a new document's kind, date, author, source and title, each with its reason.

Guesses are shown as guesses and corrected by the user; they only need to be right most of the time and to
say why. The rules are plain tables so they are easy to read and extend.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from iepdesk.ingest.extracted import Extracted, PageText

# The guesses that come from outside the document's own words (a file name, a program's properties) or from
# nothing at all: a disclosure copy of a binder does not print them until a person confirms them.
NO_KIND = "nothing in the text says what it is"
AUTHOR_FROM_PROPERTIES = "the file's own properties name its author"
TITLE_FROM_PROPERTIES = "the file's own title"
TITLE_FROM_NAME = "the file name"
WEAK = frozenset({NO_KIND, AUTHOR_FROM_PROPERTIES, TITLE_FROM_PROPERTIES, TITLE_FROM_NAME})

# kind → phrases (regular expressions, matched case-insensitively). A phrase in the first lines counts
# three times: titles say what a document is.
KIND_RULES: dict[str, tuple[str, ...]] = {
    "prior_written_notice": (r"prior written notice", r"notice of action", r"300\.503", r"action (proposed|refused)"),
    "iep_504": (r"individuali[sz]ed education (program|plan)", r"section 504 (plan|accommodation)",
                r"504 plan", r"present levels of (academic|educational)", r"annual goals?",
                # the special-education paperwork around an evaluation: a consent form names the tests it plans
                r"consent for (initial |re)?(evaluation|assessment)", r"assessment plan",
                r"no special education services will be provided without your\s+written consent",
                r"iep amendment"),
    "evaluation": (r"psycho-?educational", r"neuro-?psychological", r"evaluation report", r"assessment report",
                   r"reason for referral", r"tests? administered", r"wisc-?v", r"wiat", r"woodcock",
                   r"behavior assessment system", r"evaluation summary"),
    "progress_data": (r"progress monitoring", r"response to intervention", r"\brti\b", r"\bmtss\b",
                      r"words correct per minute", r"\bwcpm\b", r"aimline", r"tier (2|3|ii|iii)", r"dibels",
                      r"aimsweb", r"intervention log", r"goal progress", r"progress toward", r"behavior tracking",
                      r"on-?task"),
    "report_card": (r"report card", r"grading period", r"trimester", r"quarter \d", r"marking period",
                    r"standards-based"),
    "test_scores": (r"score report", r"state assessment", r"benchmark (assessment|screening)", r"scale score",
                    r"\bmap growth\b", r"i-?ready"),
    "medical": (r"\bm\.?d\.?\b", r"pediatric", r"\bpatient\b", r"diagnos(is|ed)", r"\bclinic\b",
                r"prescri(bed|ption)", r"icd-?10", r"medical", r"audiolog(y|ist)", r"\bau\.d\.", r"sensorineural",
                r"vision screening", r"school nurse", r"discharge summary"),
    "meeting_notes": (r"meeting notes", r"meeting minutes", r"minutes of the", r"attendees", r"in attendance",
                      r"members present", r"(?m)^\s*present\s*:", r"notes taken by"),
    "work_sample": (r"worksheet", r"homework", r"spelling test", r"writing sample", r"name:\s*_+",
                    r"work sample", r"reading log", r"\bquiz\b", r"score:\s*\d+\s*/\s*\d+"),
    "teacher_note": (r"note home", r"behavior (log|chart)", r"daily (report|log)", r"dear (parent|family)",
                     r"school counselor", r"from the desk of", r"teacher input"),
    "correspondence": (r"\bdear\b", r"sincerely", r"\bregards\b", r"to whom it may concern", r"respectfully"),
}


def required_text(pattern: str) -> str:
    """The longest piece of plain text that every match of ``pattern`` holds ("" when it cannot tell).

    A phrase whose piece is not in the text cannot match, and Python's ``in`` finds that far sooner than a
    pattern that starts with ``\\b``, which the regular expression engine tries at every position."""
    if "|" in re.sub(r"\(.*?\)|\[.*?\]|\\.", "", pattern):
        return ""  # a choice at the top level: no one piece is in every match
    best, run, depth, i = "", "", 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":  # an escape (\b, \s, \.): not plain text
            i += 1
        elif char == "[":  # a set of characters: skip to its end
            i = pattern.index("]", i + 2)
        elif char in "?*{":  # the character before may be absent
            run = run[:-1]
        elif depth == 0 and (char.isalnum() or char == " "):
            run += char
            i += 1
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        best, run = max(best, run, key=len), ""
        i += 1
    return max(best, run, key=len)


_KIND_PATTERNS = {kind: [(re.compile(p), required_text(p)) for p in phrases] for kind, phrases in KIND_RULES.items()}

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_PATTERNS = (
    re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(?P<y>\d{4})-(?P<mn>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<mn>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b"),
)
_BIRTH = re.compile(r"birth|\bdob\b|d\.o\.b|born", re.IGNORECASE)
_DATE_LABEL = re.compile(
    r"(date of (report|evaluation|notice|letter|meeting|service|test(ing)?)|report date|meeting date|discharged|"
    r"\bdated?\b\s*:?)",
    re.IGNORECASE,
)
_AUTHOR_LABEL = re.compile(
    r"^\s*(?:(?:examiner|evaluator|psychologist|school psychologist|teacher|case manager|clinician|from|provider|"
    r"attending physician|physician|audiologist|therapist|interventionist|school nurse|nurse|referring staff|"
    r"(?:504 )?coordinator|parent signature)\s*:|(?:prepared|report|written|completed|notes taken) by\s*:?)"
    r"\s*(?P<name>[^\n]{3,80})$",
    re.IGNORECASE | re.MULTILINE,
)
_NEXT_FIELD = re.compile(r"\s{2,}|\s+(?=[A-Z][a-z]+( [a-z]+)?:)")
_SIGN_OFF = re.compile(r"^\s*(sincerely|respectfully|regards|best regards|thank you),?\s*$", re.IGNORECASE)
_SCHOOL_DOMAIN = re.compile(r"(k12|\.edu\b|school|district|\bisd\b|\busd\b|schools)", re.IGNORECASE)
_SCHOOL_WORDS = re.compile(
    r"(school district|unified school|public schools|elementary school|middle school|high school|"
    r"independent school district|board of education|department of education)",
    re.IGNORECASE,
)
_INDEPENDENT_WORDS = re.compile(
    r"(private practice|independent educational evaluation|neuropsychology (associates|group|center|clinic)|"
    r"\bpllc\b|\bllc\b|psychological (services|associates)|licensed psychologist)",
    re.IGNORECASE,
)
_LETTERHEAD = re.compile(r"\b(group|district|associates|clinic|center|centre|llc|pllc|hospital|practice|inc)\b",
                         re.IGNORECASE)
_FIELD_LINE = re.compile(r"^[\w .'/()-]{1,25}:\s")  # "Diagnosis: ADHD" is a field, not a heading
_CONTACT = re.compile(r"[|@]|\(\d{3}\)|\b\d{3}-\d{4}\b|\b\d+ \w+ (street|st|avenue|ave|road|rd|lane|ln)\b",
                      re.IGNORECASE)
_MEDICAL_WORDS = re.compile(r"(\bm\.?d\.?\b|pediatrics|hospital|medical (center|group)|\bclinic\b|\bd\.o\.\b)",
                            re.IGNORECASE)


@dataclass
class Guesses:
    kind: str = "other"
    date: dt.date | None = None
    author: str | None = None
    source: str | None = None
    title: str = ""
    reasons: dict[str, str] = field(default_factory=dict)
    from_text: set[str] = field(default_factory=set)  # fields read from the page text itself


def _to_date(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups["y"])
    year += 2000 if year < 100 else 0
    if groups.get("m"):
        prefix = groups["m"].lower().rstrip(".")[:3]
        month = next((i for i, name in enumerate(_MONTHS, 1) if name.startswith(prefix)), 0)
    else:
        month = int(groups["mn"])
    try:
        found = dt.date(year, month, int(groups["d"]))
    except ValueError:
        return None
    return found if 1990 <= found.year <= dt.date.today().year + 1 else None


def date_in_text(text: str) -> tuple[dt.date, str] | None:
    """The document's own date from its first page: a labelled date first, never a birth date."""
    labelled: list[tuple[int, dt.date, str]] = []
    alone: list[tuple[int, dt.date, str]] = []  # a line that is only a date, near the top: a letter's date
    mentioned: list[tuple[int, dt.date, str]] = []  # "the evaluation dated June 3": another paper's date
    plain: list[tuple[int, dt.date, str]] = []
    top = sum(len(line) + 1 for line in text.splitlines()[:15])
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = _to_date(match)
            if not found:
                continue
            line_start = text.rfind("\n", 0, match.start()) + 1
            before = text[max(line_start, match.start() - 60) : match.start()]
            if _BIRTH.search(before):
                continue
            shown = match.group(0).strip()
            line_end = text.find("\n", match.end())
            label = _DATE_LABEL.search(before)
            if label:
                (labelled if ":" in before[label.start():] else mentioned).append(
                    (match.start(), found, f"page 1 says “{before.strip()} {shown}”"))
            elif match.start() < top and text[line_start:line_end if line_end >= 0 else None].strip() == shown:
                alone.append((match.start(), found, f"the letter is dated “{shown}”"))
            else:
                plain.append((match.start(), found, f"the first date on page 1 is “{shown}”"))
    for candidates in (labelled, alone, mentioned, plain):
        if candidates:
            _, found, reason = min(candidates)
            return found, reason
    return None


def guess_kind(text: str) -> tuple[str, str] | None:
    """The kind whose phrases the text uses most (the phrases are lower case; so is the text searched)."""
    text = text.strip()[:12000]
    lower = text.lower()
    same_length = len(lower) == len(text)
    head_end = sum(len(line) + 1 for line in text.splitlines()[:12])
    best: tuple[int, str, str] | None = None
    for kind, patterns in _KIND_PATTERNS.items():
        score, first = 0, ""
        for pattern, needed in patterns:
            if needed not in lower:
                continue
            matches = list(pattern.finditer(lower))
            if not matches:
                continue
            score += len(matches) + (3 if matches[0].start() < head_end else 0)  # a phrase in the title area
            if not first:
                m = matches[0]
                first = text[m.start() : m.end()] if same_length else m.group(0)
        if score and (best is None or score > best[0]):
            best = (score, kind, first)
    if best is None or best[0] < 2:
        return None
    return best[1], f"the text mentions “{best[2].strip()}”"


def _title_line(text: str, kind: str) -> str | None:
    """A heading near the top that names what the document is (a letter's greeting and closing are not one)."""
    patterns = _KIND_PATTERNS.get(kind, []) if kind != "correspondence" else []
    for line in text.strip().splitlines()[:15]:
        line = line.strip()
        if (6 <= len(line) <= 90 and line[0].isalnum() and any(p.search(line.lower()) for p, _ in patterns)
                and not line.endswith((".", ",", ":")) and not _LETTERHEAD.search(line) and not _CONTACT.search(line)
                and not _FIELD_LINE.match(line)):
            return line
    return None


def guess_author(text: str) -> tuple[str, str] | None:
    match = _AUTHOR_LABEL.search(text[:6000])
    if match:
        name = _NEXT_FIELD.split(match.group("name").strip())[0].strip()  # "Alicia Park    Subject: …"
        return name, f"page 1 says “{match.group(0).strip()}”"
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if _SIGN_OFF.match(line):
            for following in lines[index + 1 : index + 4]:
                name = following.strip()
                if 3 <= len(name) <= 60 and not name.startswith(("_", "(")):
                    return name, f"the letter is signed “{name}”"
    return None


_SCHOOL_KINDS = ("report_card", "progress_data", "prior_written_notice", "iep_504")


def guess_source(text: str, kind: str, extracted: Extracted) -> tuple[str, str] | None:
    address = extracted.meta.get("email", {}).get("from_address", "")
    if address:
        if _SCHOOL_DOMAIN.search(address.split("@")[-1]):
            return "school", f"sent from a school address ({address})"
        if _SCHOOL_DOMAIN.search((extracted.recipients or "").split("@")[-1]):
            return "parent", f"sent from {address} to the school"
    if kind in _SCHOOL_KINDS:
        return "school", "documents of this kind come from the school"
    head = text[:4000]
    if kind == "medical":
        match = _MEDICAL_WORDS.search(head)
        return "medical", f"the text mentions “{match.group(0)}”" if match else "a medical document"
    for source, words in (("independent", _INDEPENDENT_WORDS), ("school", _SCHOOL_WORDS)):
        match = words.search(head)
        if match:
            return source, f"the text mentions “{match.group(0)}”"
    return None


# Titles that say nothing about the document: a scanner's or a camera's name, a template's, a default.
_JUNK_TITLE = re.compile(r"^(scan|img|image|dsc|photo|doc|document|untitled|page)[\s_-]*\d*$|\btemplate\b|"
                         r"^microsoft word\b|^copy of\b|^untitled\b", re.IGNORECASE)


def _junk_title(title: str | None) -> bool:
    return bool(title) and bool(_JUNK_TITLE.search(title.strip()))  # type: ignore[union-attr]


def _first_line(text: str) -> str | None:
    """The first line near the top that reads as a title: words, not a letterhead, an address or a field."""
    for line in text.strip().splitlines()[:8]:
        line = line.strip()
        words = re.findall(r"[A-Za-z]{2,}", line)
        if (6 <= len(line) <= 90 and len(words) >= 2 and not _LETTERHEAD.search(line)
                and not _CONTACT.search(line) and not _FIELD_LINE.match(line) and not date_in_text(line)):
            return line
    return None


# What a document calls itself near its top ("Parent Consent for Initial Evaluation", "Notice of Meeting"), as
# opposed to an office's name under a letterhead ("Special Education and Student Services").
_DOCUMENT_NOUN = re.compile(r"\b(consent|notice|plan|report|request|evaluation|assessment|agreement|referral|"
                            r"summary|minutes|record|log|form|card|letter|statement|review|determination|"
                            r"invitation|accommodations|screening|observation|waiver|authorization|notes|quiz|test|"
                            r"results|amendment|tracking|program|questionnaire)\b", re.IGNORECASE)
_OFFICE = re.compile(r"\b(services|department|office|division|unit|board)\b", re.IGNORECASE)
_SALUTATION = re.compile(r"^\s*(dear\b|to whom it may concern)", re.IGNORECASE | re.MULTILINE)


def _office_only(line: str) -> bool:
    """An office's name ("Special Education and Student Services"), not a document it made ("School Health
    Office — Vision Screening Results", "Office Discipline Referral")."""
    office = _OFFICE.search(line)
    return office is not None and not _DOCUMENT_NOUN.search(line[office.end():])


def _named_line(text: str) -> str | None:
    """A short line near the top that names a kind of document: the form's or the report's own title."""
    for line in text.strip().splitlines()[:15]:
        line = line.strip()
        words = re.findall(r"[A-Za-z]{2,}", line)
        if (6 <= len(line) <= 90 and 2 <= len(words) <= 10 and _DOCUMENT_NOUN.search(line)
                and not line.endswith((".", ",", ":")) and not _office_only(line) and not _LETTERHEAD.search(line)
                and not _CONTACT.search(line) and not _FIELD_LINE.match(line) and not date_in_text(line)):
            return line
    return None


_SUBJECT_LINE = re.compile(r"^\s*re\s*:\s*(?P<subject>.{6,120})$", re.IGNORECASE | re.MULTILINE)


def _letter_title(text: str, author: tuple[str, str] | None) -> str | None:
    """A letter ("Dear …", "To Whom It May Concern") signed on the page: its "Re:" line when that says what the
    letter is ("Re: Request for an Independent Educational Evaluation"), else "Letter from" its signer."""
    head = "\n".join(text.splitlines()[:20])
    if author and _SALUTATION.search(head):
        subject = _SUBJECT_LINE.search(head)
        if subject and _DOCUMENT_NOUN.search(subject.group("subject")):
            return subject.group("subject").strip()
        return f"Letter from {author[0]}"
    return None


def title_from_name(name: str) -> str:
    stem = PurePath(name).stem
    stem = re.sub(r"[_]+", " ", stem)
    stem = re.sub(r"\s+", " ", stem).strip()
    return stem or name


def guess(extracted: Extracted, name: str) -> Guesses:
    text = extracted.pages[0].text if extracted.pages else ""
    all_text = "\n".join(page.text for page in extracted.pages[:3])
    result = Guesses()
    reasons = result.reasons
    if extracted.kind:
        result.kind = extracted.kind
        reasons["kind"] = "an email is correspondence"
    else:
        found = guess_kind(all_text)
        if found:
            result.kind, reasons["kind"] = found
            result.from_text.add("kind")
        else:
            reasons["kind"] = NO_KIND
    if extracted.sent:
        result.date = extracted.sent.date()  # a fact from the email's Date header, not a guess
    else:
        found_date = date_in_text(text)
        if found_date:
            result.date, reasons["date"] = found_date
            result.from_text.add("date")
        elif extracted.meta_date:
            result.date, reasons["date"] = extracted.meta_date, extracted.meta_date_reason
    found_author = None if extracted.sent else guess_author(text)
    agrees = bool(found_author and extracted.author and extracted.author.lower() in found_author[0].lower())
    if extracted.author and (extracted.sent or not found_author or agrees):
        # a sender is a fact; the file's properties (a login name, a front desk's account) lose to a page that
        # names someone else, and win, being cleaner, when the page names the same person ("…, School Psychologist")
        result.author = extracted.author
        if not extracted.sent:
            reasons["author"] = AUTHOR_FROM_PROPERTIES
    elif found_author:
        result.author, reasons["author"] = found_author
        result.from_text.add("author")
    found_source = guess_source(all_text, result.kind, extracted)
    if found_source:
        result.source, reasons["source"] = found_source
        result.from_text.add("source")
    if extracted.title and extracted.sent is not None:
        result.title = extracted.title  # an email's subject
    else:
        heading = _title_line(text, result.kind)
        letter = _letter_title(text, found_author)
        named = _named_line(text)
        first = _first_line(text)
        if heading:
            result.title, reasons["title"] = heading, "a heading on page 1"
            result.from_text.add("title")
        elif letter:  # the page's own words win over a file name or a program's properties
            result.title, reasons["title"] = letter, "a letter, signed on page 1"
            result.from_text.add("title")
        elif named:
            result.title, reasons["title"] = named, "the document's own title on page 1"
            result.from_text.add("title")
        elif extracted.title and not _junk_title(extracted.title):
            result.title, reasons["title"] = extracted.title, TITLE_FROM_PROPERTIES
        elif not _junk_title(title_from_name(name)) or not first:
            result.title, reasons["title"] = title_from_name(name), TITLE_FROM_NAME
        else:  # "scan0003", a template's name: the page's first line says more
            result.title, reasons["title"] = first, "the first line of page 1 (the file's name says nothing)"
            result.from_text.add("title")
    if extracted.kind == "correspondence" and not extracted.title:
        result.title = title_from_name(name)
    return result


ITEM_FIELDS = {"kind": "kind", "date": "doc_date", "author": "author", "source": "source", "title": "title"}


def reguess_from_text(item: Any, texts: list[str]) -> list[str]:
    """After OCR has read an item's pages: fill the fields that are still guesses from the new text.

    Fields a person has set are not guesses any more and are left alone. Returns the fields changed.
    """
    extracted = Extracted(media_type=item.media_type, pages=[PageText(t) for t in texts], meta=item.meta)
    fresh = guess(extracted, item.original_name)
    reasons = dict(item.guesses)
    changed = []
    for name in sorted(fresh.from_text):
        current = getattr(item, ITEM_FIELDS[name])
        if (name in reasons or not current) and fresh.reasons.get(name) != reasons.get(name):
            setattr(item, ITEM_FIELDS[name], getattr(fresh, name))
            reasons[name] = fresh.reasons[name] + " (read by OCR)"
            changed.append(name)
    item.guesses = reasons
    return changed

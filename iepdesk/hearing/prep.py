"""A prep sheet for a meeting, a mediation or a resolution session: one or two pages to bring, with the parent's
goal, each thing they ask for and the strongest evidence for it (quotes with the document and page), the
school's stated reasons for saying no with the rule and the record's answer to each, questions to ask, who will
be there, and a short list of what to do before and during the meeting."""

from __future__ import annotations

import datetime as dt
import io
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iepdesk.errors import UsageError
from iepdesk.resources import resource
from iepdesk.timeline.events import EventRecord
from iepdesk.vault import Vault

QUOTES_PER_ASK = 3
ANSWERS = 2  # quotes under each reason of the school's


@dataclass(frozen=True)
class Ask:
    text: str  # "An evaluation in reading and attention"
    criteria: tuple[str, ...] = ()  # the criteria whose evidence supports it (a group covers what is under it)


@dataclass(frozen=True)
class PrepRequest:
    event_id: int | None = None  # None: the next meeting, mediation or hearing on the calendar
    goal: str = ""
    asks: tuple[Ask, ...] = ()


@dataclass
class PrepResult:
    path: Path
    event: EventRecord
    quotes: int  # quotes given for the asks
    reasons: int  # the school's reasons answered
    missing: list[str] = field(default_factory=list)  # asks with no evidence yet

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "event_id": self.event.id, "event_date": self.event.date.isoformat(),
                "quotes": self.quotes, "reasons": self.reasons, "asks_without_evidence": self.missing}


def find_meeting(vault: Vault, event_id: int | None, today: dt.date | None = None) -> EventRecord:
    from iepdesk.timeline.events import MEETINGS, list_events, next_meeting

    if event_id is None:
        ahead = next_meeting(vault, today)
        if ahead is None:
            raise UsageError("No meeting, mediation or hearing is on the calendar. Add it first (Timeline ▸ Add "
                             "event; or iepdesk event add iep_meeting YYYY-MM-DD), then prepare for it.")
        return ahead
    found = next((e for e in list_events(vault, kinds=list(MEETINGS)) if e.id == event_id), None)
    if found is None:
        raise UsageError(f"Event {event_id} is not a meeting, mediation or hearing; 'iepdesk event list' shows "
                         "the events.")
    return found


def _questions(reasons: list[str]) -> list[str]:
    with open(resource("prep", "questions.toml"), "rb") as handle:
        data = tomllib.load(handle)
    asked = list(data.get("general", []))
    for reason in reasons:
        asked += data.get("denial", {}).get(reason, {}).get("questions", [])
    return asked


def make_prep(vault: Vault, out: Path, request: PrepRequest, today: dt.date | None = None,
              actor: str = "cli") -> PrepResult:
    """Write the prep sheet to ``out`` (a PDF) and keep its asks with the meeting, for recording what was decided
    about each after it (iepdesk.hearing.outcomes)."""
    from iepdesk.binder.assemble import _check_output
    from iepdesk.binder.collect import denial_answers, strongest_first
    from iepdesk.binder.model import PinCite, QuoteEntry
    from iepdesk.criteria.catalogue import load_catalogue
    from iepdesk.criteria.evidence import list_evidence
    from iepdesk.hearing.outcomes import add_asks
    from iepdesk.items import list_items

    out = Path(out)
    _check_output(out)
    event = find_meeting(vault, request.event_id, today)
    catalogue = load_catalogue(vault)
    for ask in request.asks:
        for criterion in ask.criteria:
            catalogue.get(criterion)  # an unknown id is named, with the command that lists them
    items = {i.id: i for i in list_items(vault)}
    evidence = [e for e in list_evidence(vault, statuses=("accepted",)) if e.item_id in items]
    sources = {i.id: i.source for i in items.values()}
    labels = _binder_labels(vault)
    document_of: dict[str, int] = {}  # a cite's label → its document

    def where(link: Any) -> PinCite | None:
        item = items.get(link.item_id)
        if item is None:
            return None
        label = (f"{labels[item.id]} " if item.id in labels else "") + _named(item)
        document_of[label] = item.id
        return PinCite(label, link.page, 0)

    rank = strongest_first(sources)
    asks = []
    for ask in request.asks:
        links = sorted((e for e in evidence if e.quote and any(e.criterion_id == c or e.criterion_id.startswith(
            c + ".") for c in ask.criteria)), key=rank)
        quotes = [QuoteEntry(cite, link.quote, None) for link in links if (cite := where(link))][:QUOTES_PER_ASK]
        asks.append((ask, quotes))
    reasons = denial_answers(evidence, catalogue, sources, where)
    cited: dict[int, set[int]] = {}  # the documents the sheet quotes, and their pages: the exhibits to bring
    for quote in [q for _a, quotes in asks for q in quotes] + [q for r in reasons for _e, q in r.answers[:ANSWERS]]:
        cited.setdefault(document_of[quote.cite.label], set()).update([quote.cite.page] if quote.cite.page else [])
    place = {item_id: n for n, item_id in enumerate(labels)}  # the binder's order; the rest after it
    bring = [_exhibit_line(items[i], labels.get(i), sorted(pages))
             for i, pages in sorted(cited.items(), key=lambda pair: (place.get(pair[0], len(place)), pair[0]))]
    pdf = _render(vault, event, request.goal, asks, reasons, _questions([r.criterion_id for r in reasons]),
                  _people(vault, event), bring)
    _write(out, pdf)
    add_asks(vault, event.id, [(a.text, a.criteria) for a in request.asks], actor)
    with vault.session() as session:
        Vault.record(session, "prep", f"Made a prep sheet for the {event.title} of {event.date}: {out.name}.",
                     actor=actor, detail={"event_id": event.id})
    return PrepResult(out.resolve(), event, sum(len(q) for _a, q in asks), len(reasons),
                      [a.text for a, q in asks if not q])


def _binder_labels(vault: Vault) -> dict[int, str]:
    """The exhibit labels of the last binder made (P-14), by document, in the binder's order."""
    from sqlalchemy import select

    from iepdesk.vault.models import Binder

    with vault.session() as session:
        row = session.scalars(select(Binder).order_by(Binder.id.desc()).limit(1)).first()
        return {int(e["item_id"]): str(e["label"]) for e in row.exhibits} if row else {}


def _named(item: Any) -> str:
    """“Neuropsychological Evaluation”, January 23, 2026"""
    from iepdesk.letters.compose import long_date

    return f"“{item.title}”" + (f", {long_date(item.date)}" if item.date else "")


def _exhibit_line(item: Any, label: str | None, pages: list[int]) -> str:
    where = (" (page " if len(pages) == 1 else " (pages ") + ", ".join(map(str, pages)) + ")" if pages else ""
    return f"{label}: {_named(item)}{where}" if label else f"{_named(item)}{where}: not in a binder yet"


def _people(vault: Vault, event: EventRecord) -> list[str]:
    from iepdesk.timeline.people import list_people

    known = {p.id: p for p in list_people(vault)}
    return [known[p].shown for p in event.people if p in known]


def _write(out: Path, pdf: bytes) -> None:
    import pymupdf

    from iepdesk.binder.assemble import BinderError, _save

    try:
        _save(pymupdf.open(stream=pdf, filetype="pdf"), out, len(pdf))
    except BinderError as error:
        raise BinderError(str(error).replace("the binder", "the prep sheet")) from error


def _where(cite: Any) -> str:
    """“Title”, March 13, 2026, p. 5."""
    return f"{cite.label}, p. {cite.page}" if cite.page else cite.label


def _recording_rule(vault: Vault, state: str | None) -> str:
    """What the child's state says about recording the meeting (its pack's [recording]), else the general advice."""
    from iepdesk.timeline.rules import load_rules

    rule = next((p.recording for p in reversed(load_rules(vault, state).packs) if p.recording), None) if state else None
    if rule is None:
        return ("If you want to record the meeting, tell the school in writing beforehand; some states and districts "
                "set rules for recording (your child's state, in Tools ▸ Your child and state…, may say more).")
    return f"Recording in {state}: {rule[0]} ({rule[1]})"


def _render(vault: Vault, event: EventRecord, goal: str, asks: list[tuple[Ask, list[Any]]], reasons: list[Any],
            questions: list[str], people: list[str], bring: list[str]) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.platypus import ListFlowable, ListItem, SimpleDocTemplate, Spacer

    from iepdesk.binder import fonts
    from iepdesk.binder.front.flowables import _Para
    from iepdesk.binder.front.text import INCH, _mk, _Styles
    from iepdesk.students import list_students
    from iepdesk.timeline.events import MEETINGS

    fonts.register()
    s = _Styles()
    child = next(iter(list_students(vault)), None)
    recording = _recording_rule(vault, child.state if child else None)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=0.8 * INCH, rightMargin=0.8 * INCH,
                            topMargin=0.7 * INCH, bottomMargin=0.7 * INCH, title="Prep sheet", creator="IEPDesk",
                            invariant=1, initialFontName=fonts.REGULAR)
    when = f"{event.date:%A, %B} {event.date.day}, {event.date.year}" + (f", {event.time}" if event.time else "")
    story: list[Any] = [_Para(f"Preparing for the {_mk(MEETINGS.get(event.kind, event.title).lower())}", s.heading),
                        _Para(f"{_mk(child.name) + ' · ' if child else ''}{_mk(when)}", s.cover_small), Spacer(1, 6)]

    def bullets(lines: list[str]) -> Any:
        return ListFlowable([ListItem(_Para(line, s.body), leftIndent=12) for line in lines], bulletType="bullet",
                            start="•", leftIndent=12)

    story += [_Para("My goal", s.subheading), _Para(_mk(goal) or "<i>Write in one sentence what success looks like "
                                                                  "when you leave the meeting.</i>", s.body)]
    story.append(_Para("What I am asking for, and the evidence", s.subheading))
    if not asks:
        story.append(_Para("<i>No asks given: say what you will ask for (an evaluation in named areas, an "
                           "independent evaluation, eligibility, services, accommodations).</i>", s.body))
    for number, (ask, quotes) in enumerate(asks, 1):
        story.append(_Para(f"<b>{number}. {_mk(ask.text)}</b>", s.body))
        for quote in quotes:
            story.append(_Para(f"“{_mk(quote.quote)}” — {_mk(_where(quote.cite))}", s.quote_note))
        if not quotes:
            story.append(_Para("No evidence tagged for this yet: tag the passages that support it first.", s.note))
    if reasons:
        story.append(_Para("What the school has said, and the answer", s.subheading))
        for reason in reasons:
            story.append(_Para(f"<b>{_mk(reason.title)}</b> — {_mk(reason.law)} <i>({_mk(reason.citation)})</i>",
                               s.body))
            for _element, quote in reason.answers[:ANSWERS]:
                story.append(_Para(f"“{_mk(quote.quote)}” — {_mk(_where(quote.cite))}", s.quote_note))
    story += [_Para("Questions to ask", s.subheading), bullets([_mk(q) for q in questions])]
    story += [_Para("Who will be there", s.subheading),
              _Para(_mk(", ".join(people)) if people else "<i>Ask the school before the meeting who will come and "
                    "in what role.</i>", s.body)]
    if bring:
        story += [_Para("Exhibits to bring", s.subheading), bullets([_mk(line) for line in bring])]
        if any(line.endswith("not in a binder yet") for line in bring):
            story.append(_Para("<i>Make a binder (File ▸ Make a binder…) and make this sheet again: the documents "
                               "then carry their exhibit numbers.</i>", s.note))
    story += [_Para("Before and during the meeting", s.subheading), bullets([
        "Bring someone with you: an advocate, or a friend to take notes while you talk.",
        _mk(recording),
        "Bring the binder (or the exhibits you cite here) and this sheet.",
        "Before you leave, read back each decision; ask for it in writing (prior written notice, 34 CFR 300.503). "
        "A decision said aloud only is hard to prove later.",
        "Afterwards, write down what was said the same day, and send the school a letter confirming it.",
    ])]
    story.append(_Para("Plain-language help, not legal advice. A parent advocate or an attorney can help; your "
                       "state's Parent Training and Information Center helps for free.", s.note))
    doc.build(story)
    return buffer.getvalue()

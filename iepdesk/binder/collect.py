"""What goes into a binder, in which order, and the facts its front matter reports: read from the vault."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import select

from iepdesk.binder.model import (
    ChronologyEntry,
    CommunicationEntry,
    CriterionSummary,
    DenialAnswer,
    ExhibitEntry,
    PinCite,
    QuoteEntry,
)
from iepdesk.binder.options import BinderOptions
from iepdesk.binder.plan import Plan
from iepdesk.criteria.catalogue import Catalogue
from iepdesk.criteria.coverage import group_rule, status_of
from iepdesk.criteria.evidence import EvidenceRecord, list_evidence
from iepdesk.errors import UsageError
from iepdesk.items import ItemRecord, list_items
from iepdesk.kinds import KINDS, SOURCES
from iepdesk.limits import MAX_LABEL_CHARS
from iepdesk.timeline.comms import communication_log
from iepdesk.timeline.events import EventRecord, list_events
from iepdesk.timeline.people import PersonRecord, list_people
from iepdesk.timeline.timeline import names
from iepdesk.vault import Vault
from iepdesk.vault.models import Student


@dataclass(frozen=True)
class Selection:
    items: list[ItemRecord]  # in binder order
    evidence: list[EvidenceRecord]  # accepted links of those items
    child: str
    school: str | None


def _under(criterion_id: str, roots: tuple[str, ...]) -> bool:
    return any(criterion_id == r or criterion_id.startswith(r + ".") for r in roots)


def select_items(vault: Vault, options: BinderOptions, catalogue: Catalogue) -> Selection:
    for root in options.criteria:
        catalogue.get(root)
    items = [_labelled(item) for item in list_items(vault, student_id=options.student_id)]
    if options.disclosure:
        items = [confirmed(item) for item in items]
    evidence = list_evidence(vault, statuses=("accepted",))
    if options.item_ids:
        known = {i.id: i for i in items}
        missing = [str(i) for i in options.item_ids if i not in known]
        if missing:
            raise UsageError(f"These documents are not in the vault (or are in the Trash): {', '.join(missing)}.")
        items = [known[i] for i in options.item_ids]
    if options.criteria:
        tagged = {e.item_id for e in evidence if _under(e.criterion_id, options.criteria)}
        items = [i for i in items if i.id in tagged]
    if options.date_from:
        items = [i for i in items if i.date and i.date >= options.date_from]
    if options.date_to:
        items = [i for i in items if i.date and i.date <= options.date_to]
    if not items:
        raise UsageError("No documents match this selection, so there is nothing to put in a binder. "
                         "Widen the selection (criteria, documents or dates).")
    items = _ordered(items, evidence, options, catalogue)
    chosen = {i.id for i in items}
    with vault.session() as session:
        query = select(Student)
        if options.student_id is not None:
            query = query.where(Student.id == options.student_id)
        student = session.scalars(query.order_by(Student.id)).first()
    child = student.name if student else "Student"
    return Selection(items, [e for e in evidence if e.item_id in chosen], child, student.school if student else None)


def label(text: str) -> str:
    """Text as the binder's own pages show it (contents, index, logs, slipsheets, bookmarks, messages): at most
    MAX_LABEL_CHARS; a longer one (a subject that never ends) is cut and ends in "…"."""
    if len(text) <= MAX_LABEL_CHARS:
        return text
    return text[: MAX_LABEL_CHARS - 1].rstrip() + "…"


def _labelled(item: ItemRecord) -> ItemRecord:
    fields = {"title": item.title, "author": item.author, "recipients": item.recipients, "cc": item.cc}
    if all(len(value or "") <= MAX_LABEL_CHARS for value in fields.values()):
        return item
    return replace(item, title=label(item.title), author=label(item.author) if item.author else item.author,
                   recipients=label(item.recipients) if item.recipients else item.recipients,
                   cc=label(item.cc) if item.cc else item.cc)


def _weak(item: ItemRecord) -> set[str]:
    """The fields of a document's description that are guesses from outside its own words (its file name, a
    program's properties) or from nothing, and no person has confirmed."""
    from iepdesk.ingest.guess import WEAK

    return {f for f in ("title", "kind", "author") if item.guesses.get(f) in WEAK}


def confirmed(item: ItemRecord) -> ItemRecord:
    """The document as a disclosure copy describes it: what a person confirmed or wrote, or what the document
    says of itself (a heading, a signature, an email's headers). A title, kind or author guessed from its file
    name, a program's properties or nothing is left out ("Document"), so a wrong guess ("scan0003", a template's
    title, the front desk as the author) never reaches the school or the hearing officer."""
    guessed = _weak(item)
    if not guessed:
        return item
    return replace(item, title="Document" if "title" in guessed else item.title,
                   kind="other" if "kind" in guessed else item.kind,
                   author=None if "author" in guessed else item.author)


def unconfirmed(items: list[ItemRecord]) -> list[ItemRecord]:
    """The documents a disclosure copy describes only in part (see confirmed)."""
    return [i for i in items if _weak(i)]


def _date_key(item: ItemRecord) -> tuple[bool, dt.date, int]:
    return (item.date is None, item.date or dt.date.max, item.id)


def _ordered(items: list[ItemRecord], evidence: list[EvidenceRecord], options: BinderOptions,
             catalogue: Catalogue) -> list[ItemRecord]:
    if options.order == "manual":
        return items
    if options.order == "kind":
        rank = {kind: n for n, kind in enumerate(KINDS)}
        return sorted(items, key=lambda i: (rank.get(i.kind, len(rank)), *_date_key(i)))
    if options.order == "criterion":
        position = {cid: n for n, cid in enumerate(catalogue.criteria)}
        first: dict[int, int] = {}
        for link in evidence:
            spot = position.get(link.criterion_id, len(position))
            first[link.item_id] = min(first.get(link.item_id, spot), spot)
        return sorted(items, key=lambda i: (first.get(i.id, len(position) + 1), *_date_key(i)))
    return sorted(items, key=_date_key)


def exhibit_entries(selection: Selection, plan: Plan) -> list[ExhibitEntry]:
    entries = []
    for item in selection.items:
        planned = plan.exhibit(item.id)
        if planned is None:
            continue
        entries.append(ExhibitEntry(
            label=planned.label, item_id=item.id, title=item.title, date=item.date,
            kind=KINDS.get(item.kind, item.kind), source=SOURCES.get(item.source or "", "—"), author=item.author,
            recipients=item.recipients, pages=planned.pages, first_page=planned.first_page,
            last_page=planned.last_page, bates_first=plan.bates_of(planned, 1),
            bates_last=plan.bates_of(planned, planned.pages), sha256=item.sha256, original_name=item.original_name,
        ))
    return entries


def cite(plan: Plan, link: EvidenceRecord) -> PinCite | None:
    """Where a link is in the binder, cited by the exhibit's printed page ("P-14 at 2"): for an item IEPDesk laid
    out itself (an email), a quote is found on the printed page it lands on, which may come after the page
    where the item's own page begins."""
    planned = plan.exhibit(link.item_id)
    if planned is None:
        return None
    page = link.page if link.page else None
    if page is None:
        return PinCite(planned.label, None, planned.first_page)
    body = planned.body_page(page)
    texts = plan.printed.get(link.item_id)
    if texts and link.quote:
        first = body - planned.first_page
        end = planned.starts[page] - 1 if page < len(planned.starts) else planned.pages
        wanted = _words(link.quote)[:80]
        found = next((i for i in range(first, min(end, len(texts))) if wanted in _words(texts[i])), None)
        if found is not None:
            body = planned.first_page + found
    return PinCite(planned.label, body - planned.first_page + 1, body)


def _words(text: str) -> str:
    return " ".join(text.split()).lower()


def criteria_summaries(selection: Selection, plan: Plan, catalogue: Catalogue,
                       sources: dict[int, str | None], disclosure: bool = False) -> list[CriterionSummary]:
    """Each element with evidence: its cites and quotes (and, but for a disclosure copy, the parent's notes)."""
    by_criterion: dict[str, list[EvidenceRecord]] = defaultdict(list)
    for link in selection.evidence:
        if link.criterion_id in catalogue.criteria:
            by_criterion[link.criterion_id].append(link)
    summaries = []
    for criterion in catalogue.criteria.values():  # catalogue order: the law's order
        links = by_criterion.get(criterion.id)
        if not links:
            continue
        cites = [c for c in (cite(plan, link) for link in links) if c is not None]
        unique = tuple(dict.fromkeys(cites))
        quotes = tuple(QuoteEntry(c, link.quote, None if disclosure else link.note) for link in links
                       if (c := cite(plan, link)) is not None and (link.quote or (link.note and not disclosure)))
        documents = {link.item_id for link in links}
        status = status_of(len(documents), {s for i in documents if (s := sources.get(i))})
        parent = catalogue.criteria.get(criterion.parent_id or "")
        rule = group_rule(catalogue, parent.id) if parent else ""
        group = (f"{parent.title} ({rule})" if rule else parent.title) if parent else criterion.pack
        summaries.append(CriterionSummary(criterion.id, criterion.title, criterion.citation, status, group, unique,
                                          quotes))
    return summaries


_STRENGTH = {"strong": 0, "moderate": 1, None: 2, "weak": 3}
ANSWERS_SHOWN = 4  # quotes that answer one reason


def _first_sentence(text: str) -> str:
    words = " ".join(text.split())
    end = re.search(r"(?<=[a-z0-9)”\"])\.\s", words)
    return words[: end.start() + 1] if end else words


def strongest_first(sources: dict[int, str | None]) -> Callable[[EvidenceRecord], tuple[int, int, int]]:
    """The order quotes are offered in: the strongest first, and among equals the school's own words first (what
    the school wrote itself is the hardest for it to dispute), then the highest scored."""
    def rank(link: EvidenceRecord) -> tuple[int, int, int]:
        return (_STRENGTH.get(link.strength, 2), 0 if sources.get(link.item_id) == "school" else 1,
                -(link.score or 0))

    return rank


def denial_answers(evidence: list[EvidenceRecord], catalogue: Catalogue, sources: dict[int, str | None],
                   cite: Callable[[EvidenceRecord], PinCite | None]) -> list[DenialAnswer]:
    """Each reason the school gave for saying no that the record shows (evidence tagged to a denial), with the
    law's answer and the quotes that answer it, strongest first; ``cite`` says where a quote is (a binder's pin
    cite, or a document's title and page)."""
    by_criterion: dict[str, list[EvidenceRecord]] = defaultdict(list)
    for link in evidence:
        by_criterion[link.criterion_id].append(link)
    rank = strongest_first(sources)
    found = []
    for criterion in catalogue.criteria.values():
        said = by_criterion.get(criterion.id) if criterion.type == "denial" else None
        if not said:
            continue
        answering = sorted((link for answer in criterion.answers for link in by_criterion.get(answer, [])
                            if link.quote), key=rank)
        answers = tuple((catalogue.criteria[link.criterion_id].title, QuoteEntry(where, link.quote, None))
                        for link in answering if (where := cite(link)) is not None)[:ANSWERS_SHOWN]
        found.append(DenialAnswer(criterion.id, criterion.title, criterion.says, criterion.citation,
                                  _first_sentence(criterion.description),
                                  tuple(QuoteEntry(c, link.quote, None) for link in sorted(said, key=rank)
                                        if (c := cite(link)) is not None),
                                  answers))
    return found


def _student(selection: Selection) -> int | None:
    """The child the binder is about, when its documents are all about one child."""
    students = {i.student_id for i in selection.items if i.student_id is not None}
    return students.pop() if len(students) == 1 else None


def _event_text(event: EventRecord, people: dict[int, PersonRecord]) -> str:
    who = ", ".join(names(event, people))
    text = event.label + (f" ({event.outcome_label})" if event.outcome_label else "")
    text += f", with {who}" if who else ""
    return text + (f": {event.note}" if event.note else "")


def chronology(selection: Selection, plan: Plan, vault: Vault | None = None) -> list[ChronologyEntry]:
    """Documents in the binder and (given the vault) the case's events, in date order. An event recorded on the
    day of the document that shows it shares that document's line."""
    def cite_of(item_id: int | None) -> PinCite | None:
        planned = plan.exhibit(item_id) if item_id is not None else None
        return PinCite(planned.label, None, planned.first_page) if planned else None

    def describe(item: ItemRecord) -> str:
        who = f" ({item.author})" if item.author else ""
        return f"{KINDS.get(item.kind, item.kind)}: {item.title}{who}"

    items = {i.id: i for i in selection.items}
    merged: dict[int, str] = {}
    rows: list[tuple[tuple[bool, dt.date, int], ChronologyEntry]] = []
    if vault is not None:
        student = _student(selection)
        people = {p.id: p for p in list_people(vault)}
        for event in list_events(vault, student_id=student):
            text = _event_text(event, people)
            item = items.get(event.item_id) if event.item_id is not None else None
            if item is not None and item.date == event.date and item.id not in merged:
                merged[item.id] = f"{text} — {describe(item)}"
                continue
            rows.append(((False, event.date, 0), ChronologyEntry(event.date, text, cite_of(event.item_id))))
    for item in sorted(selection.items, key=_date_key):
        description = merged.get(item.id) or describe(item)
        rows.append(((item.date is None, item.date or dt.date.max, 1), ChronologyEntry(item.date, description,
                                                                                       cite_of(item.id))))
    return [entry for _key, entry in sorted(rows, key=lambda r: r[0])]


def communications(selection: Selection, plan: Plan, vault: Vault | None = None) -> list[CommunicationEntry]:
    """The communication log: the binder's correspondence and (given the vault) the events that are
    communications, with the response due and received (iepdesk.timeline.comms)."""
    def cite_of(item_id: int | None) -> PinCite | None:
        planned = plan.exhibit(item_id) if item_id is not None else None
        return PinCite(planned.label, None, planned.first_page) if planned else None

    if vault is None:
        return [CommunicationEntry(i.date, i.author or "—", i.recipients or "—", i.title, cite_of(i.id))
                for i in sorted(selection.items, key=_date_key) if i.kind == "correspondence"]
    log = communication_log(vault, student_id=_student(selection), item_ids={i.id for i in selection.items})
    return [CommunicationEntry(c.date, label(c.sender), label(c.recipients), label(c.subject), cite_of(c.item_id),
                               c.response_due, c.response_received) for c in log]

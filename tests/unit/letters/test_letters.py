"""Letters on the demo case: drafted from the vault, one clean page each, refused while a field is missing,
filed as correspondence with a proof of delivery and the event that starts the matching clock."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from iepdesk.demo import build_demo
from iepdesk.errors import UsageError
from iepdesk.items import get_item, list_items
from iepdesk.letters.compose import draft
from iepdesk.letters.file import attach_proof, clocks_started, send
from iepdesk.letters.parent import parents, set_parent
from iepdesk.letters.render import LetterError, render
from iepdesk.letters.templates import load_templates
from iepdesk.students import add_student
from iepdesk.timeline.comms import communication_log
from iepdesk.timeline.events import list_events
from iepdesk.timeline.people import add_person
from iepdesk.timeline.proposals import suggest_events
from iepdesk.timeline.timeline import build_timeline
from iepdesk.vault import Vault
from tests.fixtures import docs

TODAY = dt.date(2026, 3, 2)
# What a parent types for each letter's own fields (the rest comes from the vault).
TYPED: dict[str, dict[str, str]] = {
    "evaluation-request": {"concerns": "Sam needs redirection about every five minutes in class.\n"
                                       "- Homework meant to take 30 minutes takes two hours.\n"
                                       "- His reading fluency is below the 10th percentile."},
    "iee-request": {},
    "records-request": {},
    "pwn-request": {"decision": "to find Sam not eligible for special education"},
    "meeting-request": {"topics": "- the private neuropsychological evaluation of January 2026\n- reading support",
                        "availability": "on weekdays after 3:00 p.m."},
    "conversation-confirmation": {"summary": "You told me that the school does not write IEPs for ADHD and that "
                                             "we should wait until the end of the trimester."},
    "records-follow-up": {},
    "hearing-disclosure": {"hearing_date": "2026-04-14",
                           "enclosed": "- the exhibit list: P-1 to P-3, 12 pages\n- the witness list"},
}


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("letters") / "vault"
    build_demo(path, ocr=False)
    return path


@pytest.fixture
def demo(demo_source: Path, tmp_path: Path) -> Iterator[Vault]:
    copy = tmp_path / "vault"
    shutil.copytree(demo_source, copy)
    with Vault.open(copy) as vault:
        yield vault


@pytest.fixture
def signed(demo: Vault) -> Vault:
    set_parent(demo, "Dana Rivera", address="418 Linden Court; Maple Grove, CA 95999", phone="(555) 014-7731",
               email="dana.rivera@example.com")
    return demo


def pdf_text(pdf: bytes) -> tuple[int, str]:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return doc.page_count, " ".join(" ".join(page.get_text() for page in doc).replace("\u00a0", " ").split())


def embedded(pdf: bytes) -> list[tuple[str, bool]]:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [(font[3], font[1] != "n/a") for page in doc for font in page.get_fonts()]


def test_parent_profile_is_a_person_with_the_role_parent(demo: Vault) -> None:
    person, added = set_parent(demo, "Dana Rivera", address="418 Linden Court; Maple Grove, CA 95999",
                               email="dana.rivera@example.com")
    assert added and person.role == "parent" and person.notes == "418 Linden Court\nMaple Grove, CA 95999"
    again, added = set_parent(demo, "dana rivera", phone="(555) 014-7731")
    assert not added and again.id == person.id and again.phone == "(555) 014-7731" and again.notes == person.notes
    assert [p.id for p in parents(demo)] == [person.id]


@pytest.mark.parametrize("template_id", list(TYPED))
def test_every_letter_renders_one_clean_page_from_the_demo_vault(signed: Vault, template_id: str) -> None:
    template = load_templates()[template_id]
    letter = draft(signed, template_id, TYPED[template_id], today=TODAY)
    assert letter.missing == [], letter.missing
    pdf = render(letter)
    pages, text = pdf_text(pdf)
    assert pages == 1
    assert "Sam Rivera" in text and "May 12, 2016" in text and "Birchwood Elementary School" in text
    recipient = {"evaluation-request": "Marcus Bell", "iee-request": "Thomas Greer", "records-request": "Marcus Bell",
                 "pwn-request": "Thomas Greer", "meeting-request": "Thomas Greer",
                 "conversation-confirmation": "Marcus Bell", "hearing-disclosure": "Rachel Dunmore",
                 "records-follow-up": "Marcus Bell"}[template_id]
    assert f"Dear {recipient}:" in text  # the usual recipient, from the people of the case
    for citation in template.citations:
        assert citation in text
    assert "Dana Rivera" in text and "418 Linden Court" in text and "March 2, 2026" in text
    assert "Sincerely," in text and "Parent of Sam Rivera" in text and "[" not in text
    assert all(is_embedded for _name, is_embedded in embedded(pdf)), embedded(pdf)
    assert render(letter) == pdf  # the same draft gives the same bytes (the preview is what is filed)


def test_fields_come_from_the_vault(signed: Vault) -> None:
    iee = draft(signed, "iee-request", today=TODAY)
    assert iee.value("evaluation") == "“Psychoeducational Evaluation Report”, dated November 14, 2025"
    assert {f.key: f.origin for f in iee.fields}["evaluation"] == "vault"
    pwn = draft(signed, "pwn-request", today=TODAY)
    assert pwn.value("decision_date") == "November 20, 2025"  # the eligibility meeting
    assert pwn.missing == ["What the district decided"]
    records = draft(signed, "records-request", {"date": "2026-03-04"}, to="Thomas Greer", cc=["Jennifer Ortiz"],
                    exhibits=[1], today=TODAY)
    assert records.value("date") == "March 4, 2026"
    assert records.value("recipient_title") == "LEA representative"
    assert records.value("cc") == "Jennifer Ortiz (school psychologist)"
    assert records.value("enclosures").startswith(get_item(signed, 1).title)
    assert "notes of meetings about Sam;" in records.body  # a default that uses other fields
    _pages, text = pdf_text(render(records))
    assert "cc: Jennifer Ortiz" in text and "Enclosures:" in text and "Dear Thomas Greer:" in text


def test_a_missing_field_is_named_and_nothing_is_rendered(demo: Vault, tmp_path: Path) -> None:
    letter = draft(demo, "evaluation-request", today=TODAY)  # no parent yet, no concerns typed
    assert letter.missing == ["Your name", "Your postal address", "Your concerns"]
    assert "[Your concerns]" in letter.body and letter.notes
    with pytest.raises(LetterError, match="fill in Your name, Your postal address, Your concerns"):
        render(letter)
    with pytest.raises(LetterError, match="not ready"):
        send(demo, letter, sent_on=TODAY, delivery="email")
    assert not [i for i in list_items(demo) if i.kind == "correspondence" and i.title.startswith("Request for an")]
    cleared = draft(demo, "evaluation-request", {"parent_name": "Dana Rivera", "parent_address": "1 Main St",
                                                 "concerns": "Reading.", "school": ""}, today=TODAY)
    assert cleared.missing == ["Your child's school"]  # an empty text stays empty


def test_an_edited_body_is_used_and_judged_by_its_own_words(signed: Vault) -> None:
    letter = draft(signed, "evaluation-request", today=TODAY)
    assert letter.missing == ["Your concerns"]
    edited = letter.with_body(letter.body.replace("[Your concerns]", "Sam cannot read his homework alone."))
    assert edited.missing == [] and edited.edited
    _pages, text = pdf_text(render(edited))
    assert "Sam cannot read his homework alone." in text


def test_unknown_fields_and_people_are_usage_errors(signed: Vault) -> None:
    with pytest.raises(UsageError, match="has no field 'colour'"):
        draft(signed, "records-request", {"colour": "red"})
    with pytest.raises(UsageError, match="matches nobody"):
        draft(signed, "records-request", to="Nobody Atall")
    with pytest.raises(UsageError, match="There is no letter 'thank-you'"):
        draft(signed, "thank-you")


def test_a_letter_too_long_for_one_page_says_what_to_shorten(signed: Vault) -> None:
    long = "\n\n".join(["Sam struggles with reading, writing and attention every single day at school. " * 6] * 8)
    letter = draft(signed, "evaluation-request", {"concerns": long}, today=TODAY)
    with pytest.raises(LetterError, match=r"does not fit on one page .*shorten “Your concerns” \(now \d+ words\)"):
        render(letter)
    assert pdf_text(render(letter, max_pages=3))[0] > 1


def test_send_files_the_letter_with_its_proof_and_starts_the_records_clock(signed: Vault, tmp_path: Path) -> None:
    receipt = docs.phone_photo(tmp_path / "receipt.jpg", "USPS Certified Mail Receipt")
    letter = draft(signed, "records-request", {"delivery": "certified mail"}, cc=["Thomas Greer"], today=TODAY)
    sent_on, later = dt.date(2026, 3, 3), dt.date(2026, 3, 4)
    item, event = send(signed, letter, sent_on=sent_on, delivery="certified mail", proof=receipt, today=later)
    assert event.warnings == ()
    assert (item.kind, item.source, item.origin, item.date, item.pages) == (
        "correspondence", "parent", "letter", sent_on, 1)
    assert item.title == "Request to review and copy the education records of Sam Rivera"
    assert item.author == "Dana Rivera" and item.recipients == "Marcus Bell (principal)"
    pdf = signed.blobs.read(item.sha256)
    pages, text = pdf_text(pdf)
    assert pages == 1 and "34 CFR 300.613" in text and "By certified mail" in text and pdf == render(letter)
    proof = [i for i in list_items(signed) if i.parent_id == item.id]
    assert len(proof) == 1 and proof[0].kind == "other" and proof[0].media_type == "image/jpeg"
    assert proof[0].title == "Proof of delivery (certified mail): " + item.title
    assert signed.blobs.read(proof[0].sha256) == receipt.read_bytes()
    assert (event.kind, event.date, event.item_id, event.origin) == ("records_requested", sent_on, item.id, "letter")
    assert set(event.people) == {letter.recipient_id, *letter.cc_ids}
    clocks = clocks_started(signed, event, later)
    assert [(c.rule.id, c.due) for c in clocks] == [("records-request", sent_on + dt.timedelta(days=45))]
    timeline = build_timeline(signed, today=later)
    mine = [c for c in timeline.deadlines if c.start.id == event.id]
    assert mine and mine[0].due == dt.date(2026, 4, 17) and mine[0].status == "open"
    assert not [p for p in suggest_events(signed) if p.item_id == item.id]  # the event is recorded already
    rows = [r for r in communication_log(signed, today=later) if r.item_id in (item.id, proof[0].id)]
    assert [(r.item_id, r.channel, r.response_due, r.sender) for r in rows] == [
        (item.id, "letter", dt.date(2026, 4, 17), "Dana Rivera")]  # the receipt is not a message
    with pytest.raises(UsageError, match=f"already filed as item {item.id}"):
        send(signed, letter, sent_on=sent_on, delivery="certified mail")


def test_an_evaluation_request_starts_its_clock_and_other_letters_record_an_event(signed: Vault) -> None:
    letter = draft(signed, "evaluation-request", TYPED["evaluation-request"], today=TODAY)
    item, event = send(signed, letter, sent_on=TODAY, delivery="email", today=TODAY)
    assert event.kind == "request_for_evaluation" and event.item_id == item.id
    assert [c.rule.id for c in clocks_started(signed, event, TODAY)] == ["evaluation-request-answer"]
    iee = draft(signed, "iee-request", today=TODAY)
    _item, event = send(signed, iee, sent_on=TODAY, delivery="hand delivered", today=TODAY)
    assert [c.rule.id for c in clocks_started(signed, event, TODAY)] == ["iee-answer"]
    meeting = draft(signed, "meeting-request", TYPED["meeting-request"], today=TODAY)
    _item, event = send(signed, meeting, sent_on=TODAY, delivery="email", today=TODAY)
    assert (event.kind, event.title) == ("other", "IEP meeting requested (letter)")
    assert clocks_started(signed, event, TODAY) == []
    assert len([e for e in list_events(signed) if e.origin == "letter"]) == 3


def test_a_proof_that_comes_later_is_attached_to_the_letter(signed: Vault, tmp_path: Path) -> None:
    letter = draft(signed, "records-request", today=TODAY)
    item, _event = send(signed, letter, sent_on=TODAY, delivery="certified mail", today=TODAY)
    card = docs.text_pdf(tmp_path / "green card.pdf", ["Domestic Return Receipt\nSigned: M. Bell, March 5, 2026"])
    proof = attach_proof(signed, item.id, card)
    assert proof.parent_id == item.id and proof.pages == 1 and "certified mail" in proof.title
    with pytest.raises(UsageError, match="is not a letter filed by IEPDesk"):
        attach_proof(signed, proof.id, card)
    other, _event = send(signed, draft(signed, "iee-request", today=TODAY), sent_on=TODAY, delivery="mail",
                         today=TODAY)
    with pytest.raises(UsageError, match=f"already in the vault as item {proof.id}.*attached to item {item.id}"):
        attach_proof(signed, other.id, card)  # the green card proves the first letter's delivery already


def test_a_name_in_cjk_prints(vault: Vault) -> None:
    add_student(vault, "李小明", birth_date=dt.date(2015, 3, 8), school="Oak Park Elementary", grade="5")
    add_person(vault, "김민준", role="principal", organisation="Oak Park Elementary")
    set_parent(vault, "王秀英 (Wang Xiuying)", address="22 Willow Way; Oak Park, IL 60301")
    letter = draft(vault, "records-request", today=TODAY)
    assert letter.missing == []
    pdf = render(letter)
    pages, text = pdf_text(pdf)
    assert pages == 1
    for name in ("李小明", "김민준", "王秀英"):
        assert name in text
    fonts = embedded(pdf)
    assert all(ok for _name, ok in fonts) and any("Droid" in name or "Fallback" in name for name, _ok in fonts), fonts


def test_a4_paper_gives_an_a4_page(signed: Vault) -> None:
    letter = draft(signed, "meeting-request", TYPED["meeting-request"], paper="a4", today=TODAY)
    with pymupdf.open(stream=render(letter), filetype="pdf") as doc:
        assert doc.page_count == 1 and round(doc[0].rect.width) == 595 and round(doc[0].rect.height) == 842
    with pytest.raises(UsageError, match="not a paper size"):
        draft(signed, "meeting-request", paper="legal")


@pytest.mark.parametrize(("name", "role", "greeted"), [
    ("Ms. Karen Holloway", "teacher", "Ms. Holloway"), ("mrs Ana de la Cruz", "other", "Mrs. Cruz"),
    ("Dr. Alan Kessler", "doctor", "Dr. Kessler"), ("Alan Kessler", "doctor", "Dr. Kessler"),
    ("Karen Holloway", "teacher", "Karen Holloway"), ("Mr.", "other", "Mr."), ("", "other", ""),
])
def test_the_greeting_uses_the_title_the_parent_gave(name: str, role: str, greeted: str) -> None:
    from iepdesk.letters.compose import greeting

    assert greeting(name, role) == greeted


def test_a_letter_to_a_person_with_a_title_greets_them_by_it(signed: Vault) -> None:
    ms = add_person(signed, "Ms. Rosa Lindqvist", role="case_manager")
    letter = draft(signed, "meeting-request", TYPED["meeting-request"], to=ms.id, today=TODAY)
    assert letter.value("salutation") == "Dear Ms. Lindqvist:"


def test_a_letter_cites_the_law_of_the_childs_state_where_it_sets_the_clock(signed: Vault) -> None:
    from iepdesk.students import list_students, update_student

    child = list_students(signed)[0].id
    federal = draft(signed, "records-request", TYPED["records-request"], today=TODAY).text
    assert "in no case more than 45 calendar days after it receives this letter (34 CFR 300.613(a)" in federal
    update_student(signed, child, state="CA")
    california = draft(signed, "records-request", TYPED["records-request"], today=TODAY)
    assert "5 business days after it receives this letter (Cal. Ed. Code 56504)" in california.text
    assert "34 CFR 300.613" in california.text  # the federal right is still the ground of the request
    assert render(california)  # still one clean page
    assert "The law gives the district 15 calendar days, not counting breaks of 6 or more school days, from " \
           "receiving this letter to answer it (Cal. Ed. Code 56321(a), 56043(a))." in \
           draft(signed, "evaluation-request", TYPED["evaluation-request"], today=TODAY).text
    update_student(signed, child, state=None)
    assert "The law gives" not in draft(signed, "evaluation-request", TYPED["evaluation-request"], today=TODAY).text
    update_student(signed, child, state="TX")
    texas = draft(signed, "evaluation-request", TYPED["evaluation-request"], today=TODAY).text
    assert "The law gives the district 15 school days from receiving this letter to answer it " \
           "(19 Tex. Admin. Code 89.1011(b))." in texas

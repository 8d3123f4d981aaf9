from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from iepdesk.ingest.extracted import Extracted, PageText
from iepdesk.ingest.guess import KIND_RULES, date_in_text, guess, guess_kind, required_text
from iepdesk.ingest.sniff import sniff
from tests.conftest import needs_tesseract


def _guess(text: str, name: str = "scan.pdf", **fields: object) -> object:
    return guess(Extracted(media_type="application/pdf", pages=[PageText(text)], **fields), name)


def test_a_birth_date_is_never_the_document_date() -> None:
    found = date_in_text("Student: Sam\nDOB: 05/12/2016\nDate of Birth: May 12, 2016\nMeeting on 11/20/2025")
    assert found is not None and found[0] == dt.date(2025, 11, 20)


def test_a_labelled_date_beats_an_earlier_plain_one() -> None:
    found = date_in_text("Testing dates: 9/30/2025, 10/2/2025\nDate of Report: October 14, 2025")
    assert found is not None and found[0] == dt.date(2025, 10, 14) and "Date of Report" in found[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prior Written Notice\nAction proposed or refused: refuses to develop an IEP", "prior_written_notice"),
        ("Neuropsychological Evaluation\nTests administered: WISC-V, CTOPP-2", "evaluation"),
        ("RTI Progress Monitoring Report\nWords correct per minute by week; aimline", "progress_data"),
        ("Standards-Based Report Card\nTrimester 1 grading period", "report_card"),
        ("Individualized Education Program\nAnnual goals", "iep_504"),
        ("Meeting notes\nAttendees: parent, teacher, principal", "meeting_notes"),
    ],
)
def test_kinds_from_the_words_on_the_page(text: str, expected: str) -> None:
    found = guess_kind(text)
    assert found is not None and found[0] == expected


def test_the_text_a_kind_phrase_needs_is_in_every_match() -> None:
    """guess_kind skips a phrase whose required piece is not in the text: the piece must be in every match."""
    assert required_text(r"\bquiz\b") == "quiz"
    assert required_text(r"tests? administered") == " administered"
    assert required_text(r"psycho-?educational") == "educational"
    assert required_text(r"individuali[sz]ed education (program|plan)") == "ed education "
    assert required_text(r"(?m)^\s*present\s*:") == "present"
    assert required_text(r"reading|writing") == ""
    labelled = Path(__file__).parents[1] / "data" / "guesses" / "documents.toml"
    texts = ["\n".join(doc["pages"]).lower() for doc in tomllib.loads(labelled.read_text("utf-8"))["document"]]
    matched = 0
    for phrases in KIND_RULES.values():
        for phrase in phrases:
            needed = required_text(phrase)
            for text in texts:
                for match in re.finditer(phrase, text):
                    matched += 1
                    assert needed in match.group(0), (phrase, needed, match.group(0))
    assert matched > 50


def test_nothing_recognisable_stays_other_and_says_so() -> None:
    result = _guess("Lorem ipsum dolor sit amet", name="IMG_0001.jpg")
    assert result.kind == "other" and "nothing in the text" in result.reasons["kind"]
    # a camera's file name says nothing: the page's first line is the title
    assert result.title == "Lorem ipsum dolor sit amet" and "the file's name says nothing" in result.reasons["title"]
    assert _guess("Lorem ipsum dolor sit amet", name="Sam homework week 6.jpg").title == "Sam homework week 6"


def test_a_template_title_and_a_front_desk_account_lose_to_the_page() -> None:
    from iepdesk.ingest.extracted import Extracted, PageText
    from iepdesk.ingest.guess import guess

    letter = Extracted(media_type="application/pdf", title="ADHD school letter template", author="MGPG Front Desk",
                       pages=[PageText("Maple Grove Pediatric Group\n12 Oak Street | (555) 010-2000\n\nOctober 8, "
                                       "2025\n\nTo whom it may concern:\n\nSam Rivera is my patient.\n\n"
                                       "Sincerely,\nAlan Kessler, M.D.\n")])
    found = guess(letter, "kessler letter.pdf")
    assert found.author == "Alan Kessler, M.D." and found.title == "Letter from Alan Kessler, M.D."
    assert found.reasons["title"] == "a letter, signed on page 1"
    consent = Extracted(media_type="application/pdf", pages=[PageText("Parent Consent for Initial Evaluation\n"
                                                                      "Date: October 2, 2025\n")])
    assert guess(consent, "scan0003.pdf").title == "Parent Consent for Initial Evaluation"


def test_emails_take_their_source_from_addresses() -> None:
    email = {"email": {"from_address": "dana@example.com"}}
    to_school = _guess("Please evaluate Sam.", meta=email, recipients="lortiz@maplegrove.k12.example",
                       kind="correspondence")
    assert to_school.source == "parent"
    from_school = _guess("We will review.", meta={"email": {"from_address": "kbell@maplegrove.k12.example"}},
                         kind="correspondence")
    assert from_school.source == "school"


def test_an_independent_evaluation_and_a_doctors_letter() -> None:
    assert _guess("Neuropsychological Evaluation\nBright Path Neuropsychology Associates, PLLC").source == "independent"
    letter = _guess("Maple Grove Pediatrics Group\nAlan Kessler, M.D. | (555) 014-5120\nDiagnosis: ADHD",
                    name="Dr Kessler letter.pdf")
    assert (letter.kind, letter.source, letter.title) == ("medical", "medical", "Dr Kessler letter")


def test_sniff_trusts_content_over_the_name() -> None:
    assert sniff(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "photo.pdf")[0] == "image"
    assert sniff(b"From: a@b.example\nSubject: hi\n\nbody", "message.txt")[0] == "text"
    assert sniff(b"From: a@b.example\nTo: c@d.example\nSubject: hi\n\nbody", "no extension")[0] == "eml"


@needs_tesseract
def test_the_demo_doctors_letter_and_consent_scan_get_true_titles(demo_path: Path) -> None:
    """Issue 16: the page's own words beat a file name, a template's title and an office's name; the consent
    scan's title and kind come from what OCR reads on it."""
    from iepdesk.ingest.ocr import run_ocr
    from iepdesk.items import list_items
    from iepdesk.vault import Vault

    with Vault.open(demo_path) as vault:
        run_ocr(vault)
        by_file = {i.original_name: i for i in list_items(vault)}
    letter, consent = by_file["Dr Kessler letter.pdf"], by_file["scan0003.pdf"]
    assert letter.title == "Letter from Alan Kessler, M.D., FAAP"
    assert (consent.title, consent.kind) == ("Parent Consent for Initial Evaluation", "iep_504")

"""Issue 25: a prep sheet for the demo's next meeting lists the parent's asks with cited evidence (strongest
first), the school's stated reasons with the rule and the record's answer, and the questions to ask."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from iepdesk.errors import IEPDeskError, UsageError
from iepdesk.hearing.prep import Ask, PrepRequest, make_prep
from iepdesk.vault import Vault
from tests.integration.test_cli import iepdesk


@pytest.fixture
def demo(demo_path: Path) -> Vault:
    with Vault.open(demo_path) as vault:
        yield vault


def test_the_prep_sheet_cites_the_evidence_for_each_ask_and_answers_the_schools_reasons(demo: Vault,
                                                                                        tmp_path: Path) -> None:
    request = PrepRequest(goal="Sam is found eligible, with reading support this semester.", asks=(
        Ask("Find Sam eligible under Other Health Impairment", ("idea.ohi",)),
        Ask("Extended time on tests")))
    result = make_prep(demo, tmp_path / "prep.pdf", request)
    assert result.event.kind == "hearing" and result.quotes == 3 and result.reasons == 1
    assert result.missing == ["Extended time on tests"]
    with pymupdf.open(result.path) as doc:
        text = " ".join(" ".join(page.get_text() for page in doc).split())
    assert "Sam is found eligible, with reading support this semester." in text
    assert "1. Find Sam eligible under Other Health Impairment" in text
    # the strongest first: the diagnosis the parent marked strong, with its document and page
    first = text.index("I have diagnosed Sam with Attention-Deficit/Hyperactivity Disorder")
    assert first < text.index("redirection about every five minutes") and "p. 1" in text[first:first + 160]
    assert "No evidence tagged for this yet" in text
    assert "“Average grades, so no adverse effect”" in text and "34 CFR 300.101(c)" in text
    assert "Besides grades, which data did the team look at" in text  # the question for that reason
    assert "prior written notice" in text and "not legal advice" in text


def test_the_exhibits_to_bring_carry_the_binders_numbers(demo: Vault, tmp_path: Path) -> None:
    from iepdesk.binder.assemble import make_binder
    from iepdesk.binder.options import BinderOptions

    request = PrepRequest(asks=(Ask("Find Sam eligible under Other Health Impairment", ("idea.ohi",)),))

    def bring() -> str:
        with pymupdf.open(make_prep(demo, tmp_path / "prep.pdf", request).path) as doc:
            text = " ".join(" ".join(page.get_text() for page in doc).split())
        return text[text.index("Exhibits to bring"):text.index("Before and during the meeting")]

    before = bring()
    assert "“Letter from Alan Kessler, M.D., FAAP”, October 8, 2025 (page 1): not in a binder yet" in before
    binder = make_binder(demo, tmp_path / "binder.pdf", BinderOptions())
    label = next(e.label for e in binder.entries if "Kessler" in e.title)
    after = bring()
    assert f"{label}: “Letter from Alan Kessler, M.D., FAAP”, October 8, 2025 (page 1)" in after
    assert "not in a binder yet" not in after


def test_the_sheet_gives_the_childs_states_rule_on_recording_the_meeting(demo: Vault, tmp_path: Path) -> None:
    from iepdesk.students import list_students, update_student

    def sheet() -> str:
        result = make_prep(demo, tmp_path / "prep.pdf", PrepRequest())
        with pymupdf.open(result.path) as doc:
            return " ".join(" ".join(page.get_text() for page in doc).split())

    assert "some states and districts set rules for recording" in sheet()  # no state chosen yet
    update_student(demo, list_students(demo)[0].id, state="CA")
    assert "Recording in CA: You may audio-record an IEP or Section 504 meeting if you tell the team at least 24 " \
           "hours before it" in sheet() and "(Cal. Ed. Code 56341.1(g)(1))" in sheet()


def test_with_no_meeting_on_the_calendar_it_says_what_to_add(vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="No meeting, mediation or hearing is on the calendar"):
        make_prep(vault, tmp_path / "p.pdf", PrepRequest())
    assert not (tmp_path / "p.pdf").exists()


def test_an_unknown_criterion_is_named(demo: Vault, tmp_path: Path) -> None:
    with pytest.raises(IEPDeskError, match=r"idea\.adhd"):
        make_prep(demo, tmp_path / "p.pdf", PrepRequest(asks=(Ask("x", ("idea.adhd",)),)))
    assert not (tmp_path / "p.pdf").exists()


def test_the_prep_command(demo_path: Path, tmp_path: Path) -> None:
    done = iepdesk("prep", str(tmp_path / "prep.pdf"), "--goal", "An evaluation in reading", "--ask",
                   "A full evaluation in reading", "idea.sld", vault=demo_path)
    assert done.returncode == 0, done.stderr
    assert "Prep sheet written" in done.stdout and (tmp_path / "prep.pdf").exists()

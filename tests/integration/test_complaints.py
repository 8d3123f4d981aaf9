"""Issue 25, item 4: complaint drafts filled from the vault. A due-process complaint names every part of 34 CFR
300.508(b) and is refused, naming the part, while one is missing; filed, it records the parent's complaint and
its clocks start. A state complaint holds the parts of 300.153(b) and starts the state's 60-day clock."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pymupdf
import pypdf
import pytest

from iepdesk.letters.compose import draft
from iepdesk.letters.file import clocks_started, send
from iepdesk.letters.parent import set_parent
from iepdesk.letters.render import LetterError, render
from iepdesk.vault import Vault
from tests.integration.test_cli import iepdesk

TODAY = dt.date(2026, 12, 7)
RESOLUTION = "- Find Sam eligible under other health impairment.\n- An IEP within 30 days of the decision."


@pytest.fixture
def demo(demo_path: Path) -> Vault:
    with Vault.open(demo_path) as vault:
        set_parent(vault, "Dana Rivera", address="418 Linden Court; Maple Grove, CA 95999", phone="(555) 014-7731")
        yield vault


def _text(pdf: bytes) -> str:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return " ".join(" ".join(page.get_text() for page in doc).split())


def test_the_due_process_complaint_names_every_part_and_starts_its_clocks(demo: Vault) -> None:
    values = {"state_agency": "the Office of Administrative Hearings, Special Education Division",
              "resolution": RESOLUTION}
    letter = draft(demo, "due-process-complaint", values, today=TODAY)
    assert letter.ready, letter.missing
    pdf = render(letter)
    text = _text(pdf)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) <= 4  # read back by another reader too
    for number, part in enumerate(("The child's name: Sam Rivera, born May 12, 2016.",
                                   "The address where the child lives: 418 Linden Court, Maple Grove, CA 95999",
                                   "The school the child attends: Birchwood Elementary School.",
                                   "If the child is homeless, the child's contact information: Does not apply",
                                   "The nature of the problem, with the facts:", "The resolution I propose"), 1):
        assert f"{number}. {part}" in text, part  # each part of 300.508(b), numbered as the regulation
    for citation in ("34 CFR 300.508(b)", "34 CFR 300.508(a)", "34 CFR 300.507(a)", "34 CFR 300.518"):
        assert citation in text
    # the facts from the timeline, dated, each with the document that shows it
    assert re.search(r"November 21, 2025, Prior written notice received: The district refuses eligibility under "
                     r"OHI and SLD\. \(“Prior Written Notice”, November 21, 2025\)", text), text
    assert "Find Sam eligible under other health impairment." in text

    item, event = send(demo, letter, sent_on=TODAY, delivery="email", today=TODAY)
    assert event.kind == "due_process_filed" and event.outcome == "by_parent" and event.item_id == item.id
    due = {c.rule.id: c.due for c in clocks_started(demo, event, TODAY)}
    assert due["resolution-meeting"] == TODAY + dt.timedelta(days=15)
    assert due["resolution-period"] == TODAY + dt.timedelta(days=30)


def test_a_complaint_with_a_part_missing_is_refused_naming_the_part(demo: Vault) -> None:
    letter = draft(demo, "due-process-complaint", {"state_agency": "the Office of Administrative Hearings",
                                                   "child_address": "", "resolution": RESOLUTION}, today=TODAY)
    assert letter.missing == ["The address where the child lives (34 CFR 300.508(b)(2))"]
    with pytest.raises(LetterError, match=re.escape("fill in The address where the child lives (34 CFR "
                                                    "300.508(b)(2))")):
        render(letter)
    no_resolution = draft(demo, "due-process-complaint", {"state_agency": "OAH"}, today=TODAY)
    assert no_resolution.missing == ["The resolution you propose (34 CFR 300.508(b)(6))"]


def test_the_state_complaint_holds_the_parts_of_300_153(demo: Vault) -> None:
    empty = draft(demo, "state-complaint", {}, today=TODAY)
    assert "The statement of the violation (34 CFR 300.153(b)(1))" in empty.missing
    assert "The state education agency it goes to" in empty.missing
    values = {"recipient_name": "California Department of Education, Special Education Division",
              "district": "Maple Grove Unified School District", "resolution": RESOLUTION,
              "violation": "The district has not given me Sam's education records, which I asked for on February "
                           "10, 2026, although 34 CFR 300.613(a) requires it within 45 days."}
    letter = draft(demo, "state-complaint", values, today=TODAY)
    assert letter.ready, letter.missing
    text = _text(render(letter))
    for words in ("The statement that a public agency has violated a requirement of Part B of IDEA",
                  "The facts on which the statement is based", "My signature and contact information",
                  "who lives at 418 Linden Court", "attends Birchwood Elementary School",
                  "34 CFR 300.153(c)", "34 CFR 300.153(d)", "Dana Rivera"):
        assert words in text, words
    _item, event = send(demo, letter, sent_on=TODAY, delivery="mail", today=TODAY)
    due = {c.rule.id: c.due for c in clocks_started(demo, event, TODAY)}
    assert due["state-complaint-decision"] == TODAY + dt.timedelta(days=60)


def test_the_command_names_the_missing_parts(demo_path: Path) -> None:
    done = iepdesk("letter", "due-process-complaint", "--field", "state_agency=OAH", "--text", vault=demo_path)
    assert done.returncode == 1
    assert "The resolution you propose (34 CFR 300.508(b)(6))" in done.stderr
    assert "The address where the child lives (34 CFR 300.508(b)(2))" in done.stderr  # no parent address yet

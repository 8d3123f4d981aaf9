"""The ``letter`` and ``parent`` commands on the demo case: review PDF, missing fields, send and file."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from tests.fixtures import docs
from tests.integration.test_cli import iepdesk


@pytest.fixture
def demo(demo_path: Path) -> Path:
    return demo_path


def set_parent(vault: Path) -> None:
    done = iepdesk("parent", "set", "Dana Rivera", "--address", "418 Linden Court; Maple Grove, CA 95999",
                   "--phone", "(555) 014-7731", "--email", "dana.rivera@example.com", vault=vault)
    assert done.returncode == 0, done.stderr
    assert "Added the parent" in done.stdout


def test_letter_list_names_every_template() -> None:
    done = iepdesk("letter", "list", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [t["id"] for t in data][:3] == ["evaluation-request", "iee-request", "records-request"]
    records = next(t for t in data if t["id"] == "records-request")
    assert records["event_kind"] == "records_requested" and "34 CFR 300.613" in records["citations"]
    assert [f["key"] for f in records["fields"]] == ["records"]


def test_a_missing_field_is_named_exit_1_and_nothing_written(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    done = iepdesk("letter", "evaluation-request", "--out", str(out), vault=demo)
    assert done.returncode == 1
    assert "Your postal address" in done.stderr and "Your concerns" in done.stderr
    assert "--concerns-file FILE" in done.stderr and "Nothing was written." in done.stderr
    assert not out.exists()
    as_json = iepdesk("letter", "evaluation-request", "--out", str(out), "--json", vault=demo)
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["missing"] == ["Your name", "Your postal address", "Your concerns"]
    assert not out.exists()


def test_letter_writes_a_one_page_pdf_for_review(demo: Path, tmp_path: Path) -> None:
    set_parent(demo)
    concerns = tmp_path / "concerns.txt"
    concerns.write_text("Sam needs redirection about every five minutes.\n- Homework takes two hours.\n", "utf-8")
    out = tmp_path / "request.pdf"
    done = iepdesk("letter", "evaluation-request", "--to", "Jennifer Ortiz", "--cc", "Marcus Bell",
                   "--concerns-file", str(concerns), "--field", "date=2026-03-02", "--out", str(out), "--json",
                   vault=demo)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["path"] == str(out) and data["pages"] == 1 and data["item_id"] is None
    with pymupdf.open(out) as pdf:
        text = " ".join(pdf[0].get_text().replace("\u00a0", " ").split())
        assert pdf.page_count == 1
    assert "Dear Jennifer Ortiz:" in text and "34 CFR 300.301(b)" in text and "Homework takes two hours." in text
    assert "cc: Marcus Bell (principal)" in text and "March 2, 2026" in text
    listed = json.loads(iepdesk("list", "--kind", "correspondence", "--json", vault=demo).stdout)
    assert not [i for i in listed if i["title"].startswith("Request for an initial")]  # review only: not filed


def test_letter_text_prints_the_draft_for_editing(demo: Path, tmp_path: Path) -> None:
    set_parent(demo)
    done = iepdesk("letter", "pwn-request", "--text", vault=demo)
    assert done.returncode == 1  # the decision is not given yet
    assert "[What the district decided]" in done.stdout and "What the district decided" in done.stderr
    edited = tmp_path / "body.txt"
    edited.write_text(done.stdout.split("Dear Thomas Greer:", 1)[1].split("Sincerely,")[0].replace(
        "[What the district decided]", "to find Sam not eligible"), "utf-8")
    out = tmp_path / "pwn.pdf"
    again = iepdesk("letter", "pwn-request", "--body-file", str(edited), "--out", str(out), vault=demo)
    assert again.returncode == 0, again.stderr
    with pymupdf.open(out) as pdf:
        assert "the district decided to find Sam not eligible." in " ".join(pdf[0].get_text().split())


def test_letter_send_files_it_and_starts_the_clock(demo: Path, tmp_path: Path) -> None:
    set_parent(demo)
    receipt = docs.phone_photo(tmp_path / "receipt.jpg", "Certified Mail Receipt")
    done = iepdesk("letter", "records-request", "--send", "--sent-on", "2026-03-02", "--delivery", "certified mail",
                   "--proof", str(receipt), "--today", "2026-03-02", "--json", vault=demo)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["item_id"] and data["event_id"] and data["proof_item_id"] and data["pages"] == 1
    assert [(d["rule"], d["due"]) for d in data["deadlines"]] == [("records-request", "2026-04-16")]
    shown = json.loads(iepdesk("show", str(data["item_id"]), "--json", vault=demo).stdout)
    assert (shown["kind"], shown["source"], shown["date"], shown["pages"]) == (
        "correspondence", "parent", "2026-03-02", 1)
    assert "34 CFR 300.613" in shown["page_text"][0]["text"]
    proof = json.loads(iepdesk("show", str(data["proof_item_id"]), "--json", vault=demo).stdout)
    assert proof["parent_id"] == data["item_id"]
    timeline = json.loads(iepdesk("timeline", "--today", "2026-03-02", "--json", vault=demo).stdout)
    clock = next(d for d in timeline["deadlines"] if d["start_event"] == data["event_id"])
    assert (clock["rule"], clock["due"], clock["status"]) == ("records-request", "2026-04-16", "open")
    text = iepdesk("letter", "records-request", "--send", "--sent-on", "2026-03-02", "--delivery", "certified mail",
                   "--today", "2026-03-02", vault=demo)
    assert text.returncode == 2 and "already filed as item" in text.stderr
    card = docs.text_pdf(tmp_path / "card.pdf", ["Domestic Return Receipt"])
    later = iepdesk("letter", "proof", "--item", str(data["item_id"]), "--proof", str(card), vault=demo)
    assert later.returncode == 0, later.stderr
    assert "as proof of delivery" in later.stdout


def test_send_needs_a_delivery_method(demo: Path) -> None:
    set_parent(demo)
    done = iepdesk("letter", "records-request", "--send", vault=demo)
    assert done.returncode == 2 and "--delivery" in done.stderr


def test_parent_show_lists_the_parent(demo: Path) -> None:
    empty = iepdesk("parent", "show", vault=demo)
    assert empty.returncode == 0 and "No parent yet" in empty.stdout
    set_parent(demo)
    data = json.loads(iepdesk("parent", "show", "--json", vault=demo).stdout)
    assert data[0]["name"] == "Dana Rivera" and data[0]["address"] == "418 Linden Court\nMaple Grove, CA 95999"
    assert data[0]["role"] == "parent"

"""Spreadsheets, OpenDocument and Rich Text (issue 16): kept byte for byte, their text read and searchable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from iepdesk.ingest import import_paths
from iepdesk.items import get_item, item_tables, page_texts
from iepdesk.search import search
from iepdesk.vault import Vault
from tests.fixtures import docs


def _import(vault: Vault, path: Path):  # type: ignore[no-untyped-def]
    [result] = import_paths(vault, [path]).results
    assert result.status == "imported", result
    return get_item(vault, result.item_id)


def test_an_rti_spreadsheet_gives_a_page_per_sheet_and_keeps_its_rows(vault: Vault, inbox: Path) -> None:
    path = docs.spreadsheet(inbox / "RTI data Sam.xlsx", {
        "Reading ORF": [["Date", "Words correct per minute", "Aimline"], [dt.date(2025, 10, 1), 42, 55],
                        [dt.date(2025, 10, 15), 44, 58.5]],
        "Notes": [["Tier 2 group, 30 minutes daily"]],
    })
    item = _import(vault, path)
    assert vault.blobs.read(item.sha256) == path.read_bytes() and item.pages == 2
    [(_, _, orf), (_, _, notes)] = page_texts(vault, item.id)
    assert orf.splitlines()[0] == "Reading ORF" and "2025-10-01 | 42 | 55" in orf and "44 | 58.5" in orf
    assert "Tier 2 group" in notes
    table = item_tables(vault, item.id)[0]
    assert table["name"] == "Reading ORF" and table["rows"][1] == ["2025-10-01", "42", "55"]
    assert [h.item_id for h in search(vault, '"words correct per minute"')] == [item.id]


def test_a_csv_export_is_read_as_a_table(vault: Vault, inbox: Path) -> None:
    path = inbox / "benchmark.csv"
    path.write_text("Student;Fall;Winter\nSam Rivera;38;41\n", encoding="utf-8")
    item = _import(vault, path)
    assert page_texts(vault, item.id)[0][2] == "Student | Fall | Winter\nSam Rivera | 38 | 41"
    assert item_tables(vault, item.id)[0]["rows"] == [["Student", "Fall", "Winter"], ["Sam Rivera", "38", "41"]]


def test_an_opendocument_letter_is_read_with_its_title_and_author(vault: Vault, inbox: Path) -> None:
    path = docs.odt(inbox / "letter.odt", ["Request for evaluation", "Dear Ms. Ortiz,",
                                           "I am writing to request a full evaluation of my son Sam."],
                    title="Evaluation request", author="Dana Rivera")
    item = _import(vault, path)
    text = page_texts(vault, item.id)[0][2]
    assert text.splitlines() == ["Request for evaluation", "Dear Ms. Ortiz,",
                                 "I am writing to request a full evaluation of my son Sam."]
    assert item.media_type == "application/vnd.oasis.opendocument.text"
    assert vault.blobs.read(item.sha256) == path.read_bytes()


def test_a_rich_text_file_is_read(vault: Vault, inbox: Path) -> None:
    path = inbox / "teacher note.rtf"
    path.write_bytes(rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}\f0\fs24 Sam was off task during "
                     rb"reading\par and needed redirection \b three\b0  times.\par}")
    item = _import(vault, path)
    assert page_texts(vault, item.id)[0][2] == "Sam was off task during reading\nand needed redirection three times."
    assert item.media_type == "application/rtf"


def test_a_truncated_spreadsheet_is_still_kept_byte_for_byte_and_says_it_has_no_text(vault: Vault,
                                                                                        inbox: Path) -> None:
    whole = docs.spreadsheet(inbox / "whole.xlsx", {"Scores": [["Fall", 38]]})
    cut = inbox / "scores.xlsx"
    cut.write_bytes(whole.read_bytes()[:600])
    [result] = import_paths(vault, [cut]).results
    assert result.status == "imported" and any("kept, no text" in w for w in result.warnings), result
    assert vault.blobs.read(get_item(vault, result.item_id).sha256) == cut.read_bytes()


def test_recordings_are_kept_with_their_length_day_and_title(vault: Vault, inbox: Path) -> None:
    """Issue 16: a parent's recordings of meetings: kept byte for byte, their own tags give the day and the title,
    the item says how long they are and that they are not transcribed; a damaged one is kept all the same."""
    wav = docs.recorded_wav(inbox / "Recording 12.wav", 3.0, "Eligibility meeting", "2025-11-20")
    mp3 = docs.recorded_mp3(inbox / "voicemail.mp3", 2300, "Message from Ms. Holloway", "2025-10-08")
    broken = inbox / "IEP meeting.m4a"
    broken.write_bytes(b"\x00\x00\x00\x18ftypM4A " + b"\x13" * 500)  # cut off after its first box
    report = import_paths(vault, [wav, mp3, broken])
    assert [r.status for r in report.results] == ["imported"] * 3, [r.reason for r in report.results]
    by_name = {Path(r.path).name: get_item(vault, r.item_id) for r in report.results}
    meeting = by_name["Recording 12.wav"]
    assert meeting.title == "Eligibility meeting" and meeting.date == dt.date(2025, 11, 20)
    assert "the recording's own tags" in meeting.guesses.get("date", "")
    assert "0 min 03 s long" in " ".join(meeting.warnings) and "does not transcribe" in " ".join(meeting.warnings)
    voicemail = by_name["voicemail.mp3"]
    assert voicemail.title == "Message from Ms. Holloway" and "1 min 00 s long" in " ".join(voicemail.warnings)
    kept = by_name["IEP meeting.m4a"]
    assert kept.date is None and "a recording (.m4a)" in " ".join(kept.warnings)
    assert vault.blobs.read(kept.sha256) == broken.read_bytes()  # byte for byte


WORD = Path(__file__).parents[1] / "data" / "word"


def test_an_old_word_document_is_read_and_a_damaged_one_kept(vault: Vault, inbox: Path) -> None:
    """Issue 16: a real Word 97–2003 file (from textract's tests) gives the text Word shows; cut short, it is
    kept byte for byte and says why it has no text."""
    original = (WORD / "textract-raw_text.doc").read_bytes()
    (inbox / "letter.doc").write_bytes(original)
    (inbox / "cut.doc").write_bytes(original[:9000])
    results = {Path(r.path).name: r for r in import_paths(vault, [inbox / "letter.doc", inbox / "cut.doc"]).results}
    letter = results["letter.doc"]
    assert letter.status == "imported" and not letter.warnings
    text = " ".join(t for _n, _s, t in page_texts(vault, letter.item_id))
    expected = (WORD / "textract-raw_text.txt").read_text("utf-8")
    assert " ".join(text.split()) == " ".join(expected.split())
    assert search(vault, "semiotics")  # found by search
    cut = results["cut.doc"]
    assert cut.status == "imported" and any("could not be read" in w for w in cut.warnings), cut
    assert vault.blobs.read(get_item(vault, cut.item_id).sha256) == original[:9000]

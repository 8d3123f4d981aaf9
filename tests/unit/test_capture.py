"""Import of each kind of file through the core, on real files made by the fixtures."""

from __future__ import annotations

import datetime as dt
import os
from email.message import EmailMessage
from pathlib import Path

import pymupdf
import pytest

from iepdesk.ingest import ImportOptions, import_paths
from iepdesk.ingest.pipeline import FileResult
from iepdesk.items import get_item, list_items, page_texts
from iepdesk.vault import Vault
from iepdesk.vault.verify import verify
from tests.fixtures import docs


def _one(vault: Vault, path: Path, **options: object) -> FileResult:
    [result] = import_paths(vault, [path], ImportOptions(**options)).results
    return result


def test_a_text_pdf_keeps_every_page_its_metadata_and_its_bytes(vault: Vault, inbox: Path) -> None:
    path = docs.text_pdf(
        inbox / "Psychoeducational Evaluation.pdf",
        ["Psychoeducational Evaluation Report\nMaple Grove Unified School District\nDOB: 03/02/2016\n"
         "Date of Report: October 14, 2025\nExaminer: Rosa Patel, School Psychologist",
         "WISC-V Full Scale IQ 98. Performance is within the average range.", "Summary and recommendations."],
        metadata={"author": "Rosa Patel", "title": "Microsoft Word - eval.docx"},
    )
    result = _one(vault, path)
    assert (result.status, result.pages, result.kind) == ("imported", 3, "evaluation")
    item = get_item(vault, result.item_id)
    assert vault.blobs.read(item.sha256) == path.read_bytes()
    assert item.date == dt.date(2025, 10, 14)  # the report's date, not the birth date
    assert "Date of Report" in item.guesses["date"]
    assert (item.title, item.source) == ("Psychoeducational Evaluation Report", "school")
    assert item.author == "Rosa Patel"
    texts = page_texts(vault, item.id)
    assert [n for n, _, _ in texts] == [1, 2, 3] and "average range" in texts[1][2]
    assert vault.blobs.path_for(item.sha256).stat().st_mode & 0o777 == 0o400  # read-only, even for root's eyes


def test_the_same_file_twice_is_stored_once_and_named_as_already_there(vault: Vault, inbox: Path) -> None:
    first = docs.text_pdf(inbox / "a.pdf", ["Report card, Trimester 1"])
    copy = inbox / "copy of a.pdf"
    copy.write_bytes(first.read_bytes())
    results = import_paths(vault, [inbox]).results
    assert [r.status for r in results] == ["imported", "duplicate"]
    assert results[1].item_id == results[0].item_id
    assert f"already in the vault as item {results[0].item_id}" in results[1].reason
    assert len(list_items(vault)) == 1


def test_a_password_protected_pdf_asks_for_its_password(vault: Vault, inbox: Path) -> None:
    path = docs.text_pdf(inbox / "locked.pdf", ["Confidential neuropsychological evaluation"],
                         encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="owl", owner_pw="owl-owner")
    refused = _one(vault, path)
    assert refused.status == "rejected" and "protected by a password" in refused.reason
    assert "--password" in refused.reason
    wrong = _one(vault, path, password="cat")
    assert wrong.status == "rejected" and "does not open it" in wrong.reason
    opened = _one(vault, path, password="owl")
    assert opened.status == "imported"
    assert "neuropsychological" in page_texts(vault, opened.item_id)[0][2]
    assert vault.blobs.read(get_item(vault, opened.item_id).sha256) == path.read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.pdf", b"", "is empty (0 bytes)"),
        ("report.pdf", b"<!DOCTYPE html><html><body>Not found</body></html>", "is named .pdf but is not a PDF"),
        ("garbage.pdf", b"%PDF-1.7\n" + b"\x00\xff garbage " * 50, "damaged"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable Word document"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 40, "image that cannot be read"),
        ("mail.eml", b"this is just a sentence, not a message", "does not look like an email"),
    ],
)
def test_bad_files_are_rejected_with_a_reason(vault: Vault, inbox: Path, name: str, content: bytes,
                                              reason: str) -> None:
    path = inbox / name
    path.write_bytes(content)
    result = _one(vault, path)
    assert result.status == "rejected" and result.item_id is None
    assert reason in result.reason
    assert list_items(vault) == []


@pytest.mark.parametrize(("name", "content", "media", "note"), [
    ("notes.xyz", b"\x00\x01\x02binary", "chemical/x-xyz", "cannot read the text of this type of file (.xyz"),
    ("letter.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "application/msword",
     "the text of this old Word file could not be read"),
    ("budget.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "application/vnd.ms-excel",
     "old Microsoft Office file"),
    ("iep meeting.m4a", b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 200, "audio/mp4", "does not transcribe recordings"),
    ("spreadsheet.bin", b"\x00\x01\x02\x03" * 40, "application/octet-stream", "kept, no text"),
])
def test_a_file_of_a_type_iepdesk_cannot_read_is_kept_with_no_text(vault: Vault, inbox: Path, name: str,
                                                                   content: bytes, media: str, note: str) -> None:
    path = inbox / name
    path.write_bytes(content)
    result = _one(vault, path)
    assert result.status == "imported" and any(note in w for w in result.warnings), result
    item = get_item(vault, result.item_id)
    assert item.media_type == media and vault.blobs.read(item.sha256) == content  # kept byte for byte
    assert page_texts(vault, item.id) == [(1, "text", "")]


def test_a_pdf_with_no_pages_is_rejected(vault: Vault, inbox: Path) -> None:
    path = inbox / "nopages.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                     b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    result = _one(vault, path)
    assert result.status == "rejected" and "no pages" in result.reason


def test_a_truncated_pdf_keeps_what_can_be_repaired_and_says_so(vault: Vault, inbox: Path) -> None:
    whole = docs.text_pdf(inbox / "whole.pdf", [f"Page {n} of the RTI progress monitoring report" for n in (1, 2, 3)])
    data = whole.read_bytes()
    cut = inbox / "cut.pdf"
    cut.write_bytes(data[: int(len(data) * 0.8)])  # the cross-reference table and trailer are gone
    whole.unlink()
    result = _one(vault, cut)
    assert result.status == "imported"
    assert any("repaired" in w for w in result.warnings)
    assert vault.blobs.read(get_item(vault, result.item_id).sha256) == cut.read_bytes()  # kept as it came


def test_a_scan_is_kept_and_its_pages_wait_for_ocr(vault: Vault, inbox: Path) -> None:
    path = docs.scanned_pdf(inbox / "scan0001.pdf", ["Parent consent for evaluation", "Signed by the parent"])
    result = _one(vault, path)
    assert (result.status, result.pages, result.needs_ocr) == ("imported", 2, 2)
    item = get_item(vault, result.item_id)
    assert item.text_status == "needs_ocr"
    assert [s for _, s, _ in page_texts(vault, item.id)] == ["needs_ocr", "needs_ocr"]


def test_a_phone_photo_keeps_its_date_and_orientation(vault: Vault, inbox: Path) -> None:
    path = docs.phone_photo(inbox / "IMG_2231.jpg", "Homework - Week 6")
    result = _one(vault, path)
    assert (result.status, result.pages, result.needs_ocr) == ("imported", 1, 1)
    item = get_item(vault, result.item_id)
    assert item.date == dt.date(2025, 10, 7) and "photo was taken" in item.guesses["date"]
    from PIL import Image

    from iepdesk.ingest.image import upright_page_png

    upright = Image.open(__import__("io").BytesIO(upright_page_png(path.read_bytes(), "image/jpeg", 0)))
    stored = Image.open(path)
    assert upright.size == (stored.height, stored.width)  # turned the way the camera said


def test_every_page_of_a_tiff_a_heic_photo_and_a_png_are_kept(vault: Vault, inbox: Path) -> None:
    tiff = _one(vault, docs.multipage_tiff(inbox / "fax.tiff", ["Page one", "Page two", "Page three"]))
    assert (tiff.status, tiff.pages) == ("imported", 3)
    heic = _one(vault, docs.heic_photo(inbox / "IMG_0001.HEIC", "Doctor's note"))
    assert (heic.status, heic.pages, get_item(vault, heic.item_id).media_type) == ("imported", 1, "image/heic")
    docs.text_image("Screenshot of the parent portal").save(inbox / "portal.png")
    png = _one(vault, inbox / "portal.png")
    assert (png.status, png.pages, get_item(vault, png.item_id).media_type) == ("imported", 1, "image/png")


def test_an_email_and_each_attachment_become_linked_items(vault: Vault, inbox: Path) -> None:
    report = docs.text_pdf(inbox.parent / "log.pdf", ["Reading log, September: 20 minutes a night"]).read_bytes()
    forwarded = EmailMessage()
    forwarded["From"] = "Principal Bell <kbell@maplegrove.k12.example>"
    forwarded["To"] = "Ms. Ortiz <lortiz@maplegrove.k12.example>"
    forwarded["Subject"] = "Rivera family"
    forwarded["Date"] = "Mon, 22 Sep 2025 08:00:00 -0700"
    forwarded.set_content("We do not evaluate for ADHD; his grades are fine.")
    path = docs.eml(
        inbox / "RE Sam homework.eml", subject="RE: Sam homework", cc="Mr. Hale <bhale@maplegrove.k12.example>",
        body="Sam needed redirection 6 times today.", html="<p>Sam needed <b>redirection</b> 6 times today.</p>",
        attachments=[("Reading log.pdf", report, "application/pdf")], forwarded=forwarded,
    )
    results = import_paths(vault, [path]).results
    assert [r.status for r in results] == ["imported"] * 3
    mail = get_item(vault, results[0].item_id)
    assert (mail.kind, mail.title, mail.source) == ("correspondence", "RE: Sam homework", "school")
    assert mail.author == "Ms. Ortiz" and "dana.rivera@example.com" in mail.recipients and "bhale" in mail.cc
    assert mail.date == dt.date(2025, 9, 18) and "date" not in mail.guesses  # a fact, not a guess
    text = page_texts(vault, mail.id)[0][2]
    assert text.startswith("From: Ms. Ortiz") and "redirection 6 times" in text and "<b>" not in text
    attached, inner = (get_item(vault, r.item_id) for r in results[1:])
    assert attached.parent_id == mail.id and attached.original_name == "Reading log.pdf"
    assert vault.blobs.read(attached.sha256) == report
    assert inner.parent_id == mail.id and inner.title == "Rivera family" and inner.kind == "correspondence"
    assert results[1].path.endswith("RE Sam homework.eml › Reading log.pdf")


def test_a_folder_of_messages_keeps_thread_order(vault: Vault, inbox: Path) -> None:
    tz = dt.timezone(dt.timedelta(hours=-7))
    first = "<1@maplegrove.k12.example>"
    docs.eml(inbox / "c.eml", subject="Re: Sam homework", date=dt.datetime(2025, 9, 19, 9, 0, tzinfo=tz),
             message_id="<3@example.com>", in_reply_to="<2@maplegrove.k12.example>",
             references=f"{first} <2@maplegrove.k12.example>")
    docs.eml(inbox / "a.eml", subject="Sam homework", date=dt.datetime(2025, 9, 18, 8, 0, tzinfo=tz), message_id=first)
    docs.eml(inbox / "b.eml", subject="RE: Sam homework", date=dt.datetime(2025, 9, 18, 21, 30, tzinfo=tz),
             message_id="<2@maplegrove.k12.example>", in_reply_to=first, references=first)
    import_paths(vault, [inbox])
    items = list_items(vault)
    assert [i.title for i in items] == ["Sam homework", "RE: Sam homework", "Re: Sam homework"]
    assert {i.thread for i in items} == {first}


def test_an_outlook_message_with_its_attachment(vault: Vault, inbox: Path) -> None:
    pdf = docs.text_pdf(inbox.parent / "a.pdf", ["Behavior chart for the week"]).read_bytes()
    path = docs.outlook_msg(inbox / "Behavior this week.msg", subject="Behavior this week",
                            body="Attached is Sam's behavior chart.", attachments=[("chart.pdf", pdf)])
    results = import_paths(vault, [path]).results
    assert [r.status for r in results] == ["imported", "imported"]
    mail = get_item(vault, results[0].item_id)
    assert (mail.title, mail.kind, mail.author, mail.date) == (
        "Behavior this week", "correspondence", "Mr. Hale", dt.date(2025, 10, 3))
    assert "behavior chart" in page_texts(vault, mail.id)[0][2]
    assert get_item(vault, results[1].item_id).parent_id == mail.id


def test_word_and_text_files_keep_their_pages(vault: Vault, inbox: Path) -> None:
    word = _one(vault, docs.word_doc(inbox / "concerns.docx", [["Parent concerns", "He cannot read aloud."],
                                                                ["Requests", "A full evaluation."]]))
    assert (word.status, word.pages) == ("imported", 2)
    assert "A full evaluation" in page_texts(vault, word.item_id)[1][2]
    assert get_item(vault, word.item_id).author == "Dana Rivera"
    (inbox / "log.txt").write_text("Monday: 2 hours of homework, tears.\fTuesday: refused to read.", "utf-8")
    text = _one(vault, inbox / "log.txt")
    assert (text.status, text.pages) == ("imported", 2)


def test_names_in_any_script_and_odd_characters(vault: Vault, inbox: Path) -> None:
    names = ["Évaluation — résumé.pdf", "评估报告.pdf", "تقرير.pdf", "report #1 [final] (copy).pdf", "a'b\"c.pdf"]
    for n, name in enumerate(names):
        docs.text_pdf(inbox / name, [f"Document number {n}"])
    results = import_paths(vault, [inbox]).results
    assert [r.status for r in results] == ["imported"] * len(names)
    assert sorted(i.original_name for i in list_items(vault)) == sorted(names)


def test_folders_with_symlink_loops_and_junk_finish(vault: Vault, inbox: Path) -> None:
    (inbox / "sub").mkdir()
    docs.text_pdf(inbox / "sub" / "one.pdf", ["One"])
    (inbox / "sub" / "loop").symlink_to(inbox, target_is_directory=True)
    (inbox / "dangling.pdf").symlink_to(inbox / "gone.pdf")
    (inbox / ".DS_Store").write_bytes(b"\x00junk")
    (inbox / "~$concerns.docx").write_bytes(b"lock")
    results = import_paths(vault, [inbox]).results
    assert sorted((Path(r.path).name, r.status) for r in results) == [
        ("dangling.pdf", "rejected"), ("loop", "rejected"), ("one.pdf", "imported")]
    assert "loop" in next(r.reason for r in results if r.path.endswith("loop"))


def test_import_never_leaves_the_chosen_folder_through_a_link(vault: Vault, tmp_path: Path) -> None:
    chosen = tmp_path / "unzipped from the school"
    (chosen / "sub").mkdir(parents=True)
    docs.text_pdf(chosen / "sub" / "report card.pdf", ["Report card"])
    private = tmp_path / "private"
    private.mkdir()
    docs.text_pdf(private / "tax return.pdf", ["Tax return"])
    (private / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (chosen / "passwd").symlink_to(private / "passwd")
    (chosen / "parent folder").symlink_to("..", target_is_directory=True)
    (chosen / "elsewhere").symlink_to(private, target_is_directory=True)
    (chosen / "same report.pdf").symlink_to(chosen / "sub" / "report card.pdf")  # inside: followed, kept once
    (chosen / "sub" / "alias").symlink_to(chosen / "sub", target_is_directory=True)
    (chosen / "a").symlink_to(chosen / "b")
    (chosen / "b").symlink_to(chosen / "a")  # a loop of links
    results = import_paths(vault, [chosen]).results
    by_name = {Path(r.path).name: r for r in results}
    assert [i.title for i in list_items(vault)] == ["Report card"]
    for name in ("passwd", "parent folder", "elsewhere"):
        assert by_name[name].status == "rejected" and "outside the folder you chose" in by_name[name].reason
    assert "loop" in by_name["a"].reason and "loop" in by_name["b"].reason and "loop" in by_name["alias"].reason
    assert not any("tax return" in r.path for r in results)
    # a link the parent picked directly is followed (once)
    direct = tmp_path / "link to private"
    direct.symlink_to(private, target_is_directory=True)
    chosen_results = import_paths(vault, [direct]).results
    # (everything in it is kept: a file of a type IEPDesk cannot read as well, with no text)
    assert sorted(Path(r.path).name for r in chosen_results if r.status == "imported") == ["passwd", "tax return.pdf"]
    assert not any("outside" in (r.reason or "") for r in chosen_results)


def test_a_file_over_the_size_limit_names_the_limit(vault: Vault, inbox: Path) -> None:
    path = docs.text_pdf(inbox / "big.pdf", ["x" * 2000])
    result = _one(vault, path, max_bytes=100)
    assert result.status == "rejected" and "over the 100 bytes limit" in result.reason  # the limit in force
    result = _one(vault, path, max_bytes=512 * 1024 // 1024)
    assert "over the 512 bytes limit" in result.reason


def test_an_html_only_email_is_unescaped_once_and_a_bare_mime_message_is_kept(vault: Vault, inbox: Path) -> None:
    html_only = inbox / "notice.eml"
    html_only.write_bytes(b"From: office@maplegrove.k12.example\nSubject: Notice\nContent-Type: text/html\n\n"
                          b"<p>Parent&amp;notice: the meeting is &lt;Tuesday&gt;</p>")
    result = _one(vault, html_only)
    assert result.status == "imported"
    assert "Parent&notice: the meeting is <Tuesday>" in page_texts(vault, result.item_id)[0][2]
    bare = inbox / "forwarded part.eml"
    bare.write_bytes(b"Content-Type: text/plain; charset=us-ascii\n\nSam was absent on Monday.")
    result = _one(vault, bare)
    assert result.status == "imported" and "Sam was absent on Monday." in page_texts(vault, result.item_id)[0][2]


def test_a_file_that_vanishes_mid_import_is_named_and_the_rest_go_on(vault: Vault, inbox: Path) -> None:
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        docs.text_pdf(inbox / name, [f"Document {name}"])

    def remove_b(progress: object) -> None:
        if getattr(progress, "current", "") == "a.pdf":
            (inbox / "b.pdf").unlink(missing_ok=True)

    results = import_paths(vault, [inbox], progress=remove_b).results
    assert [(Path(r.path).name, r.status) for r in results] == [
        ("a.pdf", "imported"), ("b.pdf", "rejected"), ("c.pdf", "imported")]
    assert "could not be read" in results[1].reason
    assert verify(vault).ok


def test_cancel_keeps_what_finished(vault: Vault, inbox: Path) -> None:
    import threading

    for n in range(5):
        docs.text_pdf(inbox / f"{n}.pdf", [f"Document {n}"])
    cancel = threading.Event()

    def stop_after_two(progress: object) -> None:
        if getattr(progress, "done", 0) == 2:
            cancel.set()

    report = import_paths(vault, [inbox], progress=stop_after_two, cancel=cancel)
    assert report.cancelled and report.count("imported") == 2
    assert len(list_items(vault)) == 2 and verify(vault).ok


def test_items_go_to_the_only_student(vault: Vault, inbox: Path) -> None:
    from iepdesk.students import add_student

    student = add_student(vault, "Sam Rivera")
    result = _one(vault, docs.text_pdf(inbox / "a.pdf", ["Report card"]))
    assert get_item(vault, result.item_id).student_id == student.id


def test_a_large_batch_uses_workers_and_still_stores_each_file_once(vault: Vault, inbox: Path) -> None:
    for n in range(10):
        docs.text_pdf(inbox / f"note {n}.pdf", [f"Teacher note number {n}"])
    (inbox / "note 3 copy.pdf").write_bytes((inbox / "note 3.pdf").read_bytes())
    (inbox / "fake.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00 not really " * 40)
    report = import_paths(vault, [inbox], ImportOptions(workers=2))
    statuses = {Path(r.path).name: r.status for r in report.results}
    # "note 3 copy.pdf" sorts first, so the later "note 3.pdf" is the one already in the vault
    assert statuses.pop("note 3.pdf") == "duplicate" and statuses.pop("fake.pdf") == "rejected"
    assert set(statuses.values()) == {"imported"} and len(statuses) == 10
    assert [Path(r.path).name for r in report.results][:3] == ["fake.pdf", "note 0.pdf", "note 1.pdf"]  # in order
    result = verify(vault)
    assert result.ok and result.problems == []  # the rejected file's original was not left behind


def test_workers_leave_the_importer_a_core_and_stay_few() -> None:
    from iepdesk.ingest.pipeline import default_workers

    assert [default_workers(cores) for cores in (1, 2, 3, 4, 6, 16)] == [1, 2, 2, 3, 4, 4]
    assert 1 <= default_workers() <= 4


def test_three_workers_import_a_batch_in_order(vault: Vault, inbox: Path) -> None:
    for n in range(14):
        docs.text_pdf(inbox / f"note {n:02}.pdf", [f"Teacher note number {n}", f"Page two of note {n}"])
    report = import_paths(vault, [inbox], ImportOptions(workers=3))
    assert [Path(r.path).name for r in report.results] == [f"note {n:02}.pdf" for n in range(14)]
    assert report.count("imported") == 14 and verify(vault).ok
    assert all(page_texts(vault, r.item_id)[1][2].startswith(f"Page two of note {n}")
               for n, r in enumerate(report.results))


def test_a_worker_that_dies_costs_no_file(vault: Vault, inbox: Path) -> None:
    import multiprocessing
    import signal

    for n in range(12):
        docs.text_pdf(inbox / f"doc {n:02}.pdf", [f"Progress report {n}"] * 3)
    killed = []

    def kill_workers(progress: object) -> None:  # as the out-of-memory killer would
        if getattr(progress, "done", 0) == 6 and not killed:
            for child in multiprocessing.active_children():
                os.kill(child.pid, signal.SIGKILL)
                killed.append(child.pid)

    report = import_paths(vault, [inbox], ImportOptions(workers=2), progress=kill_workers)
    assert killed, "the workers should have been running"
    assert report.count("imported") == 12 and report.count("rejected") == 0
    assert len(list_items(vault)) == 12 and verify(vault).ok


def test_a_saved_web_page_is_read_as_its_words_and_prints_as_text(vault: Vault, inbox: Path, tmp_path: Path) -> None:
    from iepdesk.binder.assemble import make_binder
    from iepdesk.binder.options import BinderOptions

    page = inbox / "district policy.html"
    page.write_text("<html><head><title>Evaluation timelines</title><style>p {color: red}</style>"
                    "<script>alert('x')</script></head><body><h1>Evaluations</h1><p>The district completes "
                    "evaluations within 60 days &amp; holds the meeting.</p></body></html>", "utf-8")
    result = _one(vault, page)
    assert result.status == "imported"
    text = page_texts(vault, result.item_id)[0][2]
    assert "within 60 days & holds the meeting." in text and "alert" not in text and "color" not in text
    assert get_item(vault, result.item_id).title == "Evaluation timelines"
    binder = make_binder(vault, tmp_path / "b.pdf", BinderOptions())
    import pymupdf

    with pymupdf.open(tmp_path / "b.pdf") as doc:
        assert "within 60 days & holds the meeting." in " ".join(doc[binder.exhibits[0]["first_page"] - 1]
                                                                .get_text().split())

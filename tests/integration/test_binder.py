"""The evidence binder, made from real vaults and read back with an independent PDF reader (pypdf)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pymupdf
import pypdf
import pytest

from iepdesk.binder.assemble import BinderError, make_binder
from iepdesk.binder.options import BinderOptions
from iepdesk.errors import UsageError
from iepdesk.ingest import ImportOptions, import_paths
from iepdesk.items import list_items
from iepdesk.vault import Vault
from tests.fixtures import docs

ZERO_SIZE_PAGE = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R 4 0 R]"
                  b"/Count 2>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<<>>>>endobj\n"
                  b"4 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 0 0]/Resources<<>>>>endobj\n"
                  b"trailer<</Root 1 0 R>>\n%%EOF\n")
STAMP = re.compile(r"(P-\d+) p\. (\d+) of (\d+)")
BATES = re.compile(r"RIVERA-(\d{6})")


@pytest.fixture
def demo(demo_path: Path) -> Vault:
    with Vault.open(demo_path) as vault:
        yield vault


def test_the_demo_binder_is_right_to_the_page(demo: Vault, tmp_path: Path) -> None:
    out = tmp_path / "binder.pdf"
    result = make_binder(demo, out, BinderOptions(meeting_date=None, prepared_by="Dana Rivera"))
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()), strict=True)  # an independent reader
    assert len(reader.pages) == result.pages
    for page in reader.pages:
        page.extract_text()
    doc = pymupdf.open(out)
    assert doc.metadata["title"] == "Evidence binder — Sam Rivera" and doc.metadata["author"] == "Dana Rivera"
    # every exhibit page carries its own label and page, and the Bates numbers run without a gap
    bates_seen = []
    for exhibit in result.exhibits:
        pages = exhibit["last_page"] - exhibit["first_page"] + 1
        for offset in range(pages):
            text = doc[exhibit["first_page"] - 1 + offset].get_text()
            stamps = STAMP.findall(text)
            assert (exhibit["label"], str(offset + 1), str(pages)) in stamps, (exhibit, offset)
            bates_seen.append(int(BATES.findall(text)[-1]))
        slip = doc[exhibit["slipsheet_page"] - 1].get_text()
        assert "EXHIBIT" in slip and exhibit["label"] in slip
    assert bates_seen == list(range(1, len(bates_seen) + 1))
    # every bookmark lands on its page
    for _level, title, page in doc.get_toc():
        text = doc[page - 1].get_text()
        label = title.split(" — ")[0]
        if label.startswith("P-"):
            assert label in text, (title, page)
        elif title == "Cover":
            assert page == 1
        elif title != "Exhibits":
            assert title.lower() in text.lower(), (title, page)
    # every link of the contents and the index lands where its text says
    front_pages = result.exhibits[0]["slipsheet_page"] - 1
    checked = 0
    for number in range(front_pages):
        page = doc[number]
        for link in page.get_links():
            source = page.get_textbox(link["from"]).strip()
            match = re.search(r"P-\d+", source)
            if not match or "page" not in link:
                continue
            target = doc[link["page"]].get_text()
            assert match.group(0) in target, (number, source, link["page"])
            checked += 1
    assert checked >= 2 * len(result.exhibits)  # contents and index at least
    # page labels: front matter in roman numerals, the body from 1
    assert doc[0].get_label() == "i" and doc[front_pages].get_label() == "1"
    # the index gives the pages where things are
    index_text = "\n".join(doc[n].get_text() for n in range(front_pages))
    for exhibit in result.exhibits:
        body_first = exhibit["first_page"] - front_pages
        assert str(body_first) in index_text


def test_options_duplex_a4_letters_and_parts(demo: Vault, tmp_path: Path) -> None:
    duplex = make_binder(demo, tmp_path / "duplex.pdf", BinderOptions(duplex=True, paper="a4", letters=True,
                                                                       gutter_mm=12, bates_prefix="SR"))
    doc = pymupdf.open(tmp_path / "duplex.pdf")
    assert all(e["slipsheet_page"] % 2 == 1 and e["first_page"] % 2 == 1 for e in duplex.exhibits)
    assert duplex.exhibits[0]["label"] == "P-A" and duplex.exhibits[0]["bates_first"] == "SR000001"
    assert round(doc[duplex.exhibits[0]["first_page"] - 1].rect.width) == 595  # A4
    exhibits = make_binder(demo, tmp_path / "exhibits.pdf", BinderOptions(part="exhibits", slipsheets=False))
    assert exhibits.exhibits[0]["first_page"] == 1
    front = make_binder(demo, tmp_path / "front.pdf", BinderOptions(part="front"))
    assert front.exhibits == [] and 0 < front.pages < 30


def test_the_binder_is_recorded_in_the_vault(demo: Vault, tmp_path: Path) -> None:
    from sqlalchemy import select

    from iepdesk.vault.models import Binder

    result = make_binder(demo, tmp_path / "b.pdf", BinderOptions(criteria=("idea.ohi",)))
    with demo.session() as session:
        row = session.scalars(select(Binder)).one()
    assert row.sha256 == result.sha256 and row.pages == result.pages
    assert {e["item_id"] for e in row.exhibits} == {e["item_id"] for e in result.exhibits}
    assert all(len(e["sha256"]) == 64 for e in row.exhibits)
    assert row.options["criteria"] == ["idea.ohi"]
    assert not list(tmp_path.glob("*.part"))


def test_prepared_by_is_the_parent_unless_someone_else_is_named(vault: Vault, inbox: Path, tmp_path: Path) -> None:
    from iepdesk.letters.parent import set_parent

    import_paths(vault, [docs.text_pdf(inbox / "a.pdf", ["A report card"])])
    make_binder(vault, tmp_path / "before.pdf", BinderOptions())
    assert pymupdf.open(tmp_path / "before.pdf").metadata["author"] == "Parent"
    set_parent(vault, "Dana Rivera")
    make_binder(vault, tmp_path / "parent.pdf", BinderOptions())
    with pymupdf.open(tmp_path / "parent.pdf") as doc:
        assert doc.metadata["author"] == "Dana Rivera" and "Prepared by Dana Rivera" in doc[0].get_text()
    make_binder(vault, tmp_path / "advocate.pdf", BinderOptions(prepared_by="Lee Advocate"))
    assert pymupdf.open(tmp_path / "advocate.pdf").metadata["author"] == "Lee Advocate"


def test_odd_pages_are_fitted_above_the_band(vault: Vault, inbox: Path, tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page(width=792, height=612).insert_text((72, 590), "Landscape table, bottom line")
    doc.new_page(width=612, height=1008).insert_text((72, 1000), "Legal page, very bottom line")
    turned = doc.new_page(width=612, height=792)
    turned.insert_text((72, 780), "Rotated page, bottom line")
    turned.set_rotation(90)
    doc.new_page(width=300, height=400).insert_text((20, 390), "Small receipt")
    doc.save(inbox / "odd.pdf")
    docs.phone_photo(inbox / "IMG_1.jpg", "Homework photo")
    import_paths(vault, [inbox], ImportOptions(workers=0))
    result = make_binder(vault, tmp_path / "odd.pdf", BinderOptions(bates_prefix="T-"))
    out = pymupdf.open(tmp_path / "odd.pdf")
    exhibit = next(e for e in result.exhibits if e["last_page"] - e["first_page"] == 3)
    sizes = []
    for number in range(exhibit["first_page"] - 1, exhibit["last_page"]):
        page = out[number]
        sizes.append((round(page.rect.width), round(page.rect.height)))
        band_top = page.rect.height - 36
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                text = "".join(span["text"] for span in line["spans"])
                if STAMP.search(text) or text.startswith(("T-", "Binder page ")):
                    assert line["bbox"][1] >= band_top - 1, text  # stamps in the band
                else:
                    assert line["bbox"][3] <= band_top + 0.5, text  # the document's own text above it
    assert sizes == [(792, 612), (612, 792), (792, 612), (612, 792)]


def test_a_page_that_inherits_its_resources_keeps_its_fonts(vault: Vault, inbox: Path, tmp_path: Path) -> None:
    from tests.fixtures.hostile_pdf import stream, write_pdf

    write_pdf(inbox / "inherits.pdf", {  # fonts and page size on the page tree, as some scanners write them
        1: "<</Type/Catalog/Pages 2 0 R>>",
        2: "<</Type/Pages/Kids[3 0 R]/Count 1/MediaBox[0 0 612 792]/Resources<</Font<</F1 4 0 R>>>>>>",
        3: "<</Type/Page/Parent 2 0 R/Contents 5 0 R>>",
        4: "<</Type/Font/Subtype/Type1/BaseFont/Times-Roman>>",
        5: stream("BT /F1 24 Tf 72 700 Td (Set in Times) Tj ET"),
    })
    import_paths(vault, [inbox], ImportOptions(workers=0))
    result = make_binder(vault, tmp_path / "b.pdf", BinderOptions())
    with pymupdf.open(tmp_path / "b.pdf") as doc:
        page = result.exhibits[0]["first_page"] - 1
        assert "Times-Roman" in {font[3] for font in doc.get_page_fonts(page)}
        assert "Set in Times" in doc[page].get_text()


def test_bad_input_names_the_problem(vault: Vault, inbox: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="nothing to put in a binder"):
        make_binder(vault, tmp_path / "empty.pdf", BinderOptions())
    docs.text_pdf(inbox / "good.pdf", ["A good report"])
    docs.text_pdf(inbox / "locked.pdf", ["Secret"], encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw",
                  owner_pw="pw2")
    import_paths(vault, [inbox / "good.pdf"])
    import_paths(vault, [inbox / "locked.pdf"], ImportOptions(password="pw"))
    good = next(i for i in list_items(vault) if i.original_name == "good.pdf")
    with pytest.raises(BinderError, match=r"locked.*password-protected PDF"):
        make_binder(vault, tmp_path / "b.pdf", BinderOptions())
    assert not (tmp_path / "b.pdf").exists()
    blob = vault.blobs.path_for(good.sha256)
    blob.chmod(0o644)
    blob.unlink()
    with pytest.raises(BinderError, match=r"good.*lost its original file"):
        make_binder(vault, tmp_path / "b.pdf", BinderOptions())
    docs.text_pdf(inbox / "third.pdf", ["Third"])
    (inbox / "zero.pdf").write_bytes(ZERO_SIZE_PAGE)
    import_paths(vault, [inbox / "third.pdf", inbox / "zero.pdf"])
    with pytest.raises(BinderError, match=r"zero.*page of zero size \(page 2\)"):
        make_binder(vault, tmp_path / "b.pdf", BinderOptions())
    skipped = make_binder(vault, tmp_path / "b.pdf", BinderOptions(skip_problems=True))
    assert len(skipped.exhibits) == 1 and len(skipped.skipped) == 3
    with pytest.raises(BinderError, match="does not exist"):
        make_binder(vault, tmp_path / "nowhere" / "b.pdf", BinderOptions(skip_problems=True))
    with pytest.raises(BinderError, match=r"ending in \.pdf"):
        make_binder(vault, tmp_path / "b.docx", BinderOptions(skip_problems=True))


def test_cancel_writes_nothing(demo: Vault, tmp_path: Path) -> None:
    import threading

    from iepdesk.binder.assemble import Cancelled

    cancel = threading.Event()
    seen = []

    def stop_half_way(progress: object) -> None:
        seen.append(progress)
        if len(seen) == 10:
            cancel.set()

    with pytest.raises(Cancelled, match="nothing was written"):
        make_binder(demo, tmp_path / "b.pdf", BinderOptions(), progress=stop_half_way, cancel=cancel)
    assert list(tmp_path.iterdir()) == [tmp_path / "vault"]


def test_the_criteria_summary_says_when_one_member_of_a_group_is_enough(demo: Vault, tmp_path: Path) -> None:
    result = make_binder(demo, tmp_path / "binder.pdf", BinderOptions())
    front = result.exhibits[0]["slipsheet_page"] - 1
    with pymupdf.open(tmp_path / "binder.pdf") as doc:
        text = " ".join(" ".join(doc[n].get_text().split()) for n in range(front))
    assert "The eight areas of learning (one of these 8 is enough)" in text


def test_a_quote_on_the_second_printed_page_of_an_email_is_cited_and_linked_there(vault: Vault, inbox: Path,
                                                                                  tmp_path: Path) -> None:
    from iepdesk.criteria.evidence import tag

    body = "\n\n".join(f"Paragraph {n}: Sam had a hard week again and did not finish his reading work in class."
                       for n in range(1, 70))
    body += "\n\nHe was easily distracted by noises in the hallway during the spelling test."
    item = import_paths(vault, [docs.eml(inbox / "long.eml", body=body)]).results[0].item_id
    [link] = [tag(vault, item, "idea.ohi.limited_alertness", page=1,
                  quote="easily distracted by noises in the hallway")]
    assert link.page == 1  # the email is one page in the vault
    result = make_binder(vault, tmp_path / "binder.pdf", BinderOptions())
    [exhibit] = result.exhibits
    assert exhibit["last_page"] > exhibit["first_page"]  # it prints on more than one page
    with pymupdf.open(tmp_path / "binder.pdf") as doc:
        printed = next(n for n in range(exhibit["first_page"], exhibit["last_page"] + 1)
                       if "easily distracted by noises" in doc[n - 1].get_text())
        at = printed - exhibit["first_page"] + 1
        assert at >= 2
        front = " ".join(" ".join(doc[n].get_text().split()) for n in range(exhibit["slipsheet_page"] - 1))
        assert f"P-1 at {at}" in front
        targets = {link["page"] + 1 for n in range(exhibit["slipsheet_page"] - 1) for link in doc[n].get_links()
                   if "page" in link and "P-1 at" in doc[n].get_textbox(link["from"])}
        assert printed in targets


def test_the_cover_names_the_next_hearing_on_the_calendar(vault: Vault, inbox: Path, tmp_path: Path) -> None:
    import datetime as dt

    from iepdesk.timeline.events import add_event

    import_paths(vault, [docs.text_pdf(inbox / "a.pdf", ["A report card"])])
    hearing = dt.date.today() + dt.timedelta(days=20)
    add_event(vault, "iep_meeting", dt.date.today() - dt.timedelta(days=30))  # past: not the one
    add_event(vault, "hearing", hearing)
    make_binder(vault, tmp_path / "b.pdf", BinderOptions())
    with pymupdf.open(tmp_path / "b.pdf") as doc:
        cover = " ".join(doc[0].get_text().split())
    assert f"Meeting date: {hearing:%B} {hearing.day}, {hearing.year}" in cover and "Due-process hearing" in cover


def test_a_recording_kept_with_no_text_is_an_exhibit_with_a_page_that_describes_it(vault: Vault, inbox: Path,
                                                                                 tmp_path: Path) -> None:
    recording = inbox / "iep meeting.m4a"
    recording.write_bytes(b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 200)
    import_paths(vault, [recording, docs.text_pdf(inbox / "a.pdf", ["A report card"])])
    result = make_binder(vault, tmp_path / "b.pdf", BinderOptions())
    assert len(result.exhibits) == 2 and not result.skipped
    with pymupdf.open(tmp_path / "b.pdf") as doc:
        pages = [doc[n - 1].get_text() for e in result.exhibits for n in range(e["first_page"], e["last_page"] + 1)]
    assert any("iep meeting.m4a" in text for text in pages)


def test_every_exhibit_page_prints_the_binder_page_the_contents_name(demo: Vault, tmp_path: Path) -> None:
    result = make_binder(demo, tmp_path / "binder.pdf", BinderOptions())
    with pymupdf.open(tmp_path / "binder.pdf") as doc:
        for exhibit in result.exhibits:
            for number in range(exhibit["first_page"], exhibit["last_page"] + 1):
                label = doc[number - 1].get_label()  # the page number a viewer shows: body pages from 1
                assert label.isdigit() and f"Binder page {label}" in doc[number - 1].get_text(), number
        contents = " ".join(doc[1].get_text().split())
        first = doc[result.exhibits[0]["first_page"] - 1].get_label()
        assert re.search(rf"P-1 .*? {first}\b", contents), (first, contents[:300])


def test_the_disclosure_copy_keeps_gaps_notes_guesses_and_highlights_out(vault: Vault, inbox: Path,
                                                                       tmp_path: Path) -> None:
    """Issue 15: a working copy for the parent, a disclosure copy for the school and the hearing officer."""
    from iepdesk.criteria.evidence import tag

    source = docs.text_pdf(inbox / "scan0003.pdf", ["Reading fluency is well below grade level."],
                           metadata={"title": "scan0003", "author": "MGPG Front Desk"})
    with pymupdf.open(source) as doc:  # the parent highlighted a line in the PDF
        doc[0].add_highlight_annot(doc[0].search_for("Reading fluency")[0])
        doc.saveIncr()
    [result] = import_paths(vault, [source]).results
    item = next(i for i in list_items(vault) if i.id == result.item_id)
    assert item.author == "MGPG Front Desk" and "author" in item.guesses  # the PDF's properties: a weak guess
    tag(vault, result.item_id, "idea.sld.area.reading_fluency", page=1, quote="Reading fluency is well below",
        note="Ask the psychologist why no fluency goal")
    working, disclosure = tmp_path / "working.pdf", tmp_path / "disclosure.pdf"
    make_binder(vault, working, BinderOptions(slipsheets=False))
    made = make_binder(vault, disclosure, BinderOptions(slipsheets=False, copy="disclosure"))
    assert made.copy == "disclosure" and made.guessed == ["P-1"] and "Confirm them" in made.guessed_sentence()
    with pymupdf.open(working) as mine, pymupdf.open(disclosure) as theirs:
        front_mine = "".join(p.get_text() for p in mine.pages(0, mine.page_count - 1))
        front_theirs = "".join(p.get_text() for p in theirs.pages(0, theirs.page_count - 1))
        assert "Working copy" in front_mine and "Thin" in front_mine and "why no fluency goal" in front_mine
        assert "MGPG Front Desk" in front_mine
        for text in ("Working copy", "Thin", "Supported", "why no fluency goal", "MGPG Front Desk"):
            assert text not in front_theirs, text
        assert "Reading fluency is well below" in front_theirs  # the quote, and the page's own heading, stay

        def yellow(page: pymupdf.Page) -> int:
            pixels = page.get_pixmap(matrix=pymupdf.Matrix(0.5, 0.5)).samples
            return sum(1 for i in range(0, len(pixels) - 2, 3)
                       if pixels[i] > 200 and pixels[i + 1] > 200 and pixels[i + 2] < 120)

        assert yellow(mine[-1]) > 20 and yellow(theirs[-1]) == 0  # the highlight is printed only in the working copy


def test_the_schools_reasons_are_answered_strongest_first_and_sections_can_be_left_out(demo: Vault,
                                                                                       tmp_path: Path) -> None:
    from iepdesk.items import list_items

    result = make_binder(demo, tmp_path / "b.pdf", BinderOptions(copy="disclosure"))
    doc = pymupdf.open(result.path)
    pages = {title: page for _level, title, page in doc.get_toc()}
    text = " ".join(doc[pages["The school’s reasons, and what the record shows"] - 1].get_text().split())
    assert "“Average grades, so no adverse effect”" in text and "The rule: A child does not have to fail" in text
    label = {e["item_id"]: e["label"] for e in result.exhibits}
    sources = {i.id: i.source for i in list_items(demo)}
    cites = re.findall(r"(P-\d+) at \d+ “", text)
    # the school's own words answer first (the report card), then the evaluator's
    assert len(cites) >= 2 and sources[next(i for i, lab in label.items() if lab == cites[0])] == "school"
    assert sources[next(i for i, lab in label.items() if lab == cites[-1])] != "school"
    lean = make_binder(demo, tmp_path / "lean.pdf", BinderOptions(sections=("cover", "index")))
    assert [t for _l, t, _p in pymupdf.open(lean.path).get_toc()][:3] == ["Cover", "Exhibit index", "Exhibits"]


def test_without_tab_pages_each_exhibit_starts_with_a_sticker(demo: Vault, tmp_path: Path) -> None:
    bare = make_binder(demo, tmp_path / "bare.pdf", BinderOptions(slipsheets=False, part="exhibits"))
    doc = pymupdf.open(bare.path)
    starts = {e["first_page"] - 1: e["label"] for e in bare.exhibits}
    for index, page in enumerate(doc):
        stickers = re.findall(r"EXHIBIT (P-\d+)", page.get_text())
        assert stickers == ([starts[index]] if index in starts else []), index
    tabbed = make_binder(demo, tmp_path / "tabbed.pdf", BinderOptions(part="exhibits"))
    with pymupdf.open(tabbed.path) as doc:
        first = doc[tabbed.exhibits[0]["first_page"] - 1].get_text()
        assert "EXHIBIT" not in first  # the tab page before it says it


def test_every_font_of_the_binders_own_pages_is_embedded(demo: Vault, tmp_path: Path) -> None:
    result = make_binder(demo, tmp_path / "b.pdf", BinderOptions(duplex=True))
    doc = pymupdf.open(result.path)
    exhibit_pages = {n for e in result.exhibits for n in range(e["first_page"] - 1, e["last_page"])}
    stamp_names = set()
    for index in range(doc.page_count):
        for _xref, ext, _kind, name, ref, *_rest in doc.get_page_fonts(index):
            if index in exhibit_pages and ref not in ("IEPS", "IEPB"):
                continue  # the original's own fonts, as the original has them
            assert ext != "n/a", f"page {index + 1}: {name} ({ref}) is not embedded"
            if ref in ("IEPS", "IEPB"):
                stamp_names.add(name.split("+")[-1])
    assert stamp_names == {"DejaVuSans", "DejaVuSans-Bold"}
    # the stamp still reads back as text
    assert re.search(r"P-1 p\. 1 of \d+", doc[result.exhibits[0]["first_page"] - 1].get_text())

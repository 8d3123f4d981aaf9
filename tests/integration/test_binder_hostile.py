"""The binder on hostile and broken originals: real files made by the fixtures, imported into a real vault,
the binder read back with an independent PDF library (pikepdf)."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pymupdf
import pytest

from iepdesk.binder.assemble import BinderError, make_binder
from iepdesk.binder.options import BinderOptions
from iepdesk.ingest import ImportOptions, import_paths
from iepdesk.items import list_items
from iepdesk.vault import Vault
from tests.fixtures import bombs, docs, hostile_pdf
from tests.fixtures.mounts import run_and_look, small_drive

# What must not be anywhere in a binder: keys, and the values of /S, /Type and /Subtype.
FORBIDDEN_KEYS = {"/JavaScript", "/JS", "/AA", "/OpenAction", "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/FS",
                  "/XFA", "/AcroForm", "/URI", "/RichMediaContent", "/RichMediaSettings", "/Names"}
FORBIDDEN_VALUES = {"/JavaScript", "/Launch", "/URI", "/SubmitForm", "/ImportData", "/Rendition", "/GoToR",
                    "/GoToE", "/Filespec", "/EmbeddedFile", "/FileAttachment", "/Widget", "/Screen", "/Sound",
                    "/Movie"}


def _walk(obj: object):
    """Every dictionary (a stream's too) written inside ``obj``; another indirect object is its own entry."""
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        yield obj
        children = list(obj.values())
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:
        if isinstance(child, pikepdf.Object) and child.is_indirect:
            continue
        yield from _walk(child)


def assert_nothing_active(path: Path) -> None:
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen for page in pdf.pages}
        annotations = 0
        for obj in pdf.objects:
            for found in _walk(obj):
                keys = set(found.keys())
                assert not keys & FORBIDDEN_KEYS, (obj.objgen, keys & FORBIDDEN_KEYS)
                for key in ("/S", "/Type", "/Subtype"):
                    value = str(found.get(key, ""))
                    assert value not in FORBIDDEN_VALUES and not value.startswith("/RichMedia"), (obj.objgen, key)
                if "/A" in keys:  # only the binder's own bookmarks go somewhere, and only inside the binder
                    assert "/Title" in keys and found.A.S == "/GoTo" and found.A.D[0].objgen in pages
                if found.get("/Type") == "/Annot" or ("/Rect" in keys and "/Subtype" in keys):
                    annotations += 1
                    assert found.Subtype == "/Link" and "/A" not in keys, obj.objgen
                    assert found.Dest[0].objgen in pages
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                assert annot.Subtype == "/Link" and annot.Dest[0].objgen in pages
        assert "/Names" not in pdf.Root and "/AcroForm" not in pdf.Root
        assert annotations > 0  # the binder's own contents links are there


def test_active_content_does_not_travel_into_the_binder(vault: Vault, inbox: Path, tmp_path: Path) -> None:
    hostile_pdf.active_content(inbox / "hostile.pdf")
    docs.text_pdf(inbox / "report.pdf", ["An ordinary evaluation report"])
    docs.word_doc(inbox / "letter.docx", [["A letter from the parent"]])
    report = import_paths(vault, [inbox], ImportOptions(workers=0))
    assert report.count("imported") == 3
    out = tmp_path / "binder.pdf"
    result = make_binder(vault, out, BinderOptions())
    assert_nothing_active(out)
    hostile = next(i for i in list_items(vault) if i.original_name == "hostile.pdf")
    exhibit = next(e for e in result.exhibits if e["item_id"] == hostile.id)
    with pymupdf.open(out) as doc:
        text = doc[exhibit["first_page"] - 1].get_text()
        assert doc.embfile_count() == 0 and not doc.is_form_pdf
    # what the page shows is all still there: its text, the form it draws and the filled-in field
    for shown in (hostile_pdf.VISIBLE, hostile_pdf.IN_FORM, hostile_pdf.FILLED, f"{exhibit['label']} p. 1 of 1"):
        assert shown in text
    assert b"MZ this stands for a program" not in pymupdf.open(out).tobytes(expand=255)


def test_a_damaged_pdf_is_a_problem_and_can_be_left_out(vault: Vault, inbox: Path, tmp_path: Path) -> None:
    hostile_pdf.deeply_nested(inbox / "deep.pdf")
    hostile_pdf.page_tree_loop(inbox / "loop.pdf")
    docs.text_pdf(inbox / "good.pdf", ["A good report"])
    assert import_paths(vault, [inbox], ImportOptions(workers=0)).count("imported") == 3
    with pytest.raises(BinderError) as refused:
        make_binder(vault, tmp_path / "b.pdf", BinderOptions())
    message = str(refused.value)
    assert "“deep” is a damaged PDF" in message and "nested far too deep" in message
    assert "“loop” is a damaged PDF" in message and "loops back on itself" in message
    assert "print it to a new PDF" in message
    assert not list(tmp_path.glob("*.pdf"))
    result = make_binder(vault, tmp_path / "b.pdf", BinderOptions(skip_problems=True))
    good = next(i for i in list_items(vault) if i.original_name == "good.pdf")
    assert [e["item_id"] for e in result.exhibits] == [good.id] and len(result.skipped) == 2


def test_pages_whose_resources_are_not_a_dictionary_are_still_stamped(vault: Vault, inbox: Path,
                                                                     tmp_path: Path) -> None:
    for number, resources in enumerate(["/Foo", "[1 2]", "null", "(text)", "5 0 R", "99 0 R"]):
        hostile_pdf.odd_resources(inbox / f"odd-{number}.pdf", resources)
    assert import_paths(vault, [inbox], ImportOptions(workers=0)).count("imported") == 6
    result = make_binder(vault, tmp_path / "b.pdf", BinderOptions())
    with pymupdf.open(tmp_path / "b.pdf") as doc:
        for exhibit in result.exhibits:
            page = exhibit["first_page"] - 1
            assert f"{exhibit['label']} p. 1 of 1" in doc[page].get_text()
            assert {"DejaVuSans", "DejaVuSans-Bold"} <= {font[3].split("+")[-1] for font in doc.get_page_fonts(page)}


def _noise_pdf(path: Path) -> Path:
    """A one-page scan of about 1 MB that does not compress."""
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.effect_noise((1100, 1400), 90).convert("RGB").save(picture, format="JPEG", quality=95)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, stream=picture.getvalue())
    doc.save(path)
    return path


def test_a_full_disk_is_said_plainly_and_leaves_nothing_behind(tmp_path: Path) -> None:

    folder = tmp_path / "small-drive"
    folder.mkdir()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _noise_pdf(inbox / "scan.pdf")
    docs.text_pdf(inbox / "report.pdf", ["An ordinary evaluation report"])
    with Vault.create(tmp_path / "vault") as vault:
        import_paths(vault, [inbox], ImportOptions(workers=0))
    [done], left = run_and_look(small_drive(folder, 512), folder,
                                ["binder", str(folder / "binder.pdf"), "--vault", str(tmp_path / "vault")])
    assert done.returncode != 0, done.stderr
    assert "Traceback" not in done.stderr
    assert re.search(r"The drive that holds .*small-drive is full, so making the binder could not be finished "
                     r"\(512\.0 KB free, about \d+\.\d MB needed\)", done.stderr), done.stderr
    assert left == []  # no half-written binder in the folder


@pytest.mark.slow
def test_small_files_that_unfold_into_too_much_make_a_binder_in_bounded_time(vault: Vault, inbox: Path,
                                                                             tmp_path: Path) -> None:
    import time

    # Import refuses or cuts these now; a vault made before it did still holds them as they were read then.
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    bombs.stored_as_before_the_limits(vault, bombs.page_breaks(inbox / "breaks.docx"), docx,  # 200,000 breaks
                                      ["First page\n", *["\n"] * 199_999, "Last page\n"], "breaks")
    bombs.stored_as_before_the_limits(vault, bombs.paragraphs(inbox / "paragraphs.docx", 300_000), docx,
                                      ["word\n" * 300_000], "paragraphs")  # 300,000 paragraphs on one page
    subject = ("meeting notes " * (5_000_000 // 14 + 1))[:5_000_000]  # a subject of 5 million characters
    bombs.stored_as_before_the_limits(
        vault, bombs.long_subject(inbox / "subject.eml", 5_000_000), "message/rfc822",
        [f"From: Ms. Ortiz <lortiz@maplegrove.k12.example>\nTo: Dana Rivera <dana.rivera@example.com>\n"
         f"Date: Thu, 18 Sep 2025 15:04:00 -0700\nSubject: {subject}\n\n"
         "The body of an email whose subject never ends.\n"], subject, kind="correspondence")
    bombs.stored_as_before_the_limits(vault, bombs.huge_picture(inbox / "huge.png"), "image/png", [""], "huge",
                                      needs_ocr=True)  # 150 megapixels in 300 KB
    docs.text_pdf(inbox / "report.pdf", ["An ordinary evaluation report"])
    assert import_paths(vault, [inbox / "report.pdf"], ImportOptions(workers=0)).count("imported") == 1
    start = time.perf_counter()
    result = make_binder(vault, tmp_path / "binder.pdf", BinderOptions())
    assert time.perf_counter() - start < 60
    names = {i.id: i.original_name for i in list_items(vault)}
    with pymupdf.open(tmp_path / "binder.pdf") as doc:
        def shown(name: str) -> str:
            exhibit = next(e for e in result.exhibits if names[e["item_id"]] == name)
            pages = range(exhibit["first_page"] - 1, exhibit["last_page"])
            return " ".join(" ".join(doc[n].get_text() for n in pages).split())

        breaks = shown("breaks.docx")
        assert "Pages 2 to 200,000 of the original (199,999 pages) have no text" in breaks
        assert "First page" in breaks and "Last page" in breaks
        assert "The rest of this document from part way through page 1 is not printed here" in \
            shown("paragraphs.docx")
        email = shown("subject.eml")
        assert "more characters are not printed here" in email and "whose subject never ends" in email
        assert "15,000 × 10,000 pixels (150 megapixels)" in shown("huge.png")
        assert "An ordinary evaluation report" in shown("report.pdf")
        # the binder's own pages name the email by a subject cut short
        front = " ".join(doc[n].get_text() for n in range(result.exhibits[0]["slipsheet_page"] - 1))
        assert "meeting notes meeting notes" in front and len(front) < 100_000


def test_a_pdf_whose_page_tree_claims_a_billion_pages_goes_in_with_its_real_pages(vault: Vault, inbox: Path,
                                                                                  tmp_path: Path) -> None:
    from tests.fixtures import hostile_files

    hostile_files.pdf_lying_page_count(inbox / "lying.pdf")
    [imported] = import_paths(vault, [inbox], ImportOptions(workers=0)).results
    assert imported.status == "imported" and imported.pages == 2
    result = make_binder(vault, tmp_path / "binder.pdf", BinderOptions())
    [exhibit] = result.exhibits
    assert exhibit["last_page"] - exhibit["first_page"] == 1


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_what_lies_outside_a_pages_crop_box_is_left_out_of_the_binder(vault: Vault, inbox: Path, tmp_path: Path,
                                                                      rotation: int) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 100), "VISIBLE part of the report", fontsize=14)
    page.insert_text((72, 700), "HIDDEN note the parent cropped away", fontsize=14)
    picture = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 100), False)
    picture.set_rect(pymupdf.IRect(0, 0, 100, 100), (220, 0, 0))  # red: inside the crop
    picture.set_rect(pymupdf.IRect(100, 0, 200, 100), (0, 0, 220))  # blue: outside it
    page.insert_image(pymupdf.Rect(200, 150, 600, 350), pixmap=picture)
    page.set_cropbox(pymupdf.Rect(40, 60, 400, 400))
    page.set_rotation(rotation)
    doc.save(inbox / "cropped.pdf")
    assert import_paths(vault, [inbox], ImportOptions(workers=0)).count("imported") == 1
    out = tmp_path / "b.pdf"
    [exhibit] = make_binder(vault, out, BinderOptions()).exhibits
    with pymupdf.open(out) as binder:
        shown = binder[exhibit["first_page"] - 1]
        assert "VISIBLE part of the report" in shown.get_text()
        pixels = shown.get_pixmap(dpi=40)
        colours = {pixels.pixel(x, y) for x in range(pixels.width) for y in range(pixels.height)}
        assert any(r > 150 and g < 80 and b < 80 for r, g, b in colours), "the picture inside the crop is kept"
        assert not any(b > 150 and r < 80 and g < 80 for r, g, b in colours)
        for each in binder:
            each.set_cropbox(each.mediabox)
        assert not any("HIDDEN" in each.get_text() for each in binder)
    assert b"HIDDEN" not in pymupdf.open(out).tobytes(expand=255)


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_turned_page_comes_out_whole_and_upright(vault: Vault, inbox: Path, tmp_path: Path, rotation: int) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    corners = {"TOP LEFT": (40, 60), "TOP RIGHT": (460, 60), "BOTTOM LEFT": (40, 760), "BOTTOM RIGHT": (440, 760)}
    for words, where in corners.items():
        page.insert_text(where, words, fontsize=16)
    page.set_rotation(rotation)
    doc.save(inbox / "turned.pdf")
    seen = pymupdf.open(inbox / "turned.pdf")[0]
    assert import_paths(vault, [inbox], ImportOptions(workers=0)).count("imported") == 1
    out = tmp_path / "b.pdf"
    [exhibit] = make_binder(vault, out, BinderOptions()).exhibits
    with pymupdf.open(out) as binder:
        shown = binder[exhibit["first_page"] - 1]
        text = shown.get_text()
        assert all(words in text for words in corners), text
        # upright as a reader shows it: the words read left to right, in the same order top to bottom
        lines = [b[4].strip() for b in sorted(shown.get_text("blocks"), key=lambda b: (round(b[1]), b[0]))]
        expected = [b[4].strip() for b in sorted(seen.get_text("blocks"), key=lambda b: (round(b[1]), b[0]))]
        assert [line for line in lines if line in corners] == [line for line in expected if line in corners]

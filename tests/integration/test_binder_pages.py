"""Every odd page comes out of the binder whole and upright, as a PDF viewer shows the original: each binder page's
content area, rendered, is compared with the source page rendered the same size (the mean difference of the
grey pixels stays under a stated bound)."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
import pypdf
import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat

from iepdesk.binder.assemble import make_binder
from iepdesk.binder.model import PAPER
from iepdesk.binder.options import BinderOptions
from iepdesk.binder.stamp import BAND, MARGIN
from iepdesk.ingest import import_paths
from iepdesk.ingest.ocr import run_ocr
from iepdesk.vault import Vault
from tests.conftest import needs_tesseract
from tests.fixtures import docs

MEAN_DIFFERENCE = 6.0  # out of 255: anti-aliasing and resampling, not a missing or turned part of the page


def _marked(page: pymupdf.Page) -> None:
    """Content that shows which way is up and where the edges are: a frame, a block at the top left, words."""
    r = page.rect
    page.draw_rect(pymupdf.Rect(r.x0 + 6, r.y0 + 6, r.x1 - 6, r.y1 - 6), color=(0, 0, 0), width=4)
    page.draw_rect(pymupdf.Rect(r.x0 + 20, r.y0 + 20, r.x0 + r.width / 3, r.y0 + r.height / 5), color=(0, 0, 0),
                   fill=(0.2, 0.2, 0.2))
    page.insert_text((r.x0 + 30, r.y0 + r.height / 2), "TOP LEFT IS DARK", fontsize=min(24, r.width / 12))


def _odd_pages(path: Path) -> list[str]:
    doc = pymupdf.open()
    names = []

    def add(name: str, width: float = 612, height: float = 792) -> pymupdf.Page:
        names.append(name)
        page = doc.new_page(width=width, height=height)
        _marked(page)
        return page

    for turn in (90, 180, 270):
        add(f"rotate {turn}").set_rotation(turn)
    page = add("rotate 90, content written turned")  # a scanner's landscape page: drawn turned, /Rotate undoes it
    page.insert_text((300, 100), "WRITTEN TURNED", fontsize=20, rotate=90)
    page.set_rotation(270)
    add("landscape", 792, 612)
    add("legal", 612, 1008)
    add("tiny", 144, 144)
    page = add("offset boxes", 800, 1000)
    page.set_cropbox(pymupdf.Rect(100, 100, 712, 892))
    page = add("user unit 10")
    doc.xref_set_key(page.xref, "UserUnit", "10")
    doc.save(path)
    return names


def _grey(pixmap: pymupdf.Pixmap) -> Image.Image:
    return Image.open(io.BytesIO(pixmap.tobytes("png"))).convert("L")


@pytest.fixture
def binder(vault: Vault, tmp_path: Path) -> tuple[Path, Path, list[str]]:
    source = tmp_path / "odd pages.pdf"
    names = _odd_pages(source)
    import_paths(vault, [source])
    out = tmp_path / "binder.pdf"
    make_binder(vault, out, BinderOptions(sections=("cover",), slipsheets=False))
    return source, out, names


def test_every_odd_page_is_whole_and_upright_in_the_binder(binder: tuple[Path, Path, list[str]]) -> None:
    source, out, names = binder
    pypdf.PdfReader(str(out), strict=True)  # an independent reader opens it
    src, made = pymupdf.open(source), pymupdf.open(out)
    first = made.page_count - src.page_count
    results = []
    shown_by_number: dict[int, Image.Image] = {}
    for number, name in enumerate(names):
        original, page = src[number], made[first + number]
        width, height = original.rect.width, original.rect.height  # as a viewer shows it (turned, cropped)
        sheet = page.rect
        assert max(sheet.width, sheet.height) <= max(PAPER["letter"]) + 1, f"{name}: the sheet is {sheet}"
        area_w, area_h = sheet.width - 2 * MARGIN, sheet.height - MARGIN - BAND
        scale = min(area_w / width, area_h / height, 1.0)
        x0 = MARGIN + (area_w - width * scale) / 2
        y0 = MARGIN + (area_h - height * scale) / 2
        area = pymupdf.Rect(x0, y0, x0 + width * scale, y0 + height * scale)
        zoom = 100 / max(width, height)
        expected = _grey(original.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom)))
        shown = _grey(page.get_pixmap(matrix=pymupdf.Matrix(zoom / scale, zoom / scale), clip=area))
        shown = shown.resize(expected.size)
        blur = ImageFilter.GaussianBlur(2)  # a pixel's shift in the resampling is not a difference
        difference = ImageStat.Stat(ImageChops.difference(expected.filter(blur), shown.filter(blur))).mean[0]
        print(f"{name}: mean difference {difference:.1f}")
        results.append((name, difference))
        shown_by_number[number] = shown
    assert all(difference < MEAN_DIFFERENCE for _name, difference in results), results
    # the measure tells a turned page: the page turned 90 against the one turned 270 (the same size) differs a lot
    blur = ImageFilter.GaussianBlur(2)
    turned = _grey(src[0].get_pixmap(matrix=pymupdf.Matrix(100 / 792, 100 / 792)))
    wrong = shown_by_number[2].resize(turned.size)
    assert ImageStat.Stat(ImageChops.difference(turned.filter(blur), wrong.filter(blur))).mean[0] > 3 * MEAN_DIFFERENCE


@needs_tesseract
def test_a_scanned_exhibit_can_be_searched_in_the_binder_and_looks_the_same(vault: Vault, tmp_path: Path) -> None:
    """Issue 15: the words OCR read lie, invisible, over the scan where they are, so a viewer's search finds them;
    the page looks exactly as it did without them."""
    scan = docs.scanned_pdf(tmp_path / "scan.pdf", ["Psychoeducational Evaluation\nReading fluency is below "
                                                    "grade level."])
    import_paths(vault, [scan])
    before, after = tmp_path / "before.pdf", tmp_path / "after.pdf"
    options = BinderOptions(sections=("cover",), slipsheets=False)
    make_binder(vault, before, options)
    assert run_ocr(vault).pages_done == 1
    make_binder(vault, after, options)
    plain, searchable = pymupdf.open(before), pymupdf.open(after)
    page, old = searchable[-1], plain[-1]
    # an independent reader decodes the layer kept compressed since OCR, and finds the words
    assert "fluency" in pypdf.PdfReader(after, strict=True).pages[-1].extract_text()
    assert "fluency" not in old.get_text() and "Psychoeducational" in page.get_text()
    [found] = page.search_for("fluency")
    assert all(span["type"] == 3 for span in page.get_texttrace() if "fluency" in "".join(
        chr(c[0]) for c in span["chars"]))  # invisible text
    # where the word is on the scan, as a fraction of the page, is where it is found on the binder page
    [ocr] = [w for w in (vault_words(vault)) if w[4] == "fluency"]
    area = _content_area(page.rect, 612, 400)
    assert abs((found.x0 - area.x0) / area.width - ocr[0]) < 0.03
    assert abs((found.y1 - area.y0) / area.height - ocr[3]) < 0.05
    zoom = pymupdf.Matrix(1.5, 1.5)
    difference = ImageStat.Stat(ImageChops.difference(_grey(old.get_pixmap(matrix=zoom)),
                                                      _grey(page.get_pixmap(matrix=zoom)))).mean[0]
    assert difference < 0.5, difference
    # a page read before its layer was kept with it (or kept in other stamp-font codes) gets one made from its words
    from sqlalchemy import update

    from iepdesk.vault.models import Page

    for layer in (None, b"stale--!" + b"x"):
        with vault.session() as session:
            session.execute(update(Page).where(Page.status == "ocr").values(layer=layer))
        again = tmp_path / "again.pdf"
        make_binder(vault, again, options)
        assert pymupdf.open(again)[-1].search_for("fluency") == [found]


def vault_words(vault: Vault) -> list[list[object]]:
    from sqlalchemy import select

    from iepdesk.vault.models import Page

    with vault.session() as session:
        return list(session.scalar(select(Page.words).where(Page.status == "ocr")) or [])


def _content_area(sheet: pymupdf.Rect, width: float, height: float) -> pymupdf.Rect:
    landscape = width > height
    area_w, area_h = sheet.width - 2 * MARGIN, sheet.height - MARGIN - BAND
    scale = min(area_w / width, area_h / height, 1.0)
    x0 = MARGIN + (area_w - width * scale) / 2
    y0 = MARGIN + (area_h - height * scale) / 2
    assert landscape == (sheet.width > sheet.height)
    return pymupdf.Rect(x0, y0, x0 + width * scale, y0 + height * scale)


@needs_tesseract
def test_a_photographed_page_can_be_searched_in_the_binder_where_the_photo_shows_it(vault: Vault,
                                                                                  tmp_path: Path) -> None:
    """Issue 15: a photo of a page, laid out by IEPDesk, gets its OCR words over the picture, wherever the
    picture was fitted on the page and the page on the sheet."""
    photo = tmp_path / "note from teacher.png"
    docs.text_image("Sam could not finish the reading quiz today.\nHe needed help to start.").save(photo)
    import_paths(vault, [photo])
    assert run_ocr(vault).pages_done == 1
    out = tmp_path / "b.pdf"
    make_binder(vault, out, BinderOptions(sections=("cover",), slipsheets=False))
    page = pymupdf.open(out)[-1]
    [found] = page.search_for("quiz")
    [picture] = [info["bbox"] for info in page.get_image_info()]
    assert pymupdf.Rect(picture).contains(found)
    [ocr] = [w for w in vault_words(vault) if w[4] == "quiz"]
    shown = pymupdf.Rect(picture)
    assert abs((found.x0 - shown.x0) / shown.width - ocr[0]) < 0.03
    assert abs((found.y1 - shown.y0) / shown.height - ocr[3]) < 0.05

"""The binder's front matter: sections, page numbers, clickable areas and duplex layout, checked on the PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pymupdf
import pytest

from iepdesk.binder.front import TITLES, build_front_matter, format_date, roman
from iepdesk.binder.model import (
    PAPER,
    ChronologyEntry,
    CommunicationEntry,
    CriterionSummary,
    ExhibitEntry,
    FrontMatter,
    FrontMatterInput,
    PinCite,
    QuoteEntry,
)

MARGIN = 54.0
GUTTER = 18.0
TITLES_OF_EXHIBITS = [
    "Neuropsychological evaluation by Dr. Zoë Ångström",
    "Email to principal about reading support",
    "IEP (2024–2025) with goals & accommodations",
    "Report card <fall semester>",
    "Pediatrician letter: ADHD diagnosis",
    "王小明的老师来信 (teacher letter)",
]


def exhibits(count: int) -> tuple[ExhibitEntry, ...]:
    out = []
    page = 1
    for i in range(count):
        pages = 1 + (i * 5) % 9
        first = page + 1  # after the slipsheet
        last = first + pages - 1
        title = TITLES_OF_EXHIBITS[i % len(TITLES_OF_EXHIBITS)] + ("" if i < len(TITLES_OF_EXHIBITS) else f" #{i}")
        out.append(ExhibitEntry(
            label=f"P-{i + 1}", item_id=i + 1, title=title,
            date=None if i % 4 == 3 else dt.date(2025, 1 + i % 12, 1 + i % 28),
            kind=["Evaluation", "Email", "IEP", "Report card", "Medical record", "Letter"][i % 6],
            source=["School", "Parent", "Doctor"][i % 3], author=None if i % 3 == 1 else "Zoë Müller",
            recipients=None, pages=pages, first_page=first, last_page=last,
            bates_first=f"WANG-{first:06d}", bates_last=f"WANG-{last:06d}",
            sha256=hashlib.sha256(str(i).encode()).hexdigest(),
            original_name=f"scan_{i + 1:03d}{'_评估' if i % 6 == 5 else ''}.pdf",
        ))
        page = last + 1
    return tuple(out)


def cite(exhibit: ExhibitEntry, page: int | None) -> PinCite:
    if page is None:
        return PinCite(exhibit.label, None, exhibit.first_page)
    page = min(page, exhibit.pages)
    return PinCite(exhibit.label, page, exhibit.first_page + page - 1)


def make_input(count: int = 6, **changes: object) -> FrontMatterInput:
    ex = exhibits(count)
    criteria = (
        CriterionSummary(
            "ohi.1", "Limited strength, vitality or alertness", "34 CFR 300.8(c)(9)(i)", "supported",
            "Other health impairment", (cite(ex[0], 3), cite(ex[4], 1), cite(ex[1], 2)),
            (QuoteEntry(cite(ex[0], 3), "Attention difficulties were observed across all testing sessions.",
                        "Matches the teacher's reports."),
             QuoteEntry(cite(ex[4], 1), "Diagnosed with ADHD, combined presentation.", None)),
        ),
        CriterionSummary("ohi.2", "Adversely affects educational performance", "34 CFR 300.8(c)(9)(ii)", "thin",
                         "Other health impairment", (cite(ex[3], 1),), ()),
        CriterionSummary("sld.1", "Does not achieve adequately in basic reading skills", "34 CFR 300.309(a)(1)",
                         "none", "Specific learning disability", (),
                         (QuoteEntry(cite(ex[2], 2), None, "Reading grade dropped from B to D."),)),
    )
    chronology = (
        ChronologyEntry(dt.date(2025, 10, 14), "Evaluation report received", cite(ex[0], None)),
        ChronologyEntry(None, "Phone call with the case manager (no record kept)", None),
        ChronologyEntry(dt.date(2025, 2, 2), "Email asking for reading support", cite(ex[1], 1)),
    )
    communications = (
        CommunicationEntry(dt.date(2025, 9, 30), "Zoë Müller (parent)", "Mr. Lee, Principal; Ms. Ortiz",
                           "Request for a full and individual evaluation in all areas of suspected disability",
                           cite(ex[1], 1), dt.date(2025, 10, 15), None),
        CommunicationEntry(dt.date(2025, 10, 2), "Mr. Lee", "王小明的妈妈", "Re: evaluation request", None,
                           None, dt.date(2025, 10, 2)),
    )
    data = FrontMatterInput(
        title="Evidence binder", child="王小明", school="Lincoln Elementary School",
        meeting_type="Annual IEP review", meeting_date=dt.date(2025, 10, 14), prepared_by="Zoë Müller",
        prepared_on=dt.date(2025, 10, 1), paper=PAPER["letter"], gutter=GUTTER, duplex=False,
        statement="I am worried about reading.\n\nI request an independent educational evaluation & <more> help.",
        criteria=criteria, chronology=chronology, communications=communications, exhibits=ex, manifest=True,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def open_pdf(front: FrontMatter) -> pymupdf.Document:
    doc = pymupdf.open(stream=front.pdf, filetype="pdf")
    assert doc.page_count == front.pages
    return doc


def text_lines(page: pymupdf.Page) -> list[str]:
    """The page's words gathered into visual lines (by vertical centre), left to right."""
    words = sorted(page.get_text("words"), key=lambda w: ((w[1] + w[3]) / 2, w[0]))
    lines: list[list[tuple]] = []
    for word in words:
        middle = (word[1] + word[3]) / 2
        if lines and abs(middle - (lines[-1][0][1] + lines[-1][0][3]) / 2) < 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [" ".join(w[4] for w in sorted(line, key=lambda w: w[0])).replace("\xa0", " ") for line in lines]


def section_pages(front: FrontMatter, title: str) -> range:
    marks = front.sections
    for n, mark in enumerate(marks):
        if mark.title == title:
            end = marks[n + 1].page_index if n + 1 < len(marks) else front.pages
            return range(mark.page_index, end)
    raise AssertionError(f"no section {title}")


@pytest.fixture(scope="module")
def simplex() -> tuple[FrontMatterInput, FrontMatter]:
    data = make_input()
    return data, build_front_matter(data)


@pytest.fixture(scope="module")
def duplex() -> tuple[FrontMatterInput, FrontMatter]:
    data = make_input(40, duplex=True, gutter=36.0)
    return data, build_front_matter(data)


def test_formats() -> None:
    assert format_date(dt.date(2025, 10, 14)) == "October 14, 2025"
    assert format_date(None) == "undated"
    assert [roman(n) for n in (1, 2, 4, 9, 14, 40, 49)] == ["i", "ii", "iv", "ix", "xiv", "xl", "xlix"]


def test_sections_in_order_each_on_its_own_page(simplex: tuple[FrontMatterInput, FrontMatter]) -> None:
    data, front = simplex
    doc = open_pdf(front)
    assert [m.title for m in front.sections] == [TITLES[k] for k in (
        "cover", "contents", "statement", "criteria", "evidence", "chronology", "communications", "index",
        "manifest")]
    starts = [m.page_index for m in front.sections]
    assert starts == sorted(set(starts))
    for mark in front.sections:
        text = doc[mark.page_index].get_text().strip()
        assert text.startswith(data.title if mark.title == "Cover" else mark.title), (mark, text[:80])
    assert front.pages == 9


def test_cover(simplex: tuple[FrontMatterInput, FrontMatter]) -> None:
    _, front = simplex
    text = open_pdf(front)[0].get_text()
    for expected in ("Evidence binder", "王小明", "Lincoln Elementary School", "Annual IEP review",
                     "October 14, 2025", "Prepared by Zoë Müller", "Prepared on October 1, 2025",
                     "Confidential: contains a child’s educational and medical records."):
        assert expected in text
    assert "— Annual IEP review" not in text  # no footer on the cover


def test_footer_on_every_page_but_the_cover(simplex: tuple[FrontMatterInput, FrontMatter]) -> None:
    _, front = simplex
    doc = open_pdf(front)
    for page in doc:
        if page.number == 0:
            continue
        lines = text_lines(page)
        assert lines[-1].startswith("王小明 — Annual IEP review"), lines[-1]
        assert lines[-1].endswith(roman(page.number + 1))


def test_contents_lists_sections_and_exhibits_with_their_pages(
        simplex: tuple[FrontMatterInput, FrontMatter]) -> None:
    data, front = simplex
    doc = open_pdf(front)
    lines = [line for n in section_pages(front, "Contents") for line in text_lines(doc[n])]
    for mark in front.sections[2:]:
        assert any(line.startswith(mark.title + " ") and line.endswith(" " + roman(mark.page_index + 1))
                   for line in lines), mark
    for exhibit in data.exhibits:
        # the label, the start of the title and the body page number on one line
        first_word = exhibit.title.split()[0]
        assert any(line.startswith(f"{exhibit.label} {first_word}") and line.endswith(f" {exhibit.first_page}")
                   for line in lines), exhibit.label
    assert not any(line.startswith("Cover") for line in lines)


def test_index_lists_every_exhibit_with_its_bates_range(simplex: tuple[FrontMatterInput, FrontMatter]) -> None:
    data, front = simplex
    doc = open_pdf(front)
    lines = [line for n in section_pages(front, "Exhibit index") for line in text_lines(doc[n])]
    assert any(line == "Exhibit Date Description Bates Pages Offered Received" for line in lines)
    text = " ".join(" ".join(doc[n].get_text() for n in section_pages(front, "Exhibit index")).split())
    for exhibit in data.exhibits:
        date = format_date(exhibit.date)
        assert any(line.startswith(f"{exhibit.label} {date} ") for line in lines), exhibit.label
        head = exhibit.bates_first.rstrip("0123456789")
        bates = exhibit.bates_first if exhibit.pages == 1 else \
            f"{exhibit.bates_first} –{exhibit.bates_last[len(head):]}"  # the range's end on a line of its own
        assert bates in text, (exhibit.label, bates)
    assert "Report card <fall semester>" in text and "goals & accommodations" in text  # escaped, not markup
    assert "Evaluation · School · Zoë Müller" in text


def test_other_sections_show_their_content(simplex: tuple[FrontMatterInput, FrontMatter]) -> None:
    data, front = simplex
    doc = open_pdf(front)

    def text(title: str) -> str:
        words = " ".join(doc[n].get_text() for n in section_pages(front, title)).split()
        return " ".join(words).replace("\xa0", " ")

    assert "I request an independent educational evaluation & <more> help." in text(TITLES["statement"])
    criteria = text(TITLES["criteria"])
    assert "● Supported" in criteria and "◐ Thin" in criteria and "○ None" in criteria
    assert "; ".join(c.text for c in data.criteria[0].cites) in criteria and "34 CFR 300.309(a)(1)" in criteria
    evidence = text(TITLES["evidence"])
    assert "“Attention difficulties were observed across all testing sessions.”" in evidence
    assert "Note: Reading grade dropped from B to D." in evidence
    assert "Adversely affects educational performance" not in evidence  # no quotes, no entry
    chronology = text(TITLES["chronology"])
    assert "October 14, 2025 Evaluation report received P-1 " in chronology and "undated" in chronology
    log = text(TITLES["communications"])
    assert "王小明的妈妈" in log and "P-2 at 1" in log and "→" in log
    manifest = text(TITLES["manifest"])
    assert "SHA-256" in manifest and "unchanged" in manifest
    for exhibit in make_input().exhibits:
        digest = exhibit.sha256
        assert digest[:32] in manifest and digest[32:] in manifest


def expected_link_texts(data: FrontMatterInput) -> dict[int, set[str]]:
    """Body page -> texts that may link to it."""
    texts: dict[int, set[str]] = {}
    for exhibit in data.exhibits:
        texts.setdefault(exhibit.first_page, set()).add(exhibit.label)
    cites = [c for crit in data.criteria for c in crit.cites]
    cites += [q.cite for crit in data.criteria for q in crit.quotes]
    cites += [e.cite for e in data.chronology if e.cite] + [e.cite for e in data.communications if e.cite]
    for pin in cites:
        texts.setdefault(pin.body_page, set()).add(pin.text)
    return texts


@pytest.mark.parametrize("which", ["simplex", "duplex"])
def test_links_sit_on_the_text_they_link_from(which: str, request: pytest.FixtureRequest) -> None:
    data, front = request.getfixturevalue(which)
    doc = open_pdf(front)
    expected = expected_link_texts(data)
    starts = {m.page_index: m.title for m in front.sections}
    assert front.links
    words = [page.get_text("words", sort=True) for page in doc]
    for spot in front.links:
        assert 0 <= spot.page_index < front.pages
        rect = pymupdf.Rect(spot.rect)
        assert rect.is_valid and not rect.is_empty and doc[spot.page_index].rect.contains(rect)
        # the words whose middle lies in the clickable area
        inside = " ".join(w[4] for w in words[spot.page_index]
                          if rect.contains(pymupdf.Point((w[0] + w[2]) / 2, (w[1] + w[3]) / 2))).replace("\xa0", " ")
        if spot.body_page is not None:
            assert spot.front_index is None
            assert any(text in inside for text in expected[spot.body_page]), (spot, inside)
        else:
            assert spot.front_index in starts, spot
            assert starts[spot.front_index] in inside and inside.rstrip().endswith(roman(spot.front_index + 1))
    body = [s for s in front.links if s.body_page is not None]
    # every exhibit from the contents, the index and the manifest; every pin cite
    assert len(body) >= 3 * len(data.exhibits) + sum(len(c.cites) + len(c.quotes) for c in data.criteria)
    contents = set(section_pages(front, "Contents"))
    assert {s.front_index for s in front.links if s.page_index in contents and s.front_index is not None} == {
        m.page_index for m in front.sections[2:]}


def test_duplex_sections_start_on_right_hand_pages(duplex: tuple[FrontMatterInput, FrontMatter]) -> None:
    data, front = duplex
    doc = open_pdf(front)
    assert front.pages % 2 == 0
    assert len(front.sections) == 9
    for mark in front.sections:
        assert mark.page_index % 2 == 0, mark  # page i, iii, v…
        text = doc[mark.page_index].get_text().strip()
        assert text.startswith(data.title if mark.title == "Cover" else mark.title)
    # pages in front of a section that are not part of the previous one are blank, but for the page number
    content = {n for mark in front.sections[1:] for n in section_pages(front, mark.title)
               if doc[n].get_text().strip() != roman(n + 1)}
    for page in doc:
        if page.number not in content and page.number != 0:
            assert page.get_text().split() == [roman(page.number + 1)]
    # the gutter is on the binding side: left on odd pages, right on even pages
    index = [n for n in section_pages(front, "Exhibit index") if doc[n].get_text().split() != [roman(n + 1)]]
    assert len(index) >= 3
    heading = doc[index[0]].search_for("Exhibit index")[0]
    assert heading.x0 == pytest.approx(MARGIN + 36.0, abs=0.5)
    for n in index:
        # header row repeated on every page of the index
        assert "Exhibit Date Description Bates Pages Offered Received" in text_lines(doc[n])
    for n in index[1:3]:  # table only: the first word is a cell's, 4 pt into the frame; the footer is too
        x0 = min(w[0] for w in doc[n].get_text("words") if w[3] < data.paper[1] - MARGIN)
        assert x0 == pytest.approx(MARGIN + (36.0 if n % 2 == 0 else 0) + 4, abs=0.5), n
        footer = min(w[0] for w in doc[n].get_text("words") if w[3] > data.paper[1] - MARGIN)
        assert footer == pytest.approx(MARGIN + (36.0 if n % 2 == 0 else 0), abs=0.5), n


def test_long_contents_keep_right_numbers(duplex: tuple[FrontMatterInput, FrontMatter]) -> None:
    data, front = duplex
    doc = open_pdf(front)
    contents = section_pages(front, "Contents")
    lines = [line for n in contents for line in text_lines(doc[n])]
    for mark in front.sections[2:]:
        assert any(line.startswith(mark.title + " ") and line.endswith(" " + roman(mark.page_index + 1))
                   for line in lines), mark
    assert sum(1 for line in lines if line.startswith("P-")) == len(data.exhibits)


def test_nothing_outside_the_margins(simplex: tuple[FrontMatterInput, FrontMatter],
                                     duplex: tuple[FrontMatterInput, FrontMatter]) -> None:
    for data, front in (simplex, duplex):
        doc = open_pdf(front)
        width, height = data.paper
        for page in doc:
            left = MARGIN + (data.gutter if not data.duplex or page.number % 2 == 0 else 0)
            right = width - MARGIN - (data.gutter if data.duplex and page.number % 2 == 1 else 0)
            for word in page.get_text("words"):
                assert word[0] >= left - 0.5 and word[2] <= right + 0.5, (page.number, word)
                assert word[1] >= MARGIN - 1 and word[3] <= height - 20, (page.number, word)


def test_names_in_any_script_render(simplex: tuple[FrontMatterInput, FrontMatter]) -> None:
    _, front = simplex
    doc = open_pdf(front)
    text = "".join(page.get_text() for page in doc)
    assert "王小明" in text and "Zoë Müller" in text and "Ångström" in text and "scan_006_评估.pdf" in text
    fonts = {f[3] for page in doc for f in page.get_fonts()}
    assert any("Fallback" in name for name in fonts)


def test_sections_without_content_are_left_out() -> None:
    data = make_input(statement="  ", chronology=(), communications=(), manifest=False,
                      criteria=tuple(dataclasses.replace(c, quotes=()) for c in make_input().criteria))
    front = build_front_matter(data)
    assert [m.title for m in front.sections] == ["Cover", "Contents", "Criteria summary", "Exhibit index"]
    chosen = build_front_matter(make_input(sections=("index", "chronology")))
    assert [m.title for m in chosen.sections] == ["Chronology", "Exhibit index"]
    doc = open_pdf(chosen)
    assert text_lines(doc[0])[-1].endswith(" i")  # without a cover, the first page is numbered too
    assert build_front_matter(make_input(sections=())).pages == 0


def test_a4_without_gutter() -> None:
    data = make_input(paper=PAPER["a4"], gutter=0.0)
    front = build_front_matter(data)
    page = open_pdf(front)[0]
    assert page.rect.width == pytest.approx(595.28, abs=0.01) and page.rect.height == pytest.approx(841.89, abs=0.01)


def test_cover_and_index_render(simplex: tuple[FrontMatterInput, FrontMatter], tmp_path) -> None:
    _, front = simplex
    doc = open_pdf(front)
    for name, number in (("cover", 0), ("index", section_pages(front, "Exhibit index")[0])):
        pix = doc[number].get_pixmap(dpi=100)
        pix.save(tmp_path / f"front_{name}.png")
        assert (pix.width, pix.height) == (850, 1100)
        assert len(set(pix.samples)) > 2  # something is drawn

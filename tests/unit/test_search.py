from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from iepdesk.criteria.evidence import tag
from iepdesk.ingest import import_paths
from iepdesk.ingest.ocr import run_ocr
from iepdesk.items import restore_item, trash_item, update_item
from iepdesk.search import Filters, fts_query, search
from iepdesk.vault import Vault
from tests.conftest import needs_tesseract
from tests.fixtures import docs


@pytest.fixture
def library(vault: Vault, inbox: Path) -> dict[str, int]:
    docs.text_pdf(inbox / "neuro.pdf", ["Neuropsychological Evaluation. Reason for referral.",
                                        "Oral reading fluency was 61 words correct per minute. BRIEF-2 elevated."])
    docs.text_pdf(inbox / "card.pdf", ["Report Card. Reading: approaching standard. Focus needs improvement."])
    docs.eml(inbox / "mail.eml", body="Sam was distracted during reading groups again today.")
    results = import_paths(vault, [inbox]).results
    ids = {Path(r.path).stem: r.item_id for r in results}
    update_item(vault, ids["neuro"], source="independent", doc_date=dt.date(2026, 1, 23))
    update_item(vault, ids["card"], source="school", doc_date=dt.date(2025, 12, 5))
    return ids


def test_hits_have_the_page_a_marked_snippet_and_a_rank(vault: Vault, library: dict[str, int]) -> None:
    [hit] = search(vault, '"words correct per minute"')
    assert (hit.item_id, hit.page) == (library["neuro"], 2)
    assert "[words correct per minute]" in hit.snippet and hit.score > 0
    assert [h.item_id for h in search(vault, "brief-2")] == [library["neuro"]]
    assert {h.item_id for h in search(vault, "distract*")} == {library["mail"]}
    assert {h.item_id for h in search(vault, "reading OR focus")} == set(library.values())
    assert {h.item_id for h in search(vault, "reading NOT fluency")} == {library["card"], library["mail"]}
    assert {h.item_id for h in search(vault, "(fluency OR focus) AND reading")} == {library["neuro"], library["card"]}


@pytest.mark.parametrize("query", ['"unbalanced quote', "reading AND", "OR", "NOT reading", "((reading", "a)b(",
                                   "col:umn", "^start", "near(x y)", "-minus", '"', "*", "'; DROP TABLE items; --"])
def test_odd_queries_are_read_as_words_never_an_error(vault: Vault, library: dict[str, int], query: str) -> None:
    hits = search(vault, query)  # no exception
    expression = fts_query(query)
    # only quoted words, the three operators and balanced parentheses reach FTS5: nothing of the query's syntax
    assert re.fullmatch(r'(\s*("[^"]*"\*?|AND|OR|NOT|\(|\)))*', expression), expression
    assert expression.count("(") == expression.count(")")
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", query)} - {"and", "or", "not", "near"}
    if "reading" in words and expression:
        assert hits and {h.item_id for h in hits} <= set(library.values())
    assert fts_query("reading AND") == '"reading"'


def test_filters(vault: Vault, library: dict[str, int]) -> None:
    everything = {h.item_id for h in search(vault, "reading")}
    assert everything == set(library.values())
    school = {library["card"], library["mail"]}  # the email came from a school address
    assert {h.item_id for h in search(vault, "reading", Filters(sources=["school"]))} == school
    assert {h.item_id for h in search(vault, "reading", Filters(kinds=["correspondence"]))} == {library["mail"]}
    dated = Filters(date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31))
    assert {h.item_id for h in search(vault, "reading", dated)} == {library["neuro"]}
    tag(vault, library["neuro"], "idea.sld.area.reading_fluency", page=2)
    assert {h.item_id for h in search(vault, "reading", Filters(criterion="idea.sld"))} == {library["neuro"]}
    assert {h.item_id for h in search(vault, "reading", Filters(tagged=True))} == {library["neuro"]}
    assert {h.item_id for h in search(vault, "reading", Filters(tagged=False))} == {library["card"], library["mail"]}


def test_the_index_follows_the_trash(vault: Vault, library: dict[str, int]) -> None:
    trash_item(vault, library["card"])
    assert library["card"] not in {h.item_id for h in search(vault, "reading")}
    restore_item(vault, library["card"])
    assert library["card"] in {h.item_id for h in search(vault, "reading")}


@needs_tesseract
def test_pages_read_by_ocr_later_become_searchable(vault: Vault, inbox: Path) -> None:
    docs.scanned_pdf(inbox / "scan.pdf", ["Teacher note: Sam refused to read aloud"])
    import_paths(vault, [inbox / "scan.pdf"])
    assert search(vault, "aloud") == []
    run_ocr(vault)
    assert [h.page for h in search(vault, "aloud")] == [1]

"""Suggestions that learn from the parent: a passage quoted as evidence is looked for in the vault's other documents
(iepdesk.criteria.learned), read with the same negation and never applied by itself; a passage rejected once is
not suggested again on other pages."""

from __future__ import annotations

from pathlib import Path

from iepdesk.criteria.evidence import set_status, tag, untag
from iepdesk.criteria.learned import learned_rules, quote_terms
from iepdesk.criteria.rules import phrase_rule
from iepdesk.criteria.suggest import match_page, run_suggestions, same_words, suggestions
from iepdesk.ingest import import_paths
from iepdesk.items import trash_item
from iepdesk.vault import Vault
from tests.fixtures import docs

WRITING = "idea.sld.area.written_expression"
COMMENT = "continues to require adult support to begin independent writing tasks"


def test_a_short_quote_is_looked_for_whole_and_a_long_one_by_its_runs_of_substance() -> None:
    assert quote_terms("needs frequent redirection") == ["needs frequent redirection"]
    assert quote_terms("in the area of") == []  # nothing of substance: it would be found anywhere
    runs = quote_terms(COMMENT)
    assert "adult support to begin independent" in runs
    assert all(len(run.split()) == 5 for run in runs)
    assert "it is in the area of the" not in " | ".join(quote_terms("It is in the area of the class"))


def test_two_rules_for_one_element_make_one_suggestion_with_both_reasons() -> None:
    rules = [phrase_rule(WRITING, ["writing tasks"]), phrase_rule(WRITING, ["adult support"])]
    [match] = match_page("He needs adult support with writing tasks.", rules)
    assert match.criterion_id == WRITING and set(match.matched) == {"writing tasks", "adult support"}


def test_the_parents_quote_finds_the_same_words_in_other_documents(vault: Vault, inbox: Path) -> None:
    first, copied, _negated = (import_paths(vault, [docs.text_pdf(inbox / name, [text])]).results[0].item_id
                              for name, text in (
        ("term1.pdf", f"Term 1 comments. Jonah {COMMENT}; he rarely finishes a paragraph."),
        ("term2.pdf", f"Term 2 comments. Jonah {COMMENT}. He enjoys science."),
        ("term3.pdf", "Term 3 comments. Jonah no longer requires adult support to begin independent writing tasks."),
    ))
    run_suggestions(vault)
    assert not any(s.criterion_id == WRITING for s in suggestions(vault))  # the packs do not know these words
    link = tag(vault, first, WRITING, quote=f"Jonah {COMMENT}")
    assert [rule.criterion_id for rule in learned_rules(vault)] == [WRITING]

    run_suggestions(vault)
    found = [s for s in suggestions(vault) if s.criterion_id == WRITING]
    assert [s.item_id for s in found] == [copied]  # not the page already tagged, not the one that says "no longer"
    assert found[0].page == 1 and found[0].status == "suggested"
    assert list(found[0].matched) == [f"Jonah {COMMENT}"]  # its runs overlap: the page's words, quoted once

    untag(vault, link.id)  # a tag taken back teaches nothing
    assert learned_rules(vault) == []
    tag(vault, first, WRITING, quote=f"Jonah {COMMENT}")
    trash_item(vault, first)  # nor does a document in the Trash
    assert learned_rules(vault) == []


def test_only_the_parents_accepted_quotes_teach(vault: Vault, inbox: Path) -> None:
    item = import_paths(vault, [docs.text_pdf(inbox / "note.pdf", [f"Jonah {COMMENT}."])]).results[0].item_id
    tag(vault, item, WRITING)  # the whole document, no quote: nothing to look for
    assert learned_rules(vault) == []
    tag(vault, item, WRITING, quote=f"Jonah {COMMENT}")
    assert learned_rules(vault, {"s504.mla.reading"}) == []  # only the elements asked about
    assert len(learned_rules(vault, {WRITING})) == 1


EDUCATION = "idea.general.educational_performance"
PRINTED = "Attendance: days he missed school are listed below, with the teacher's comments."


def test_a_passage_rejected_once_is_not_suggested_again_on_other_pages(vault: Vault, inbox: Path) -> None:
    """A form's printed line that reads like evidence: the parent rejects it once, not on every report card."""
    def report_card(term: int, text: str = PRINTED) -> int:
        path = docs.text_pdf(inbox / f"term{term}.pdf", [f"Report card, term {term}. Teacher: Ms. Ortiz. {text}"])
        return import_paths(vault, [path]).results[0].item_id

    cards = [report_card(term) for term in (1, 2, 3)]
    run_suggestions(vault)
    waiting = [s for s in suggestions(vault) if s.criterion_id == EDUCATION]
    assert sorted(s.item_id for s in waiting) == cards
    set_status(vault, [waiting[0].id], "rejected")
    assert [s.id for s in same_words(vault, [waiting[0].id])] == [s.id for s in waiting[1:]]

    later = report_card(4)
    report = run_suggestions(vault, [later])
    assert report.kept_rejected >= 1 and not [s for s in suggestions(vault, later) if s.criterion_id == EDUCATION]
    other = report_card(5, "He missed school for two weeks in March after his surgery.")  # other words: suggested
    run_suggestions(vault, [other])
    assert [s.criterion_id for s in suggestions(vault, other)].count(EDUCATION) == 1

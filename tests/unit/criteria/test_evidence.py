from __future__ import annotations

from pathlib import Path

import pytest

from iepdesk import undo
from iepdesk.criteria.coverage import coverage
from iepdesk.criteria.evidence import list_evidence, set_status, tag, untag
from iepdesk.errors import UsageError
from iepdesk.ingest import import_paths
from iepdesk.items import get_item, trash_item, update_item
from iepdesk.vault import Vault
from tests.fixtures import docs

PAGE_1 = "Neuropsychological Evaluation\nBright Path Neuropsychology Associates, PLLC\nReason for referral."
PAGE_2 = ("Sam required frequent redirection and was easily distracted by noises in the hall-\nway. "
          "His reading fluency was at the 5th percentile.")


@pytest.fixture
def evaluation(vault: Vault, inbox: Path) -> int:
    path = docs.text_pdf(inbox / "neuro.pdf", [PAGE_1, PAGE_2])
    return import_paths(vault, [path]).results[0].item_id


def test_tagging_a_quote_finds_its_page_and_checks_it(vault: Vault, evaluation: int) -> None:
    link = tag(vault, evaluation, "idea.ohi.limited_alertness", quote="easily distracted by noises in the hallway")
    assert (link.page, link.origin, link.status) == (2, "manual", "accepted")  # found on page 2, hyphen joined
    with pytest.raises(UsageError, match="not on page 1"):
        tag(vault, evaluation, "idea.ohi.limited_alertness", page=1, quote="easily distracted")
    with pytest.raises(UsageError, match="has 2 page"):
        tag(vault, evaluation, "idea.ohi.limited_alertness", page=3)
    with pytest.raises(UsageError, match=r"There is no criterion 'idea\.ohi\.nope'"):
        tag(vault, evaluation, "idea.ohi.nope")
    with pytest.raises(UsageError, match="is a heading"):
        tag(vault, evaluation, "idea.ohi")
    with pytest.raises(UsageError, match="no item 999"):
        tag(vault, 999, "idea.ohi.limited_alertness")


def test_every_change_can_be_undone_and_redone(vault: Vault, evaluation: int) -> None:
    first = tag(vault, evaluation, "idea.sld.area.reading_fluency", page=2, strength="strong")
    second = tag(vault, evaluation, "idea.ohi.limited_alertness", page=2)
    untag(vault, first.id)
    assert [e.id for e in list_evidence(vault)] == [second.id]
    done, _ = undo.available(vault)
    assert done is not None and done.label == "Remove evidence"
    assert undo.undo(vault).label == "Remove evidence"
    assert sorted(e.id for e in list_evidence(vault)) == [first.id, second.id]
    restored = next(e for e in list_evidence(vault) if e.id == first.id)
    assert (restored.page, restored.strength) == (2, "strong")
    undo.undo(vault)  # the second tag
    assert [e.id for e in list_evidence(vault)] == [first.id]
    _, redo_step = undo.available(vault)
    assert redo_step is not None and redo_step.label == "Tag as evidence"
    undo.redo(vault)
    assert sorted(e.id for e in list_evidence(vault)) == [first.id, second.id]
    update_item(vault, evaluation, title="Private neuropsych")  # a new change clears what could be redone
    assert undo.available(vault)[1] is None
    undo.undo(vault)
    item = get_item(vault, evaluation)
    assert item.title != "Private neuropsych" and "title" in item.guesses  # the guess is a guess again


def test_trash_is_undoable_and_hides_evidence(vault: Vault, evaluation: int) -> None:
    tag(vault, evaluation, "idea.ohi.limited_alertness", page=2)
    trash_item(vault, evaluation)
    assert list_evidence(vault) == []
    assert undo.undo(vault).label == "Move to Trash"
    assert len(list_evidence(vault)) == 1 and get_item(vault, evaluation).trashed_at is None


def test_coverage_follows_the_written_rule(vault: Vault, inbox: Path, evaluation: int) -> None:
    parent_note = docs.text_pdf(inbox / "log.pdf", ["Homework log: two hours, needed constant reminders."])
    school = docs.text_pdf(inbox / "email.pdf", ["Maple Grove School District. Sam is often off task."])
    log_id, school_id = (r.item_id for r in import_paths(vault, [parent_note, school]).results)
    update_item(vault, log_id, source="parent")
    update_item(vault, evaluation, source="independent")
    update_item(vault, school_id, source="school")

    def status() -> dict[str, str]:
        return {row.criterion_id: row.status for row in coverage(vault, ["idea.ohi"])}

    assert status()["idea.ohi.limited_alertness"] == "none"
    tag(vault, log_id, "idea.ohi.limited_alertness")
    assert status()["idea.ohi.limited_alertness"] == "thin"  # the parent's own log only
    second_log = docs.text_pdf(inbox / "log 2.pdf", ["Homework log, week two: lost focus after ten minutes."])
    second_id = import_paths(vault, [second_log]).results[0].item_id
    update_item(vault, second_id, source="parent")
    tag(vault, second_id, "idea.ohi.limited_alertness")
    rows = {row.criterion_id: row for row in coverage(vault, ["idea.ohi"])}
    assert (rows["idea.ohi.limited_alertness"].status, rows["idea.ohi.limited_alertness"].documents) == ("thin", 2), \
        "two documents of the parent's own are still thin: a professional source is needed"
    untag_all = [e.id for e in list_evidence(vault) if e.item_id == second_id]
    set_status(vault, untag_all, "rejected")
    tag(vault, evaluation, "idea.ohi.limited_alertness", page=2)
    rows = {row.criterion_id: row for row in coverage(vault, ["idea.ohi"])}
    alert = rows["idea.ohi.limited_alertness"]
    assert (alert.status, alert.documents, alert.sources) == ("supported", 2, ("independent", "parent"))
    assert alert.would_help == ()
    gap = rows["idea.ohi.health_problem"]
    assert gap.status == "none" and gap.would_help  # says which documents would fill it
    suggested = tag(vault, school_id, "idea.ohi.adverse_effect")
    assert status()["idea.ohi.adverse_effect"] == "thin", "one document, even the school's own, is thin"
    set_status(vault, [suggested.id], "rejected")
    rows = {row.criterion_id: row for row in coverage(vault, ["idea.ohi"])}
    assert rows["idea.ohi.adverse_effect"].status == "none"  # a rejected link is no evidence
    assert rows["idea.ohi.adverse_effect"].waiting == 0, "and it no longer waits for review"


def test_several_documents_are_changed_and_tagged_in_one_undoable_step(vault: Vault, inbox: Path) -> None:
    from iepdesk.criteria.evidence import tag_documents
    from iepdesk.items import update_items

    ids = [import_paths(vault, [docs.text_pdf(inbox / f"{n}.pdf", [f"Teacher note {n}"])]).results[0].item_id
           for n in range(3)]
    changed = update_items(vault, ids, kind="correspondence", source="school")
    assert [(i.kind, i.source) for i in changed] == [("correspondence", "school")] * 3
    assert all("kind" not in get_item(vault, i).guesses for i in ids)
    assert undo.undo(vault).label == "Edit details"
    assert {get_item(vault, i).kind for i in ids} != {"correspondence"}  # all three back, in one step

    tag(vault, ids[0], "idea.ohi.limited_alertness")  # already linked: not linked twice
    links = tag_documents(vault, ids, "idea.ohi.limited_alertness")
    assert len(links) == 3 and len(list_evidence(vault)) == 3
    assert {e.status for e in list_evidence(vault)} == {"accepted"}
    assert undo.undo(vault).label == "Tag as evidence"
    assert [e.item_id for e in list_evidence(vault)] == [ids[0]]
    with pytest.raises(UsageError, match="heading"):
        tag_documents(vault, ids, "idea.ohi")

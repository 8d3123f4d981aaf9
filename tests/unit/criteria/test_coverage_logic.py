"""A group counts its members as the law does: all of them, one of them (one of the five patterns of emotional
disturbance; either route to a learning disability; one of the three prongs of 504), or at least N; a supporting
fact is never a gap; a pack whose group logic is wrong is refused with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from iepdesk import undo
from iepdesk.criteria.catalogue import add_pack, load_catalogue
from iepdesk.criteria.coverage import ElementCoverage, GroupCoverage, coverage_report, heading
from iepdesk.criteria.evidence import tag
from iepdesk.criteria.packs import PackError, parse_pack
from iepdesk.ingest import import_paths
from iepdesk.items import list_items, update_item
from iepdesk.vault import Vault
from tests.fixtures import docs
from tests.unit.criteria.test_packs import GOOD


def _rows(vault: Vault, roots: list[str]) -> dict[str, ElementCoverage | GroupCoverage]:
    return {r.criterion_id: r for r in coverage_report(vault, roots)}


def _documents(vault: Vault, inbox: Path, sources: list[str]) -> list[int]:
    ids = []
    for n, source in enumerate(sources):
        item = import_paths(vault, [docs.text_pdf(inbox / f"d{n}.pdf", [f"Document {n}"])]).results[0].item_id
        update_item(vault, item, source=source)
        ids.append(item)
    return ids


def test_the_demo_shows_sld_supported_through_either_route_alone(demo_path: Path) -> None:
    with Vault.open(demo_path) as vault:
        by_title = {i.title: i.id for i in list_items(vault)}
        rows = _rows(vault, ["idea.sld"])
        assert rows["idea.sld.route"].status == "thin"  # the demo: one RTI report so far
        # the RTI route, shown by the school's progress report and the teacher's email
        tag(vault, by_title["Response to Intervention (RTI) Progress Monitoring Report"], "idea.sld.rti_nonresponse")
        tag(vault, by_title["Psychoeducational Evaluation Report"], "idea.sld.rti_nonresponse")
        rows = _rows(vault, ["idea.sld"])
        assert rows["idea.sld.route"].status == "supported"
        psw = rows["idea.sld.psw"]
        assert isinstance(psw, ElementCoverage) and psw.status == "none" and not psw.needed and not psw.would_help
        undo.undo(vault), undo.undo(vault)
        # or the other route alone: a pattern of strengths and weaknesses in two evaluations
        tag(vault, by_title["Neuropsychological Evaluation"], "idea.sld.psw")
        tag(vault, by_title["Psychoeducational Evaluation Report"], "idea.sld.psw")
        rows = _rows(vault, ["idea.sld"])
        assert rows["idea.sld.route"].status == "supported" and rows["idea.sld.psw"].status == "supported"
        rti = rows["idea.sld.rti_nonresponse"]
        assert isinstance(rti, ElementCoverage) and rti.status == "thin" and not rti.needed
        assert rows["idea.sld.route"].rule == "one of these 2 is enough"


def test_one_pattern_of_emotional_disturbance_is_not_shown_missing_the_other_four(vault: Vault,
                                                                                  inbox: Path) -> None:
    school, doctor = _documents(vault, inbox, ["school", "medical"])
    for item in (school, doctor):
        tag(vault, item, "idea.ed.relationships")
    rows = _rows(vault, ["idea.ed"])
    patterns = rows["idea.ed.patterns"]
    assert isinstance(patterns, GroupCoverage) and patterns.status == "supported" and len(patterns.members) == 5
    others = [rows[f"idea.ed.{p}"] for p in ("inability_to_learn", "inappropriate_behavior", "pervasive_mood",
                                              "physical_symptoms_fears")]
    assert all(isinstance(o, ElementCoverage) and not o.needed and not o.would_help for o in others)
    # the category still needs its other parts: a long period, a marked degree, the adverse effect
    assert rows["idea.ed"].status == "none" and rows["idea.ed.long_period"].needed  # type: ignore[union-attr]
    for part in ("long_period", "marked_degree", "adverse_effect", "excl_social_maladjustment"):
        for item in (school, doctor):
            tag(vault, item, f"idea.ed.{part}")
    assert _rows(vault, ["idea.ed"])["idea.ed"].status == "supported"


def test_autisms_associated_characteristics_support_but_are_never_a_gap(vault: Vault, inbox: Path) -> None:
    school, doctor = _documents(vault, inbox, ["school", "medical"])
    for part in ("communication", "social", "onset", "adverse_effect", "excl_ed"):
        for item in (school, doctor):
            tag(vault, item, f"idea.aut.{part}")
    rows = _rows(vault, ["idea.aut"])
    associated = rows["idea.aut.associated"]
    assert isinstance(associated, ElementCoverage) and not associated.required and not associated.needed
    assert associated.status == "none" and rows["idea.aut"].status == "supported"
    assert "idea.aut.associated" not in rows["idea.aut"].members  # type: ignore[union-attr]


def test_at_least_n_counts_the_nth_best_member(vault: Vault, inbox: Path, tmp_path: Path) -> None:
    pack = GOOD.replace('id = "ca"\ntype = "group"', 'id = "ca"\ntype = "group"\nat_least = 2') + """
[[criterion]]
id = "ca.notice"
parent = "ca"
type = "element"
title = "Notice of the meeting"
citation = "Cal. Ed. Code 56341.5"

[[criterion]]
id = "ca.consent"
parent = "ca"
type = "element"
title = "Consent asked in the parent's language"
citation = "Cal. Ed. Code 56321(b)"
"""
    (tmp_path / "ca.toml").write_text(pack, "utf-8")
    add_pack(vault, tmp_path / "ca.toml")
    school, doctor = _documents(vault, inbox, ["school", "medical"])
    for item in (school, doctor):
        tag(vault, item, "ca.timeline")
    tag(vault, school, "ca.notice")
    rows = _rows(vault, ["ca"])
    assert rows["ca"].rule == "at least 2 of these 3 are needed"  # type: ignore[union-attr]
    assert rows["ca"].status == "thin"  # the second best is thin
    tag(vault, doctor, "ca.notice")
    assert _rows(vault, ["ca"])["ca"].status == "supported"
    assert not _rows(vault, ["ca"])["ca.consent"].needed  # type: ignore[union-attr]
    assert load_catalogue(vault).get("ca").as_json()["at_least"] == 2


@pytest.mark.parametrize(("change", "line", "message"), [
    (('type = "group"\ntitle = "California"', 'type = "group"\nlogic = "some_of"\ntitle = "California"'), 13,
     "logic 'some_of'; use one of all_of, any_of, at_least"),
    (('type = "group"\ntitle = "California"', 'type = "group"\nat_least = 3\ntitle = "California"'), 13,
     "needs at least 3 of its members, but it has 1"),
    (('type = "group"\ntitle = "California"', 'type = "group"\nlogic = "any_of"\ntitle = "California"'), 13,
     "needs one of its members, but it has 1"),
    (('type = "element"\ntitle = "Assessment', 'type = "element"\nlogic = "any_of"\ntitle = "Assessment'), 19,
     "is an element; only a group has 'logic'"),
    (('type = "group"\ntitle = "California"', 'type = "group"\nrequired = false\ntitle = "California"'), 13,
     "only an element or exclusion has 'required'"),
    (('type = "element"\ntitle = "Assessment', 'type = "element"\nrequired = "no"\ntitle = "Assessment'), 19,
     "required must be true or false"),
])
def test_a_pack_with_a_malformed_group_is_refused_naming_the_file_and_line(change: tuple[str, str], line: int,
                                                                          message: str) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(PackError) as refused:
        parse_pack(text, "california.toml")
    assert f"california.toml, line {line}:" in str(refused.value) and message in str(refused.value), refused.value


def test_an_element_is_named_with_its_category_where_it_has_one() -> None:
    catalogue = load_catalogue()
    assert heading(catalogue, "idea.ohi.adverse_effect") == ("Other health impairment — Harms how your child does at "
                                                             "school")
    assert heading(catalogue, "s504.mla.reading").endswith("— Reading")
    assert heading(catalogue, "idea.general.needs_sped") == catalogue.get("idea.general.needs_sped").title
    assert heading(catalogue, "denial.found_not_eligible") == catalogue.get("denial.found_not_eligible").title

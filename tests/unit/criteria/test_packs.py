from __future__ import annotations

from pathlib import Path

import pytest

from iepdesk.criteria.catalogue import add_pack, builtin_packs, load_catalogue
from iepdesk.criteria.packs import PackError, parse_pack
from iepdesk.vault import Vault

GOOD = """
[pack]
id = "ca-state"
version = "1"
title = "California additions"

[evidence_types]
"state.form" = "the district's state-mandated eligibility form"

[[criterion]]
id = "ca"
type = "group"
title = "California"

[[criterion]]
id = "ca.timeline"
parent = "ca"
type = "element"
title = "Assessment plan within 15 days"
citation = "Cal. Ed. Code 56321(a)"
evidence = ["state.form", "obs.parent"]
[criterion.match]
phrases = ["assessment plan"]
"""


def test_the_builtin_packs_load_and_link() -> None:
    catalogue = load_catalogue()
    assert {p.id for p in catalogue.packs} == {"idea-federal", "section-504", "denials"}
    categories = [c.id for c in catalogue.children("idea") if c.id != "idea.general"]
    assert sorted(categories) == sorted(f"idea.{c}" for c in (
        "aut", "db", "deaf", "ed", "hi", "id", "md", "oi", "ohi", "sld", "sli", "tbi", "vi", "dd"))
    areas = catalogue.children("idea.sld.area")
    assert len(areas) == 8 and all(a.type == "element" for a in areas)
    for category in categories:
        if category not in ("idea.db", "idea.md", "idea.sld", "idea.dd"):
            assert f"{category}.adverse_effect" in catalogue.criteria, category
    assert all(c.citation for c in catalogue.criteria.values() if c.type != "group")
    denial = catalogue.get("denial.passing_grades")
    assert denial.says and "idea.general.grade_advancing" in denial.answers
    assert catalogue.get("s504.mitigating_measures").type == "rule"
    assert catalogue.get("idea.ohi.limited_alertness").match is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('id = "ca.timeline"', 'id = "ca"'), "line 16: the id 'ca' is used twice"),
        (lambda t: t.replace('parent = "ca"', 'parent = "nowhere"'),
         "line 17: 'ca.timeline' names the parent 'nowhere'"),
        (lambda t: t.replace('citation = "Cal. Ed. Code 56321(a)"\n', ""), "line 15: 'ca.timeline' needs a 'citation'"),
        (lambda t: t.replace('type = "element"', 'type = "elemnt"'), "line 18: 'ca.timeline' has type 'elemnt'"),
        (lambda t: t.replace('title = "California"', 'title = "California'), "not valid TOML"),
        (lambda t: t.replace("[pack]", "[pak]"), "starts with a [pack] table"),
        (lambda t: t.replace('phrases = ["assessment plan"]', 'phrase = ["assessment plan"]'), "line 15"),
        (lambda t: t.replace('phrases = ["assessment plan"]', 'phrases = ["assessment plan"]\ncontext_near = "yes"'),
         "context_near must be true or false"),
    ],
)
def test_a_bad_pack_names_the_file_the_line_and_the_problem(change, message: str) -> None:
    with pytest.raises(PackError, match=None) as caught:
        parse_pack(change(GOOD), "california.toml")
    assert str(caught.value).startswith("california.toml")
    assert message in str(caught.value)


def test_a_user_pack_is_checked_against_the_others_then_kept_in_the_vault(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "california.toml"
    path.write_text(GOOD.replace('"obs.parent"', '"obs.nowhere"'), "utf-8")
    with pytest.raises(PackError, match="unknown evidence type"):
        add_pack(vault, path)
    path.write_text(GOOD.replace('id = "ca.timeline"', 'id = "idea.ohi"').replace('id = "ca"\n', 'id = "idea"\n')
                    .replace('parent = "ca"', 'parent = "idea"'), "utf-8")
    with pytest.raises(PackError, match="already used by the pack 'idea-federal'"):
        add_pack(vault, path)
    path.write_text(GOOD.replace('phrases = ["assessment plan"]', 'follows = ["idea.sld.area.spelling"]'), "utf-8")
    with pytest.raises(PackError, match=r"'follows' names criteria that do not exist: idea\.sld\.area\.spelling"):
        add_pack(vault, path)
    yielding = 'phrases = ["assessment plan"]\nyields_to = ["ca.x"]'
    path.write_text(GOOD.replace('phrases = ["assessment plan"]', yielding), "utf-8")
    with pytest.raises(PackError, match=r"'yields_to' names criteria that do not exist: ca\.x"):
        add_pack(vault, path)
    following = 'phrases = ["assessment plan"]\nfollows_when = {"ca.y" = ["plan"]}'
    path.write_text(GOOD.replace('phrases = ["assessment plan"]', following), "utf-8")
    with pytest.raises(PackError, match=r"'follows_when' names criteria that do not exist: ca\.y"):
        add_pack(vault, path)
    path.write_text(GOOD.replace('phrases = ["assessment plan"]', 'follows_when = ["ca.y"]'), "utf-8")
    with pytest.raises(PackError, match="follows_when must be a table"):
        add_pack(vault, path)
    path.write_text(GOOD, "utf-8")
    pack = add_pack(vault, path)
    assert (pack.id, len(pack.criteria)) == ("ca-state", 2)
    path.unlink()  # the vault keeps its own copy
    catalogue = load_catalogue(vault)
    assert catalogue.get("ca.timeline").pack == "ca-state"
    assert catalogue.evidence_label("state.form").startswith("the district's")
    path.write_text(GOOD.replace('version = "1"', 'version = "2"'), "utf-8")
    assert add_pack(vault, path).version == "2"  # adding it again replaces it
    assert [p.version for p in load_catalogue(vault).packs if p.id == "ca-state"] == ["2"]


def test_builtin_packs_are_read_once() -> None:
    assert builtin_packs() is builtin_packs()


def test_an_added_packs_elements_show_in_coverage_once_they_have_evidence(vault: Vault, tmp_path: Path) -> None:
    from iepdesk.criteria.coverage import coverage, default_roots
    from iepdesk.criteria.evidence import tag
    from iepdesk.ingest import import_paths
    from tests.fixtures import docs

    path = tmp_path / "california.toml"
    path.write_text(GOOD, "utf-8")
    add_pack(vault, path)
    item = import_paths(vault, [docs.text_pdf(tmp_path / "plan.pdf", ["Assessment plan"])]).results[0].item_id
    catalogue = load_catalogue(vault)
    assert "ca" not in default_roots(vault, catalogue)
    tag(vault, item, "ca.timeline")
    roots = default_roots(vault, catalogue)
    assert "ca" in roots
    [row] = [r for r in coverage(vault, roots, catalogue=catalogue) if r.criterion_id == "ca.timeline"]
    assert row.status != "none"

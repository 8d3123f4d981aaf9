"""Criteria, evidence, suggestions, coverage and search from the command line, on the demo case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.integration.test_cli import iepdesk, run_json

SUGGESTION_FIELDS = {"item_id", "criterion_id", "page", "matched", "snippet", "status"}
COVERAGE_FIELDS = {"criterion_id", "status", "evidence_count", "documents", "sources", "required", "needed"}
GROUP_FIELDS = {"criterion_id", "status", "logic", "rule", "members"}


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "vault"
    done = iepdesk("demo", str(path))
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def demo(demo_source: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "vault"
    shutil.copytree(demo_source, copy)
    return copy


def test_criteria_list_show_and_add(demo: Path, tmp_path: Path) -> None:
    rows = run_json("criteria", "list", vault=demo)
    assert all({"id", "parent_id", "title", "citation", "pack"} <= set(r) for r in rows)
    assert {r["pack"] for r in rows} == {"idea-federal", "section-504", "denials"}
    shown = run_json("criteria", "show", "idea.ohi.limited_alertness", vault=demo)
    assert shown["citation"].startswith("34 CFR 300.8(c)(9)") and shown["would_help"]
    bad = tmp_path / "state.toml"
    bad.write_text('[pack]\nid = "state"\nversion = "1"\ntitle = "State"\n\n[[criterion]]\nid = "st"\n'
                   'type = "group"\ntitle = "State"\n\n[[criterion]]\nid = "st.x"\nparent = "st"\n'
                   'type = "element"\ntitle = "X"\n', "utf-8")
    refused = iepdesk("criteria", "add", str(bad), vault=demo)
    assert refused.returncode == 1 and "state.toml, line 11: 'st.x' needs a 'citation'" in refused.stderr
    bad.write_text(bad.read_text("utf-8") + 'citation = "State Code 1"\n', "utf-8")
    assert iepdesk("criteria", "add", str(bad), vault=demo).returncode == 0
    assert "st.x" in {r["id"] for r in run_json("criteria", "list", "--pack", "state", vault=demo)}


def test_coverage_of_the_demo_matches_its_documents(demo: Path) -> None:
    rows = {r["criterion_id"]: r for r in run_json("coverage", vault=demo)}
    assert all(set(r) >= (GROUP_FIELDS if r["type"] == "group" else COVERAGE_FIELDS) for r in rows.values())
    areas = rows["idea.sld.area"]
    assert areas["rule"] == "one of these 8 is enough" and areas["status"] == "supported"
    assert rows["idea.sld.area.math_calculation"]["needed"] is False  # reading fluency is shown: one area is enough
    assert rows["idea.ohi.limited_alertness"]["status"] == "supported"  # neuropsych, teacher, school eval
    assert rows["idea.ohi.limited_alertness"]["documents"] == 3
    assert rows["idea.ohi.health_problem"]["status"] == "thin"  # only the doctor's letter so far
    assert rows["s504.mla.concentrating"]["status"] == "thin"  # only the parent's own note
    assert rows["idea.general.needs_sped"]["status"] == "none" and rows["idea.general.needs_sped"]["would_help"]
    assert rows["idea.sld.area.reading_fluency"]["sources"] == ["independent", "school"]


def test_tag_untag_undo_and_review_suggestions(demo: Path) -> None:
    items = run_json("list", vault=demo)
    neuro = next(i for i in items if i["title"] == "Neuropsychological Evaluation")
    refused = iepdesk("tag", str(neuro["id"]), "idea.sld.psw", "--page", "1", "--quote", "not in this report",
                      vault=demo)
    assert refused.returncode == 2 and "not on page 1" in refused.stderr
    link = run_json("tag", str(neuro["id"]), "idea.sld.psw", "--quote", "average reasoning ability", vault=demo)
    assert link["page"] >= 1 and link["status"] == "accepted"
    assert run_json("untag", str(link["id"]), vault=demo)["id"] == link["id"]
    assert run_json("undo", vault=demo)["done"] == "Remove evidence"
    shown = run_json("show", str(neuro["id"]), vault=demo)
    assert link["id"] in {e["id"] for e in shown["evidence"]}
    pending = run_json("suggest", str(neuro["id"]), vault=demo)
    assert pending and all(set(s) >= SUGGESTION_FIELDS for s in pending)
    first, second = pending[0], pending[1]
    assert first["matched"] and "[" in first["snippet"]
    run_json("accept", str(first["id"]), vault=demo)
    run_json("reject", str(second["id"]), vault=demo)
    again = run_json("suggest", str(neuro["id"]), "--all", vault=demo)
    status = {s["id"]: s["status"] for s in again}
    assert status[first["id"]] == "accepted" and status[second["id"]] == "rejected"  # a rejection sticks


def test_search_with_filters_and_odd_input(demo: Path) -> None:
    hits = run_json("search", '"reading fluency"', vault=demo)
    assert hits and all({"item_id", "page", "snippet", "score"} <= set(h) for h in hits)
    assert all("[" in h["snippet"] for h in hits)
    school = run_json("search", "redirection", "--source", "school", vault=demo)
    tagged = run_json("search", "redirection", "--criterion", "idea.ohi.limited_alertness", vault=demo)
    assert school and tagged and {h["item_id"] for h in tagged} <= {h["item_id"] for h in
                                                                   run_json("search", "redirection", vault=demo)}
    for odd in ('"unbalanced', "AND OR", "((", "NOT"):
        done = iepdesk("search", odd, vault=demo)
        assert done.returncode == 0 and "Traceback" not in done.stderr and "fts5" not in done.stderr.lower()
    unknown = iepdesk("search", "x", "--criterion", "idea.nope", vault=demo)
    assert unknown.returncode == 2 and "There is no criterion" in unknown.stderr


def test_backup_restore_and_export_from_the_command_line(demo: Path, tmp_path: Path) -> None:
    made = run_json("backup", str(tmp_path), vault=demo)
    archive = Path(made["path"])
    assert archive.exists() and made["complete"] is True
    restored = iepdesk("restore", str(archive), str(tmp_path / "restored"), "--json")
    assert restored.returncode == 0, restored.stderr
    assert run_json("verify", vault=tmp_path / "restored")["ok"] is True
    assert len(run_json("list", vault=tmp_path / "restored")) == len(run_json("list", vault=demo))
    again = iepdesk("restore", str(archive), str(tmp_path / "restored"))
    assert again.returncode == 1 and "Traceback" not in again.stderr  # never over an existing vault
    exported = run_json("export", str(tmp_path / "for the lawyer"), vault=demo)
    assert exported["files"] > 0 and (tmp_path / "for the lawyer" / "index.csv").exists()


def test_words_quoted_from_one_document_are_looked_for_in_the_others(tmp_path: Path) -> None:
    """A teacher's comment repeated from term to term: quoted once with 'tag --quote', as the app does it."""
    from tests.fixtures import docs

    vault = tmp_path / "vault"
    assert iepdesk("init", vault=vault).returncode == 0
    comment = "Jonah continues to require adult support to begin independent writing tasks"
    (tmp_path / "inbox").mkdir()
    for term in (1, 2):
        docs.text_pdf(tmp_path / "inbox" / f"term{term}.pdf", [f"Term {term} comments. {comment}."])
    imported = {Path(r["path"]).name: r["item_id"] for r in run_json("import", str(tmp_path / "inbox"), vault=vault)}
    done = iepdesk("tag", str(imported["term1.pdf"]), "idea.sld.area.written_expression", "--quote", comment,
                   vault=vault)
    assert done.returncode == 0 and "1 new suggestion(s)" in done.stderr, done.stderr
    [found] = run_json("suggest", "--criteria", "idea.sld.area.written_expression", vault=vault)
    assert found["item_id"] == imported["term2.pdf"] and comment.split()[1] in " ".join(found["matched"]).lower()


def test_rejecting_a_printed_line_names_its_copies_on_other_pages(tmp_path: Path) -> None:
    from tests.fixtures import docs

    vault = tmp_path / "vault"
    assert iepdesk("init", vault=vault).returncode == 0
    (tmp_path / "inbox").mkdir()
    printed = "Attendance: days he missed school are listed below, with the teacher's comments."
    for term in (1, 2):
        docs.text_pdf(tmp_path / "inbox" / f"term{term}.pdf", [f"Report card, term {term}. {printed}"])
    run_json("import", str(tmp_path / "inbox"), vault=vault)
    first, second = run_json("suggest", "--criteria", "idea.general.educational_performance", vault=vault)
    done = iepdesk("reject", str(first["id"]), vault=vault)
    assert done.returncode == 0 and f"'iepdesk reject {second['id']}' rejects them too" in done.stderr, done.stderr

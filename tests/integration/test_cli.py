"""The iepdesk command as scripts use it: real files, a real vault, exit codes and JSON (design.md §7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from tests.fixtures import docs

IMPORT_FIELDS = {"path", "status", "item_id", "pages", "kind", "reason"}
LIST_FIELDS = {"id", "student_id", "title", "kind", "source", "date", "author", "pages", "sha256",
               "original_name", "parent_id", "text_status"}


def iepdesk(*args: str, vault: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "iepdesk", *args]
    if vault is not None:
        command += ["--vault", str(vault)]
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run(command, capture_output=True, text=True, input=stdin, timeout=300, env=env)


def run_json(*args: str, vault: Path) -> object:
    """Run a command with --json; it must succeed; its JSON document."""
    done = iepdesk(*args, "--json", vault=vault)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    path = tmp_path / "vault"
    done = iepdesk("init", vault=path)
    assert done.returncode == 0, done.stderr
    return path


def messy_folder(root: Path) -> Path:
    """A year of paper and email as it really arrives: good files beside broken ones."""
    folder = root / "From the school"
    (folder / "emails").mkdir(parents=True)
    docs.text_pdf(folder / "Evaluation Report.pdf", ["Psychoeducational Evaluation Report\nDate of Report: 10/14/2025",
                                                     "Scores"])
    docs.scanned_pdf(folder / "scan0001.pdf", ["Prior Written Notice"])
    docs.phone_photo(folder / "IMG_0042.jpg", "Homework")
    docs.eml(folder / "emails" / "homework.eml", attachments=[("log.txt", b"Reading log", "text/plain")])
    docs.word_doc(folder / "my concerns.docx", [["He cannot keep up."]])
    docs.text_pdf(folder / "locked.pdf", ["Secret"], encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw",
                  owner_pw="pw2")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "download.pdf").write_bytes(b"<html>session expired</html>")
    (folder / "spreadsheet.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    whole = docs.text_pdf(root / "whole.pdf", ["Report card"]).read_bytes()
    (folder / "truncated.pdf").write_bytes(whole[:300])
    return folder


def test_a_messy_folder_imports_the_good_names_the_bad_and_exits_1(vault_dir: Path, tmp_path: Path) -> None:
    folder = messy_folder(tmp_path)
    done = iepdesk("import", str(folder), "--json", vault=vault_dir)
    assert done.returncode == 1, done.stderr
    rows = json.loads(done.stdout)
    assert all(set(row) >= IMPORT_FIELDS for row in rows)
    status = {Path(r["path"].split(" › ")[0]).name + (" › " + r["path"].split(" › ")[1] if " › " in r["path"] else ""):
              r["status"] for r in rows}
    assert status == {
        "Evaluation Report.pdf": "imported", "scan0001.pdf": "imported", "IMG_0042.jpg": "imported",
        "homework.eml": "imported", "homework.eml › log.txt": "imported", "my concerns.docx": "imported",
        "locked.pdf": "rejected", "empty.pdf": "rejected", "download.pdf": "rejected",
        "spreadsheet.xlsx": "imported", "truncated.pdf": "rejected",
    }
    for row in rows:
        if row["status"] == "rejected":
            assert row["item_id"] is None and row["reason"]
            assert f"{row['path']}: {row['reason']}" in done.stderr  # each named with its reason
    assert "Traceback" not in done.stderr
    verified = iepdesk("verify", "--json", vault=vault_dir)
    assert verified.returncode == 0 and json.loads(verified.stdout)["ok"] is True
    again = iepdesk("import", str(folder / "locked.pdf"), "--password", "pw", "--json", vault=vault_dir)
    assert again.returncode == 0 and json.loads(again.stdout)[0]["status"] == "imported"
    twice = iepdesk("import", str(folder / "Evaluation Report.pdf"), "--json", vault=vault_dir)
    [row] = json.loads(twice.stdout)
    assert twice.returncode == 0 and row["status"] == "duplicate" and "already in the vault" in row["reason"]


def test_students_notes_list_show_and_edit(vault_dir: Path, tmp_path: Path) -> None:
    added = iepdesk("student", "add", "Sam Rivera", "--birth-date", "2016-05-12", "--school", "Birchwood",
                    "--json", vault=vault_dir)
    assert added.returncode == 0 and json.loads(added.stdout)["name"] == "Sam Rivera"
    students = json.loads(iepdesk("student", "list", "--json", vault=vault_dir).stdout)
    assert [s["name"] for s in students] == ["Sam Rivera"]
    note = iepdesk("note", "add", "--type", "call", "--date", "2025-09-24", "--title", "Call with the principal",
                   "--json", vault=vault_dir, stdin="She said they do not do IEPs for ADHD.")
    assert note.returncode == 0, note.stderr
    note_id = json.loads(note.stdout)["id"]
    pdf = docs.text_pdf(tmp_path / "card.pdf", ["Report Card\nTrimester 1\nGrading period ending 12/05/2025"])
    imported = json.loads(iepdesk("import", str(pdf), "--json", vault=vault_dir).stdout)[0]
    listed = json.loads(iepdesk("list", "--json", vault=vault_dir).stdout)
    assert all(set(row) >= LIST_FIELDS for row in listed)
    assert [r["id"] for r in listed] == [note_id, imported["item_id"]]  # in date order
    assert listed[0]["student_id"] == students[0]["id"] and listed[0]["kind"] == "correspondence"
    shown = json.loads(iepdesk("show", str(imported["item_id"]), "--json", vault=vault_dir).stdout)
    assert set(shown) >= LIST_FIELDS and shown["evidence"] == [] and shown["kind"] == "report_card"
    assert "kind" in shown["guesses"]
    edited = iepdesk("edit", str(imported["item_id"]), "--kind", "test_scores", "--json", vault=vault_dir)
    assert edited.returncode == 0 and "kind" not in json.loads(edited.stdout)["guesses"]
    text = iepdesk("show", str(imported["item_id"]), vault=vault_dir).stdout
    assert "Test scores" in text and "Trimester 1" in text
    before = [r["source"] for r in json.loads(iepdesk("list", "--json", vault=vault_dir).stdout)]
    both = iepdesk("edit", str(note_id), str(imported["item_id"]), "--source", "medical", "--json",
                   vault=vault_dir)
    assert both.returncode == 0 and [i["source"] for i in json.loads(both.stdout)] == ["medical", "medical"]
    assert "Undid: Changed source of 2 documents." in iepdesk("undo", vault=vault_dir).stdout  # one step
    assert [r["source"] for r in json.loads(iepdesk("list", "--json", vault=vault_dir).stdout)] == before
    assert "medical" not in before


def test_usage_errors_exit_2_and_unusable_vaults_exit_3(vault_dir: Path, tmp_path: Path) -> None:
    assert iepdesk("import", vault=vault_dir).returncode == 2  # no PATH
    assert iepdesk("show", "999", vault=vault_dir).returncode == 2
    assert iepdesk("edit", "1", "--date", "14/10/2025", vault=vault_dir).returncode == 2
    missing = iepdesk("list", vault=tmp_path / "nowhere")
    assert missing.returncode == 3 and "There is no vault" in missing.stderr


def test_a_locked_vault_exits_3_with_a_sentence(vault_dir: Path, tmp_path: Path) -> None:
    from iepdesk.vault import Vault

    pdf = docs.text_pdf(tmp_path / "a.pdf", ["A"])
    with Vault.open(vault_dir, holder="the IEPDesk app"):
        done = iepdesk("import", str(pdf), vault=vault_dir)
        assert done.returncode == 3
        assert "already open in the IEPDesk app" in done.stderr and "Traceback" not in done.stderr
        assert iepdesk("list", vault=vault_dir).returncode == 0  # reading still works


def test_demo_builds_a_realistic_case(tmp_path: Path) -> None:
    path = tmp_path / "demo"
    done = iepdesk("demo", str(path), "--json")
    assert done.returncode == 0, done.stderr
    listed = json.loads(iepdesk("list", "--json", vault=path).stdout)
    kinds = {row["kind"] for row in listed}
    assert {"evaluation", "correspondence", "report_card", "progress_data", "prior_written_notice",
            "medical"} <= kinds
    assert sum(1 for row in listed if row["kind"] == "correspondence") >= 12
    assert any(row["parent_id"] for row in listed)  # an email attachment
    sources = {row["source"] for row in listed if row["kind"] == "evaluation"}
    assert {"school", "independent"} <= sources
    assert json.loads(iepdesk("verify", "--json", vault=path).stdout)["ok"] is True
    assert iepdesk("demo", str(path)).returncode != 0  # never over an existing vault

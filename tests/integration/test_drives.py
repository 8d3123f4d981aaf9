"""A vault on a read-only drive still reads; a full drive stops what writes and says how much room it needs."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PIL import Image

from tests.fixtures import docs
from tests.fixtures.mounts import read_only, run_on, small_drive
from tests.integration.test_cli import iepdesk


def test_a_vault_on_a_read_only_drive_can_be_read_but_not_changed(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    pdf = tmp_path / "new.pdf"
    docs.text_pdf(pdf, ["A new letter"])
    v = ["--vault", str(demo_path)]
    listed, found, checked, backed, imported, noted = run_on(
        read_only(demo_path), ["list", "--json", *v], ["search", "reading", "--json", *v],
        ["verify", "--json", *v], ["backup", str(out), *v], ["import", str(pdf), *v],
        ["note", "add", "--text", "Called the school.", *v])
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) > 10
    assert found.returncode == 0 and json.loads(found.stdout), found.stderr
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["ok"] is True
    assert backed.returncode == 0, backed.stderr
    for refused in (imported, noted):
        assert refused.returncode == 3, refused.stderr
        assert "read-only" in refused.stderr and "Traceback" not in refused.stderr
        assert "damaged" not in refused.stderr and "Restore" not in refused.stderr


def test_a_full_drive_stops_the_import_says_how_much_room_is_needed_and_loses_nothing(
    demo_path: Path, tmp_path: Path
) -> None:
    drive = tmp_path / "drive"
    drive.mkdir()
    size_kb = sum(p.stat().st_size for p in demo_path.rglob("*") if p.is_file()) // 1024 + 3072
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    docs.text_pdf(inbox / "a small letter.pdf", ["A letter"])
    noise = Image.frombytes("RGB", (1500, 1500), os.urandom(1500 * 1500 * 3))  # a scan that does not compress
    noise.save(inbox / "b big scan.png")
    assert (inbox / "b big scan.png").stat().st_size > 4 * 1024 * 1024
    vault = drive / demo_path.name
    v = ["--vault", str(vault)]
    imported, listed, checked, again = run_on(
        small_drive(drive, size_kb, copy=demo_path), ["import", str(inbox), "--json", *v], ["list", "--json", *v],
        ["verify", "--json", *v], ["import", str(inbox / "a small letter.pdf"), *v])
    assert imported.returncode == 3, imported.stdout + imported.stderr
    assert "Traceback" not in imported.stderr
    assert "is full" in imported.stderr and "needed" in imported.stderr, imported.stderr
    rows = json.loads(imported.stdout)
    assert [r["status"] for r in rows] == ["imported", "rejected"]
    assert "the import stopped" in rows[1]["reason"]
    assert listed.returncode == 0 and any(i["title"] == "a small letter" for i in json.loads(listed.stdout))
    report = json.loads(checked.stdout)
    assert checked.returncode == 0 and report["ok"], report
    assert again.returncode == 0 and "already in the vault" in again.stdout + again.stderr


def test_a_drive_that_fills_while_a_file_is_written_stops_the_import_cleanly(demo_path: Path, tmp_path: Path
                                                                             ) -> None:
    drive = tmp_path / "drive"
    drive.mkdir()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    words = [os.urandom(6).hex() for _ in range(40_000)]
    (inbox / "long notes.txt").write_text(" ".join(words * 3) + "\n")  # 1.5 MB: the search index needs more
    size = (inbox / "long notes.txt").stat().st_size
    used_kb = sum(p.stat().st_size for p in demo_path.rglob("*") if p.is_file()) // 1024
    vault = drive / demo_path.name
    v = ["--vault", str(vault)]
    imported, checked = run_on(small_drive(drive, used_kb + (size + 1_600_000) // 1024 + 64, copy=demo_path),
                               ["import", str(inbox), "--json", *v], ["verify", "--json", *v])
    assert imported.returncode == 3, imported.stdout + imported.stderr
    assert "Traceback" not in imported.stderr and "unexpected" not in imported.stdout
    assert "is full" in imported.stderr, imported.stderr
    [row] = json.loads(imported.stdout)
    assert row["status"] == "rejected" and "the import stopped" in row["reason"]
    assert "needed" not in imported.stderr, "the drive filled while writing, not before"
    report = json.loads(checked.stdout)
    assert report["ok"] and report["problems"] == [], report
    before = json.loads(iepdesk("verify", "--json", vault=demo_path).stdout)
    assert report["items"] == before["items"], "the file that did not fit left nothing behind"


def test_a_full_vault_drive_is_called_full_not_damaged_and_all_is_there_once_room_is_made(demo_path: Path,
                                                                                        tmp_path: Path) -> None:
    drive = tmp_path / "drive"
    drive.mkdir()
    size_kb = sum(p.stat().st_size for p in demo_path.rglob("*") if p.is_file()) // 1024 + 2048
    vault = drive / demo_path.name
    v = ["--vault", str(vault)]
    pdf = tmp_path / "new.pdf"
    docs.text_pdf(pdf, ["A new letter"])
    fill = (f"rm -f '{vault}/vault.sqlite-shm' '{vault}/vault.sqlite-wal'\n"
            f"head -c 200M /dev/zero > '{drive}/filler' || true")
    commands: list[list[str] | str] = [["list", *v], ["verify", *v], ["search", "reading", *v],
                                       ["show", "1", "--text", *v], ["import", str(pdf), *v],
                                       ["backup", str(tmp_path), *v], ["export", str(tmp_path / "out"), *v]]
    *full, _freed, checked, listed = run_on(small_drive(drive, size_kb, copy=demo_path) + "\n" + fill, *commands,
                                            f"rm '{drive}/filler'", ["verify", "--json", *v], ["list", "--json", *v])
    for command, run in zip(commands, full, strict=True):
        assert run.returncode == 3, (command, run.stdout, run.stderr)
        assert "is full" in run.stderr and "Free some space" in run.stderr, (command, run.stderr)
        assert "damaged" not in run.stderr and "repair" not in run.stderr and "Traceback" not in run.stderr
    assert checked.returncode == 0 and json.loads(checked.stdout)["ok"] is True, checked.stdout
    assert len(json.loads(listed.stdout)) > 10


def test_a_binder_is_made_from_a_vault_on_a_read_only_drive_and_noted_outside_it(demo_path: Path,
                                                                                 tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    state = Path(os.environ["XDG_STATE_HOME"]) / "IEPDesk" / "binders made from read-only vaults.jsonl"
    made, = run_on(read_only(demo_path), ["binder", str(out / "Binder.pdf"), "--json", "--vault", str(demo_path)])
    assert made.returncode == 0, made.stderr
    result = json.loads(made.stdout)
    assert result["binder_id"] is None and result["noted_in"] == str(state)
    assert (out / "Binder.pdf").stat().st_size > 10_000
    [line] = [json.loads(text) for text in state.read_text().splitlines()]
    assert line["sha256"] == result["sha256"] and line["vault"] == str(demo_path.resolve())
    assert len(line["exhibits"]) == len(result["exhibits"]) > 5

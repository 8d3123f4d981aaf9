"""Processes killed at any moment: the next command opens the vault, nothing is lost, nothing is left behind
(no process, no hidden copy of the data)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from iepdesk.vault.migrations import HEAD
from tests.conftest import needs_tesseract
from tests.fixtures import docs
from tests.fixtures.processes import assert_none_left, hidden_entries, tagged, tagged_env
from tests.integration.test_cli import iepdesk

OLD_VAULTS = Path(__file__).parents[1] / "data" / "vaults"


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "iepdesk", *args]


def _revision(db: Path) -> str:
    con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()


def _wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.002)
    return False


@pytest.mark.slow
def test_an_upgrade_killed_at_20_random_moments_is_finished_by_the_next_command(tmp_path: Path) -> None:
    rng = random.Random(20261204)
    started = time.monotonic()
    first = tmp_path / "timing"
    shutil.copytree(OLD_VAULTS / "schema-0001", first)
    assert iepdesk("list", vault=first).returncode == 0
    whole = time.monotonic() - started  # one upgrading command, start to end
    mid_upgrade = 0
    for moment in range(20):
        path = tmp_path / f"vault-{moment}"
        shutil.copytree(OLD_VAULTS / "schema-0001", path)
        env, tag = tagged_env()
        env.pop("QT_QPA_PLATFORM", None)
        process = subprocess.Popen(_cli("list", "--vault", str(path)), env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        work = path / "tmp" / "upgrade.sqlite"
        if moment % 2:  # half the moments fall while the copy is being migrated
            _wait_for(work.exists, 30)
            time.sleep(rng.uniform(0, 0.03))  # the copy lives about 60 ms
        else:
            time.sleep(rng.uniform(0, whole))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert_none_left(tag)
        mid_upgrade += work.exists()

        checked = iepdesk("verify", "--json", vault=path)
        assert checked.returncode == 0, (moment, checked.stdout, checked.stderr)
        report = json.loads(checked.stdout)
        assert report["ok"] and report["problems"] == [], (moment, report)
        assert report["items"] == 1
        assert _revision(path / "vault.sqlite") == HEAD
        listed = iepdesk("list", "--json", vault=path)
        assert [i["title"] for i in json.loads(listed.stdout)] == ["School evaluation"]
        assert list((path / "tmp").iterdir()) == [], "the half-made copy was removed"
        assert [p.name for p in (path / "backups").iterdir()] == ["vault-before-upgrade-from-0001.sqlite"]
    assert mid_upgrade >= 5, f"only {mid_upgrade} of the kills fell in the middle of an upgrade"


def test_an_upgrade_an_older_iepdesk_left_half_done_is_finished(tmp_path: Path) -> None:
    """The first IEPDesk ran each migration's statements one by one: killed inside 0002, the search index
    existed while the schema still said 0001, and every later open failed."""
    path = tmp_path / "vault"
    shutil.copytree(OLD_VAULTS / "schema-0001", path)
    con = sqlite3.connect(path / "vault.sqlite")
    con.execute("CREATE VIRTUAL TABLE page_fts USING fts5(text, content='pages', content_rowid='id', "
                "tokenize='porter unicode61 remove_diacritics 2')")
    con.execute("CREATE TRIGGER pages_ai AFTER INSERT ON pages BEGIN "
                "INSERT INTO page_fts(rowid, text) VALUES (new.id, new.text); END")
    con.commit()
    con.close()
    found = iepdesk("search", "percentile", "--json", vault=path)
    assert found.returncode == 0, found.stderr
    assert len(json.loads(found.stdout)) == 1
    checked = iepdesk("verify", "--json", vault=path)
    assert checked.returncode == 0 and json.loads(checked.stdout)["problems"] == []


HALF_A_WRITE = """
import os, signal, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("PRAGMA journal_mode=DELETE")
con.execute("PRAGMA cache_size=2")  # spill changed pages into the file before the commit
con.execute("BEGIN IMMEDIATE")
for n in range(2000):
    con.execute("INSERT INTO history (at, actor, action, summary, detail) VALUES "
                "('2026-01-01', 'x', 'x', ?, '{}')", ("half a change " * 40,))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_hot_journal_left_by_a_killed_writer_is_rolled_back_by_the_next_command(tmp_path: Path) -> None:
    path = tmp_path / "vault"
    shutil.copytree(OLD_VAULTS / "schema-0004", path)
    db = path / "vault.sqlite"
    before = sqlite3.connect(db).execute("SELECT count(*) FROM history").fetchone()[0]
    subprocess.run([sys.executable, "-c", HALF_A_WRITE, str(db)], check=False)
    journal = Path(f"{db}-journal")
    assert journal.exists() and journal.stat().st_size > 0, "the writer died in the middle of its change"
    listed = iepdesk("list", "--json", vault=path)
    assert listed.returncode == 0, listed.stderr
    assert [i["title"] for i in json.loads(listed.stdout)] == ["School evaluation"]
    assert not journal.exists()
    con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    assert con.execute("SELECT count(*) FROM history").fetchone()[0] == before, "the half change was undone"
    con.close()
    assert json.loads(iepdesk("verify", "--json", vault=path).stdout)["ok"]


def _big_vault(path: Path, inbox: Path, photos: int = 30) -> Path:
    for n in range(photos):  # big originals make a backup or restore last long enough to be killed
        docs.phone_photo(inbox / f"photo {n:02}.jpg", f"Homework page {n} " * 8)
    docs.text_pdf(inbox / "letter.pdf", ["A letter about the evaluation"])
    assert iepdesk("init", vault=path).returncode == 0
    done = iepdesk("import", str(inbox), "--no-ocr", vault=path)
    assert done.returncode == 0, done.stderr
    return path


def _kill_once_under_way(args: list[str], folder: Path) -> None:
    """Start ``iepdesk ARGS``, kill it once its hidden work in ``folder`` exists; check no process outlives it.

    On a loaded machine the command can finish its hidden copy (and rename it into place) between the moment
    the copy is seen and the moment the kill lands: then what it made is removed and it is started again (three
    times at most), so the test kills a command that is truly in the middle of its work."""
    before = set(os.listdir(folder))
    for _attempt in range(3):
        env, tag = tagged_env()
        process = subprocess.Popen(_cli(*args), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert _wait_for(lambda: hidden_entries(folder), 60), f"{args[0]} should be under way"
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert_none_left(tag)
        if hidden_entries(folder):
            return
        for made in set(os.listdir(folder)) - before:  # it got past its hidden copy before the kill landed
            target = folder / made
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    raise AssertionError(f"the killed {args[0]} never left its half-made copy")


def test_a_killed_backup_leaves_no_hidden_copy_after_the_next_start(tmp_path: Path, inbox: Path) -> None:
    path = _big_vault(tmp_path / "vault", inbox)
    folder = tmp_path / "usb"
    folder.mkdir()
    _kill_once_under_way(["backup", str(folder), "--vault", str(path)], folder)
    assert iepdesk("list", vault=path).returncode == 0  # the next start
    assert hidden_entries(folder) == [] and list(folder.iterdir()) == []
    done = iepdesk("backup", str(folder), vault=path)
    assert done.returncode == 0, done.stderr
    assert len(list(folder.glob("*.iepbackup"))) == 1


def test_a_killed_backup_whose_drive_is_absent_at_the_next_start_is_cleaned_when_it_is_back(
        tmp_path: Path, inbox: Path) -> None:
    path = _big_vault(tmp_path / "vault", inbox)
    folder = tmp_path / "usb"
    folder.mkdir()
    _kill_once_under_way(["backup", str(folder), "--vault", str(path)], folder)
    left = hidden_entries(folder)
    assert all(not (entry.stat().st_mode & 0o077) for entry in left), "half-made copies are 0600 from the start"
    folder.rename(tmp_path / "usb unplugged")  # the drive is taken out before the next start
    assert iepdesk("list", vault=path).returncode == 0
    (tmp_path / "usb unplugged").rename(folder)  # and plugged in again
    assert sorted(hidden_entries(folder)) == sorted(left), "nothing could be cleaned while the drive was away"
    assert iepdesk("list", vault=path).returncode == 0  # the next start with the drive back
    assert hidden_entries(folder) == [] and list(folder.iterdir()) == []


def test_a_killed_restore_leaves_no_hidden_copy_after_the_next_start(tmp_path: Path, inbox: Path) -> None:
    path = _big_vault(tmp_path / "vault", inbox)
    archive = tmp_path / "b.iepbackup"
    assert iepdesk("backup", str(archive), vault=path).returncode == 0
    into = tmp_path / "restores"
    into.mkdir()
    _kill_once_under_way(["restore", str(archive), str(into / "Restored")], into)
    assert not (into / "Restored").exists()
    assert iepdesk("list", vault=path).returncode == 0  # the next start
    assert hidden_entries(into) == []
    done = iepdesk("restore", str(archive), str(into / "Restored"))
    assert done.returncode == 0, done.stderr
    assert os.listdir(into) == ["Restored"]


@pytest.mark.parametrize(("command", "made"), [("export", "Case"), ("binder", "Binder.pdf")])
def test_a_killed_export_or_binder_leaves_nothing_after_the_next_start(tmp_path: Path, inbox: Path, command: str,
                                                                       made: str) -> None:
    path = _big_vault(tmp_path / "vault", inbox, photos=60)
    into = tmp_path / "out"
    into.mkdir()
    _kill_once_under_way([command, str(into / made), "--vault", str(path)], into)
    assert not (into / made).exists()
    assert iepdesk("list", vault=path).returncode == 0  # the next start
    assert os.listdir(into) == []


def test_a_binder_killed_while_its_front_matter_helper_works_leaves_no_process(tmp_path: Path,
                                                                               inbox: Path) -> None:
    path = _big_vault(tmp_path / "vault", inbox, photos=60)  # 61 exhibits: the front matter gets a helper
    env, tag = tagged_env()
    process = subprocess.Popen(_cli("binder", str(tmp_path / "b.pdf"), "--vault", str(path)), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert _wait_for(lambda: any("multiprocessing" in line for line in tagged(tag)), 60), "the helper should start"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert_none_left(tag, timeout=1)  # the helper ends with the binder, at once
    assert not (tmp_path / "b.pdf").exists()


@needs_tesseract
def test_an_import_killed_while_tesseract_reads_leaves_no_ocr_process(tmp_path: Path, inbox: Path) -> None:
    import pymupdf

    words = " ".join(f"fluency{n} reading words correct per minute" for n in range(700))
    for n in range(2):  # pages dense with small print: Tesseract needs seconds for each
        text = pymupdf.open()
        text.new_page(width=612, height=792).insert_textbox(pymupdf.Rect(20, 20, 592, 772), words, fontsize=6)
        picture = text[0].get_pixmap(dpi=200, colorspace=pymupdf.csGRAY).tobytes("png")
        scan = pymupdf.open()
        for _ in range(2):
            scan.new_page(width=612, height=792).insert_image(pymupdf.Rect(0, 0, 612, 792), stream=picture)
        scan.save(inbox / f"scan {n}.pdf")
    path = tmp_path / "vault"
    assert iepdesk("init", vault=path).returncode == 0
    env, tag = tagged_env()
    process = subprocess.Popen(_cli("import", str(inbox), "--vault", str(path)), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert _wait_for(lambda: any("tesseract" in line for line in tagged(tag)), 120), "OCR should be under way"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert_none_left(tag, timeout=0.5)  # Tesseract is killed with it, not left to finish its page
    checked = json.loads(iepdesk("verify", "--json", vault=path).stdout)
    assert checked["ok"] and checked["items"] == 2

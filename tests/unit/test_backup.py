"""Backups, restores and the lawyer export, on real vaults, real files and real archives (some made by hand)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import signal
import sqlite3
import stat
import struct
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iepdesk.criteria.evidence import tag
from iepdesk.export import ExportError, export, safe_name
from iepdesk.ingest import import_paths
from iepdesk.ingest.notes import add_note
from iepdesk.items import trash_item, update_item
from iepdesk.vault import Vault
from iepdesk.vault.backup import (
    MAX_BLOB_BYTES,
    BackupError,
    auto_backup,
    backup,
    check_archive,
    last_backup,
    restore,
)
from iepdesk.vault.migrations import HEAD
from iepdesk.vault.verify import verify
from tests.fixtures import docs

OLD_VAULTS = Path(__file__).parents[1] / "data" / "vaults"
T0 = dt.datetime(2026, 3, 2, 20, 0, tzinfo=dt.UTC)
TABLES = ("students", "items", "pages", "evidence", "history", "packs", "binders")


# -- helpers ---------------------------------------------------------------------------------------------------
def make_vault(path: Path, inbox: Path, n_pdfs: int = 3) -> Path:
    for n in range(n_pdfs):
        docs.text_pdf(inbox / f"report {n}.pdf", [f"Report {n}: reading fluency is below grade level.", "Page 2"])
    docs.eml(inbox / "homework.eml", subject="Homework",
             attachments=[("log.pdf", docs.text_pdf(inbox.parent / "log.pdf", ["Reading log"]).read_bytes(),
                           "application/pdf")])
    with Vault.create(path) as vault:
        report = import_paths(vault, [inbox])
        assert report.count("rejected") == 0
        add_note(vault, "Called the school about the evaluation.", note_type="call", title="Call with school",
                 date=dt.date(2025, 10, 1))
    return path


@pytest.fixture
def vault_path(tmp_path: Path, inbox: Path) -> Path:
    return make_vault(tmp_path / "vault", inbox)


@pytest.fixture
def archive(vault_path: Path, tmp_path: Path) -> Path:
    with Vault.open(vault_path, write=False) as vault:
        return backup(vault, tmp_path / "good.iepbackup").path


def rows_of(vault: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = sqlite3.connect(vault / "vault.sqlite")
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    finally:
        con.close()


def blobs_of(vault: Path) -> dict[str, bytes]:
    root = vault / "blobs"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def members_of(archive: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        return manifest, {n: zf.read(n) for n in zf.namelist() if n != "manifest.json"}


def remake(
    source: Path,
    out: Path,
    *,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    members: Callable[[dict[str, bytes]], None] | None = None,
    extra: list[tuple[zipfile.ZipInfo, bytes]] = (),
    listed: bool = True,
) -> Path:
    """A copy of a real archive, changed by hand: members replaced or added, the manifest edited."""
    data, contents = members_of(source)
    if members:
        members(contents)
    if manifest:
        manifest(data)
    if listed:  # extra members are listed in the manifest, with their true hash and size
        for info, payload in extra:
            data["files"].append({"path": info.filename, "sha256": hashlib.sha256(payload).hexdigest(),
                                  "size": len(payload)})
    with zipfile.ZipFile(out, "w") as zf:
        for name, payload in contents.items():
            zf.writestr(name, payload, compress_type=zipfile.ZIP_STORED)
        for info, payload in extra:
            zf.writestr(info, payload)
        zf.writestr("manifest.json", json.dumps(data))
    return out


def nothing_written(target: Path) -> None:
    assert not target.exists()
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".iepdesk-")], "no hidden copy is left"


# -- round trip ------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_round_trip_of_the_demo_vault_with_200_imported_files(tmp_path: Path, inbox: Path) -> None:
    from iepdesk.demo import build_demo

    source = tmp_path / "Vault"
    build_demo(source, ocr=False)
    for n in range(200):
        docs.text_pdf(inbox / f"note {n:03}.pdf", [f"Weekly progress note {n}: Sam read {n} words per minute."])
    with Vault.open(source) as vault:
        assert import_paths(vault, [inbox]).count("imported") == 200
    with Vault.open(source, write=False) as vault:
        started = time.perf_counter()
        made = backup(vault, tmp_path)
        backup_s = time.perf_counter() - started
    assert made.path.name.startswith("IEPDesk backup ") and made.path.suffix == ".iepbackup"
    assert made.items == 226 and made.blobs == 226 and made.complete and made.warnings == ()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary file is left"
    checked = check_archive(made.path)
    assert checked.ok and checked.items == 226 and checked.schema == HEAD
    started = time.perf_counter()
    restored = restore(made.path, tmp_path / "Restored")
    restore_s = time.perf_counter() - started
    print(f"\nbackup {backup_s:.2f} s, restore {restore_s:.2f} s, archive {made.size / 1e6:.1f} MB")
    assert (restored.items, restored.blobs, restored.migrated) == (226, 226, False)
    assert restored.path == tmp_path / "Restored"
    with Vault.open(restored.path) as vault:
        report = verify(vault)
        assert report.ok and report.problems == [] and report.items == 226
    assert rows_of(restored.path) == rows_of(source)  # the same items, pages, evidence links, history
    assert blobs_of(restored.path) == blobs_of(source)  # byte-identical originals
    assert rows_of(source)["evidence"], "the demo has evidence links"


def test_backup_from_a_read_only_vault_reads_back_and_restores(archive: Path, vault_path: Path,
                                                               tmp_path: Path) -> None:
    manifest, members = members_of(archive)
    assert manifest["format"] == "iepdesk-backup" and manifest["schema"] == HEAD and manifest["items"] == 6
    assert {f["path"] for f in manifest["files"]} == set(members)
    with zipfile.ZipFile(archive) as zf:
        assert zf.getinfo("vault.sqlite").compress_type == zipfile.ZIP_DEFLATED
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist() if i.filename.startswith("blobs/"))
    result = restore(archive, tmp_path / "again")
    assert result.items == 6 and result.blobs == len(members) - 1
    assert result.bytes == sum(len(b) for b in members.values())
    assert rows_of(result.path) == rows_of(vault_path) and blobs_of(result.path) == blobs_of(vault_path)
    assert json.dumps(result.as_json())


def test_a_backup_never_replaces_a_file_unless_asked_and_needs_its_folder(vault_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine.iepbackup"
    out.write_text("something the parent keeps")
    with Vault.open(vault_path, write=False) as vault:
        with pytest.raises(BackupError, match="already exists") as caught:
            backup(vault, out)
        assert caught.value.code == "exists" and out.read_text() == "something the parent keeps"
        with pytest.raises(BackupError, match=r"does not exist.*Plug in the drive") as caught:
            backup(vault, tmp_path / "no such drive" / "x.iepbackup")
        assert caught.value.code == "folder_missing"
        replaced = backup(vault, out, overwrite=True)
        assert check_archive(replaced.path).ok
        named = backup(vault, tmp_path / "no suffix")
        assert named.path.name == "no suffix.iepbackup"


def test_cancel_leaves_no_file(vault_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    cancel = threading.Event()
    seen = []

    def progress(p: Any) -> None:
        seen.append(p)
        if p.done >= 2:
            cancel.set()

    with Vault.open(vault_path, write=False) as vault, pytest.raises(BackupError, match="cancelled") as caught:
        backup(vault, folder, progress=progress, cancel=cancel)
    assert caught.value.code == "cancelled" and seen
    assert list(folder.iterdir()) == []


def test_a_damaged_original_is_backed_up_as_found_and_said(vault_path: Path, tmp_path: Path) -> None:
    with Vault.open(vault_path) as vault:
        sha = vault.engine.connect().exec_driver_sql("SELECT sha256 FROM items WHERE origin='file' LIMIT 1").scalar()
        blob = vault.blobs.path_for(sha)
        blob.chmod(0o644)
        blob.write_bytes(b"changed by something")
        made = backup(vault, tmp_path / "damaged.iepbackup")
    assert not made.complete and "changed on disk" in made.warnings[0]
    checked = check_archive(made.path)
    assert checked.ok and not checked.complete and checked.warnings
    restored = restore(made.path, tmp_path / "restored")
    assert restored.warnings
    with Vault.open(restored.path, write=False) as vault:
        assert [p.kind for p in verify(vault).problems] == ["altered_original"]


# -- restore: bad targets --------------------------------------------------------------------------------------
def test_restore_never_writes_into_a_folder_that_holds_anything(archive: Path, vault_path: Path,
                                                              tmp_path: Path) -> None:
    before = rows_of(vault_path)
    with pytest.raises(BackupError, match="already holds a vault") as caught:
        restore(archive, vault_path)
    assert caught.value.code == "target_exists" and rows_of(vault_path) == before
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "letter.docx").write_bytes(b"the parent's letter")
    with pytest.raises(BackupError, match="already holds other files"):
        restore(archive, busy)
    assert [p.name for p in busy.iterdir()] == ["letter.docx"]
    a_file = tmp_path / "a file"
    a_file.write_text("x")
    with pytest.raises(BackupError, match="is not a folder"):
        restore(archive, a_file)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"finder")
    assert restore(archive, empty).items == 6


def test_restore_leaves_out_files_its_manifest_lists_that_no_document_uses(archive: Path, vault_path: Path,
                                                                           tmp_path: Path) -> None:
    junk = []
    for n in range(300):
        payload = f"junk {n}".encode()
        sha = hashlib.sha256(payload).hexdigest()
        junk.append((zipfile.ZipInfo(f"blobs/{sha[:2]}/{sha}"), payload))
    poisoned = remake(archive, tmp_path / "poisoned.iepbackup", extra=junk)
    report = restore(poisoned, tmp_path / "Restored")
    assert blobs_of(tmp_path / "Restored") == blobs_of(vault_path)
    assert any("300 file(s)" in w and "left out" in w for w in report.warnings), report.warnings
    assert report.blobs == len(blobs_of(vault_path))
    with Vault.open(tmp_path / "Restored") as restored:
        assert [p for p in verify(restored).problems if p.kind == "unreferenced_original"] == []


def test_restore_says_when_the_target_cannot_be_created(archive: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(BackupError, match="Cannot make the folder") as caught:
        restore(archive, blocker / "sub" / "vault")
    assert caught.value.code == "not_writable"
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            with pytest.raises(BackupError, match="Choose a folder you can write to"):
                restore(archive, locked / "vault")
        finally:
            locked.chmod(0o700)


# -- restore: bad archives -------------------------------------------------------------------------------------
def test_a_truncated_archive_is_refused(archive: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.iepbackup"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    report = check_archive(cut)
    assert not report.ok and report.problems[0].kind == "truncated"
    assert "cut short" in report.message() and "another copy" in report.message()
    with pytest.raises(BackupError, match="cut short") as caught:
        restore(cut, tmp_path / "target")
    assert caught.value.code == "truncated"
    nothing_written(tmp_path / "target")


def test_a_flipped_byte_in_an_original_is_refused_before_anything_is_written(archive: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(archive) as zf:
        info = next(i for i in zf.infolist() if i.filename.startswith("blobs/"))
        offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.file_size // 2
    data = bytearray(archive.read_bytes())
    data[offset] ^= 0x01
    flipped = tmp_path / "flipped.iepbackup"
    flipped.write_bytes(bytes(data))
    report = check_archive(flipped)
    assert not report.ok and report.problems[0].kind == "damaged" and info.filename in report.problems[0].detail
    with pytest.raises(BackupError, match=info.filename):
        restore(flipped, tmp_path / "target")
    nothing_written(tmp_path / "target")


def test_a_manifest_that_does_not_match_the_contents_is_refused(archive: Path, tmp_path: Path) -> None:
    def swap_content(members: dict[str, bytes]) -> None:  # a valid zip whose blob no longer matches its hash
        name = next(n for n in members if n.startswith("blobs/"))
        members[name] = bytes(len(members[name]))

    changed = remake(archive, tmp_path / "changed.iepbackup", members=swap_content)
    report = check_archive(changed)
    assert [p.kind for p in report.problems] == ["hash_mismatch"]
    assert "does not match the SHA-256" in report.problems[0].detail

    def drop_one(members: dict[str, bytes]) -> None:
        del members[next(n for n in members if n.startswith("blobs/"))]

    missing = remake(archive, tmp_path / "missing.iepbackup", members=drop_one)
    assert [p.kind for p in check_archive(missing).problems] == ["missing_member"]
    extra = zipfile.ZipInfo("blobs/00/" + "0" * 64)
    unlisted = remake(archive, tmp_path / "unlisted.iepbackup", extra=[(extra, b"x")], listed=False)
    assert [p.kind for p in check_archive(unlisted).problems] == ["not_listed"]

    def wrong_db_size(manifest: dict[str, Any]) -> None:
        next(f for f in manifest["files"] if f["path"] == "vault.sqlite")["size"] += 10

    short = remake(archive, tmp_path / "short.iepbackup", manifest=wrong_db_size)
    assert [p.kind for p in check_archive(short).problems] == ["size_mismatch"]
    for bad in (changed, missing, unlisted, short):
        with pytest.raises(BackupError, match="Nothing was written"):
            restore(bad, tmp_path / "target")
        nothing_written(tmp_path / "target")


def _link(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


@pytest.mark.parametrize(
    ("member", "kind", "words"),
    [
        (zipfile.ZipInfo("../evil.txt"), "unsafe_name", "points outside the folder"),
        (zipfile.ZipInfo("blobs/../../evil.txt"), "unsafe_name", "points outside the folder"),
        (zipfile.ZipInfo("/tmp/evil.txt"), "unsafe_name", "absolute path"),
        (zipfile.ZipInfo("C:/evil.txt"), "unsafe_name", "absolute path"),
        (zipfile.ZipInfo("blobs\\..\\..\\evil.txt"), "unsafe_name", "backslashes"),
        (_link("blobs/ab/link"), "link", "holds a link"),
        (_link("vault.sqlite.evil"), "link", "holds a link"),
    ],
    ids=["dotdot", "nested-dotdot", "absolute", "drive-letter", "backslash", "symlink", "symlink-top"],
)
def test_members_that_could_escape_the_target_are_refused(
    archive: Path, tmp_path: Path, member: zipfile.ZipInfo, kind: str, words: str
) -> None:
    payload = b"/etc/passwd" if kind == "link" else b"written outside"
    for listed in (True, False):
        evil = remake(archive, tmp_path / f"evil-{listed}.iepbackup", extra=[(member, payload)], listed=listed)
        report = check_archive(evil)
        assert not report.ok and report.problems[0].kind == kind and words in report.problems[0].detail
        assert "do not use it" in report.message()
        target = tmp_path / "deep" / "target"
        with pytest.raises(BackupError, match=words) as caught:
            restore(evil, target)
        assert caught.value.code == kind
        assert not target.exists() and not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()
        assert not (tmp_path / "deep").exists() or list((tmp_path / "deep").iterdir()) == []


def test_oversized_members_are_refused_before_they_are_read(archive: Path, tmp_path: Path) -> None:
    def grow(members: dict[str, bytes]) -> None:
        name = next(n for n in members if n.startswith("blobs/"))
        members[name] += b"\0" * 1000  # the manifest still says the old size

    bigger = remake(archive, tmp_path / "bigger.iepbackup", members=grow)
    report = check_archive(bigger)
    assert [p.kind for p in report.problems] == ["oversized"] and "larger than its manifest says" in report.message()
    with pytest.raises(BackupError, match="larger than its manifest"):
        restore(bigger, tmp_path / "target")
    nothing_written(tmp_path / "target")

    # a member whose headers claim 1 GB (a "zip bomb"), with a manifest that agrees
    claimed = MAX_BLOB_BYTES + 1
    name = "blobs/ab/ab" + "c" * 62

    def claim(manifest: dict[str, Any]) -> None:
        manifest["files"].append({"path": name, "sha256": "ab" + "c" * 62, "size": claimed})

    bomb = remake(archive, tmp_path / "bomb.iepbackup", manifest=claim, extra=[(zipfile.ZipInfo(name), b"tiny")],
                  listed=False)
    data = bytearray(bomb.read_bytes())
    with zipfile.ZipFile(bomb) as zf:
        info = zf.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, claimed)  # the local header's size
    central = data.index(b"PK\x01\x02")
    while bytes(data[central + 46: central + 46 + struct.unpack_from("<H", data, central + 28)[0]]) != name.encode():
        central = data.index(b"PK\x01\x02", central + 4)  # the central directory entry of that member
    struct.pack_into("<I", data, central + 24, claimed)
    bomb.write_bytes(bytes(data))
    report = check_archive(bomb)
    assert report.problems and report.problems[0].kind == "oversized"
    with pytest.raises(BackupError, match="more than any IEPDesk backup holds"):
        restore(bomb, tmp_path / "target")
    nothing_written(tmp_path / "target")


def _with_database(change: Callable[[sqlite3.Connection], None]) -> Callable[[dict[str, bytes]], None]:
    """A members editor that changes the database inside an archive (``remake`` then lists the new hash)."""
    def edit(members: dict[str, bytes]) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "vault.sqlite"
            db.write_bytes(members["vault.sqlite"])
            con = sqlite3.connect(db)
            change(con)
            con.commit()
            con.close()
            members["vault.sqlite"] = db.read_bytes()
    return edit


def _relist(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    for entry in manifest["files"]:
        if entry["path"] in members:
            entry["sha256"] = hashlib.sha256(members[entry["path"]]).hexdigest()
            entry["size"] = len(members[entry["path"]])


@pytest.mark.parametrize(("poison", "named"), [
    ("CREATE TRIGGER tidy AFTER INSERT ON items BEGIN DELETE FROM pages WHERE item_id != new.id; END", "tidy"),
    ("CREATE VIEW everything AS SELECT * FROM pages", "everything"),
    ("CREATE TABLE stash (x)", "stash"),
    ("DROP TRIGGER pages_ad", "pages_ad"),
])
def test_a_self_consistent_archive_with_a_schema_of_its_own_is_refused_by_name(
    archive: Path, tmp_path: Path, poison: str, named: str
) -> None:
    _, contents = members_of(archive)
    _with_database(lambda con: con.execute(poison))(contents)
    poisoned = remake(archive, tmp_path / "poisoned.iepbackup",
                      members=lambda m: m.update(contents), manifest=lambda m: _relist(m, contents))
    assert check_archive(poisoned).ok, "every hash and size agrees: only the schema gives it away"
    with pytest.raises(BackupError, match=rf"(?s)not one IEPDesk makes.*“{named}”") as caught:
        restore(poisoned, tmp_path / "target")
    assert caught.value.code == "bad_schema"
    nothing_written(tmp_path / "target")


def test_verify_reports_a_trigger_iepdesk_does_not_make(vault_path: Path) -> None:
    con = sqlite3.connect(vault_path / "vault.sqlite")
    con.execute("CREATE TRIGGER tidy AFTER INSERT ON items BEGIN DELETE FROM pages WHERE item_id != new.id; END")
    con.commit()
    con.close()
    with Vault.open(vault_path, write=False) as vault:
        report = verify(vault)
    assert not report.ok
    assert any(p.kind == "schema" and "“tidy”" in p.detail for p in report.problems)


def test_a_manifest_nested_thousands_deep_is_refused_plainly(archive: Path, tmp_path: Path) -> None:
    _, contents = members_of(archive)
    deep = tmp_path / "deep.iepbackup"
    with zipfile.ZipFile(deep, "w") as zf:
        for name, payload in contents.items():
            zf.writestr(name, payload)
        zf.writestr("manifest.json", "[" * 100_000 + "]" * 100_000)
    assert [p.kind for p in check_archive(deep).problems] == ["bad_manifest"]
    with pytest.raises(BackupError, match="not readable JSON"):
        restore(deep, tmp_path / "target")
    nothing_written(tmp_path / "target")


def test_a_database_that_unpacks_far_beyond_its_packed_size_is_refused_up_front(archive: Path, tmp_path: Path
                                                                                 ) -> None:
    block, blocks = b"\0" * (1024 * 1024), 300  # 300 MB of zeros pack into a few hundred KB
    digest = hashlib.sha256()
    for _ in range(blocks):
        digest.update(block)
    manifest, contents = members_of(archive)
    for entry in manifest["files"]:
        if entry["path"] == "vault.sqlite":
            entry.update(sha256=digest.hexdigest(), size=blocks * len(block))
    bomb = tmp_path / "bomb.iepbackup"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("vault.sqlite", "w", force_zip64=True) as out:
            for _ in range(blocks):
                out.write(block)
        for name, payload in contents.items():
            if name != "vault.sqlite":
                zf.writestr(name, payload)
        zf.writestr("manifest.json", json.dumps(manifest))
    assert bomb.stat().st_size < 5 * 1024 * 1024
    report = check_archive(bomb)
    assert [p.kind for p in report.problems] == ["oversized"]
    with pytest.raises(BackupError, match=r"would expand to 300\.0 MB"):
        restore(bomb, tmp_path / "target")
    nothing_written(tmp_path / "target")


def test_an_archive_from_a_newer_version_is_refused_before_anything_is_written(archive: Path, tmp_path: Path) -> None:
    def newer_schema(manifest: dict[str, Any]) -> None:
        manifest["schema"], manifest["app_version"] = "0099", "9.0.0"

    def newer_format(manifest: dict[str, Any]) -> None:
        manifest["format_version"] = 2

    for change in (newer_schema, newer_format):
        newer = remake(archive, tmp_path / "newer.iepbackup", manifest=change)
        report = check_archive(newer)
        assert [p.kind for p in report.problems] == ["too_new"]
        assert "Install the newest IEPDesk" in report.message()
        with pytest.raises(BackupError, match="newer IEPDesk") as caught:
            restore(newer, tmp_path / "target")
        assert caught.value.code == "too_new"
        nothing_written(tmp_path / "target")


def test_check_archive_on_files_that_are_not_backups(tmp_path: Path, inbox: Path) -> None:
    pdf = docs.text_pdf(tmp_path / "report.pdf", ["not a backup"])
    assert check_archive(pdf).problems[0].kind == "not_archive"
    assert "not an IEPDesk backup" in check_archive(pdf).message()
    text = tmp_path / "notes.iepbackup"
    text.write_text("hello")
    assert check_archive(text).problems[0].kind == "not_archive"
    plain_zip = tmp_path / "photos.zip"
    with zipfile.ZipFile(plain_zip, "w") as zf:
        zf.writestr("photo.jpg", b"jpeg")
    assert "no manifest.json" in check_archive(plain_zip).problems[0].detail
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": "something else"}))
    assert check_archive(other).problems[0].kind == "bad_manifest"
    assert check_archive(tmp_path / "gone.iepbackup").problems[0].kind == "not_found"
    assert check_archive(inbox).problems[0].kind == "not_archive"
    with pytest.raises(BackupError, match="not an IEPDesk backup"):
        restore(pdf, tmp_path / "target")
    nothing_written(tmp_path / "target")


def _archive_of_folder(folder: Path, out: Path, schema: str) -> Path:
    """An archive as an older IEPDesk would have made it, from a vault folder left at that schema."""
    files = {"vault.sqlite": (folder / "vault.sqlite").read_bytes()}
    for blob in (folder / "blobs").rglob("*"):
        if blob.is_file():
            files[blob.relative_to(folder).as_posix()] = blob.read_bytes()
    manifest = {
        "format": "iepdesk-backup", "format_version": 1, "app_version": "0.0.9", "schema": schema,
        "created_at": "2026-01-05T10:00:00+00:00", "automatic": False, "items": 1, "complete": True,
        "files": [{"path": n, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)} for n, b in files.items()],
    }
    with zipfile.ZipFile(out, "w") as zf:
        for name, payload in files.items():
            zf.writestr(name, payload)
        zf.writestr("manifest.json", json.dumps(manifest))
    return out


def test_an_archive_from_an_older_version_is_migrated_after_a_snapshot(tmp_path: Path) -> None:
    old = _archive_of_folder(OLD_VAULTS / "schema-0001", tmp_path / "old.iepbackup", "0001")
    assert check_archive(old).ok
    result = restore(old, tmp_path / "restored")
    assert (result.schema_from, result.schema, result.migrated) == ("0001", HEAD, True)
    assert result.snapshot is not None and result.snapshot.is_file()
    assert result.snapshot.parent == tmp_path / "restored" / "backups"
    with Vault.open(result.path) as vault:
        assert verify(vault).ok
        with vault.engine.connect() as con:
            assert con.exec_driver_sql("SELECT title FROM items").scalar() == "School evaluation"
            assert con.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD


# -- backing up while the vault is in use, and when the disk fills ---------------------------------------------
KEEP_WRITING = """
import datetime as dt, sys
from pathlib import Path
from iepdesk.criteria.evidence import tag
from iepdesk.ingest import import_paths
from iepdesk.ingest.notes import add_note
from iepdesk.items import trash_item, update_item
from iepdesk.vault import Vault
if __name__ == "__main__":
    with Vault.open(Path(sys.argv[1])) as vault:
        import_paths(vault, [Path(sys.argv[2])])
        n = 0
        while True:  # keeps writing until it is killed
            add_note(vault, f"Note {n} written during the backup.", date=dt.date(2026, 1, 1))
            n += 1
"""


def test_a_backup_taken_while_another_process_writes_restores_to_a_sound_vault(tmp_path: Path, inbox: Path) -> None:
    for n in range(40):
        docs.text_pdf(inbox / f"doc{n:02}.pdf", [f"Document {n} page {p} " * 40 for p in range(6)])
    path = tmp_path / "vault"
    Vault.create(path).close()
    script = tmp_path / "writer.py"
    script.write_text(KEEP_WRITING)
    worker = subprocess.Popen([sys.executable, str(script), str(path), str(inbox)], cwd=Path(__file__).parents[2])
    try:
        deadline = time.monotonic() + 60
        count = 0
        while time.monotonic() < deadline and worker.poll() is None and count < 10:
            try:
                con = sqlite3.connect(path / "vault.sqlite", timeout=5)
                count = con.execute("SELECT count(*) FROM items").fetchone()[0]
                con.close()
            except sqlite3.OperationalError:
                count = 0
            time.sleep(0.01)
        assert count >= 10 and worker.poll() is None, "the writer should be busy"
        with Vault.open(path, write=False) as vault:  # the writer holds the lock
            made = [backup(vault, tmp_path / f"during {n}.iepbackup") for n in range(3)]
        assert worker.poll() is None, "the writer kept writing during the backups"
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    for number, report in enumerate(made):
        assert report.items >= 10 and check_archive(report.path).ok
        restored = restore(report.path, tmp_path / f"restored {number}")
        with Vault.open(restored.path) as vault:
            result = verify(vault)
            assert result.ok and result.problems == [], result.problems
            assert result.items == report.items


DISK_FILLS = """
import json, resource, signal, sys
from pathlib import Path
from iepdesk.vault import Vault
from iepdesk.vault.backup import BackupError, backup
if __name__ == "__main__":
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writing past the limit fails with EFBIG, as a full disk would
    limit = int(sys.argv[3])
    with Vault.open(Path(sys.argv[1]), write=False) as vault:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        try:
            backup(vault, Path(sys.argv[2]))
        except BackupError as error:
            print(json.dumps({"code": error.code, "message": str(error)}))
            sys.exit(1)
    print(json.dumps({"code": "done"}))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX only")
@pytest.mark.parametrize("stage", ["database copy", "archive"])
def test_a_disk_that_fills_up_removes_the_partial_backup_and_keeps_the_earlier_one(
    tmp_path: Path, inbox: Path, stage: str
) -> None:
    for n in range(6):
        docs.phone_photo(inbox / f"photo {n}.jpg", f"Homework page {n} " * 8)  # big originals, little text
    path = make_vault(tmp_path / "vault", inbox, n_pdfs=1)
    folder = tmp_path / "usb"
    folder.mkdir()
    with Vault.open(path, write=False) as vault:
        earlier = backup(vault, folder)
    db_size = (path / "vault.sqlite").stat().st_size
    assert earlier.size > db_size * 1.5, "the originals should outweigh the database"
    limit = db_size // 2 if stage == "database copy" else (db_size + earlier.size) // 2
    script = tmp_path / "fill.py"
    script.write_text(DISK_FILLS)
    run = subprocess.run([sys.executable, str(script), str(path), str(folder / "new.iepbackup"), str(limit)],
                         capture_output=True, text=True, timeout=120, cwd=Path(__file__).parents[2])
    assert run.returncode == 1, run.stderr
    result = json.loads(run.stdout)
    # SQLite reports a file-size limit as an I/O error; a real full disk as SQLITE_FULL (no_space)
    assert result["code"] == ("no_space" if stage == "archive" else "write_failed")
    assert "could not be written" in result["message"] and "earlier backups were not touched" in result["message"]
    assert sorted(p.name for p in folder.iterdir()) == [earlier.path.name]  # no partial file, nothing else
    assert check_archive(earlier.path).ok


# -- automatic backups -----------------------------------------------------------------------------------------
def _change(path: Path, text: str) -> None:
    with Vault.open(path) as vault:
        add_note(vault, text, date=dt.date(2026, 1, 1))


def _auto(path: Path, folder: Path, now: dt.datetime, keep: int = 10) -> Any:
    with Vault.open(path, write=False) as vault:
        return auto_backup(vault, folder, keep=keep, now=now)


def test_auto_backup_only_when_something_changed_and_at_most_daily(vault_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    folder.mkdir()
    with Vault.open(vault_path, write=False) as vault:
        assert last_backup(folder, vault) is None
    first = _auto(vault_path, folder, T0)
    assert first is not None and first.automatic and first.path.name.startswith("IEPDesk auto-backup ")
    assert check_archive(first.path).ok
    assert _auto(vault_path, folder, T0 + dt.timedelta(days=3)) is None, "nothing changed"
    _change(vault_path, "A call about the evaluation.")
    assert _auto(vault_path, folder, T0 + dt.timedelta(hours=2)) is None, "at most one a day"
    second = _auto(vault_path, folder, T0 + dt.timedelta(hours=25))
    assert second is not None and second.items == first.items + 1
    with Vault.open(vault_path, write=False) as vault:
        when, where = last_backup(folder, vault)
    assert where == second.path and when == T0 + dt.timedelta(hours=25)
    assert when.tzinfo is not None


def test_auto_backup_keeps_the_newest_and_touches_nothing_else(vault_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    folder.mkdir()
    (folder / "my notes.txt").write_text("the parent's own file")
    broken = folder / "IEPDesk auto-backup 2020-01-01 0000 (vault).iepbackup"
    broken.write_bytes(b"PK\x03\x04 cut short")  # never deleted: it cannot be told whose it is
    with Vault.open(vault_path, write=False) as vault:
        manual = backup(vault, folder)  # a manual backup in the same folder is not this feature's
    other_inbox = tmp_path / "other inbox"
    other_inbox.mkdir()
    other = make_vault(tmp_path / "Other family", other_inbox, n_pdfs=1)
    theirs = _auto(other, folder, T0)
    made = []
    for day in range(5):
        _change(vault_path, f"Change on day {day}.")
        made.append(_auto(vault_path, folder, T0 + dt.timedelta(days=day, hours=1), keep=3))
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == sorted(["my notes.txt", broken.name, manual.path.name, theirs.path.name,
                           *(r.path.name for r in made[-3:])])
    assert made[-1].removed == (made[1].path,)
    assert any(broken.name in w and "left as it is" in w for w in made[-1].warnings)
    assert all(check_archive(r.path).ok for r in made[-3:])


def test_auto_backup_never_removes_the_newest_good_backup(vault_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    folder.mkdir()
    good = []
    for day in range(2):
        _change(vault_path, f"Change {day}.")
        good.append(_auto(vault_path, folder, T0 + dt.timedelta(days=day), keep=1))
    assert [p.name for p in folder.iterdir()] == [good[1].path.name]
    with Vault.open(vault_path) as vault:  # an original is damaged on disk, then the parent keeps working
        sha = vault.engine.connect().exec_driver_sql("SELECT sha256 FROM items WHERE origin='file' LIMIT 1").scalar()
        blob = vault.blobs.path_for(sha)
        blob.chmod(0o644)
        blob.write_bytes(b"damaged")
        add_note(vault, "Another change.")
    damaged = _auto(vault_path, folder, T0 + dt.timedelta(days=2), keep=1)
    assert damaged is not None and not damaged.complete
    assert sorted(p.name for p in folder.iterdir()) == sorted([good[1].path.name, damaged.path.name])
    assert damaged.removed == ()


def test_an_automatic_backup_dated_in_the_future_is_pruned_in_its_turn(vault_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    folder.mkdir()
    future = _auto(vault_path, folder, T0 + dt.timedelta(days=400))  # the laptop's clock was a year ahead
    made = []
    for day in range(1, 4):
        _change(vault_path, f"Change on day {day}.")
        made.append(_auto(vault_path, folder, T0 + dt.timedelta(days=day), keep=2))
    assert all(r is not None for r in made), "a backup from the future does not stop the daily ones"
    assert sorted(p.name for p in folder.iterdir()) == sorted(r.path.name for r in made[-2:])
    assert not future.path.exists()


def test_a_missing_backup_folder_is_said_plainly(vault_path: Path, tmp_path: Path) -> None:
    with Vault.open(vault_path, write=False) as vault, pytest.raises(BackupError, match="is not there") as caught:
        auto_backup(vault, tmp_path / "unplugged drive", now=T0)
    assert caught.value.code == "folder_missing" and "no automatic backup was made" in str(caught.value)


# -- export ----------------------------------------------------------------------------------------------------
def test_export_writes_plain_folders_and_readable_indexes(vault_path: Path, tmp_path: Path, inbox: Path) -> None:
    tricky = tmp_path / "tricky"
    tricky.mkdir()
    docs.text_pdf(tricky / "con.pdf", ["A document with an awkward title."])
    docs.text_pdf(tricky / "twin.pdf", ["A twin whose name differs only in case."])
    with Vault.open(vault_path) as vault:
        ids = {Path(r.path).name: r.item_id for r in import_paths(vault, [tricky]).results}
        update_item(vault, ids["con.pdf"], title='CON: a/b\\c? *"quoted"* <x>|', doc_date=dt.date(2025, 10, 14),
                    kind="evaluation")
        update_item(vault, ids["twin.pdf"], title='con: a/b\\c? *"QUOTED"* <x>|', doc_date=dt.date(2025, 10, 14),
                    kind="evaluation")
        tag(vault, ids["con.pdf"], "idea.ohi.limited_alertness", page=1, quote="awkward title",
            note="=SUM(A1) is not a formula")
        trashed = import_paths(vault, [docs.text_pdf(tmp_path / "trash.pdf", ["Trash me"])]).results[0].item_id
        trash_item(vault, trashed)
        before = rows_of(vault_path)
    out = tmp_path / "For the lawyer"
    with Vault.open(vault_path, write=False) as vault:
        report = export(vault, out)
    assert report.items == 8 and report.files == 8 and report.left_out == 1 and report.events == 0
    assert (out / "events.csv").read_text("utf-8-sig").splitlines()[0].startswith("id,date,time,kind")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert "README.txt" in files and "index.csv" in files and "evidence.csv" in files
    evaluation = sorted(f for f in files if f.startswith("Evaluation/"))
    assert evaluation == ["Evaluation/2025-10-14 CON - a-b-c 'quoted' x-.pdf",
                          "Evaluation/2025-10-14 con - a-b-c 'QUOTED' x- (2).pdf"]
    for name in files:
        assert not set(name) & set('<>:"\\|?*') and not name.endswith((" ", "."))
    with (out / "index.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:9] == ["id", "date", "kind", "source", "title", "author", "file", "pages", "sha256"]
    assert len(rows) == 8 and "Trash me" not in {r["title"] for r in rows}
    for row in rows:  # every file is the original, byte for byte
        assert (out / row["file"]).read_bytes() == (vault_path / "blobs" / row["sha256"][:2] / row["sha256"]
                                                    ).read_bytes()
    email = next(r for r in rows if r["file"].endswith(".eml"))
    attachment = next(r for r in rows if r["attached_to"] == email["id"])
    assert Path(attachment["file"]).parent == Path(email["file"]).parent
    assert Path(attachment["file"]).name.startswith(Path(email["file"]).stem + " - ")
    assert rows.index(attachment) == rows.index(email) + 1
    with (out / "evidence.csv").open(encoding="utf-8-sig", newline="") as handle:
        links = list(csv.DictReader(handle))
    link = next(r for r in links if r["criterion_id"] == "idea.ohi.limited_alertness")
    assert (link["item"], link["pages"], link["quote"], link["status"]) == (
        str(ids["con.pdf"]), "1", "awkward title", "accepted")
    assert link["note"] == "'=SUM(A1) is not a formula" and link["criterion"]
    assert rows_of(vault_path) == before  # the export changed nothing in the vault
    with pytest.raises(ExportError, match="already holds files"), Vault.open(vault_path, write=False) as vault:
        export(vault, out)
    assert not [p for p in tmp_path.iterdir() if ".exporting-" in p.name]


def test_export_writes_events_when_the_vault_has_them(vault_path: Path, tmp_path: Path) -> None:
    import datetime as dt

    from iepdesk.timeline.events import add_event

    with Vault.open(vault_path) as vault:
        add_event(vault, "eligibility_meeting", dt.date(2025, 11, 20), title="Eligibility meeting")
    with Vault.open(vault_path, write=False) as vault:
        report = export(vault, tmp_path / "out")
    assert report.events == 1
    with (tmp_path / "out" / "events.csv").open(encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["date"], row["title"]) == ("2025-11-20", "Eligibility meeting") and row["kind"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Re: IEP meeting", "Re - IEP meeting"),
        ("a/b\\c|d", "a-b-c-d"),
        ("  .hidden.  ", "hidden"),
        ("NUL", "_NUL"),
        ("com1.txt", "_com1.txt"),
        ("tab\there\x00", "tab here"),
        ("", "Untitled"),
        ("word " * 60, ("word " * 24).strip()),
        ("特别教育评估报告" * 20, "特别教育评估报告" * 7 + "特别教育"),  # 180 bytes in UTF-8: a name a disk takes
    ],
)
def test_safe_names(title: str, expected: str) -> None:
    assert safe_name(title) == expected

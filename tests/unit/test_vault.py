from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from iepdesk.errors import VaultDamaged, VaultError, VaultLocked, VaultNotFound, VaultTooNew
from iepdesk.items import get_item, list_items, page_texts
from iepdesk.vault import Vault
from iepdesk.vault.migrations import HEAD
from iepdesk.vault.models import HistoryEntry
from iepdesk.vault.verify import verify

OLD_VAULTS = Path(__file__).parents[1] / "data" / "vaults"


def test_a_new_vault_has_its_folders_wal_and_foreign_keys(vault: Vault) -> None:
    for sub in ("blobs", "cache", "backups", "tmp"):
        assert (vault.path / sub).is_dir()
    with vault.engine.connect() as con:
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert con.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD


def test_head_constant_matches_the_migrations() -> None:
    from alembic.script import ScriptDirectory

    from iepdesk.vault.migrate import _alembic_config

    assert ScriptDirectory.from_config(_alembic_config()).get_current_head() == HEAD


def test_models_agree_with_the_migrations(vault: Vault) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from iepdesk.vault.models import Base

    with vault.engine.connect() as con:
        diff = compare_metadata(MigrationContext.configure(con), Base.metadata)
    # The FTS tables and the partial unique index live only in the migrations, on purpose.
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("page_fts"))
            and not (d[0] == "remove_index" and d[1].name in ("ux_items_sha256_files", "ux_evidence_suggestion"))]
    assert diff == []


def test_a_second_writer_is_refused_with_a_clear_message(vault: Vault) -> None:
    with pytest.raises(VaultLocked, match=r"already open in IEPDesk .*close the other one"):
        Vault.open(vault.path)
    reader = Vault.open(vault.path, write=False)  # reading is fine meanwhile
    reader.close()


def test_a_second_process_is_refused_and_the_lock_dies_with_its_holder(vault: Vault) -> None:
    code = f"from iepdesk.vault import Vault; Vault.open({str(vault.path)!r}, holder='a test')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode != 0 and "already open" in done.stderr
    path = vault.path
    vault.close()
    holder = subprocess.Popen([sys.executable, "-c", code.replace("Vault.open(", "v = Vault.open(") +
                               "; print('held', flush=True); import time; time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(VaultLocked, match="already open in a test"):
            Vault.open(path)
        holder.kill()
        holder.wait()
        Vault.open(path).close()  # the dead holder's lock is gone
    finally:
        holder.kill()
        holder.wait()


def test_missing_and_foreign_folders_are_explained(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound, match="There is no vault"):
        Vault.open(tmp_path / "nowhere")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "holiday.jpg").write_bytes(b"x")
    with pytest.raises(VaultError, match="already holds other files"):
        Vault.create(tmp_path / "busy")
    other = tmp_path / "other"
    other.mkdir()
    sqlite3.connect(other / "vault.sqlite").execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(VaultDamaged, match="not an IEPDesk vault"):
        Vault.open(other)


def test_a_vault_from_a_newer_version_is_refused_untouched(vault: Vault) -> None:
    path = vault.path
    vault.close()
    con = sqlite3.connect(path / "vault.sqlite")
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = (path / "vault.sqlite").read_bytes()
    with pytest.raises(VaultTooNew, match="newer version of IEPDesk"):
        Vault.open(path)
    assert (path / "vault.sqlite").read_bytes() == before


@pytest.mark.parametrize("schema", sorted(p.name for p in OLD_VAULTS.glob("schema-*")))
def test_an_old_vault_is_migrated_after_a_snapshot_and_keeps_its_data(schema: str, tmp_path: Path) -> None:
    path = tmp_path / schema
    shutil.copytree(OLD_VAULTS / schema, path)
    with Vault.open(path) as opened:
        assert opened.migration_snapshot is not None and opened.migration_snapshot.exists()
        [item] = list_items(opened)
        assert (item.title, item.kind, str(item.date)) == ("School evaluation", "evaluation", "2025-10-14")
        assert "10th percentile" in page_texts(opened, item.id)[0][2]
        with opened.engine.connect() as con:  # the search index covers the old pages too
            hits = con.exec_driver_sql("SELECT rowid FROM page_fts WHERE page_fts MATCH 'percentile'").all()
        assert len(hits) == 1
        assert verify(opened).ok
    snapshot_rev = sqlite3.connect(opened.migration_snapshot).execute("SELECT version_num FROM alembic_version")
    assert snapshot_rev.fetchone()[0] == schema.removeprefix("schema-")


def test_a_failed_migration_puts_the_vault_back(tmp_path: Path) -> None:
    path = tmp_path / "old"
    shutil.copytree(OLD_VAULTS / "schema-0001", path)
    con = sqlite3.connect(path / "vault.sqlite")
    con.execute("CREATE TABLE page_fts (x)")  # makes migration 0002 fail half-way
    con.commit()
    con.close()
    before = _dump(path)
    with pytest.raises(VaultError, match="left exactly as it was"):
        Vault.open(path)
    assert _dump(path) == before
    assert sqlite3.connect(path / "vault.sqlite").execute("SELECT version_num FROM alembic_version").fetchone() == (
        "0001",)


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(path / "vault.sqlite")
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_reading_a_vault_of_an_old_schema_updates_it_first(tmp_path: Path) -> None:
    path = tmp_path / "old"
    shutil.copytree(OLD_VAULTS / "schema-0001", path)
    with Vault.open(path, write=False) as reader:
        assert [i.title for i in list_items(reader)] == ["School evaluation"]
    assert sqlite3.connect(path / "vault.sqlite").execute("SELECT version_num FROM alembic_version").fetchone() == (
        HEAD,)


def test_reading_an_old_vault_that_another_process_holds_says_who_must_update_it(tmp_path: Path) -> None:
    path = tmp_path / "old"
    shutil.copytree(OLD_VAULTS / "schema-0001", path)
    from iepdesk.vault.lock import VaultLock

    held = VaultLock(path / ".lock")
    held.acquire("the IEPDesk app")
    try:
        with pytest.raises(VaultLocked, match=r"already open in the IEPDesk app.*must be updated"):
            Vault.open(path, write=False)
    finally:
        held.release()


def test_history_is_written_with_each_change(vault: Vault) -> None:
    from iepdesk.ingest.notes import add_note
    from iepdesk.items import trash_item, update_item

    note = add_note(vault, "Called the school; no answer.", note_type="call")
    update_item(vault, note.id, kind="correspondence", title="Call to the office")
    trash_item(vault, note.id)
    with vault.session() as session:
        actions = [h.action for h in session.scalars(select(HistoryEntry).where(HistoryEntry.item_id == note.id))]
    assert actions == ["note.add", "item.edit", "item.trash"]
    assert get_item(vault, note.id).trashed_at is not None


def test_leftover_temporary_files_are_cleared_when_a_writer_opens(vault: Vault) -> None:
    path = vault.path
    (path / "tmp" / ".tmp-abc.part").write_bytes(b"half a file")
    vault.close()
    assert [p.kind for p in verify(Vault.open(path, write=False)).problems] == ["temporary_file"]
    with Vault.open(path) as again:
        assert list((again.path / "tmp").iterdir()) == []


def test_core_modules_never_import_qt() -> None:
    code = textwrap.dedent("""
        import sys
        import iepdesk.cli, iepdesk.demo, iepdesk.items, iepdesk.students, iepdesk.vault.verify
        import iepdesk.ingest.pipeline, iepdesk.ingest.ocr, iepdesk.ingest.mail, iepdesk.ingest.pdf
        import iepdesk.ingest.image, iepdesk.ingest.office, iepdesk.ingest.notes, iepdesk.vault.migrate
        loaded = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
        print(loaded)
        sys.exit(1 if loaded else 0)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_vault_is_readable_by_its_owner_only(vault: Vault, tmp_path: Path) -> None:
    from iepdesk.ingest.notes import add_note

    add_note(vault, "Called the school.", note_type="call")
    [blob] = [p for p in vault.blobs.root.rglob("*") if p.is_file()]
    assert (_mode(vault.path), _mode(vault.path / "vault.sqlite"), _mode(blob)) == (0o700, 0o600, 0o400)
    assert _mode(blob.parent) == 0o700 and _mode(vault.path / ".lock") == 0o600
    old = tmp_path / "old"
    shutil.copytree(OLD_VAULTS / "schema-0004", old)
    for path in (old, *old.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    Vault.open(old).close()
    assert {_mode(p) for p in (old, *old.rglob("*")) if p.is_dir()} == {0o700}
    assert {_mode(p) for p in old.glob("blobs/*/*")} == {0o400}
    assert _mode(old / "vault.sqlite") == 0o600


@pytest.mark.parametrize("kind", ["link", "dangling link", "folder", "fifo"])
def test_a_lock_file_that_is_not_a_plain_file_is_refused_and_nothing_is_written_through_it(
        tmp_path: Path, kind: str) -> None:
    path = tmp_path / "received vault"
    Vault.create(path).close()
    lock = path / ".lock"
    lock.unlink()
    victim = tmp_path / "victim.txt"
    if kind == "link":
        victim.write_text("a file of the parent's own\n")
        lock.symlink_to(victim)
    elif kind == "dangling link":
        lock.symlink_to(victim)
    elif kind == "folder":
        lock.mkdir()
    else:
        os.mkfifo(lock)
    with pytest.raises(VaultError, match=r"lock file .* is (a link|a folder|not a plain file).*Remove that \.lock"):
        Vault.open(path)
    if kind == "link":
        assert victim.read_text() == "a file of the parent's own\n"
    else:
        assert not victim.exists()

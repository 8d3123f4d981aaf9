from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from iepdesk.ingest import import_paths
from iepdesk.items import list_items
from iepdesk.vault import Vault
from iepdesk.vault.verify import verify
from tests.fixtures import docs
from tests.fixtures.processes import assert_none_left, tagged, tagged_env


def test_verify_is_clean_after_imports(vault: Vault, inbox: Path) -> None:
    docs.text_pdf(inbox / "a.pdf", ["A"])
    docs.eml(inbox / "b.eml", attachments=[("c.txt", b"attached words", "text/plain")])
    import_paths(vault, [inbox])
    report = verify(vault)
    assert report.ok and report.problems == [] and report.items == 3


def test_verify_tells_damage_from_leftovers(vault: Vault, inbox: Path) -> None:
    docs.text_pdf(inbox / "a.pdf", ["A"])
    docs.text_pdf(inbox / "b.pdf", ["B"])
    a, b = (r.item_id for r in import_paths(vault, [inbox]).results)
    items = {i.id: i for i in list_items(vault)}
    altered = vault.blobs.path_for(items[a].sha256)
    altered.chmod(0o644)
    altered.write_bytes(b"changed")
    vault.blobs.path_for(items[b].sha256).unlink()
    vault.blobs.put(b"an original nobody uses")
    report = verify(vault)
    kinds = sorted((p.kind, p.severity) for p in report.problems)
    assert kinds == [("altered_original", "damage"), ("missing_original", "damage"),
                     ("unreferenced_original", "leftover")]
    assert not report.ok
    assert "“a”" in next(p.detail for p in report.problems if p.kind == "altered_original")


IMPORT_SCRIPT = """
import sys
from pathlib import Path
from iepdesk.ingest import import_paths
from iepdesk.vault import Vault
with Vault.open(Path(sys.argv[1])) as vault:
    import_paths(vault, [Path(sys.argv[2])])
"""


def test_an_import_killed_midway_leaves_a_sound_vault_and_a_rerun_finishes(tmp_path: Path, inbox: Path) -> None:
    for n in range(60):
        docs.text_pdf(inbox / f"doc{n:02}.pdf", [f"Document {n} page {p} " * 40 for p in range(8)])
    path = tmp_path / "vault"
    Vault.create(path).close()
    env, tag = tagged_env()
    worker = subprocess.Popen([sys.executable, "-c", IMPORT_SCRIPT, str(path), str(inbox)], env=env)
    deadline = time.monotonic() + 60
    count = 0
    while time.monotonic() < deadline and worker.poll() is None:
        try:
            con = sqlite3.connect(path / "vault.sqlite", timeout=5)
            count = con.execute("SELECT count(*) FROM items").fetchone()[0]
            con.close()
        except sqlite3.OperationalError:
            count = 0
        if count >= 10:
            break
        time.sleep(0.01)
    assert len(tagged(tag)) >= 3, "the import should run in worker processes"
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    assert 10 <= count < 60, "the import should have been stopped half-way"
    assert_none_left(tag)  # its text-extraction workers (and their resource tracker) died with it
    with Vault.open(path, write=False) as reader:
        report = verify(reader)
        assert report.ok, report.problems
        assert all(p.severity == "leftover" for p in report.problems)
    with Vault.open(path) as vault:
        again = import_paths(vault, [inbox])
        assert again.count("rejected") == 0
        items = list_items(vault)
        assert len(items) == 60 and len({i.sha256 for i in items}) == 60
        assert sorted(i.original_name for i in items) == sorted(p.name for p in inbox.iterdir())
        final = verify(vault)
        assert final.ok and final.problems == []

"""IEPDesk never uses the network: import, OCR, search, suggestions, a binder, a letter and a backup run in a
process whose sockets all refuse, and any attempt fails the test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import socket, sys
attempts = []
class NoNetwork(socket.socket):
    def __init__(self, *args, **kwargs):
        attempts.append(args)
        raise OSError("network use is forbidden in IEPDesk")
def refuse(*args, **kwargs):
    attempts.append(args)
    raise OSError("network use is forbidden in IEPDesk")
socket.socket = NoNetwork
socket.create_connection = refuse
socket.getaddrinfo = refuse
socket.gethostbyname = refuse

from pathlib import Path
from iepdesk.binder.assemble import make_binder
from iepdesk.binder.options import BinderOptions
from iepdesk.criteria.suggest import run_suggestions
from iepdesk.demo import build_demo
from iepdesk.ingest import import_paths
from iepdesk.letters.compose import draft
from iepdesk.letters.render import render
from iepdesk.search import search
from iepdesk.vault import Vault
from iepdesk.vault.backup import backup

root = Path(sys.argv[1])
build_demo(root / "vault", ocr=True)
with Vault.open(root / "vault") as vault:
    import_paths(vault, [Path(sys.argv[2])])
    assert search(vault, '"reading fluency"')
    run_suggestions(vault)
    make_binder(vault, root / "binder.pdf", BinderOptions())
    backup(vault, root)
    letter = draft(vault, "records-request", {"parent_name": "Dana Rivera", "parent_address": "12 Elm Street"})
    if letter.ready:
        render(letter)
assert not attempts, attempts
print("offline ok")
"""


def test_everything_runs_with_the_network_refused(tmp_path: Path) -> None:
    from tests.fixtures import docs

    extra = docs.text_pdf(tmp_path / "extra.pdf", ["Oral reading fluency: 61 words correct per minute"])
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), str(extra)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0 and "offline ok" in done.stdout, done.stdout + done.stderr

"""What the command prints is safe for a terminal and valid UTF-8, whatever the documents hold."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.fixtures import docs
from tests.integration.test_cli import iepdesk


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run([sys.executable, "-m", "iepdesk", *args], capture_output=True, timeout=120, env=env)


def test_escape_sequences_in_a_subject_are_not_printed_to_the_terminal(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    assert iepdesk("init", vault=vault).returncode == 0
    mail = tmp_path / "mail.eml"
    docs.eml(mail, subject="Hello \x1b]0;owned\x07\x1b[2J\x1b[31mred\u202efdp.exe")
    assert iepdesk("import", str(mail), vault=vault).returncode == 0
    for args in (["list"], ["show", "1"], ["search", "Hello"]):
        done = _run(*args, "--vault", str(vault))
        assert done.returncode == 0, done.stderr
        assert b"\x1b" not in done.stdout and b"\x07" not in done.stdout, args
        assert "\u202e".encode() not in done.stdout, args
        assert "Hello" in done.stdout.decode("utf-8")

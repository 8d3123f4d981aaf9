from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from iepdesk.vault import Vault  # no Qt: the screen below is set before any Qt import

# GUI tests run offscreen on the screen the app is made for: a 1366 x 768 laptop (Qt's offscreen platform reads
# its screens from a file; without one it is 800 x 800)
SCREEN = Path(__file__).parent / "data" / "screen-1366x768.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"

HAVE_TESSERACT = shutil.which("tesseract") is not None
needs_tesseract = pytest.mark.skipif(
    not HAVE_TESSERACT and not os.environ.get("CI"), reason="tesseract is not installed"
)


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings, logs and the default vault of the code under test go to a temporary home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("IEPDESK_VAULT", raising=False)
    if "PySide6.QtCore" in sys.modules:  # Qt keeps the settings folder it first saw: give it this test's own
        from PySide6.QtCore import QSettings

        for format_ in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(format_, QSettings.Scope.UserScope, str(home / "config"))


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "vault") as opened:
        yield opened


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo case, built once per test run (without OCR); tests work on copies of it."""
    from iepdesk.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "vault"
    build_demo(path, ocr=False)
    return path


@pytest.fixture
def demo_path(demo_source: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo vault for one test."""
    copy = tmp_path / "vault"
    shutil.copytree(demo_source, copy)
    return copy

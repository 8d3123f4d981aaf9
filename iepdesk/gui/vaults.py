"""Which vault the app works on: the recent ones, the demo case, and making or opening another.

The demo case is never where a parent's real documents land by accident: it is marked (a small file in its
folder), it is not remembered as the vault to reopen at the next start, and the window says it is the demo.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iepdesk.errors import IEPDeskError
from iepdesk.vault import Vault

RECENT_KEY = "recent_vaults"
LAST_KEY = "last_vault"
RECENT_COUNT = 8
DEMO_MARK = "This is the IEPDesk demo case.txt"
APP_HOLDER = "the IEPDesk app"


def demo_vault_path() -> Path:
    from platformdirs import user_data_path

    from iepdesk.resources import portable_home

    portable = portable_home()
    return (portable or user_data_path("IEPDesk", appauthor=False)) / "Demo Vault"


def is_demo(path: Path) -> bool:
    return (Path(path) / DEMO_MARK).is_file()


def is_vault(path: Path) -> bool:
    return (Path(path) / "vault.sqlite").is_file()


def recent_vaults(settings: Any) -> list[Path]:
    """The vaults opened lately, newest first, that still exist (the demo is never among them)."""
    values = settings.value(RECENT_KEY) or []
    if isinstance(values, str):  # QSettings gives back a one-item list as a string
        values = [values]
    return [Path(str(v)) for v in values if is_vault(Path(str(v))) and not is_demo(Path(str(v)))]


def remember(settings: Any, path: Path) -> None:
    """Note a vault that was opened: the next start reopens it (unless it is the demo)."""
    if is_demo(path):
        return
    path = Path(path).absolute()
    recent = [p for p in recent_vaults(settings) if p.absolute() != path]
    settings.setValue(RECENT_KEY, [str(p) for p in [path, *recent][:RECENT_COUNT]])
    settings.setValue(LAST_KEY, str(path))


def last_vault(settings: Any) -> Path | None:
    last = settings.value(LAST_KEY)
    path = Path(str(last)) if last else None
    return path if path is not None and is_vault(path) and not is_demo(path) else None


def open_vault(path: Path) -> Vault:
    """Open an existing vault for changes; a folder that is not one, a vault another window holds or one made
    by a newer IEPDesk raise an IEPDeskError with a sentence."""
    path = Path(path)
    if not is_vault(path):
        raise IEPDeskError(f"“{path}” is not an IEPDesk vault: it has no vault.sqlite. Choose the folder that "
                           "holds it (IEPDesk's vault folders hold vault.sqlite, blobs and backups).")
    return Vault.open(path, holder=APP_HOLDER)


def new_vault(path: Path, child: str, school: str = "", state: str | None = None) -> Path:
    """Make a vault for a child; refuses a folder that is already a vault or is not empty."""
    from iepdesk.students import add_student

    path = Path(path).expanduser()
    if is_vault(path):
        raise IEPDeskError(f"“{path}” is already a vault. Open it with File ▸ Open vault…, or choose another "
                           "folder for the new one.")
    if path.is_dir() and any(path.iterdir()):
        raise IEPDeskError(f"“{path}” already holds other files. Choose a new or empty folder for the vault.")
    with Vault.create(path, holder=APP_HOLDER) as vault:
        add_student(vault, child, school=school or None, state=state, actor="app")
    return path


def free_folder(path: Path) -> Path:
    """``path``, or ``path 2``, ``path 3``… : the first that is neither a vault nor a folder with files in it."""
    candidate, number = Path(path), 1
    while candidate.exists() and (not candidate.is_dir() or any(candidate.iterdir())):
        number += 1
        candidate = path.with_name(f"{path.name} {number}")
    return candidate


def build_demo_vault(path: Path, progress: Any = None) -> Path:
    """Make the demo vault at ``path`` (unless it is there): built under a hidden name beside it, so a start
    that is killed half-way leaves no half demo, then renamed into place and marked as the demo."""
    from iepdesk.demo import build_demo
    from iepdesk.vault.scratch import hidden_name, move_into_place, scratch

    path = Path(path)
    if is_vault(path):
        (path / DEMO_MARK).touch()
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with scratch(hidden_name(path.parent, "demo")) as work:
        build_demo(work, ocr=False, progress=progress)
        (work / DEMO_MARK).write_text(
            "This folder holds IEPDesk's demo case: a made-up child and made-up documents, to look around.\n"
            "Your own child's documents belong in a vault of your own (File ▸ New vault… in IEPDesk).\n",
            encoding="utf-8")
        if path.exists() and any(path.iterdir()):
            raise IEPDeskError(f"“{path}” already holds other files, so the demo cannot be made there.")
        move_into_place(work, path)
    return path


def build_demo_showing_progress(path: Path, parent: Any = None) -> Path:
    """The demo made in the background while a small window says what is happening (not a black window)."""
    if is_vault(path):
        return build_demo_vault(path)
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QProgressDialog

    from iepdesk.gui.tasks import TaskRunner

    dialog = QProgressDialog("Making the demo case: a made-up child and the documents of a case…", "", 0, 0,
                             parent)
    dialog.setWindowTitle("Making the demo case")
    dialog.setCancelButton(None)  # a few seconds; stopping half-way would only leave nothing
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(420)
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def finish(key: str, value: Any) -> None:
        outcome[key] = value
        loop.quit()

    runner = TaskRunner()
    runner.start(lambda report, _cancel: build_demo_vault(path, report), lambda done: finish("path", done),
                 lambda error: finish("error", error), dialog.setLabelText)
    dialog.show()
    if not outcome:
        loop.exec()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return Path(outcome["path"])

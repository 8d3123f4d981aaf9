"""Find the app's resource files (icons, criteria packs, fonts) by name, from a source tree or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks data files here
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """The path of a resource; a missing one is a packaging mistake, so it fails loudly."""
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"IEPDesk's resource {'/'.join(parts)} is missing from {resources_root()}")
    return path


def portable_home() -> Path | None:
    """The folder beside the program when this is a portable bundle (built with IEPDESK_PORTABLE=1): settings,
    logs and the default vault then stay there, e.g. on a USB stick. None for an ordinary install."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen and (Path(frozen) / "portable").exists():
        return Path(sys.executable).resolve().parent
    return None

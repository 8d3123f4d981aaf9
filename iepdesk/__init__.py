"""IEPDesk: an offline desk for a parent's special-education case.

The packages under ``iepdesk`` (vault, ingest, …) are the core: they never import Qt.
``iepdesk.gui`` is the desktop face and ``iepdesk.cli`` the command line over the same calls.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    """``__version__`` is looked up when first asked for: every process (the import's workers too) imports this
    package, and reading the installed package's metadata costs 30 ms."""
    if name != "__version__":
        raise AttributeError(f"module 'iepdesk' has no attribute {name!r}")
    from importlib import metadata

    try:
        version = metadata.version("iepdesk")
    except metadata.PackageNotFoundError:  # running from a source tree that was not installed
        version = "0+source"
    globals()["__version__"] = version
    return version

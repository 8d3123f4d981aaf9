"""IEPDesk: an offline desk for a parent's special-education case.

The packages under ``iepdesk`` (vault, ingest, …) are the core: they never import Qt.
``iepdesk.gui`` is the desktop face and ``iepdesk.cli`` the command line over the same calls.
"""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("iepdesk")
except metadata.PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+source"

"""Capture: files, folders, emails and notes into the vault, text page by page.

The names below are loaded on first use, so a worker process that only extracts text (see
``pipeline.analyse``) does not pay for the database layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iepdesk.ingest.pipeline import FileResult, ImportOptions, ImportReport, Progress, import_paths

__all__ = ["FileResult", "ImportOptions", "ImportReport", "Progress", "import_paths"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from iepdesk.ingest import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)

"""Capture: files, folders, emails and notes into the vault, text page by page."""

from iepdesk.ingest.pipeline import FileResult, ImportOptions, ImportReport, Progress, import_paths

__all__ = ["FileResult", "ImportOptions", "ImportReport", "Progress", "import_paths"]

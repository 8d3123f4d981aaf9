"""The binder's front matter, typeset with ReportLab: cover, contents, parent statement, criteria summary,
evidence by criterion, chronology, communication log, exhibit index and manifest of originals.

Page numbers printed for front-matter sections are lower-case roman (the cover is page i); page numbers printed
for exhibits and pin cites are body page numbers (arabic). Clickable areas are not written into the PDF: they are
handed back as :class:`LinkSpot` records in PyMuPDF coordinates (origin top-left, y down) for the assembler to add.

One build: the contents print each section's first page through a small form (PDF XObject) named after the
section, and the forms are drawn at the end of the build, once every section has started (the contents take the same
room whatever numbers they print, so the numbers need not be known while the contents are laid out).

The parts: text.py (measures, colours, styles), flowables.py, document.py (page templates, footers, links),
sections.py (each section), build.py.
"""

from __future__ import annotations

from iepdesk.binder.front.build import build_front_matter
from iepdesk.binder.front.text import TITLES, format_date, roman

__all__ = ["TITLES", "build_front_matter", "format_date", "roman"]

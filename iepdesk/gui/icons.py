"""The interface's icons (resources/icons/ui, drawn for IEPDesk): each tinted with the theme's text colour as
it is loaded, so it reads on a light and a dark desktop; colour itself is kept for status (overdue, due soon,
met), never for decoration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from iepdesk.resources import resource

if TYPE_CHECKING:
    from iepdesk.gui.main_window import MainWindow

VIEW_ICONS = {"today": "today", "inbox": "inbox", "all": "documents", "trash": "trash", "timeline": "timeline",
              "comms": "comms", "coverage": "coverage", "binders": "binders", "people": "people"}
SIZES = (16, 24, 32, 48)  # rendered sharp at each size a list, a menu or a high-density screen asks for
_DRAWN_IN = 'stroke="#000000"'


def icon(name: str, widget: QWidget | None = None) -> QIcon:
    """The icon ``name`` (a file of resources/icons/ui), in the text colour of ``widget``'s palette."""
    palette = widget.palette() if widget is not None else QApplication.palette()
    colour = palette.color(QPalette.ColorRole.WindowText).name()
    svg = resource("icons", "ui", f"{name}.svg").read_text("utf-8").replace(_DRAWN_IN, f'stroke="{colour}"')
    made = QIcon()
    for size in SIZES:
        pixmap = QPixmap()
        scaled = svg.replace('width="24" height="24"', f'width="{size}" height="{size}"', 1)
        if not pixmap.loadFromData(scaled.encode("utf-8"), "SVG"):
            raise ValueError(f"The icon {name} could not be drawn (is Qt's SVG image plugin missing?).")
        made.addPixmap(pixmap)
    return made


def dress(window: MainWindow) -> None:
    """Icons on the sidebar's views (not on the kinds of document under All documents) and the main actions."""
    for row in range(window.sidebar.count()):
        item = window.sidebar.item(row)
        key = item.data(Qt.ItemDataRole.UserRole)
        if key in VIEW_ICONS:
            item.setIcon(icon(VIEW_ICONS[key], window))
    writes, tools = window.writes, window.tools
    for action, name in ((window.imports.import_files_action, "import"), (writes.new_note_action, "note"),
                         (writes.letter_action, "letter"), (writes.binder_action, "binders"),
                         (writes.packet_action, "packet"), (window.backups.backup_action, "backup"),
                         (tools.glossary_action, "help")):
        action.setIcon(icon(name, window))

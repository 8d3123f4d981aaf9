"""The interface's icons: each drawn file loads, the views and the main actions carry one, and each is tinted
with the theme's text colour (dark lines on a light desktop, light lines on a dark one)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QWidget

from iepdesk.gui.icons import VIEW_ICONS, icon
from iepdesk.resources import resource
from iepdesk.vault import Vault
from tests.fixtures.windows import open_window


def _darkest_and_lightest(made: QIcon) -> tuple[int, int]:
    image = made.pixmap(24, 24).toImage()
    seen = [image.pixelColor(x, y) for x in range(24) for y in range(24)]
    drawn = [c.lightness() for c in seen if c.alpha() > 200]
    assert drawn, "the icon draws nothing"
    return min(drawn), max(drawn)


def test_every_icon_loads_and_follows_the_theme(qtbot) -> None:
    names = sorted(p.stem for p in resource("icons", "ui").glob("*.svg"))
    assert set(VIEW_ICONS.values()) <= set(names) and len(names) >= 15
    light, dark = QWidget(), QWidget()
    qtbot.addWidget(light)
    qtbot.addWidget(dark)
    palette = dark.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    dark.setPalette(palette)
    light_palette = light.palette()
    light_palette.setColor(QPalette.ColorRole.WindowText, QColor("#101010"))
    light.setPalette(light_palette)
    for name in names:
        assert not icon(name, light).isNull(), name
        assert _darkest_and_lightest(icon(name, light))[0] < 60, name  # dark lines
        assert _darkest_and_lightest(icon(name, dark))[1] > 200, name  # light lines


def test_the_views_and_main_actions_carry_icons(qtbot, vault: Vault) -> None:
    window = open_window(qtbot, vault)
    for row in range(window.sidebar.count()):
        item = window.sidebar.item(row)
        key = item.data(Qt.ItemDataRole.UserRole)
        assert item.icon().isNull() == (key not in VIEW_ICONS), key  # the kinds under All documents: none
    for action in (window.imports.import_files_action, window.writes.binder_action, window.writes.packet_action,
                   window.backups.backup_action, window.tools.glossary_action):
        assert not action.icon().isNull(), action.text()
    window.close()

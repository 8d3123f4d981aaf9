"""Colours that stay readable in a light and a dark desktop theme: a warning in red, a guess in amber, each
picked for the window's own background (WCAG's 4.5:1 contrast for text)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

WARNING = {"light": QColor("#b00020"), "dark": QColor("#ff8a80")}
GUESS = {"light": QColor("#7a5f00"), "dark": QColor("#f0c674")}


def theme(widget: QWidget) -> str:
    return "dark" if widget.palette().color(QPalette.ColorRole.Window).lightness() < 128 else "light"


def text_css(widget: QWidget, colours: dict[str, QColor]) -> str:
    """A style sheet giving the widget's text the colour for its theme."""
    return f"color: {colours[theme(widget)].name()}"


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)

"""What the app offers for each command of the ``iepdesk`` CLI (docs/architecture.md: the app and the CLI each do all a
parent needs). An action, button or menu that does the work of a CLI command says so with ``covers``; a test
lists the CLI's commands and fails for any command that no action covers and that is not in ``CLI_ONLY``."""

from __future__ import annotations

from typing import Any

PROPERTY = "iepdesk_cli"

# Commands with no app action, and why.
CLI_ONLY = {
    "init": "the app makes a vault with File ▸ New vault… (with the child's name), so this is covered there",
    "demo": "the app opens the demo with File ▸ Open the demo case",
    "repair": "the app offers the repair itself when it finds a damaged vault at opening",
    "show": "a document's details are what the app shows when it is selected",
    "list": "the app's document list",
}


def covers(target: Any, *commands: str) -> Any:
    """Mark a QAction or a widget as the app's way to do these CLI commands; returns it."""
    known = str(target.property(PROPERTY) or "")
    target.setProperty(PROPERTY, "|".join(c for c in (*known.split("|"), *commands) if c))
    return target


def covered(target: Any) -> set[str]:
    return {c for c in str(target.property(PROPERTY) or "").split("|") if c}

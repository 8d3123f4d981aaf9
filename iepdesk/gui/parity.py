"""What the app offers for each command of the ``iepdesk`` CLI (docs/architecture.md: the app and the CLI each do all a
parent needs). An action, button or menu that does the work of a CLI command says so with ``covers``; a test
lists the CLI's commands and fails for any command that no action covers and that is not in ``CLI_ONLY``."""

from __future__ import annotations

from typing import Any

PROPERTY = "iepdesk_cli"

# Commands with no app action, and why.
CLI_ONLY = {
    "repair": "the app offers the repair itself when it finds a damaged vault at opening",
    "show": "a document's details are what the app shows when it is selected",
    "list": "the app's document list",
}


def covers(target: Any, *commands: str) -> Any:
    """Mark a QAction or a widget as the app's way to do these CLI commands; returns it."""
    known = str(target.property(PROPERTY) or "")
    target.setProperty(PROPERTY, "|".join(c for c in (*known.split("|"), *commands) if c))
    return target


# Work left (issue 12): commands the app does not do yet. A test fails when one of them gets an action (then
# remove it here) and when a command is neither covered, nor CLI-only, nor listed here.
NOT_YET: dict[str, str] = {}


def mark_main_window(window: Any) -> None:
    """Mark the main window's widgets with the CLI commands they do (its actions mark themselves)."""
    covers(window.tag_action, "tag", "criteria list", "criteria show")  # its dialog lists and explains the criteria
    covers(window.search_edit, "search")
    covers(window.sidebar, "today", "coverage", "timeline", "event list", "binders")  # the views it opens
    covers(window.editor.save_button, "edit")
    covers(window.evidence.accept_button, "accept")
    covers(window.evidence.reject_button, "reject")
    covers(window.evidence.remove_button, "untag")
    for action in (window.imports.import_files_action, window.imports.import_folder_action):
        covers(action, "suggest")  # each import looks for evidence in its new documents


def covered(target: Any) -> set[str]:
    return {c for c in str(target.property(PROPERTY) or "").split("|") if c}

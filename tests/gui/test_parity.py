"""The app does all a parent needs: every command of the CLI has its place in the app (an action, a button, a
view), or is on the short list of CLI-only commands with the reason, or on the list of work left."""

from __future__ import annotations

import argparse

from PySide6.QtCore import QObject

from iepdesk.cli import build_parser
from iepdesk.gui.main_window import VIEWS, MainWindow
from iepdesk.gui.parity import CLI_ONLY, NOT_YET, covered
from iepdesk.gui.tasks import TaskRunner
from iepdesk.vault import Vault


def cli_commands(parser: argparse.ArgumentParser, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
                    found |= cli_commands(sub, f"{prefix}{name} ")
                else:
                    found.add(prefix + name)
    return found


def test_every_cli_command_has_its_place_in_the_app(qtbot, vault: Vault) -> None:
    window = MainWindow(vault, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    for view in ("timeline", "comms", "coverage", "binders", "people"):  # the views made the first time they are shown
        window.sidebar.setCurrentRow([key for key, _ in VIEWS].index(view))
    in_app: set[str] = set()
    for child in window.findChildren(QObject):
        in_app |= covered(child)
    commands = cli_commands(build_parser())
    assert {"import", "event add", "letter", "binder"} <= commands, "the walk found the CLI's commands"
    assert in_app <= commands, f"actions name commands the CLI does not have: {sorted(in_app - commands)}"
    assert sorted(commands - in_app - set(CLI_ONLY) - set(NOT_YET)) == [], "a command with no place in the app"
    assert sorted(set(NOT_YET) & in_app) == [], "the app does these now: take them off NOT_YET"
    assert sorted(set(CLI_ONLY) & in_app) == [], "the app does these: take them off CLI_ONLY"
    assert sorted((set(CLI_ONLY) | set(NOT_YET)) - commands) == [], "listed commands the CLI does not have"

"""The core's sentences name command lines for the CLI; the app says them with its own menus, or leaves the
command out: a parent never reads 'iepdesk …' in a box."""

from __future__ import annotations

import pytest

from iepdesk.gui.attempt import said

SAID = [
    ("Item 4 is in the Trash; restore it first ('iepdesk untrash 4').",
     "Item 4 is in the Trash; restore it first (Edit ▸ Restore from Trash)."),
    ("There is no item 9 in this vault. 'iepdesk list' shows the items.", "There is no item 9 in this vault."),
    ("'idea.ohi' is a heading; tag the document to one of its elements ('iepdesk criteria show idea.ohi' lists "
     "them).", "'idea.ohi' is a heading; tag the document to one of its elements."),
    ("“Report” has lost its original file in the vault (run 'iepdesk verify').",
     "“Report” has lost its original file in the vault (use Tools ▸ Check the vault…)."),
    ("Your details are not in the vault yet: iepdesk parent set NAME --address '…' --phone '…' --email '…' (or "
     "type them in the letter's fields).",
     "Your details are not in the vault yet: Tools ▸ Your details… (or type them in the letter's fields)."),
    ("The drive is full. Free some space.", "The drive is full. Free some space."),
]


@pytest.mark.parametrize(("core", "app"), SAID)
def test_a_core_sentence_is_said_in_the_apps_words(core: str, app: str) -> None:
    assert said(core) == app
    assert "iepdesk " not in said(core)

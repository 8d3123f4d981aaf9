"""The CLI's --json output for the demo case, compared with what it printed before the CLI was reorganised
(tests/data/cli-golden): a move of code must not change a byte a script relies on.

Volatile values are masked the same way on both sides: the vault's folder, and moments of import and change
(dates of the case itself are fixed by the demo; deadline commands count from a fixed --today).
Regenerate after a deliberate change of output with: python -m tests.integration.test_cli_golden
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.integration.test_cli import iepdesk

GOLDEN = Path(__file__).parents[1] / "data" / "cli-golden"
TODAY = ["--today", "2026-03-02"]
COMMANDS: dict[str, list[str]] = {
    "student-list": ["student", "list"],
    "list": ["list"],
    "show-1": ["show", "1"],
    "show-5": ["show", "5"],
    "show-12": ["show", "12"],
    "search": ["search", "reading fluency"],
    "criteria-list": ["criteria", "list"],
    "criteria-show": ["criteria", "show", "idea.ohi"],
    "coverage": ["coverage"],
    "binders": ["binders"],
    "verify": ["verify"],
    "event-list": ["event", "list"],
    "event-suggest": ["event", "suggest"],
    "timeline": ["timeline", *TODAY],
    "comms": ["comms", *TODAY],
    "today": ["today", *TODAY],
    "person-list": ["person", "list"],
    "breaks-list": ["breaks", "list"],
    "deadlines-list": ["deadlines", "list"],
    "parent-show": ["parent", "show"],
}
_MOMENT = re.compile(r'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?"')


def masked(text: str, vault: Path) -> str:
    text = text.replace(str(vault.resolve()), "<VAULT>").replace(str(vault), "<VAULT>")
    return _MOMENT.sub('"<MOMENT>"', text)


def run(name: str, vault: Path) -> str:
    done = iepdesk(*COMMANDS[name], "--json", vault=vault)
    assert done.returncode in (0, 1), (name, done.stderr)
    return masked(done.stdout, vault)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_json_of_each_command_is_as_it_was(name: str, demo_path: Path) -> None:
    assert run(name, demo_path) == (GOLDEN / f"{name}.json").read_text(encoding="utf-8")


if __name__ == "__main__":  # write the golden files from the code as it is now
    from iepdesk.demo import build_demo

    work = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/iepdesk-golden")
    shutil.rmtree(work, ignore_errors=True)
    build_demo(work / "vault", ocr=False)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for each in COMMANDS:
        (GOLDEN / f"{each}.json").write_text(run(each, work / "vault"), encoding="utf-8")

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QIcon

from iepdesk.resources import resource, resources_root


def test_every_resource_the_code_names_exists(qtbot) -> None:
    """Each resource("…", "…") call in the package points at a real file."""
    package = Path(__file__).parents[2] / "iepdesk"
    named = set()
    for source in package.rglob("*.py"):
        for call in re.findall(r"resource\(((?:\"[^\"]+\",?\s*)+)\)", source.read_text("utf-8")):
            named.add(tuple(re.findall(r"\"([^\"]+)\"", call)))
    assert named, "the scan should find the icon at least"
    for parts in named:
        assert resource(*parts).exists(), parts
    assert not QIcon(str(resource("icons", "iepdesk.svg"))).isNull()
    assert resources_root().name == "resources"

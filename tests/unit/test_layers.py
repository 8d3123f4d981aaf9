"""The house stays layered: no two parts of IEPDesk import each other, directly or round a circle.

A part is a package under iepdesk/ (vault, ingest, criteria, binder, letters, timeline, cli, gui) or a module of
its own (items, search…). Every import is counted, those inside functions too: a circle made of imports done
late is still a circle a reader must hold in their head.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "iepdesk"


def _part(module: str) -> str:
    return ".".join(module.split(".")[:2])


def import_graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for file in PACKAGE.rglob("*.py"):
        module = ".".join(file.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        here = _part(module)
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] if node.module != "iepdesk" else [f"iepdesk.{a.name}" for a in node.names]
            else:
                continue
            for target in targets:
                there = _part(target)
                if target.startswith("iepdesk.") and there != here:
                    edges.setdefault(here, set()).add(there)
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The groups of parts that reach each other (Tarjan's strongly connected components of two or more)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_part_of_iepdesk_imports_round_a_circle() -> None:
    edges = import_graph()
    assert {"iepdesk.vault", "iepdesk.cli", "iepdesk.gui"} <= set(edges), "the walk found the parts"
    assert circles(edges) == []


def test_the_walk_finds_a_circle_when_there_is_one() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_capability_imports_the_command_line_or_the_app() -> None:
    edges = import_graph()
    faces = {"iepdesk.cli", "iepdesk.gui", "iepdesk.__main__"}  # python -m iepdesk starts the command line
    assert [part for part, targets in edges.items() if part not in faces and targets & faces] == []


def test_the_vault_is_the_bottom_layer() -> None:
    assert import_graph()["iepdesk.vault"] <= {"iepdesk.errors", "iepdesk.limits", "iepdesk.progress",
                                               "iepdesk.resources", "iepdesk.__version__"}


def test_no_module_is_longer_than_one_person_reads_at_once() -> None:
    """450 lines at most (migrations, which are written once and never read again, aside)."""
    long = {str(file.relative_to(PACKAGE.parent)): lines for file in PACKAGE.rglob("*.py")
            if "migrations" not in file.parts and (lines := len(file.read_text(encoding="utf-8").splitlines())) > 450}
    assert long == {}

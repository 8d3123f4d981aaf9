"""The front matter typeset in a helper process while the exhibits are laid out (binder/helper.py): the same
binder as when it is typeset in the binder's own process, made all the same when the helper dies, and no
helper left behind when the binder is done or cancelled."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from pathlib import Path

import pymupdf
import pytest

from iepdesk.binder import helper
from iepdesk.binder.assemble import Cancelled, make_binder
from iepdesk.binder.options import BinderOptions
from iepdesk.progress import Progress
from iepdesk.vault import Vault


@pytest.fixture
def demo(demo_path: Path) -> Vault:
    with Vault.open(demo_path) as vault:
        yield vault


def _same(made: list[str], expected: list[str]) -> str:
    """"" when the two lists of page texts are the same, else where they first differ."""
    import difflib

    if len(made) != len(expected):
        return f"{len(made)} pages, not {len(expected)}"
    for number, (one, other) in enumerate(zip(made, expected, strict=True), 1):
        if one != other:
            return f"page {number}:\n" + "\n".join(difflib.unified_diff(other.splitlines(), one.splitlines(),
                                                                        lineterm="", n=1))
    return ""


def _texts(path: Path) -> list[str]:
    with pymupdf.open(path) as doc:
        return [page.get_text() for page in doc]


def _front(path: Path) -> tuple[list[str], list[list[object]]]:
    with pymupdf.open(path) as doc:
        front = next(n for n, page in enumerate(doc) if "EXHIBIT" in page.get_text())
        links = [[(link["kind"], link.get("page")) for link in doc[n].get_links()] for n in range(front)]
        return [doc[n].get_text() for n in range(front)], links


def test_the_helper_typesets_the_same_front_matter_and_ends(demo: Vault, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    options = BinderOptions(prepared_by="Dana Rivera")
    here = make_binder(demo, tmp_path / "here.pdf", options)
    seen: list[int] = []
    monkeypatch.setattr(helper, "HELPER_FROM", 1)
    helped = make_binder(demo, tmp_path / "helped.pdf", options,
                         progress=lambda _p: seen.append(len(multiprocessing.active_children())))
    assert max(seen) == 1, "one helper ran while the binder was made"
    assert multiprocessing.active_children() == [], "and it ended with it"
    assert helped.pages == here.pages
    (helped_front, helped_links), (front, links) = _front(tmp_path / "helped.pdf"), _front(tmp_path / "here.pdf")
    assert not _same(helped_front, front), _same(helped_front, front)
    assert helped_links == links
    assert not _same(_texts(tmp_path / "helped.pdf"), _texts(tmp_path / "here.pdf"))


@pytest.mark.parametrize("when", ["before its work arrives", "while it works"])
def test_a_helper_that_dies_costs_nothing_but_time(demo: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    when: str) -> None:
    options = BinderOptions(prepared_by="Dana Rivera")
    make_binder(demo, tmp_path / "here.pdf", options)
    killed: list[int] = []

    def kill_the_helper(progress: Progress) -> None:
        laying_out = progress.done >= progress.total // 2  # the front matter was sent to the helper
        if killed or laying_out != (when == "while it works"):
            return
        for child in multiprocessing.active_children():
            os.kill(child.pid, signal.SIGKILL)
            killed.append(child.pid)

    monkeypatch.setattr(helper, "HELPER_FROM", 1)
    make_binder(demo, tmp_path / "helped.pdf", options, progress=kill_the_helper)
    assert killed, "the helper was running"
    assert _front(tmp_path / "helped.pdf") == _front(tmp_path / "here.pdf")
    assert multiprocessing.active_children() == []


def test_a_cancelled_binder_stops_its_helper(demo: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(helper, "HELPER_FROM", 1)
    cancel = threading.Event()
    helpers: list[int] = []

    def cancel_while_it_works(_progress: Progress) -> None:
        helpers.extend(child.pid for child in multiprocessing.active_children())
        cancel.set()

    with pytest.raises(Cancelled):
        make_binder(demo, tmp_path / "b.pdf", BinderOptions(), progress=cancel_while_it_works, cancel=cancel)
    assert helpers and multiprocessing.active_children() == []
    for pid in helpers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)

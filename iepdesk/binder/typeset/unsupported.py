"""The page for anything else: what the item is, and that it cannot be shown here."""

from __future__ import annotations

from typing import Any

from iepdesk.binder.typeset.base import Typeset
from iepdesk.binder.typeset.layout import _Layout, _para
from iepdesk.items import ItemRecord


def _unsupported(item: ItemRecord, media_type: str, paper: tuple[float, float], reason: str = "") -> Typeset:
    from reportlab.platypus import Spacer

    name = item.original_name or item.title
    layout = _Layout(paper, item.title or name, item.author, "")
    flowables: list[Any] = [
        layout.start(1),
        _para("This file cannot be shown in the binder", "heading"),
        Spacer(0, 4),
        _para(f"Name: {name}", "body"),
        _para(f"Type: {media_type or 'unknown'}", "body"),
        Spacer(0, 10),
    ]
    if reason:
        flowables += [_para(reason, "body"), Spacer(0, 6)]
    flowables.append(_para("The original file is kept unchanged in the IEPDesk vault; open it there, or give a "
                           "copy of it along with this binder.", "meta"))
    return layout.build(flowables)

"""What a repair saved and what it could not, in a parent's words, and what the new vault is worth."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Tables copied, parents before children; the full-text index is rebuilt, never copied.
TABLES = ("students", "people", "packs", "deadline_packs", "items", "pages", "evidence", "binders", "events",
          "asks", "school_days_off", "history")
# What each table holds, in a parent's words (the report names them so).
WORDS = {"students": "children", "people": "people", "packs": "added criteria packs",
         "deadline_packs": "added deadline rules", "items": "documents", "pages": "pages of text",
         "evidence": "evidence links", "binders": "binders made", "events": "events",
         "asks": "asks at meetings and what was decided",
         "school_days_off": "school days off", "history": "lines of history"}


@dataclass
class TableReport:
    saved: int = 0
    gaps: list[tuple[int, int | None]] = field(default_factory=list)  # rowid ranges that could not be read
    dropped: int = 0  # saved rows whose parent row was lost (a page of a lost document that was not rebuilt)
    unreadable: bool = False  # nothing of the table could be read

    def gap(self, start: int, end: int | None) -> None:
        if self.gaps and self.gaps[-1][1] == start:
            start = self.gaps.pop()[0]
        self.gaps.append((start, end))

    def as_json(self) -> dict[str, Any]:
        return {"saved": self.saved, "dropped": self.dropped, "unreadable": self.unreadable,
                "gaps": [{"from": a, "to": b} for a, b in self.gaps]}


@dataclass
class RepairReport:
    path: Path
    source: Path
    tables: dict[str, TableReport] = field(default_factory=dict)
    originals: int = 0
    unreadable_originals: list[str] = field(default_factory=list)
    altered_originals: list[str] = field(default_factory=list)
    rebuilt: list[dict[str, Any]] = field(default_factory=list)  # documents imported again from their original
    not_rebuilt: list[dict[str, str]] = field(default_factory=list)
    pages_reread: int = 0
    lost_items: list[int] = field(default_factory=list)  # documents the history names that are not back
    short_items: list[int] = field(default_factory=list)  # documents still missing the text of some pages
    verified: bool = False

    @property
    def complete(self) -> bool:
        """Everything was saved or made again: nothing for a parent to redo."""
        lost = any(t.gaps or t.unreadable or t.dropped for n, t in self.tables.items() if n not in ("items", "pages"))
        return not (lost or self.unreadable_originals or self.not_rebuilt or self.lost_items or self.short_items)

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "source": str(self.source), "complete": self.complete,
                "verified": self.verified, "originals": self.originals,
                "unreadable_originals": self.unreadable_originals, "altered_originals": self.altered_originals,
                "rebuilt": self.rebuilt, "not_rebuilt": self.not_rebuilt, "pages_reread": self.pages_reread,
                "lost_items": self.lost_items, "short_items": self.short_items,
                "tables": {name: t.as_json() for name, t in self.tables.items()}, "closing": " ".join(self.closing())}

    def lines(self) -> list[str]:
        out = [f"Made a new vault at {self.path} from what could be read of {self.source}:",
               f"  {self.originals} original file(s) copied."]
        for name, table in self.tables.items():
            what = WORDS.get(name, name)
            if table.unreadable:
                out.append(f"  {what.capitalize()}: nothing could be read.")
                continue
            if not (table.saved or table.gaps or table.dropped):
                continue
            lost = "; ".join(f"number {a}" if b == a + 1 else f"numbers {a}–{b - 1 if b else 'on'}"
                             for a, b in table.gaps)
            extra = f"; could not read {lost}" if lost else ""
            extra += f"; {table.dropped} left out (what they belong to was lost)" if table.dropped else ""
            out.append(f"  {what.capitalize()}: {table.saved} saved{extra}.")
        out += [f"  Rebuilt from its original: item {r['item_id']} “{r['name']}”." for r in self.rebuilt]
        if self.pages_reread:
            out.append(f"  Read the text of {self.pages_reread} page(s) again from the originals.")
        out += [f"  Could not rebuild {r['name']}: {r['reason']}" for r in self.not_rebuilt]
        if self.lost_items:
            out.append(f"  Lost, with no original to rebuild them from: item(s) {_ids(self.lost_items)}.")
        if self.short_items:
            out.append(f"  Still missing the text of some pages: item(s) {_ids(self.short_items)}.")
        out += [f"  The original {s} could not be read; it is not in the new vault." for s in self.unreadable_originals]
        out += [f"  The original {s} had been changed on disk; it was copied as found." for s in self.altered_originals]
        out += self.closing()
        return out

    def closing(self) -> list[str]:
        """What the new vault is worth, said exactly: it is offered in place of the damaged one only when it
        holds everything and passes its checks."""
        from iepdesk.vault.backups_known import newest_backup

        if self.complete and self.verified:
            return ["Everything was saved and the new vault passes its checks: use it in place of the damaged one "
                    "(keep the damaged folder until you have looked through the new one)."]
        out = []
        if not self.complete:
            backup = newest_backup(self.source)
            out.append("The new vault holds less than the damaged one: what the lines above say could not be read, "
                       "was lost or left out is not in it (evidence links, notes and events on lost rows cannot be "
                       "made again from the files). Keep the damaged vault folder as it is. " +
                       (f"Your newest backup, {backup}, may hold more: restore it into another folder and compare "
                        "before choosing which vault to use." if backup else
                        "If you have a backup made before the damage, restore it into another folder and compare "
                        "before choosing which vault to use."))
        if not self.verified:
            out.append(f"The new vault does not pass its own checks either (run 'iepdesk verify --vault "
                       f"\"{self.path}\"' to see why): do not rely on it alone.")
        return out


def _ids(ids: list[int]) -> str:
    return ", ".join(map(str, ids[:20])) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")

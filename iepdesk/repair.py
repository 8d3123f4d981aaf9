"""Save what can be read of a damaged vault into a new one (``iepdesk repair NEW_FOLDER``).

The damaged vault is left as it is. A new vault is made; every original file is copied over (the ones that can
be read); then the damaged database is read table by table, and where SQLite meets a damaged page the reading
steps past it, so a damaged page costs the rows on that page, not the table. What was lost is then made again
where the originals allow it:

- a document whose row was lost is imported again from its original (its name and id come from the history,
  when the history still has them, so its evidence links find it again);
- a document whose page text was lost has it read again from its original (scanned pages then wait for OCR);
- the search index is rebuilt from the page text.

The report says how many rows of each table were saved, which ranges could not be read, and which documents
were rebuilt, so a parent knows what to check (evidence links and notes cannot be made again from the files).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iepdesk.errors import UsageError, VaultLocked
from iepdesk.vault.blobs import sha256_of
from iepdesk.vault.lock import VaultLock
from iepdesk.vault.space import os_error
from iepdesk.vault.vault import DB_NAME, Vault

# Tables copied, parents before children; the full-text index is rebuilt, never copied.
TABLES = ("students", "people", "packs", "deadline_packs", "items", "pages", "evidence", "binders", "events",
          "school_days_off", "history")
# What each table holds, in a parent's words (the report names them so).
WORDS = {"students": "children", "people": "people", "packs": "added criteria packs",
         "deadline_packs": "added deadline rules", "items": "documents", "pages": "pages of text",
         "evidence": "evidence links", "binders": "binders made", "events": "events",
         "school_days_off": "school days off", "history": "lines of history"}
_LOWEST = -(2**63)
_HIGHEST = 2**63 - 1


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


def repair(damaged: Path, target: Path, actor: str = "repair", anyway: bool = False) -> RepairReport:
    """Save what can be read of the vault at ``damaged`` into a new vault at ``target``.

    The damaged vault's lock is held throughout (nothing may change it while it is read: a vault another
    window or command has open is refused), and a vault whose checks find no damage is refused with "nothing to
    repair" unless ``anyway``."""
    damaged, target = Path(damaged), Path(target)
    if not (damaged / DB_NAME).exists() and not (damaged / "blobs").is_dir():
        raise UsageError(f"There is no vault at {damaged} to repair.")
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty. Give a new folder for the repaired vault; the damaged one is "
                         "never changed.")
    if target.absolute() == damaged.absolute() or damaged.absolute() in target.absolute().parents:
        raise UsageError(f"The repaired vault must go in a folder outside {damaged}. Give a new folder beside it.")
    source = Vault.unchecked(damaged)
    lock = None if source.read_only_medium else VaultLock(damaged / ".lock")  # nothing writes a read-only drive
    if lock is not None:
        try:
            lock.acquire("iepdesk repair")
        except VaultLocked as error:
            raise VaultLocked(f"{error} A repair reads the vault while nothing changes it; one made while "
                              "another program writes would miss its latest work. Nothing was repaired.") from error
        except OSError as error:
            raise os_error(damaged, error, "the repair") from error
    try:
        if not anyway:
            from iepdesk.vault.verify import verify

            found = verify(source)
            if found.ok:
                raise UsageError(f"Nothing to repair: the checks find no damage in the vault at {damaged} "
                                 f"({found.items} document(s), {found.blobs} original file(s) checked). Keep "
                                 "using it. (To copy it into a new vault all the same, add --anyway.)")
        return _repair(source, target, actor)
    finally:
        if lock is not None:
            lock.release()


def _repair(source: Vault, target: Path, actor: str) -> RepairReport:
    report = RepairReport(target, source.path)
    with Vault.create(target, holder="iepdesk repair") as vault:
        shas = _copy_originals(source, vault, report)
        with vault.sqlite() as con:
            con.execute("PRAGMA foreign_keys=OFF")
            _salvage(source, con, report)
            con.commit()
        names = _names_from_history(vault)
        _rebuild_items(vault, shas, names, report)
        with vault.sqlite() as con:
            con.execute("PRAGMA foreign_keys=OFF")
            _reread_pages(vault, con, report)
            _drop_orphans(con, report)
            con.execute("INSERT INTO page_fts(page_fts) VALUES ('rebuild')")
            con.commit()
            _count_losses(con, report)
        _record(vault, report, actor)
        from iepdesk.vault.verify import verify

        report.verified = verify(vault).ok
    return report


# -- originals -------------------------------------------------------------------------------------------------
def _copy_originals(source: Vault, vault: Vault, report: RepairReport) -> set[str]:
    shas: set[str] = set()
    if not source.blobs.root.is_dir():
        return shas
    for path in source.blobs.stored():
        name = path.name
        try:
            data = path.read_bytes()
        except OSError:
            report.unreadable_originals.append(name)
            continue
        if len(name) != 64 or path.parent.name != name[:2]:
            continue  # not an original
        if sha256_of(data) != name:
            report.altered_originals.append(name)
        vault.blobs.put(data, name)  # under its name: the document that names it still finds it
        shas.add(name)
        report.originals += 1
    return shas


# -- the database ----------------------------------------------------------------------------------------------
def _source_connection(source: Vault) -> sqlite3.Connection:
    uri = f"{source.db_path.resolve().as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True)


def _salvage(source: Vault, con: sqlite3.Connection, report: RepairReport) -> None:
    try:
        old = _source_connection(source)
    except sqlite3.Error:
        for name in TABLES:
            report.tables[name] = TableReport(unreadable=True)
        return
    with old:
        for name in TABLES:
            table = report.tables[name] = TableReport()
            columns = _shared_columns(old, con, name)
            if not columns:
                table.unreadable = True
                continue
            marks = ", ".join("?" for _ in columns)
            insert = f'INSERT OR IGNORE INTO "{name}" ({", ".join(columns)}) VALUES ({marks})'
            for row in _readable_rows(old, name, columns, table):
                con.execute(insert, row)
                table.saved += 1
    old.close()


def _shared_columns(old: sqlite3.Connection, new: sqlite3.Connection, table: str) -> list[str]:
    try:
        have = [row[1] for row in old.execute(f'PRAGMA table_info("{table}")')]
    except sqlite3.DatabaseError:
        return []
    want = {row[1] for row in new.execute(f'PRAGMA table_info("{table}")')}
    return [f'"{c}"' for c in have if c in want]


def _readable_rows(con: sqlite3.Connection, table: str, columns: list[str], report: TableReport
                   ) -> Iterator[tuple[Any, ...]]:
    """Every row SQLite can read, in rowid order: past a damaged page the reading goes on after it."""
    select = f'SELECT rowid, {", ".join(columns)} FROM "{table}" WHERE rowid >= ? ORDER BY rowid'
    low = _LOWEST
    while True:
        try:
            for row in con.execute(select, (low,)):
                low = row[0] + 1
                yield row[1:]
            return
        except sqlite3.DatabaseError:
            pass
        try:  # is it one row (its text on a damaged overflow page), or a whole page of them?
            found = con.execute(f'SELECT rowid FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT 1',
                                (low,)).fetchone()
        except sqlite3.DatabaseError:
            found = None
            resume = _next_readable(con, table, low)
            report.gap(low, resume)
            if resume is None:
                return
            low = resume
            continue
        if found is None:
            return
        report.gap(found[0], found[0] + 1)
        low = found[0] + 1


def _seekable(con: sqlite3.Connection, table: str, at: int) -> bool:
    try:
        con.execute(f'SELECT rowid FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT 1', (at,)).fetchone()
    except sqlite3.DatabaseError:
        return False
    return True


def _next_readable(con: sqlite3.Connection, table: str, low: int) -> int | None:
    """The smallest rowid past ``low`` from which the table can be read again (None: to the end)."""
    step = 1
    bad = low
    while True:
        probe = min(low + step, _HIGHEST)
        if _seekable(con, table, probe):
            break
        if probe == _HIGHEST:
            return None
        bad = probe
        step *= 2
    good = probe
    while good - bad > 1:
        middle = (good + bad) // 2
        if _seekable(con, table, middle):
            good = middle
        else:
            bad = middle
    return good


def _names_from_history(vault: Vault) -> dict[str, tuple[int | None, str, str]]:
    """sha256 → (item id, original name, where it came from), from the import lines of the saved history."""
    found: dict[str, tuple[int | None, str, str]] = {}
    with vault.sqlite() as con:
        rows = con.execute("SELECT item_id, summary, detail FROM history WHERE action = 'import' ORDER BY id")
        for item_id, summary, detail in rows:
            try:
                info = json.loads(detail) if isinstance(detail, str) else {}
            except ValueError:
                continue
            sha = info.get("sha256") if isinstance(info, dict) else None
            if isinstance(sha, str):
                name = summary.split("“", 1)[-1].split("”", 1)[0] if "“" in summary else ""
                found[sha] = (item_id, name, str(info.get("from") or ""))
    return found


def _rebuild_items(vault: Vault, shas: set[str], names: dict[str, tuple[int | None, str, str]],
                   report: RepairReport) -> None:
    """Import again every original that no saved document names (emails first, so their attachments are
    linked to them again), then give each the id it had."""
    from iepdesk.ingest import ImportOptions, import_paths

    with vault.sqlite() as con:
        named = {row[0] for row in con.execute("SELECT sha256 FROM items")}
        taken = {row[0] for row in con.execute("SELECT id FROM items")}
    lost = sorted(shas - named)
    if not lost:
        return
    folder = vault.path / "tmp" / "rebuild"
    files: list[tuple[Path, str]] = []
    for number, sha in enumerate(lost):
        data = vault.blobs.read(sha)
        name = _file_name(names.get(sha, (None, "", ""))[1], sha, data)
        email_first = 0 if name.lower().endswith((".eml", ".msg")) else 1
        path = folder / f"{email_first}-{number:05}" / name
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        files.append((path, sha))
    try:
        result = import_paths(vault, sorted(p for p, _ in files), ImportOptions(actor="repair", workers=0))
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the copies imported from; the vault keeps its own
    by_path = {r.path: r for r in result.results}
    with vault.sqlite() as con:
        con.execute("PRAGMA foreign_keys=OFF")
        for path, sha in files:
            outcome = by_path.get(str(path))
            old_id, name, came_from = names.get(sha, (None, path.name, ""))
            if outcome is None or outcome.status == "rejected":
                why = outcome.reason if outcome else "it was not imported"
                report.not_rebuilt.append({"name": name or path.name, "reason": why or ""})
                continue
            new_id = con.execute("SELECT id FROM items WHERE sha256 = ?", (sha,)).fetchone()[0]
            item_id = new_id
            if old_id is not None and old_id not in taken and old_id != new_id:
                _renumber(con, new_id, old_id)
                taken.add(old_id)
                item_id = old_id
            con.execute("UPDATE items SET original_name = ?, imported_from = ? WHERE id = ?",
                        (name or path.name, came_from or None, item_id))
            report.rebuilt.append({"item_id": item_id, "name": name or path.name, "sha256": sha})
        con.commit()


def _renumber(con: sqlite3.Connection, new_id: int, old_id: int) -> None:
    """Give a rebuilt document the id it had. Page text saved from the damaged vault wins over the text read
    again (it may hold OCR)."""
    con.execute("DELETE FROM pages WHERE item_id = ? AND number IN (SELECT number FROM pages WHERE item_id = ?)",
                (new_id, old_id))
    con.execute("UPDATE items SET id = ? WHERE id = ?", (old_id, new_id))
    for table, column in (("pages", "item_id"), ("items", "parent_id"), ("history", "item_id"),
                          ("events", "item_id"), ("evidence", "item_id")):
        con.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (old_id, new_id))


def _reread_pages(vault: Vault, con: sqlite3.Connection, report: RepairReport) -> None:
    """Saved documents missing some of their page rows get them from their original again."""
    from iepdesk.ingest.analyse import analyse

    short = con.execute(
        "SELECT i.id, i.sha256, i.original_name, i.page_count, i.origin FROM items i "
        "WHERE i.origin != 'note' AND (SELECT count(*) FROM pages p WHERE p.item_id = i.id) < i.page_count"
    ).fetchall()
    for item_id, sha, name, _count, _origin in short:
        if not vault.blobs.has(sha):
            continue
        try:
            extracted, _ = analyse(vault.blobs.read(sha), name, None)
        except Exception:  # a file that cannot be read again keeps its gaps
            continue
        have = {row[0] for row in con.execute("SELECT number FROM pages WHERE item_id = ?", (item_id,))}
        for number, page in enumerate(extracted.pages, 1):
            if number not in have:
                con.execute("INSERT INTO pages (item_id, number, text, status) VALUES (?, ?, ?, ?)",
                            (item_id, number, page.text, "needs_ocr" if page.needs_ocr else "text"))
                report.pages_reread += 1
        if any(p.needs_ocr for p in extracted.pages):
            con.execute("UPDATE items SET text_status = 'needs_ocr' WHERE id = ? AND EXISTS (SELECT 1 FROM pages "
                        "WHERE item_id = ? AND status = 'needs_ocr')", (item_id, item_id))


def _drop_orphans(con: sqlite3.Connection, report: RepairReport) -> None:
    """Rows that point to a row that was lost: a link that may be empty is emptied; a row that cannot stand
    without it (a page, an evidence link of a lost document) is left out and counted."""
    nullable = {("items", "parent_id"), ("events", "item_id"), ("events", "response_to"),
                ("items", "student_id"), ("events", "student_id"), ("school_days_off", "student_id")}
    for _ in range(3):  # removing a row may orphan another
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if not problems:
            return
        for table, rowid, _parent, fk_index in problems:
            keys = con.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
            column = next((k[3] for k in keys if k[0] == fk_index), None)
            if column and (table, column) in nullable:
                con.execute(f'UPDATE "{table}" SET "{column}" = NULL WHERE rowid = ?', (rowid,))
            else:
                con.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
                if table in report.tables:
                    report.tables[table].dropped += 1
                    report.tables[table].saved -= 1


def _count_losses(con: sqlite3.Connection, report: RepairReport) -> None:
    report.lost_items = [row[0] for row in con.execute(
        "SELECT DISTINCT item_id FROM history WHERE action IN ('import', 'note.add') AND item_id IS NOT NULL "
        "AND item_id NOT IN (SELECT id FROM items) ORDER BY item_id")]
    report.short_items = [row[0] for row in con.execute(
        "SELECT i.id FROM items i WHERE (SELECT count(*) FROM pages p WHERE p.item_id = i.id) < i.page_count "
        "ORDER BY i.id")]


def _ids(ids: list[int]) -> str:
    return ", ".join(map(str, ids[:20])) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")


def _file_name(name: str, sha: str, data: bytes) -> str:
    """The name to import an original under: its own (from the history), else one whose extension says
    what it is."""
    from iepdesk.export import safe_name
    from iepdesk.ingest.sniff import sniff

    if name:
        return safe_name(name, 150)
    try:
        fmt, media = sniff(data, "recovered.txt")
    except Exception:  # the import will say why it cannot take it
        fmt, media = "bin", ""
    ext = {"pdf": ".pdf", "eml": ".eml", "msg": ".msg", "docx": ".docx", "text": ".txt"}.get(fmt)
    if fmt == "image":
        ext = "." + media.split("/")[-1].replace("jpeg", "jpg")
    return f"recovered {sha[:12]}{ext or '.bin'}"


def _record(vault: Vault, report: RepairReport, actor: str) -> None:
    with vault.session() as session:
        Vault.record(session, "repair", f"Made from what could be read of the damaged vault at {report.source}: "
                     f"{sum(t.saved for t in report.tables.values())} row(s) saved, {len(report.rebuilt)} "
                     "document(s) rebuilt from their originals.", actor=actor,
                     detail={"source": str(report.source), "complete": report.complete})

"""Making again what the originals allow: documents whose rows were lost, page text, and links left
pointing at nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from iepdesk.repair.report import RepairReport
from iepdesk.vault.vault import Vault


def _names_from_history(vault: Vault) -> dict[str, tuple[int | None, str, str]]:
    """sha256 → (item id, original name, where it came from), from the import and note lines of the saved
    history."""
    found: dict[str, tuple[int | None, str, str]] = {}
    with vault.sqlite() as con:
        rows = con.execute("SELECT item_id, summary, detail FROM history WHERE action IN ('import', 'note.add') "
                           "ORDER BY id")
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
    _park(vault)
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
            if old_id is not None:
                _unpark(con, old_id, item_id)
            con.execute("UPDATE items SET original_name = ?, imported_from = ? WHERE id = ?",
                        (name or path.name, came_from or None, item_id))
            report.rebuilt.append({"item_id": item_id, "name": name or path.name, "sha256": sha})
        con.commit()


# Rows saved from the damaged vault that point to a document whose own row was lost ("parked"): their
# document id is made negative while the originals are imported again, so a document imported now can never
# take them over by getting the same id; each goes back to its document once that is rebuilt (the history names
# which original it was), and those left negative are orphans (_drop_orphans).
_PARKED = (("pages", "item_id"), ("evidence", "item_id"), ("events", "item_id"), ("items", "parent_id"))


def _park(vault: Vault) -> None:
    with vault.sqlite() as con:
        con.execute("PRAGMA foreign_keys=OFF")
        for table, column in _PARKED:
            con.execute(f'UPDATE "{table}" SET "{column}" = -"{column}" WHERE "{column}" > 0 AND '
                        f'"{column}" NOT IN (SELECT id FROM items)')
        con.commit()


def _unpark(con: sqlite3.Connection, old_id: int, item_id: int) -> None:
    """The rows saved for the document that had ``old_id``, back on it (now ``item_id``). Page text saved from
    the damaged vault wins over the text read again (it may hold OCR)."""
    con.execute("DELETE FROM pages WHERE item_id = ? AND number IN (SELECT number FROM pages WHERE item_id = ?)",
                (item_id, -old_id))
    for table, column in _PARKED:
        con.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE "{column}" = ?', (item_id, -old_id))


def _renumber(con: sqlite3.Connection, new_id: int, old_id: int) -> None:
    """Give a rebuilt document the id it had."""
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

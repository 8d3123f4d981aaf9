"""Export for a lawyer or an advocate: the originals in plain folders, and spreadsheets that index them.

```
OUT/
  README.txt                      what this is, when it was made, how to check a file's SHA-256
  index.csv                       one row per document: id, date, kind, source, title, author, file, pages, sha256…
  evidence.csv                    one row per evidence link: item, criterion, pages, quote, note, status
  events.csv                      the case's events (meetings, requests, notices)
  Evaluation/2025-11-14 Psychoeducational Evaluation Report.pdf
  Correspondence/2025-10-07 Re - Sam homework.eml
  Correspondence/2025-10-07 Re - Sam homework - 4th Grade Reading Log - Sam Rivera.pdf   (its attachment)
```

No app is needed to read it. Names are safe on Windows, macOS and Linux and unique in their folder (also
where case does not count). The export is written into a hidden folder beside OUT and renamed into place
when whole: OUT is never a half-written folder, and an existing non-empty folder is never written into.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import mimetypes
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from iepdesk import __version__
from iepdesk.errors import IEPDeskError
from iepdesk.kinds import KINDS, SOURCES
from iepdesk.progress import Progress
from iepdesk.vault.scratch import hidden_name, move_into_place, scratch
from iepdesk.vault.space import os_reason
from iepdesk.vault.vault import Vault

INDEX_COLUMNS = ("id", "date", "kind", "source", "title", "author", "file", "pages", "sha256",
                 "recipients", "attached_to", "original_name", "problem")
EVIDENCE_COLUMNS = ("item", "item_title", "file", "criterion_id", "criterion", "pages", "quote", "note", "status")
MAX_STEM = 120
MAX_STEM_BYTES = 180  # a name on disk holds at most 255 bytes; CJK characters take 3 each in UTF-8
_FORBIDDEN = str.maketrans({"/": "-", "\\": "-", "|": "-", ":": "-", "<": "", ">": "", "*": "", "?": "",
                            '"': "'"})
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)
_OS_JUNK = {".DS_Store", "Thumbs.db", "desktop.ini", ".localized"}


class ExportError(IEPDeskError):
    exit_code = 1


@dataclass(frozen=True)
class ExportReport:
    path: Path
    items: int  # rows in index.csv
    files: int  # originals written
    bytes: int
    evidence: int  # rows in evidence.csv
    events: int  # rows in events.csv
    left_out: int  # documents in the Trash, not exported
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "items": self.items, "files": self.files, "bytes": self.bytes,
                "evidence": self.evidence, "events": self.events, "left_out": self.left_out,
                "notes": list(self.notes), "warnings": list(self.warnings)}


# -- names -----------------------------------------------------------------------------------------------------
def safe_name(text: str, limit: int = MAX_STEM) -> str:
    """A file or folder name that Windows, macOS and Linux all accept, as close to ``text`` as that allows."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s+", " ", text.replace(": ", " - ").translate(_FORBIDDEN))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")  # control and format characters
    text = re.sub(" +", " ", text).strip(" .")
    while len(text) > limit or len(text.encode("utf-8")) > MAX_STEM_BYTES:
        limit = min(limit, len(text) - 1)
        cut = text[:limit]
        text = (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut).rstrip(" .-")
    if _RESERVED.match(text):
        text = f"_{text}"
    return text or "Untitled"


def _extension(original_name: str, media_type: str) -> str:
    suffix = Path(original_name).suffix.lower()
    if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
        return suffix
    guessed = mimetypes.guess_extension(media_type or "") or ".bin"
    return ".txt" if media_type == "text/plain" else guessed


def original_name(item: Any) -> str:
    """The name a copy of an item's original gets: its own name made safe, with the extension its type says."""
    stem = Path(item.original_name or "").stem or item.title or f"document {item.id}"
    return safe_name(stem) + _extension(item.original_name or "", item.media_type)


def copy_original(vault: Vault, item: Any, target: Path) -> Path:
    """Write an item's original, byte for byte, to ``target`` (replaced whole or not at all), readable by this
    account only; the original in the vault is only read. Raises ExportError with a sentence."""
    from iepdesk.vault.blobs import atomic_write

    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, vault.blobs.read(item.sha256))  # made 0600 (mkstemp), then renamed into place
    except OSError as error:
        raise ExportError(f"The copy of “{item.title}” could not be written at {target}: {os_reason(error)}. "
                          "Choose another folder.") from error
    return target


class _Folder:
    """Names already used in one folder, compared as a case-insensitive file system would."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.used: set[str] = set()

    def claim(self, stem: str, ext: str) -> Path:
        candidate, n = f"{stem}{ext}", 2
        while unicodedata.normalize("NFC", candidate).casefold() in self.used:
            candidate = f"{stem} ({n}){ext}"
            n += 1
        self.used.add(unicodedata.normalize("NFC", candidate).casefold())
        return self.path / candidate


def _cell(value: Any) -> str:
    """A spreadsheet cell as text; one that starts like a formula gets a leading ' so it is shown, not run."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, dt.date | dt.datetime) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _pages(first: int | None, last: int | None) -> str:
    if first is None:
        return ""
    return f"{first}-{last}" if last and last != first else str(first)


# -- the export ------------------------------------------------------------------------------------------------
def _check_out(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ExportError(f"{out} already exists and is not a folder. Choose a new folder name for the export.")
    if out.is_dir() and any(p.name not in _OS_JUNK for p in out.iterdir()):
        raise ExportError(f"{out} already holds files. Choose a new, empty folder for the export; an export never "
                          "writes into a folder that holds anything.")


def export(
    vault: Vault,
    out: Path,
    *,
    include_trash: bool = False,
    progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
) -> ExportReport:
    """Write every document's original into ``out`` (a new or empty folder), by kind and date, with index.csv,
    evidence.csv and events.csv. Works on a vault opened read-only."""
    out = Path(out)
    _check_out(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"Cannot write the export at {out}: {os_reason(error)}. Choose another folder.") from error
    with scratch(hidden_name(out.parent, "export", "")) as tmp:
        try:
            tmp.mkdir(mode=0o700)
            report = _write(vault, tmp, progress or (lambda _p: None), cancel, include_trash)
            _check_out(out)
            move_into_place(tmp, out)
        except OSError as error:
            raise ExportError(f"The export to {out} could not be written: {os_reason(error)}. Nothing was left "
                              "there. Free some space or choose another drive, then try again.") from error
    return replace(report, path=out)


def _write(vault: Vault, root: Path, say: Callable[[Progress], None], cancel: threading.Event | None,
           include_trash: bool) -> ExportReport:
    from iepdesk.vault.models import Evidence, Item

    with vault.session() as session:
        query = select(Item).order_by(Item.doc_date.is_(None), Item.doc_date, Item.doc_time, Item.id)
        all_items = list(session.scalars(query))
        evidence = list(session.scalars(select(Evidence).where(Evidence.status != "rejected")
                                        .order_by(Evidence.item_id, Evidence.page, Evidence.id)))
        for item in all_items:
            session.expunge(item)
    items = [i for i in all_items if include_trash or i.trashed_at is None]
    left_out = len(all_items) - len(items)
    kept = {i.id for i in items}
    # an email first, then its attachments, so they can be named after it and sit beside it
    ordered = [i for i in items if i.parent_id not in kept] + [i for i in items if i.parent_id in kept]
    folders: dict[str, _Folder] = {}
    placed: dict[int, tuple[_Folder, str]] = {}  # item id → (folder, stem of its file)
    rows: list[dict[str, str]] = []
    files: dict[int, str] = {}
    warnings: list[str] = []
    written = 0
    for done, item in enumerate(ordered):
        if cancel is not None and cancel.is_set():
            raise ExportError("The export was cancelled; nothing was kept.")
        say(Progress(done, len(ordered), f"Exporting {item.title}", "export"))
        date = item.doc_date.isoformat() if item.doc_date else "undated"
        ext = _extension(item.original_name, item.media_type)
        if item.parent_id in placed:
            folder, parent_stem = placed[item.parent_id]
            title = safe_name(item.title or Path(item.original_name).stem, 60)
            stem = safe_name(f"{parent_stem} - {title}")
        else:
            label = KINDS.get(item.kind, item.kind.replace("_", " ").capitalize())
            folder = folders.setdefault(label, _Folder(root / safe_name(label, 60)))
            stem = safe_name(f"{date} {item.title or Path(item.original_name).stem}")
        target = folder.claim(stem, ext)
        placed[item.id] = (folder, target.stem)
        problem = ""
        try:
            data = vault.blobs.read(item.sha256)
        except FileNotFoundError:
            data = None
            problem = "original missing from the vault"
            warnings.append(f"The original file of item {item.id} “{item.title}” is missing from the vault; it is "
                            "listed in index.csv without a file. Restore the vault from a backup to get it back.")
        if data is not None:
            if hashlib.sha256(data).hexdigest() != item.sha256:
                problem = "changed on disk since it was imported"
                warnings.append(f"The original file of item {item.id} “{item.title}” has changed on disk since it "
                                "was imported; it was exported as found, and index.csv says so.")
            folder.path.mkdir(exist_ok=True)
            target.write_bytes(data)
            written += len(data)
            files[item.id] = target.relative_to(root).as_posix()
        rows.append({
            "id": str(item.id), "date": item.doc_date.isoformat() if item.doc_date else "",
            "kind": KINDS.get(item.kind, item.kind), "source": SOURCES.get(item.source or "", item.source or ""),
            "title": item.title, "author": item.author or "", "file": files.get(item.id, ""),
            "pages": str(item.page_count), "sha256": item.sha256, "recipients": item.recipients or "",
            "attached_to": str(item.parent_id) if item.parent_id else "", "original_name": item.original_name,
            "problem": problem,
        })
    order = {item.id: n for n, item in enumerate(items)}
    parent = {item.id: item.parent_id if item.parent_id in kept else None for item in items}
    rows.sort(key=lambda r: (order[parent[int(r["id"])] or int(r["id"])], parent[int(r["id"])] is not None,
                             order[int(r["id"])]))  # an email, then its attachments
    _csv(root / "index.csv", INDEX_COLUMNS, rows)
    titles = {i.id: i.title for i in items}
    criteria = _criterion_titles(vault)
    ev_rows = [_evidence_row(e, titles, files, criteria) for e in evidence if e.item_id in kept]
    _csv(root / "evidence.csv", EVIDENCE_COLUMNS, ev_rows)
    notes: list[str] = []
    events = _events(vault, root)
    if left_out:
        notes.append(f"{left_out} document(s) in the Trash were left out.")
    (root / "README.txt").write_text(_readme(len(rows), len(ev_rows), events, left_out), "utf-8")
    return ExportReport(path=root, items=len(rows), files=len(files), bytes=written, evidence=len(ev_rows),
                        events=events, left_out=left_out, notes=tuple(notes), warnings=tuple(warnings))


def _criterion_titles(vault: Vault) -> dict[str, str]:
    try:
        from iepdesk.criteria.catalogue import load_catalogue

        return {c.id: c.title for c in load_catalogue(vault).criteria.values()}
    except IEPDeskError:  # a damaged added pack must not stop an export; the ids are still written
        return {}


def _evidence_row(link: Any, titles: dict[int, str], files: dict[int, str], criteria: dict[str, str]
                  ) -> dict[str, str]:
    return {
        "item": str(link.item_id), "item_title": titles.get(link.item_id, ""), "file": files.get(link.item_id, ""),
        "criterion_id": link.criterion_id, "criterion": criteria.get(link.criterion_id, ""),
        "pages": _pages(link.page, link.last_page), "quote": link.quote or "", "note": link.note or "",
        "status": link.status,
    }


def _csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    # UTF-8 with a byte-order mark: Excel then shows accents and curly quotes correctly
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])


def _events(vault: Vault, root: Path) -> int:
    """events.csv: every event of the case (the Trash left out), in date order, in words."""
    from iepdesk.timeline.kinds import kind_label

    columns = ("id", "date", "time", "kind", "title", "note", "outcome", "item_id", "responds_to")
    with vault.engine.connect() as con:
        result = con.exec_driver_sql(
            "SELECT id, date, time, kind, title, note, outcome, item_id, response_to FROM events "
            "WHERE trashed_at IS NULL ORDER BY date, time, id")
        rows = [dict(zip(columns, row, strict=True)) for row in result]
    for row in rows:
        row["kind"] = kind_label(row["kind"])
    _csv(root / "events.csv", columns, rows)
    return len(rows)


def _readme(items: int, evidence: int, events: int, left_out: int) -> str:
    today = dt.date.today()
    lines = [
        f"Case documents exported from IEPDesk {__version__} on {today:%B} {today.day}, {today.year}.",
        "",
        "Each folder holds one kind of document (evaluations, correspondence, report cards…). Each file is the",
        "original exactly as it was received, named by its date and title. An email's attachments sit next to",
        "the email, named after it.",
        "",
        f"index.csv     {items} document(s): date, kind, source, title, author, the file, pages, and the",
        "              file's SHA-256 fingerprint.",
        f"evidence.csv  {evidence} link(s) from a document (and its pages and a quoted passage) to an eligibility",
        "              criterion, with the parent's note and whether it was accepted or only suggested.",
    ]
    lines.append(f"events.csv    {events} event(s): meetings, requests, notices.")
    if left_out:
        lines.append(f"({left_out} document(s) in the parent's Trash were left out.)")
    lines += [
        "",
        "The .csv files open in Excel, Numbers, LibreOffice or Google Sheets. A cell that begins with = + - or @",
        "is shown with a leading ' so that a spreadsheet program shows it rather than runs it as a formula.",
        "",
        "To check that a file is byte for byte the original, compute its SHA-256 and compare it with index.csv:",
        "  Windows:  certutil -hashfile \"FILE\" SHA256",
        "  macOS:    shasum -a 256 \"FILE\"",
        "  Linux:    sha256sum \"FILE\"",
        "",
    ]
    return "\n".join(lines)

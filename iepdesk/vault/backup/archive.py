"""Reading and checking an archive before anything of it is trusted: names, sizes, manifest, hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import stat
import threading
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iepdesk import __version__
from iepdesk.limits import MAX_RESTORE_DB_RATIO
from iepdesk.progress import Progress, ProgressFn
from iepdesk.vault import migrate
from iepdesk.vault.backup.format import (
    _BLOB_MEMBER,
    _SHA,
    CHUNK,
    DB_MEMBER,
    DB_RATIO_FLOOR,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MAX_BLOB_BYTES,
    MAX_DB_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_RATIO,
    ArchiveProblem,
    ArchiveReport,
    BackupError,
    _check_cancel,
)
from iepdesk.vault.migrations import HEAD
from iepdesk.vault.space import size_text


# -- reading and checking an archive ---------------------------------------------------------------------------
class _Refused(Exception):
    def __init__(self, *problems: ArchiveProblem) -> None:
        super().__init__(problems[0].detail)
        self.problems = problems


@dataclass
class _Opened:
    zf: zipfile.ZipFile
    manifest: dict[str, Any]
    entries: dict[str, dict[str, Any]]  # path → {"sha256", "size"}
    infos: dict[str, zipfile.ZipInfo]
    warnings: list[str] = field(default_factory=list)


def _problem(kind: str, detail: str) -> _Refused:
    return _Refused(ArchiveProblem(kind, detail))


def _unsafe(name: str) -> str | None:
    """Why a member name could write outside the folder it is restored into, or None."""
    if "\x00" in name:
        return f"an entry whose name holds a NUL character ({name!r})"
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return f"an entry with an absolute path (“{name}”)"
    if "\\" in name:
        return f"an entry whose name uses backslashes (“{name}”)"
    parts = name.split("/")
    if ".." in parts:
        return f"an entry that points outside the folder it would be restored into (“{name}”)"
    if any(part in ("", ".") for part in parts):
        return f"an entry with an unusual path (“{name}”)"
    return None


def _allowed(name: str) -> bool:
    match = _BLOB_MEMBER.match(name)
    return name in (MANIFEST, DB_MEMBER) or (match is not None and match.group(2).startswith(match.group(1)))


def _packed_cap(name: str, packed: int) -> int:
    """How large a member packed into ``packed`` bytes may grow when unpacked."""
    if name == DB_MEMBER:
        return max(DB_RATIO_FLOOR, packed * MAX_RESTORE_DB_RATIO)
    return packed * MAX_RATIO + CHUNK


def _cap(name: str) -> int:
    return MAX_DB_BYTES if name == DB_MEMBER else MAX_MANIFEST_BYTES if name == MANIFEST else MAX_BLOB_BYTES


def _open_archive(path: Path) -> _Opened:
    """Open and check everything that can be checked without reading members' contents."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except FileNotFoundError:
        raise _problem("not_found", f"There is no file {path}.") from None
    except IsADirectoryError:
        raise _problem("not_archive", f"{path} is a folder, not a backup file.") from None
    except OSError as error:
        raise _problem("not_found", f"{path} cannot be read ({error.strerror}).") from None
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as error:
        if magic == b"PK\x03\x04":
            raise _problem("truncated", f"{path.name} is cut short or damaged: its table of contents cannot be "
                           f"read ({error}). It may not have finished copying.") from None
        raise _problem("not_archive", f"{path.name} is not an IEPDesk backup (it is not a ZIP archive)."
                       ) from None
    try:
        return _check_structure(path, zf)
    except BaseException:
        zf.close()
        raise


def _check_structure(path: Path, zf: zipfile.ZipFile) -> _Opened:
    infos: dict[str, zipfile.ZipInfo] = {}
    problems: list[ArchiveProblem] = []
    for info in zf.infolist():
        name = info.filename
        why = _unsafe(name)
        mode = info.external_attr >> 16
        if why:
            problems.append(ArchiveProblem("unsafe_name", f"{path.name} holds {why}."))
        elif stat.S_ISLNK(mode):
            problems.append(ArchiveProblem("link", f"{path.name} holds a link (“{name}”); a backup holds only "
                                           "plain files."))
        elif info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            problems.append(ArchiveProblem("not_listed", f"{path.name} holds “{name}”, which is not a plain file."))
        elif name in infos:
            problems.append(ArchiveProblem("not_listed", f"{path.name} holds two entries named “{name}”."))
        elif info.flag_bits & 0x1:
            problems.append(ArchiveProblem("encrypted", f"{path.name} holds an encrypted entry (“{name}”)."))
        elif info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problems.append(ArchiveProblem("not_listed", f"{path.name} holds “{name}” in a compression IEPDesk "
                                           "does not write."))
        elif info.file_size > _cap(name) or info.file_size > _packed_cap(name, info.compress_size):
            problems.append(ArchiveProblem("oversized", f"{path.name} holds “{name}”, which would expand to "
                                           f"{size_text(info.file_size)}: more than any IEPDesk backup holds."))
        infos.setdefault(name, info)
    if problems:
        raise _Refused(*problems)
    if MANIFEST not in infos:
        raise _problem("not_archive", f"{path.name} is a ZIP archive but not an IEPDesk backup (it has no "
                       f"{MANIFEST}).")
    manifest = _read_manifest(path, zf, infos[MANIFEST])
    entries = _manifest_entries(path, manifest)
    for name in infos:
        if name != MANIFEST and name not in entries:
            problems.append(ArchiveProblem("not_listed", f"{path.name} holds “{name}”, which its manifest does "
                                           "not list."))
        elif name != MANIFEST and not _allowed(name):
            problems.append(ArchiveProblem("not_listed", f"{path.name} holds “{name}”, which is not part of a "
                                           "vault."))
    for name, entry in entries.items():
        member = infos.get(name)
        if member is None:
            problems.append(ArchiveProblem("missing_member", f"{path.name} lacks “{name}”, which its manifest "
                                           "lists."))
        elif member.file_size > entry["size"]:
            problems.append(ArchiveProblem("oversized", f"In {path.name}, “{name}” is larger than its manifest "
                                           f"says ({size_text(member.file_size)}, not {size_text(entry['size'])})."))
        elif member.file_size != entry["size"]:
            problems.append(ArchiveProblem("size_mismatch", f"In {path.name}, “{name}” is smaller than its "
                                           f"manifest says ({size_text(member.file_size)}, not "
                                           f"{size_text(entry['size'])})."))
    if problems:
        raise _Refused(*problems)
    return _Opened(zf, manifest, entries, infos)


def _read_manifest(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> dict[str, Any]:
    try:
        with zf.open(info) as handle:
            raw = handle.read(MAX_MANIFEST_BYTES + 1)
        manifest = json.loads(raw.decode("utf-8"))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise _problem("damaged", f"The manifest of {path.name} is damaged ({error}).") from None
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: lists nested thousands deep
        raise _problem("bad_manifest", f"The manifest of {path.name} is not readable JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _problem("bad_manifest", f"{path.name} is a ZIP archive, but its manifest is not an IEPDesk "
                       "backup's.")
    version = manifest.get("format_version")
    made_by = manifest.get("app_version") or "a newer version"
    if not isinstance(version, int):
        raise _problem("bad_manifest", f"The manifest of {path.name} has no format version.")
    if version > FORMAT_VERSION:
        raise _problem("too_new", f"{path.name} was made by a newer IEPDesk ({made_by}; backup format {version}); "
                       f"this version ({__version__}) reads format {FORMAT_VERSION} and will not restore it.")
    schema = manifest.get("schema")
    if not isinstance(schema, str) or not schema:
        raise _problem("bad_manifest", f"The manifest of {path.name} does not say which vault schema it holds.")
    if schema != HEAD and schema not in migrate.known_revisions():
        raise _problem("too_new", f"{path.name} was made by a newer IEPDesk ({made_by}, vault schema {schema}); "
                       f"this version ({__version__}) knows schemas up to {HEAD} and will not restore it.")
    return manifest


def _manifest_entries(path: Path, manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    files = manifest.get("files")
    bad = _problem("bad_manifest", f"The manifest of {path.name} has a malformed list of files.")
    if not isinstance(files, list):
        raise bad
    entries: dict[str, dict[str, Any]] = {}
    for entry in files:
        if not isinstance(entry, dict):
            raise bad
        name, sha, size = entry.get("path"), entry.get("sha256"), entry.get("size")
        if not isinstance(name, str) or not isinstance(sha, str) or not _SHA.match(sha):
            raise bad
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise bad
        why = _unsafe(name)
        if why:
            raise _problem("unsafe_name", f"The manifest of {path.name} lists {why}.")
        if not _allowed(name) or name == MANIFEST:
            raise _problem("bad_manifest", f"The manifest of {path.name} lists “{name}”, which is not part of a "
                           "vault.")
        if name in entries:
            raise _problem("bad_manifest", f"The manifest of {path.name} lists “{name}” twice.")
        if size > _cap(name):
            raise _problem("oversized", f"The manifest of {path.name} lists “{name}” at {size_text(size)}: more "
                           "than any IEPDesk backup holds.")
        entries[name] = {"sha256": sha, "size": size}
    if DB_MEMBER not in entries:
        raise _problem("bad_manifest", f"{path.name} holds no database ({DB_MEMBER}).")
    damaged = {d.get("path") for d in manifest.get("damaged") or [] if isinstance(d, dict)}
    for name, entry in entries.items():
        match = _BLOB_MEMBER.match(name)
        if match and entry["sha256"] != match.group(2) and name not in damaged:
            raise _problem("bad_manifest", f"The manifest of {path.name} gives “{name}” a different SHA-256 "
                           "than its name.")
    return entries


def _read_member(opened: _Opened, name: str, sink: Callable[[bytes], object] | None, path: Path
                 ) -> ArchiveProblem | None:
    """Read one member, at most the size its manifest gives, checking its SHA-256; None when it matches."""
    entry = opened.entries[name]
    digest = hashlib.sha256()
    size = 0
    try:
        with opened.zf.open(opened.infos[name]) as src:
            while True:
                chunk = src.read(min(CHUNK, entry["size"] + 1 - size))
                if not chunk:
                    break
                size += len(chunk)
                if size > entry["size"]:
                    return ArchiveProblem("oversized", f"In {path.name}, “{name}” holds more than its manifest "
                                          "says.")
                digest.update(chunk)
                if sink is not None:
                    sink(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        return ArchiveProblem("damaged", f"In {path.name}, “{name}” is damaged ({error}).")
    if size != entry["size"]:
        return ArchiveProblem("size_mismatch", f"In {path.name}, “{name}” is shorter than its manifest says.")
    if digest.hexdigest() != entry["sha256"]:
        return ArchiveProblem("hash_mismatch", f"In {path.name}, “{name}” does not match the SHA-256 its manifest "
                              "gives: it was changed or damaged after the backup was made.")
    return None


def _in_order(opened: _Opened) -> list[str]:
    """Members in the order they lie in the file (one pass over the disk)."""
    return sorted(opened.entries, key=lambda n: opened.infos[n].header_offset)


def _report(path: Path, opened: _Opened | None, problems: tuple[ArchiveProblem, ...]) -> ArchiveReport:
    if opened is None:
        return ArchiveReport(path=path, problems=problems)
    m = opened.manifest
    blobs = [e for n, e in opened.entries.items() if n != DB_MEMBER]
    warnings = []
    if m.get("damaged") or m.get("missing"):
        warnings.append(f"When this backup was made, {len(m.get('missing') or [])} original file(s) were missing "
                        f"from the vault and {len(m.get('damaged') or [])} had been changed on disk; they are in it "
                        "as they were found.")
    try:
        created = dt.datetime.fromisoformat(m["created_at"]) if isinstance(m.get("created_at"), str) else None
    except ValueError:
        created = None
    vault: dict[str, Any] = m["vault"] if isinstance(m.get("vault"), dict) else {}
    items = m.get("items")
    return ArchiveReport(
        path=path, problems=problems, created_at=created, app_version=str(m.get("app_version") or ""),
        schema=m.get("schema"), items=items if isinstance(items, int) else 0, blobs=len(blobs),
        blob_bytes=sum(e["size"] for e in blobs), total_bytes=sum(e["size"] for e in opened.entries.values()),
        automatic=bool(m.get("automatic")), complete=bool(m.get("complete", True)),
        vault_name=vault.get("name"), warnings=tuple(warnings),
    )


def check_archive(
    archive: Path, *, progress: ProgressFn | None = None, cancel: threading.Event | None = None
) -> ArchiveReport:
    """Read a backup through and check its manifest, every name and every hash; writes nothing.

    Problems with the archive come back in the report (``ok`` is False); only Cancel raises.
    """
    path = Path(archive)
    say = progress or (lambda _p: None)
    try:
        opened = _open_archive(path)
    except _Refused as refused:
        return _report(path, None, refused.problems)
    problems: list[ArchiveProblem] = []
    with opened.zf:
        names = _in_order(opened)
        for done, name in enumerate(names):
            _check_cancel(cancel, "check")
            say(Progress(done, len(names), f"Checking {name}", "check"))
            try:
                problem = _read_member(opened, name, None, path)
            except OSError as error:
                problem = ArchiveProblem("damaged", f"{path.name} could not be read to the end ({error.strerror}).")
            if problem is not None:
                problems.append(problem)
                if problem.kind == "damaged" and "could not be read" in problem.detail:
                    break
        return _report(path, opened, tuple(problems))


def read_manifest(archive: Path) -> dict[str, Any]:
    """The manifest of a backup, after the checks that need no reading of its contents (fast)."""
    try:
        opened = _open_archive(Path(archive))
    except _Refused as refused:
        raise BackupError(_report(Path(archive), None, refused.problems).message("read"),
                          refused.problems[0].kind) from None
    opened.zf.close()
    return opened.manifest

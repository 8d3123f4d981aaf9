"""What every pack file (criteria, deadline rules) shares: TOML text with a [pack] head giving its id,
version and title, checked with messages that name the file."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iepdesk.errors import IEPDeskError

if TYPE_CHECKING:
    from iepdesk.vault import Vault

PACK_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def table_line(text: str, table: str, index: int, key: str | None = None, nested: bool = False) -> int:
    """The line of the index-th [[table]] (1-based), or of its ``key = …`` line when there is one. The table runs
    to the next header, or, with ``nested``, to the next [[table]] (its own [table.sub] tables belong to it)."""
    headers = list(re.finditer(rf"^[ \t]*\[\[[ \t]*{table}[ \t]*\]\]", text, re.MULTILINE))
    if index >= len(headers):
        return 1
    start = headers[index].start()
    if nested:
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
    else:
        following = [m.start() for m in re.finditer(r"^[ \t]*\[", text[headers[index].end():], re.MULTILINE)]
        end = headers[index].end() + following[0] if following else len(text)
    line = text.count("\n", 0, start) + 1
    if key:
        found = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text[start:end], re.MULTILINE)
        if found:
            return line + text.count("\n", start, start + found.start())
    return line


def read_pack_file(path: Path, error: type[IEPDeskError]) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as failure:
        raise error(f"{path}: cannot be read ({failure}).") from failure


def parse_pack_head(text: str, file_name: str, error: type[IEPDeskError]) -> tuple[dict[str, Any], str]:
    """The parsed TOML and the pack's id, once the [pack] head is checked."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as failure:
        raise error(f"{file_name}: this is not valid TOML ({failure}).") from failure
    head = data.get("pack")
    if not isinstance(head, dict):
        raise error(f"{file_name}, line 1: a pack starts with a [pack] table giving its id, version and title.")
    for key in ("id", "version", "title"):
        if not isinstance(head.get(key), str) or not head[key].strip():
            raise error(f"{file_name}: [pack] needs '{key}' (text in quotes).")
    pack_id = head["id"].strip()
    if not PACK_ID.match(pack_id):
        raise error(f"{file_name}: the pack id '{pack_id}' may hold only lower-case letters, digits, "
                    "'.', '-' and '_'.")
    return data, pack_id


def keep_pack(vault: Vault, row_type: type, *, pack_id: str, version: str, title: str, file_name: str, text: str,
              action: str, what: str, actor: str) -> None:
    """Keep a user's pack file whole in the vault (adding it again replaces it), with a history line."""
    with vault.session() as session:
        row = session.get(row_type, pack_id)
        replaced = row is not None
        if row is None:
            row = row_type(id=pack_id)
            session.add(row)
        row.version, row.title, row.file_name, row.source = version, title, file_name, text
        vault.record(session, action, f"{'Replaced' if replaced else 'Added'} {what} “{title}” ({pack_id} "
                     f"{version}).", actor=actor, detail={"pack": pack_id})


def refuse_builtin_id(pack_id: str, file_name: str, builtin_ids: set[str], error: type[IEPDeskError]) -> None:
    if pack_id in builtin_ids:
        raise error(f"{file_name}: '{pack_id}' is the id of a built-in pack; give your pack another id.")

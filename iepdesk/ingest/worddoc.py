"""The text of an old Word document (.doc, Word 97 to 2003): read from the file itself with olefile (already a
dependency of extract-msg, for Outlook messages), following the document's piece table as [MS-DOC] 2.4.1
describes: no external program (antiword and catdoc are unmaintained) and nothing run on the parent's file.

Only the main text is read (not headers, footnotes or comments); a field's code is dropped and its shown result
kept; table cells are separated by tabs. A file this cannot read (Word 6 or older, encrypted, damaged) is kept
with no text, as any other."""

from __future__ import annotations

import io
import struct

from iepdesk.limits import MAX_PAGE_TEXT_CHARS, MAX_PAGES

_FIELD_START, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
_SHOWN = str.maketrans({"\r": "\n", "\x0b": "\n", "\x07": "\t", "\x1e": "-", "\x1f": "",
                        "\xa0": " ", "\x01": "", "\x08": "", "\x02": "", "\x05": ""})


class NotWordText(ValueError):
    """Why the file's text cannot be read (it is kept all the same)."""


def word_pages(data: bytes) -> list[str]:
    """The text of each page (split at the document's page breaks), at most MAX_PAGES pages."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except OSError as error:
        raise NotWordText("it is not a Word 97–2003 document") from error
    with ole:
        if not ole.exists("WordDocument"):
            raise NotWordText("it holds no Word document")
        word = ole.openstream("WordDocument").read()
        if len(word) < 0x1AA:
            raise NotWordText("its Word document is cut short")
        ident, version = struct.unpack_from("<HH", word, 0)
        flags = struct.unpack_from("<H", word, 0x0A)[0]
        if ident != 0xA5EC or version < 0x00C1:
            raise NotWordText("it is from Word 6 or older")
        if flags & 0x0100:
            raise NotWordText("it is password-protected")
        table_name = "1Table" if flags & 0x0200 else "0Table"
        if not ole.exists(table_name):
            raise NotWordText("its table stream is missing")
        table = ole.openstream(table_name).read()
    main_chars = struct.unpack_from("<i", word, 0x4C)[0]
    clx_at, clx_size = struct.unpack_from("<II", word, 0x1A2)
    shown = _shown(_pieces(word, table[clx_at:clx_at + clx_size], main_chars))
    pages = [page.strip() + "\n" for page in shown.split("\x0c")][:MAX_PAGES]
    return [page[:MAX_PAGE_TEXT_CHARS] for page in pages if page.strip()] or [""]


def _pieces(word: bytes, clx: bytes, main_chars: int) -> str:
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # property modifiers (Prc) come first: skipped
        at += 3 + struct.unpack_from("<H", clx, at + 1)[0]
    if at + 5 > len(clx) or clx[at] != 0x02:
        raise NotWordText("its piece table cannot be read")
    size = struct.unpack_from("<I", clx, at + 1)[0]
    plc = clx[at + 5:at + 5 + size]
    count = (len(plc) - 4) // 12
    if count <= 0:
        raise NotWordText("its piece table is empty")
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    text: list[str] = []
    total = 0
    for n in range(count):
        start, end = cps[n], min(cps[n + 1], main_chars)
        if end <= start:
            break
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * n + 2)[0]
        chars = end - start
        if fc & 0x40000000:  # 8-bit text, Windows-1252
            offset = (fc & 0x3FFFFFFF) // 2
            text.append(word[offset:offset + chars].decode("cp1252", errors="replace"))
        else:
            text.append(word[fc:fc + 2 * chars].decode("utf-16-le", errors="replace"))
        total += chars
        if total > MAX_PAGES * 10_000:  # far more than any real document's text
            break
    return "".join(text)


def _shown(raw: str) -> str:
    """The text as Word shows it: a field's code dropped (its result kept), marks turned into line breaks."""
    out: list[str] = []
    depth_hidden: list[bool] = []  # per open field: is its code still being read (hidden)?
    for char in raw:
        if char == _FIELD_START:
            depth_hidden.append(True)
        elif char == _FIELD_SEPARATOR and depth_hidden:
            depth_hidden[-1] = False
        elif char == _FIELD_END and depth_hidden:
            depth_hidden.pop()
        elif not any(depth_hidden):
            out.append(char)
    lines = "".join(out).translate(_SHOWN).split("\n")
    return "\n".join(line.rstrip() for line in lines)

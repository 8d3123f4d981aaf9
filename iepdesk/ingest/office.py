"""Word .docx (python-docx) and plain text or Markdown files."""

from __future__ import annotations

import datetime as dt
import io

from iepdesk.errors import Rejected
from iepdesk.ingest.extracted import Extracted, PageText

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_pages(document) -> list[str]:  # document: docx.Document
    """Text split where Word put a page break (explicit, or the last one Word rendered)."""
    pages: list[list[str]] = [[]]
    body = document.element.body
    for block in body.iterchildren():
        if block.tag == f"{_W}p":
            line: list[str] = []
            for node in block.iter():
                if node.tag == f"{_W}t" and node.text:
                    line.append(node.text)
                elif node.tag == f"{_W}tab":
                    line.append("\t")
                elif (node.tag == f"{_W}br" and node.get(f"{_W}type") == "page") or (
                    node.tag == f"{_W}lastRenderedPageBreak" and (line or pages[-1])
                ):
                    pages[-1].append("".join(line))
                    pages.append([])
                    line = []
            pages[-1].append("".join(line))
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = ["".join(t.text or "" for t in cell.iter(f"{_W}t")) for cell in row.iter(f"{_W}tc")]
                pages[-1].append("\t".join(cells))
    texts = ["\n".join(lines).strip("\n") + "\n" for lines in pages]
    while len(texts) > 1 and not texts[-1].strip():
        texts.pop()
    return texts


def extract_docx(data: bytes) -> Extracted:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, BadZipFile, XML errors…
        raise Rejected(
            "is a Word document that cannot be read (it may be damaged). Open it in Word or LibreOffice "
            "and save it again, or save it as PDF."
        ) from error
    props = document.core_properties
    extracted = Extracted(
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        pages=[PageText(text) for text in _docx_pages(document)],
        title=(props.title or "").strip() or None,
        author=(props.author or "").strip() or None,
        meta={"docx": {"author": props.author or "", "title": props.title or ""}},
    )
    created = props.created
    if isinstance(created, dt.datetime) and created.year > 1990:
        extracted.meta_date, extracted.meta_date_reason = created.date(), "the Word file's creation date"
    return extracted


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def extract_text(data: bytes, media_type: str) -> Extracted:
    text = decode_text(data).replace("\r\n", "\n")
    pages = [PageText(page) for page in text.split("\f")] if "\f" in text else [PageText(text)]
    return Extracted(media_type=media_type, pages=pages)

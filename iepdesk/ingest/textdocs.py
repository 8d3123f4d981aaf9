"""Word-processor files other than .docx: OpenDocument text (.odt, read from its ZIP and XML with the standard
library) and Rich Text Format (.rtf, through striprtf). One page each: these formats keep no pages of their
own."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from iepdesk.errors import Rejected
from iepdesk.ingest.extracted import Extracted, PageText

ODT = "application/vnd.oasis.opendocument.text"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_BLOCKS = {f"{{{_TEXT_NS}}}{tag}" for tag in ("p", "h", "list-item")}
_DAMAGED = ("is an OpenDocument text file that could not be read (it may be damaged). Open it in LibreOffice and "
            "save it again, or save it as PDF, then import that.")


def _words(element: ElementTree.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{{{_TEXT_NS}}}s":
            parts.append(" " * int(child.get(f"{{{_TEXT_NS}}}c", "1")))
        elif tag == f"{{{_TEXT_NS}}}tab":
            parts.append("\t")
        elif tag == f"{{{_TEXT_NS}}}line-break":
            parts.append("\n")
        elif tag not in _BLOCKS:
            parts.append(_words(child))
        parts.append(child.tail or "")
    return "".join(parts)


def extract_odt(data: bytes) -> Extracted:
    from iepdesk.ingest.office import check_sizes

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_sizes(archive, "OpenDocument file", "LibreOffice")
            root = ElementTree.fromstring(archive.read("content.xml"))
            meta = ElementTree.fromstring(archive.read("meta.xml")) if "meta.xml" in archive.namelist() else None
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise Rejected(_DAMAGED) from error
    lines = [_words(block) for block in root.iter() if block.tag in _BLOCKS]
    title = author = None
    if meta is not None:
        found = {el.tag.rsplit("}", 1)[-1]: (el.text or "").strip() for el in meta.iter()}
        title, author = found.get("title") or None, found.get("initial-creator") or found.get("creator") or None
    return Extracted(media_type=ODT, pages=[PageText("\n".join(lines).strip())], title=title, author=author)


def extract_rtf(data: bytes) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    from iepdesk.ingest.office import decode_text

    try:
        text = rtf_to_text(decode_text(data), errors="ignore")
    except (ValueError, IndexError) as error:
        raise Rejected("is a Rich Text file that could not be read (it may be damaged). Open it in Word or "
                       "LibreOffice and save it again, or save it as PDF, then import that.") from error
    return Extracted(media_type="application/rtf", pages=[PageText(text.replace("\r\n", "\n").strip())])

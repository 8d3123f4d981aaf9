"""Tell a file's type from its first bytes (the name's extension is only a hint)."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from iepdesk.errors import Rejected
from iepdesk.limits import MAX_PACK_MEMBERS

SUPPORTED = ("PDF, Word (.docx), OpenDocument and Rich Text (.odt, .rtf), spreadsheets (.xlsx, .csv), email (.eml, "
             ".msg), photos and scans (JPEG, PNG, TIFF, HEIC), web pages and text files")

_IMAGE_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EMAIL_HEADERS = (b"from:", b"to:", b"cc:", b"subject:", b"date:", b"received:", b"message-id:", b"mime-version:",
                  b"content-type:", b"return-path:", b"delivered-to:", b"reply-to:", b"sender:", b"x-")
_TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown", ".log", ".csv"}


def image_type(data: bytes) -> str | None:
    for magic, media in _IMAGE_MAGIC:
        if data.startswith(magic):
            if media == "image/bmp" and len(data) < 26:
                return None
            return media
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "image/heic"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _looks_like_email(data: bytes, named_so: bool = False) -> bool:
    """Header lines at the start: two of them, or one for a file named .eml (a message may have only a From and
    a Content-Type)."""
    head = data[:4096].lstrip().lower()
    lines = head.splitlines()[:30]
    hits = sum(1 for line in lines if line.startswith(_EMAIL_HEADERS))
    return hits >= (1 if named_so else 2)


def _is_pdf(data: bytes, ext: str) -> bool:
    """A PDF starts with %PDF-; readers accept it anywhere in the first kilobyte, after some junk. A text file or
    an email that merely mentions %PDF- in its first kilobyte (a forwarded PDF's source, a note) is not one."""
    at = data[:1024].find(b"%PDF-")
    if at <= 0:
        return at == 0
    return ext not in _TEXT_EXTENSIONS and ext not in (".eml", ".mht") and not _looks_like_email(data)


def _is_text(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 4:  # a character cut at the sample's end is fine
            try:
                sample.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def zip_members(data: bytes) -> int:
    """How many files a ZIP archive says it holds, read from its end record (zip64 too) before anything
    else: Python's zipfile makes an object for each (~500 bytes), so 2 million of them would take 1 GB."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        return 0
    count = int.from_bytes(data[end + 10 : end + 12], "little")
    locator = end - 20
    if count == 0xFFFF and locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        record = int.from_bytes(data[locator + 8 : locator + 16], "little")
        if data[record : record + 4] == b"PK\x06\x06":
            count = int.from_bytes(data[record + 32 : record + 40], "little")
    return count


def _is_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def _describe(data: bytes) -> str:
    """What a file that is not what its name says actually looks like, in plain words."""
    if _is_html(data):
        return "a web page (HTML), perhaps a download that failed"
    if data.startswith(b"PK\x03\x04"):
        return "a ZIP archive"
    if data.startswith(_OLE):
        return "an old Microsoft Office file"
    if _is_text(data):
        return "plain text"
    return "data IEPDesk does not recognise"


def sniff(data: bytes, name: str) -> tuple[str, str]:
    """Return (format, media type): format is pdf, image, eml, msg, docx, doc, xlsx, odt, rtf, csv, html, text,
    or ``kept`` for a type IEPDesk cannot read (a recording, an old Excel file, data that is not text): kept byte
    for byte, with no text. Text under any other name (a signature, a calendar invite) is read as text.

    Raises Rejected with a reason a person can act on, for a file that is not what its name says.
    """
    ext = PurePath(name).suffix.lower()
    if _is_pdf(data, ext):
        return "pdf", "application/pdf"
    media = image_type(data)
    if media:
        return "image", media
    if data.startswith(_OLE):
        if ext == ".msg" or b"_\x00_\x00s\x00u\x00b\x00s\x00t\x00g\x00" in data[:65536]:
            return "msg", "application/vnd.ms-outlook"
        if ext in (".doc", ".dot") or "WordDocument".encode("utf-16-le") in data:  # Word's text stream
            return "doc", "application/msword"
        return "kept", _kept_type(name, "application/msword")
    if data.startswith(b"PK\x03\x04"):
        members = zip_members(data)
        if members > MAX_PACK_MEMBERS:
            raise Rejected(
                f"is a ZIP archive (or a Word document) holding {members:,} files, more than the "
                f"{MAX_PACK_MEMBERS:,} IEPDesk opens. If it is a Word document, open it in Word and save it as PDF, "
                "then import that."
            )
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            names = set()
        if "word/document.xml" in names:
            return "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "xl/workbook.xml" in names:
            return "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if "content.xml" in names and _zip_member(data, "mimetype") == b"application/vnd.oasis.opendocument.text":
            return "odt", "application/vnd.oasis.opendocument.text"
        if ext == ".docx":
            raise Rejected(
                "is named .docx but is not a readable Word document (it may be damaged). "
                "Open it in Word or LibreOffice and save it again, or save it as PDF."
            )
    if ext == ".pdf":
        raise Rejected(
            f"is named .pdf but is not a PDF: it is {_describe(data)}. Get the document again "
            "(download it again, or ask the sender to resend it)."
        )
    if ext in (".eml", ".mht") or (ext not in _TEXT_EXTENSIONS and _looks_like_email(data)):
        if _looks_like_email(data, named_so=True):
            return "eml", "message/rfc822"
        raise Rejected("is named .eml but does not look like an email message: it does not start with header lines "
                       "such as From:, To:, Subject: or Content-Type:. Save the message again from your email "
                       "program (or as PDF), then import that.")
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf", "application/rtf"
    if ext == ".csv" and _is_text(data):
        return "csv", "text/csv"
    if ext in _TEXT_EXTENSIONS and _is_text(data):
        return "text", "text/plain" if ext != ".md" else "text/markdown"
    if ext in (".html", ".htm", ".xhtml") and _is_text(data):  # a saved web page or email: its words, not markup
        return "html", "text/html"
    if not recording(name) and _is_text(data):  # text under any other name (.asc, .ics, .json, none): its words
        return ("html", "text/html") if _is_html(data) else ("text", "text/plain")
    return "kept", _kept_type(name)


def _zip_member(data: bytes, name: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(name)[:200].strip() if name in archive.namelist() else b""
    except (zipfile.BadZipFile, KeyError, OSError):
        return b""


def _kept_type(name: str, default: str = "application/octet-stream") -> str:
    import mimetypes

    return mimetypes.guess_type(name, strict=False)[0] or default


def recording(name: str) -> bool:
    """A sound or video recording, by its name's type."""
    return _kept_type(name).startswith(("audio/", "video/"))


def kept_note(name: str, data: bytes, length: str = "") -> str:
    """What the item of a type IEPDesk cannot read says about itself (a recording: its ``length`` too)."""
    ext = PurePath(name).suffix.lower() or "no extension"
    if recording(name):
        long = f", {length} long" if length else ""
        return (f"kept, no text: a recording ({ext}{long}). IEPDesk does not transcribe recordings yet; it is kept "
                "exactly as it is and can still be an exhibit, on a page that describes it.")
    return (f"kept, no text: IEPDesk cannot read the text of this type of file ({ext}; it looks like "
            f"{_describe(data)}). It is kept exactly as it is and can still be an exhibit, on a page that "
            f"describes it. For its words to be searched, save or print it as PDF and import that too.")

"""Email: .eml with the standard library, .msg with extract-msg.

The message becomes one item whose single page holds its headers and body; each attachment is handed back
to become its own item, linked to the email.
"""

from __future__ import annotations

import datetime as dt
import email.header
import email.utils
import html
import io
import mimetypes
import re
from email import policy
from email.message import Message
from email.parser import BytesParser
from html.parser import HTMLParser

from iepdesk.errors import Rejected
from iepdesk.ingest.extracted import Attachment, Extracted, PageText

_REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|tr)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


class _TextFromHTML(HTMLParser):
    _BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("style", "script", "head"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextFromHTML()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"[ \t\xa0]+", " ", text)
    return re.sub(r"\n\s*\n\s*\n+", "\n\n", text).strip()


def thread_key(subject: str, message_id: str, in_reply_to: str, references: str) -> str:
    """The first message of the conversation: the oldest reference, else this message itself.

    A message with neither a trail nor its own Message-ID falls back to its subject without Re:/Fwd:.
    """
    for header in (references, in_reply_to, message_id):
        found = re.findall(r"<[^>]+>", header or "")
        if found:
            return found[0]
    base = _REPLY_PREFIX.sub("", subject or "").strip().lower()
    return f"subject:{base}" if base else ""


def page_text(sender: str, to: str, cc: str, date: str, subject: str, body: str) -> str:
    lines = [f"From: {sender}", f"To: {to}"]
    if cc:
        lines.append(f"Cc: {cc}")
    lines += [f"Date: {date}", f"Subject: {subject}", "", body.strip()]
    return "\n".join(lines) + "\n"


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a malformed header must not cost the message
        value = message.get_all(name, failobj=[""])[0] if hasattr(message, "get_all") else ""
    return re.sub(r"\s+", " ", str(value or "")).strip()


def _sent(raw: str) -> dt.datetime | None:
    try:
        return email.utils.parsedate_to_datetime(raw) if raw else None
    except (TypeError, ValueError, IndexError):
        return None


def _content(part: Message) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        text = payload.decode(charset, errors="replace")
    except LookupError:
        text = payload.decode("utf-8", errors="replace")
    return html_to_text(text) if part.get_content_type() == "text/html" else text


def _walk(part: Message, bodies: list[Message], files: list[Message]) -> None:
    """Split a message into its body candidates and its attachments (forwarded messages stay whole)."""
    ctype = part.get_content_type()
    if ctype == "message/rfc822" and part is not None:
        files.append(part)
        return
    if part.is_multipart():
        for sub in part.get_payload():
            _walk(sub, bodies, files)
        return
    disposition = part.get_content_disposition()
    if disposition == "attachment" or (part.get_filename() and disposition != "inline"):
        files.append(part)
    elif ctype in ("text/plain", "text/html"):
        bodies.append(part)
    elif part.get_filename() or not part.get("Content-ID"):
        files.append(part)  # an inline picture without Content-ID is not part of the body's layout


def _attachment(part: Message, number: int) -> Attachment | None:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload(0) if part.is_multipart() else None
        if not isinstance(inner, Message):
            return None
        name = part.get_filename() or f"{_header(inner, 'Subject') or 'forwarded message'}.eml"
        return Attachment(_safe_name(name, ".eml"), inner.as_bytes(policy=policy.SMTP))
    data = part.get_payload(decode=True)
    if not data:
        return None
    ext = mimetypes.guess_extension(part.get_content_type()) or ".bin"
    name = part.get_filename() or f"attachment {number}{ext}"
    return Attachment(_safe_name(name, ext), data)


def _safe_name(name: str, ext: str) -> str:
    name = re.sub(r"[\\/\x00-\x1f]", "_", name).strip() or f"attachment{ext}"
    return name[:200]


def extract_eml(data: bytes) -> Extracted:
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(data)
    except Exception as error:
        raise Rejected(f"is an email that cannot be read ({error}).") from error
    sender, to, cc = (_header(message, h) for h in ("From", "To", "Cc"))
    subject, date_raw = _header(message, "Subject"), _header(message, "Date")
    subject = str(email.header.make_header(email.header.decode_header(subject))) if subject else ""
    if not (sender or to or subject or date_raw):
        raise Rejected("does not look like an email message: it has no From, To, Date or Subject.")
    sender, to, cc = (_decode(value) for value in (sender, to, cc))
    bodies: list[Message] = []
    files: list[Message] = []
    _walk(message, bodies, files)
    plain = [p for p in bodies if p.get_content_type() == "text/plain"]
    body = "\n\n".join(_content(p) for p in (plain or bodies))
    attachments = [a for n, part in enumerate(files, 1) if (a := _attachment(part, n))]
    ids = {h: _header(message, h) for h in ("Message-ID", "In-Reply-To", "References")}
    return _email(sender, to, cc, _sent(date_raw), date_raw, subject, body, attachments, ids, "message/rfc822")


def _decode(value: str) -> str:
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except Exception:
        return value


def _email(
    sender: str,
    to: str,
    cc: str,
    sent: dt.datetime | None,
    date_raw: str,
    subject: str,
    body: str,
    attachments: list[Attachment],
    ids: dict[str, str],
    media_type: str,
) -> Extracted:
    name, address = email.utils.parseaddr(sender)
    shown_date = date_raw or (sent.isoformat(sep=" ") if sent else "")
    return Extracted(
        media_type=media_type,
        pages=[PageText(page_text(sender, to, cc, shown_date, subject, body))],
        title=subject or "(no subject)",
        author=name or address or sender or None,
        recipients=to or None,
        cc=cc or None,
        sent=sent,
        thread=thread_key(subject, ids.get("Message-ID", ""), ids.get("In-Reply-To", ""), ids.get("References", "")),
        kind="correspondence",
        meta={"email": {"from": sender, "from_address": address.lower()} | {k.lower(): v for k, v in ids.items() if v}},
        attachments=attachments,
    )


def extract_msg(data: bytes) -> Extracted:
    import extract_msg

    try:
        message = extract_msg.openMsg(io.BytesIO(data))
    except Exception as error:  # extract-msg raises many types for a broken file
        raise Rejected(f"is an Outlook message that cannot be read ({error}). Save it again from Outlook.") from error
    try:
        headers = message.header
        sent = message.date if isinstance(message.date, dt.datetime) else None
        subject = message.subject or ""
        body = message.body or ""
        if not body.strip() and getattr(message, "htmlBody", None):
            body = html_to_text(message.htmlBody.decode("utf-8", errors="replace"))
        attachments = []
        for number, att in enumerate(message.attachments, 1):
            payload = att.data
            name = att.longFilename or att.shortFilename or f"attachment {number}"
            if isinstance(payload, bytes):
                attachments.append(Attachment(_safe_name(name, ".bin"), payload))
            elif payload is not None and hasattr(payload, "exportBytes"):  # an attached Outlook message
                attachments.append(Attachment(_safe_name(f"{payload.subject or 'message'}.msg", ".msg"),
                                              payload.exportBytes()))
        ids = {h: _header(headers, h) for h in ("Message-ID", "In-Reply-To", "References")} if headers else {}
        date_raw = _header(headers, "Date") if headers else ""
        return _email(
            message.sender or "", message.to or "", message.cc or "", sent, date_raw, subject, body,
            attachments, ids, "application/vnd.ms-outlook",
        )
    finally:
        message.close()

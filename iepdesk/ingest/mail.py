"""Email: .eml with the standard library (.msg with extract-msg is in outlook.py).

The message becomes one item whose single page holds its headers and body; each attachment is handed back
to become its own item, linked to the email.
"""

from __future__ import annotations

import datetime as dt
import email.header
import email.utils
import mimetypes
import re
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser
from html.parser import HTMLParser

from iepdesk.errors import Rejected
from iepdesk.ingest.extracted import Attachment, Extracted, PageText
from iepdesk.ingest.names import readable, safe_name
from iepdesk.limits import MAX_HEADER_CHARS

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
    text = "".join(parser.parts)  # the parser has turned &amp; and the like into characters, once
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


class _Message(Message):
    """A message as the standard parser builds it, except that a forwarded message (message/rfc822) inside
    it stays raw bytes, read only when it is imported in turn: a chain forwarded 300 times is then never
    parsed, nor written back, 300 levels deep at once."""

    def get_content_maintype(self) -> str:  # the parser descends into a part whose main type is "message"
        return "application" if self.get_content_type() == "message/rfc822" else super().get_content_maintype()


def header_text(message: Message, name: str) -> str:
    """A header's raw text on one line, readable, and cut long before a huge one costs time
    (a generous margin over MAX_HEADER_CHARS leaves room for encoded words)."""
    wanted = name.lower()  # raw_items: get() would turn bytes that are not ASCII into U+FFFD already
    value = next((value for key, value in message.raw_items() if key.lower() == wanted), "")
    return re.sub(r"\s+", " ", readable(str(value)[: 8 * MAX_HEADER_CHARS])).strip()


def _sent(raw: str) -> dt.datetime | None:
    try:
        return email.utils.parsedate_to_datetime(raw) if raw else None
    except (TypeError, ValueError, IndexError):
        return None


def _content(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = b""
    charset = part.get_content_charset() or "utf-8"
    try:
        text = payload.decode(charset, errors="replace")
    except (LookupError, ValueError):  # an unknown charset, or a name Python cannot even look up (a NUL in it)
        text = payload.decode("utf-8", errors="replace")
    return html_to_text(text) if part.get_content_type() == "text/html" else text


def _walk(message: Message, bodies: list[Message], files: list[Message]) -> None:
    """Split a message into its body candidates and its attachments (forwarded messages stay whole)."""
    stack = [message]
    while stack:
        part = stack.pop()
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            files.append(part)
        elif part.is_multipart():
            parts = part.get_payload()
            if isinstance(parts, list):  # always, for a multipart part
                stack.extend(p for p in reversed(parts) if isinstance(p, Message))
        elif part.get_content_disposition() == "attachment" or (
            part.get_filename() and part.get_content_disposition() != "inline"
        ):
            files.append(part)
        elif ctype in ("text/plain", "text/html"):
            bodies.append(part)
        elif part.get_filename() or not part.get("Content-ID"):
            files.append(part)  # an inline picture without Content-ID is not part of the body's layout


def _attachment(part: Message, number: int) -> Attachment | None:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes) or not data:
        return None
    if part.get_content_type() == "message/rfc822":  # the forwarded message's own bytes, as they came
        headers = BytesHeaderParser(policy=policy.compat32).parsebytes(_short_headers(data))
        subject = _decode(header_text(headers, "Subject"))
        name = _filename(part) or f"{subject[:120] or 'forwarded message'}.eml"
        return Attachment(attachment_name(name, ".eml"), data)
    ext = mimetypes.guess_extension(part.get_content_type()) or ".bin"
    name = _filename(part) or f"attachment {number}{ext}"
    return Attachment(attachment_name(name, ext), data)


def _filename(part: Message) -> str | None:
    try:
        return part.get_filename()
    except Exception:  # a malformed name (an unknown character set, bad encoding) is not worth the file
        return None


def attachment_name(name: str, ext: str) -> str:
    return safe_name(name, f"attachment{ext}")


def extract_eml(data: bytes) -> Extracted:
    try:
        message = BytesParser(_Message, policy=policy.compat32).parsebytes(_short_headers(data))
    except RecursionError as error:
        raise Rejected(_TOO_DEEP) from error
    except Exception as error:
        raise Rejected(f"is an email that cannot be read ({error}).") from error
    sender, to, cc, subject = (_decode(header_text(message, h)) for h in ("From", "To", "Cc", "Subject"))
    date_raw = header_text(message, "Date")
    if not (sender or to or subject or date_raw or message.get("Content-Type") or message.get("MIME-Version")):
        raise Rejected("does not look like an email message: it has no From, To, Date, Subject or Content-Type.")
    bodies: list[Message] = []
    files: list[Message] = []
    _walk(message, bodies, files)
    plain = [p for p in bodies if p.get_content_type() == "text/plain"]
    body = "\n\n".join(_content(p) for p in (plain or bodies))
    attachments = [a for n, part in enumerate(files, 1) if (a := _attachment(part, n))]
    ids = {h: header_text(message, h) for h in ("Message-ID", "In-Reply-To", "References")}
    return email_extracted(sender, to, cc, _sent(date_raw), date_raw, subject, body, attachments, ids, "message/rfc822")


_TOO_DEEP = ("is an email built of parts inside parts so many levels deep that it cannot be read. Open it in your "
             "email program, save the message you need on its own (or print it as PDF), and import that.")


def _short_headers(data: bytes) -> bytes:
    """The message with each header cut at 8 × MAX_HEADER_CHARS bytes, for the parser only (it costs about
    ten times a header's size: a 50 MB Subject took 600 MB). The body is left as it is."""
    limit = 8 * MAX_HEADER_CHARS
    end = min((at for at in (data.find(b"\n\n"), data.find(b"\n\r\n")) if at >= 0), default=len(data))
    if end <= limit:
        return data
    kept, size = [], 0
    for line in data[:end].splitlines(keepends=True):
        size = size + len(line) if line[:1] in (b" ", b"\t") else len(line)  # a folded line continues a header
        if size <= limit:
            kept.append(line)
        elif size - len(line) < limit:
            text = line.rstrip(b"\r\n")
            kept.append(text[: limit - (size - len(line))] + line[len(text):])
    return b"".join(kept) + data[end:]


def _decode(value: str) -> str:
    """A header's text with its encoded words (=?utf-8?B?…?=) decoded; as it is in the file when they cannot
    be (an unknown character set, broken base64)."""
    try:
        decoded = readable(str(email.header.make_header(email.header.decode_header(value))))
    except Exception:
        return value
    return decoded if decoded.strip() or not value.strip() else value  # "=?utf-8?B?!!!?=" decodes to nothing


def _cut(values: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Headers cut to MAX_HEADER_CHARS, and the warning that says which were."""
    long = [name for name, value in values.items() if len(value) > MAX_HEADER_CHARS]
    if not long:
        return values, []
    return {name: value[:MAX_HEADER_CHARS] for name, value in values.items()}, [
        f"has a {' and '.join(long)} line longer than {MAX_HEADER_CHARS:,} characters; only the first "
        f"{MAX_HEADER_CHARS:,} are shown and searched. The original message is kept whole."
    ]


def email_extracted(
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
    notes: tuple[str, ...] = (),
) -> Extracted:
    shown, warnings = _cut({"From": sender, "To": to, "Cc": cc, "Date": date_raw, "Subject": subject})
    sender, to, cc, date_raw, subject = shown.values()
    ids = {name: value[:MAX_HEADER_CHARS] for name, value in ids.items()}
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
        warnings=[*warnings, *notes],
    )

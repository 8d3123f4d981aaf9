"""Outlook .msg with extract-msg, within bounds.

extract-msg reads a message's body as soon as it opens it, and when the message has no plain-text body it
unpacks the formatted (RTF) body and reads that instead, both in pure Python: ~4 s and 150 MB for 256 KB of
RTF, 20 s for a crafted 5 MB message, minutes and gigabytes for a larger one. So here the RTF body is read
only when it cannot unpack past MAX_RTF_BYTES (LZFu, its packing, grows at most 8 times), and an attached
Outlook message is not read at all: only its bytes are taken, to be imported in turn under the same rule,
one level at a time.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from typing import Any

import extract_msg
from extract_msg.attachments import initStandardAttachment

from iepdesk.errors import Rejected
from iepdesk.ingest.extracted import Attachment, Extracted
from iepdesk.ingest.mail import attachment_name, email_extracted, header_text, html_to_text
from iepdesk.ingest.names import readable
from iepdesk.limits import MAX_RTF_BYTES

_RTF = "__substg1.0_10090102"
_TOO_DEEP = ("is an Outlook message with messages attached inside attached messages so many levels deep that it "
             "cannot be read. Open it in Outlook, save the message you need on its own, and import that.")


class _Message(extract_msg.Message):
    rtf_left_out = False

    @functools.cached_property
    def compressedRtf(self) -> bytes | None:  # noqa: N802 (extract-msg's name)
        packed = self.getStream(_RTF)
        if packed is not None and len(packed) * 8 > MAX_RTF_BYTES:
            self.rtf_left_out = True
            return None
        return packed


class _AttachedMessage:
    """An Outlook message attached to another, opened without its body (extract-msg's own attachment class
    opens it as a message, which reads the body)."""

    type = "msg"  # what extract-msg's close() looks for, to close it too

    def __init__(self, msg: Any, folder: str) -> None:
        self.data = extract_msg.MSGFile(msg.path, prefix=[*msg.prefixList, folder, "__substg1.0_3701000D"],
                                        parentMsg=msg, delayAttachments=True)
        self.subject = readable(self.data.getStringStream("__substg1.0_0037") or "")


class _Unreadable:
    """An attachment extract-msg cannot read: it stays inside the message's original."""

    type = "unreadable"
    data = None


def _attachment(msg: Any, folder: str) -> Any:
    try:
        if msg.exists([folder, "__substg1.0_3701000D", "__properties_version1.0"]):
            return _AttachedMessage(msg, folder)
        return initStandardAttachment(msg, folder)
    except RecursionError:
        raise
    except Exception:  # extract-msg raises many types for a damaged attachment; it must not cost the message
        return _Unreadable()


def extract_msg_file(data: bytes) -> Extracted:
    try:
        message = _Message(io.BytesIO(data), delayAttachments=True, initAttachment=_attachment)
    except RecursionError as error:
        raise Rejected(_TOO_DEEP) from error
    except Exception as error:  # extract-msg raises many types for a broken file
        raise Rejected(f"is an Outlook message that cannot be read ({error}). Save it again from Outlook.") from error
    try:
        headers = message.header
        sent = message.date if isinstance(message.date, dt.datetime) else None
        body = message.body or ""
        if not body.strip() and message.htmlBody:
            body = html_to_text(message.htmlBody.decode("utf-8", errors="replace"))
        attachments, notes = _attachments(message)
        if message.rtf_left_out and not body.strip():
            notes.append(
                f"keeps its text only in a formatted (RTF) part larger than the {MAX_RTF_BYTES // 1024} KB IEPDesk "
                "reads, so its text cannot be searched. The message is kept whole: open it in Outlook to read "
                "it, or save it as PDF and import that."
            )
        ids = {h: header_text(headers, h) for h in ("Message-ID", "In-Reply-To", "References")} if headers else {}
        date_raw = header_text(headers, "Date") if headers else ""
        sender, to, cc = (readable(value or "") for value in (message.sender, message.to, message.cc))
        return email_extracted(sender, to, cc, sent, date_raw, readable(message.subject or ""), body, attachments,
                               ids, "application/vnd.ms-outlook", tuple(notes))
    except RecursionError as error:
        raise Rejected(_TOO_DEEP) from error
    except Exception as error:  # a property extract-msg cannot read: the message is damaged
        raise Rejected(f"is an Outlook message that is damaged ({error}). Save it again from Outlook.") from error
    finally:
        message.close()


def _attachments(message: _Message) -> tuple[list[Attachment], list[str]]:
    """Each attachment's bytes; one that cannot be read is left inside the message, with a warning."""
    found: list[Attachment] = []
    unreadable = 0
    att: Any
    for number, att in enumerate(message.attachments, 1):
        try:
            if isinstance(att, _AttachedMessage):
                name = attachment_name(f"{att.subject[:120] or 'message'}.msg", ".msg")
                found.append(Attachment(name, att.data.exportBytes()))
            elif isinstance(att.data, bytes):
                name = att.longFilename or att.shortFilename or f"attachment {number}"
                found.append(Attachment(attachment_name(name, ".bin"), att.data))
            else:
                unreadable += isinstance(att, _Unreadable)
        except Exception:  # extract-msg raises many types for a damaged attachment
            unreadable += 1
    notes = [f"has {unreadable} attachment(s) that could not be read; they stay inside the message's original, "
             "which is kept whole."] if unreadable else []
    return found, notes

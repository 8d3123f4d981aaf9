"""The demo's emails: a thread with quotes, HTML and attachments, as a mail program saves them."""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import Any

from iepdesk.demo.pdfs import _Pdf, _render_pdf
from iepdesk.demo.wording import _flat, _pacific

# --------------------------------------------------------------------------- emails
_Person = tuple[str, str]  # (name, address)


@dataclass(frozen=True)
class _Mail:
    key: str
    parent: _Mail | None  # the message this one replies to
    when: datetime.datetime
    sender: _Person
    to: tuple[_Person, ...]
    cc: tuple[_Person, ...]
    subject: str
    body: str  # paragraphs are reflowed onto one line each, except the last (the sign-off)
    notice: str  # the district's confidentiality notice, on mail sent from a district address
    quote: bool  # quote the parent message below the reply
    html: bool  # also send an HTML alternative
    attach: tuple[_Pdf, ...]


def _mails(data: dict[str, Any], fields: dict[str, Any], docs: dict[str, tuple[_Pdf, str]]) -> list[_Mail]:
    people: dict[str, _Person] = {key: (name, address) for key, (name, address) in data["people"].items()}
    signatures = {key: {"signature": text.strip()} for key, text in data["signatures"].items()}
    mails: dict[str, _Mail] = {}
    for m in data["mails"]:
        sender = people[m["from"]]
        mails[m["key"]] = _Mail(
            key=m["key"],
            parent=mails[m["in_reply_to"]] if "in_reply_to" in m else None,
            when=_pacific(m["date"]),
            sender=sender,
            to=tuple(people[key] for key in m["to"]),
            cc=tuple(people[key] for key in m.get("cc", ())),
            subject=m["subject"],
            body=m["body"].format_map(fields | signatures.get(m["from"], {})),
            notice=_flat(data["notice"]) if sender[1].endswith("@" + data["district_domain"]) else "",
            quote=m.get("quote", True),
            html=m.get("html", False),
            attach=tuple(docs[key][0] for key in m.get("attach", ())),
        )
    return list(mails.values())


def _addr(person: _Person) -> str:
    return f"{person[0]} <{person[1]}>"


def _attribution(m: _Mail) -> str:
    stamp = f"{m.when:%a, %b} {m.when.day}, {m.when:%Y} at {m.when:%I:%M %p}".replace(" 0", " ")
    return f"On {stamp} {_addr(m.sender)} wrote:"


def _quoted(m: _Mail) -> str:
    lines = "\n".join(">" + ("" if ln[:1] in ("", ">") else " ") + ln for ln in _text(m).splitlines())
    return f"{_attribution(m)}\n{lines}"


def _body(text: str) -> str:
    paras = text.strip().split("\n\n")
    return "\n\n".join([_flat(p) for p in paras[:-1]] + [paras[-1]])


def _text(m: _Mail) -> str:
    return _body(m.body) + (f"\n\n{_quoted(m.parent)}" if m.parent and m.quote else "")


def _msgid(m: _Mail) -> str:
    return f"<{m.when:%Y%m%d%H%M%S}.{m.key}@{m.sender[1].split('@')[1]}>"


def _html(m: _Mail) -> str:
    def paras(text: str) -> str:
        return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n"))

    out = paras(_body(m.body)) + (f'<p style="color:#777;font-size:9pt">{m.notice}</p>' if m.notice else "")
    if m.parent and m.quote:
        out += (f"<hr><div>{html.escape(_attribution(m.parent))}</div>"
                f'<blockquote style="border-left:2px solid #ccc">{paras(_text(m.parent))}</blockquote>')
    return f'<html><body style="font-family:Calibri,Arial,sans-serif">{out}</body></html>'


def _email(m: _Mail) -> bytes:
    msg = EmailMessage()
    msg["From"] = _addr(m.sender)
    msg["To"] = ", ".join(_addr(p) for p in m.to)
    if m.cc:
        msg["Cc"] = ", ".join(_addr(p) for p in m.cc)
    msg["Subject"] = m.subject
    msg["Date"] = format_datetime(m.when)
    msg["Message-ID"] = _msgid(m)
    chain: list[str] = []
    node = m.parent
    while node:
        chain.insert(0, _msgid(node))
        node = node.parent
    if chain:
        msg["In-Reply-To"] = chain[-1]
        msg["References"] = " ".join(chain)
    msg["MIME-Version"] = "1.0"
    text = _text(m)
    if m.notice:
        text += "\n\n" + m.notice
    msg.set_content(text)
    if m.html:
        msg.add_alternative(_html(m), subtype="html")
    for spec in m.attach:
        msg.add_attachment(_render_pdf(spec), maintype="application", subtype="pdf", filename=spec.name)
    if msg.is_multipart():
        msg.set_boundary(f"----=_Part_{m.when:%Y%m%d%H%M}_{m.key}")  # fixed, not random
    return msg.as_bytes(policy=SMTP)

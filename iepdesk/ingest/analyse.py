"""The CPU part of an import, runnable in a worker process: what a file is, its text, and the guesses.

This module imports no database code, so worker processes start quickly.
"""

from __future__ import annotations

from iepdesk.ingest import guess as guessing
from iepdesk.ingest.extracted import Extracted, bound_pages
from iepdesk.ingest.sniff import sniff

Analysed = tuple[Extracted, guessing.Guesses]


def extract(fmt: str, media_type: str, data: bytes, password: str | None, name: str = "") -> Extracted:
    if fmt == "kept":  # a type IEPDesk cannot read: kept as it is, one page with no text
        from iepdesk.ingest.extracted import PageText
        from iepdesk.ingest.sniff import kept_note, recording

        if recording(name):  # a recording: what its own tags say (length, day, title)
            from iepdesk.ingest.media import read_recording

            facts = read_recording(data)
            if facts is not None:
                return Extracted(
                    media_type=media_type, pages=[PageText("")], title=facts.title, meta_date=facts.recorded,
                    meta_date_reason="the day the recording's own tags give" if facts.recorded else "",
                    meta={"kept": True, "recording": {"seconds": facts.seconds, "recorded": facts.recorded.isoformat()
                                                      if facts.recorded else None, "title": facts.title}},
                    warnings=[kept_note(name, data, facts.length())])
        return Extracted(media_type=media_type, pages=[PageText("")], meta={"kept": True},
                         warnings=[kept_note(name, data)])
    if fmt == "html":
        import re

        from iepdesk.ingest.extracted import PageText
        from iepdesk.ingest.mail import html_to_text
        from iepdesk.ingest.office import decode_text

        markup = decode_text(data)
        found = re.search(r"<title[^>]*>(.*?)</title>", markup, re.I | re.S)
        title = html_to_text(found.group(1)) if found else None
        return Extracted(media_type="text/html", pages=[PageText(html_to_text(markup))], title=title or None)
    if fmt == "pdf":
        from iepdesk.ingest.pdf import extract_pdf

        return extract_pdf(data, password)
    if fmt == "image":
        from iepdesk.ingest.image import extract_image

        return extract_image(data, media_type)
    if fmt == "eml":
        from iepdesk.ingest.mail import extract_eml

        return extract_eml(data)
    if fmt == "msg":
        from iepdesk.ingest.outlook import extract_msg_file

        return extract_msg_file(data)
    if fmt == "docx":
        from iepdesk.ingest.office import extract_docx

        return extract_docx(data)
    if fmt in ("xlsx", "csv"):
        from iepdesk.ingest.sheets import extract_csv, extract_xlsx

        return extract_xlsx(data) if fmt == "xlsx" else extract_csv(data)
    if fmt == "doc":
        import struct

        from iepdesk.ingest.extracted import PageText
        from iepdesk.ingest.worddoc import NotWordText, word_pages

        try:
            return Extracted(media_type=media_type, pages=[PageText(t) for t in word_pages(data)])
        except (NotWordText, struct.error, ValueError, OSError) as error:  # kept all the same, with no text
            why = str(error) if isinstance(error, NotWordText) else "it is damaged"
            return Extracted(media_type=media_type, pages=[PageText("")], meta={"kept": True},
                             warnings=[f"kept, no text: the text of this old Word file could not be read ({why}). "
                                       "It is kept exactly as it is and can still be an exhibit. For its words to "
                                       "be searched, open it in Word and save it as PDF or .docx, then import that "
                                       "too."])
    if fmt in ("odt", "rtf"):
        from iepdesk.ingest.textdocs import extract_odt, extract_rtf

        return extract_odt(data) if fmt == "odt" else extract_rtf(data)
    from iepdesk.ingest.office import extract_text

    return extract_text(data, media_type)


def analyse(data: bytes, name: str, password: str | None) -> Analysed:
    """Raises Rejected (with the reason) for a file that cannot be imported."""
    fmt, media_type = sniff(data, name)
    extracted = extract(fmt, media_type, data, password, name)
    bound_pages(extracted)
    return extracted, guessing.guess(extracted, name)

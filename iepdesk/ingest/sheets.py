"""Spreadsheets: the RTI data and score tables schools send as .xlsx or .csv. Each sheet becomes a page whose
text is its rows (cells joined by " | "), and the rows themselves are kept in the item's meta ("tables") for
later charts. openpyxl reads .xlsx in read-only mode; the standard library's csv reads .csv."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from iepdesk.errors import Rejected
from iepdesk.ingest.extracted import Extracted, PageText

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_KEPT_ROWS = 2000  # rows kept as a table, per sheet (the text keeps them all, up to the page limit)
_DAMAGED = ("is named as a spreadsheet but could not be read (it may be damaged or saved by a program IEPDesk does "
            "not know). Open it in Excel or LibreOffice and save it again as .xlsx or .csv, or save it as PDF.")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if getattr(value, "hour", 0) == 0 else value.isoformat(sep=" ")
    return " ".join(str(value).split())


def _page(name: str, rows: list[list[str]]) -> tuple[PageText, dict[str, Any]]:
    rows = [r for r in rows if any(r)]
    while rows and all(not row[-1] for row in rows if row):  # empty columns on the right
        rows = [row[:-1] for row in rows]
    lines = [" | ".join(row).rstrip(" |") for row in rows]
    text = (f"{name}\n" if name else "") + "\n".join(lines)
    return PageText(text), {"name": name, "rows": rows[:MAX_KEPT_ROWS], "row_count": len(rows)}


def extract_xlsx(data: bytes) -> Extracted:
    import openpyxl

    from iepdesk.ingest.office import check_sizes

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_sizes(archive, "spreadsheet", "Excel or LibreOffice")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise Rejected(_DAMAGED) from error
    pages, tables = [], []
    try:
        for sheet in book.worksheets:
            rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            page, table = _page(sheet.title, rows)
            pages.append(page)
            tables.append(table)
        props = book.properties
        title, author = (props.title or None), (props.creator or None)
        created = props.created
    finally:
        book.close()
    extracted = Extracted(media_type=XLSX, pages=pages or [PageText("")], title=title, author=author,
                          meta={"tables": tables})
    if created is not None and created.year > 1990:
        extracted.meta_date, extracted.meta_date_reason = created.date(), "the spreadsheet's creation date"
    return extracted


def extract_csv(data: bytes) -> Extracted:
    from iepdesk.ingest.office import decode_text

    text = decode_text(data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = [[" ".join(cell.split()) for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    page, table = _page("", rows)
    return Extracted(media_type="text/csv", pages=[page], meta={"tables": [table]})

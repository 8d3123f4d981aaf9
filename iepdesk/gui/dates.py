"""The date a person picked in a date field, as the core takes it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDateEdit


def date_of(field: QDateEdit) -> dt.date:
    picked = field.date()
    return dt.date(picked.year(), picked.month(), picked.day())

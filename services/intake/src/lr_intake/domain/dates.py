"""Dates as boards write them: ISO `YYYY-MM-DD`, or `DD-MM-YYYY`."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import MAXYEAR, date

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DUTCH = re.compile(r"([0-9]{2})-([0-9]{2})-([0-9]{4})")


def parse_date(text: str) -> date | None:
    """The date written in `text`, or None when it is not a valid date in either form."""
    match = _ISO.fullmatch(text)
    if match is not None:
        year, month, day = match.groups()
    else:
        match = _DUTCH.fullmatch(text)
        if match is None:
            return None
        day, month, year = match.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def add_month(day: date) -> date:
    """The same day one month later; the last day of that month when it is shorter; the last
    representable day (9999-12-31) beyond it."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    if year > MAXYEAR:
        return date.max
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))

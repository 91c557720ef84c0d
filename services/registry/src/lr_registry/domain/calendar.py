"""Date arithmetic of the lifecycle: periods in years, grace in months, reminders in weeks."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the 31st becomes the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def today(now: datetime) -> date:
    """The calendar day of `now`; the register counts days in UTC."""
    return (now if now.tzinfo is UTC else now.astimezone(UTC)).date()


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)

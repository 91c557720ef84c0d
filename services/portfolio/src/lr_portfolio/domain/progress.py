"""Registration periods and the hours counted in them against the norm.

The registry publishes a teacher's current period. Periods follow each other every four years
(DESIGN.md: the next period ends four years after the previous end), so the period of any date
is found by stepping the current one by whole multiples of four years. Each period is taken as
`[start, next start)`: with an inclusive end (start + 4y - 1 day) that is the same as `[start,
end]`; with an end equal to the next start, the boundary day counts in the next period.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

PERIOD_YEARS = 4
ZERO = Decimal(0)


def add_years(day: date, years: int) -> date:
    """`day` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date

    def shifted(self, periods: int) -> Period:
        years = periods * PERIOD_YEARS
        return Period(add_years(self.start, years), add_years(self.end, years))

    def containing(self, day: date) -> Period:
        """The period of the same cycle (this one shifted) that `day` falls in."""
        return _containing(self, day)


@functools.lru_cache(maxsize=65536)
def _containing(period: Period, day: date) -> Period:
    # Cached: batches of attendance ask the same few (period, day) pairs thousands of times.
    candidate = period.shifted((day.year - period.start.year) // PERIOD_YEARS)
    while day < candidate.start:
        candidate = candidate.shifted(-1)
    while day >= candidate.shifted(1).start:
        candidate = candidate.shifted(1)
    return candidate


@dataclass(frozen=True)
class Norm:
    total_hours: Decimal
    core_hours: Decimal


@dataclass(frozen=True)
class Hours:
    """Hours of one period: in total and on the core teaching process."""

    total: Decimal = ZERO
    core: Decimal = ZERO

    def __add__(self, other: Hours) -> Hours:
        return Hours(self.total + other.total, self.core + other.core)

    def __neg__(self) -> Hours:
        return Hours(-self.total, -self.core)

    @classmethod
    def of(cls, hours: Decimal, core: bool) -> Hours:
        return cls(hours, hours if core else ZERO)

    @property
    def is_zero(self) -> bool:
        return self.total == 0 and self.core == 0


@dataclass(frozen=True)
class Progress:
    """Hours of one period measured against the norm."""

    period: Period
    hours: Hours
    norm: Norm

    @property
    def missing_total(self) -> Decimal:
        return max(ZERO, self.norm.total_hours - self.hours.total)

    @property
    def missing_core(self) -> Decimal:
        return max(ZERO, self.norm.core_hours - self.hours.core)

    @property
    def norm_met(self) -> bool:
        return self.missing_total == 0 and self.missing_core == 0


Delta = tuple[str, Period]
"""(registration number, period): the key of a progress row."""


def add_deltas(
    into: dict[Delta, Hours], registration_number: str, period: Period, hours: Hours
) -> None:
    key = (registration_number, period)
    into[key] = into.get(key, Hours()) + hours


def totals_by_period(
    current: Period, entries: Iterable[tuple[date, Decimal, bool]]
) -> dict[Period, Hours]:
    """A teacher's hours per period from (counting date, hours, core) of all their activities."""
    totals: dict[Period, Hours] = defaultdict(Hours)
    for day, hours, core in entries:
        period = current.containing(day)
        totals[period] = totals[period] + Hours.of(hours, core)
    return dict(totals)


def norm_for(sectors: Iterable[str], norms: Mapping[str, Norm], default: Norm) -> Norm:
    """A teacher working in several sectors meets the strictest of their norms."""
    chosen = [norms[s] for s in sectors if s in norms]
    if not chosen:
        return default
    return Norm(max(n.total_hours for n in chosen), max(n.core_hours for n in chosen))

"""Progress to the norm as the overview shows it: a bar and what is still missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class PeriodProgress:
    start: date
    end: date
    total: Decimal
    core: Decimal
    norm_total: Decimal
    norm_core: Decimal
    missing_total: Decimal
    missing_core: Decimal
    norm_met: bool

    @property
    def percent(self) -> int:
        """The bar's fill, 0-100 (the total hours against the norm's total)."""
        if self.norm_total <= 0:
            return 100
        return int(min(Decimal(100), self.total * 100 / self.norm_total))

    @property
    def core_percent(self) -> int:
        if self.norm_core <= 0:
            return 100
        return int(min(Decimal(100), self.core * 100 / self.norm_core))

    @classmethod
    def from_portfolio(cls, period: dict[str, Any]) -> PeriodProgress:
        """One entry of portfolio's `GET /v1/me/progress` `periods`."""
        return cls(
            start=date.fromisoformat(period["period_start"]),
            end=date.fromisoformat(period["period_end"]),
            total=Decimal(period["total_hours"]),
            core=Decimal(period["core_hours"]),
            norm_total=Decimal(period["norm_total_hours"]),
            norm_core=Decimal(period["norm_core_hours"]),
            missing_total=Decimal(period["missing_total_hours"]),
            missing_core=Decimal(period["missing_core_hours"]),
            norm_met=bool(period["norm_met"]),
        )


def current_period(periods: list[dict[str, Any]]) -> PeriodProgress | None:
    """The period marked current, else the newest (portfolio lists them newest first)."""
    if not periods:
        return None
    chosen = next((p for p in periods if p.get("current")), periods[0])
    return PeriodProgress.from_portfolio(chosen)

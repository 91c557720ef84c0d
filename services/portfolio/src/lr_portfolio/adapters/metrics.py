"""Prometheus counters of the portfolio (registered once per process, on import)."""

from __future__ import annotations

from prometheus_client import Counter

ACTIVITIES_CREATED = Counter(
    "lr_portfolio_activities_created_total", "Activities added to portfolios", ["source"]
)
ATTENDANCE_APPLIED = Counter(
    "lr_portfolio_attendance_applied_total", "Provider attendance reports applied"
)
ATTENDANCE_REJECTED = Counter(
    "lr_portfolio_attendance_rejected_total",
    "Provider attendance reports refused (to the dead-letter topic, or in the HTTP answer)",
    ["reason"],
)


class PrometheusMetrics:
    def activities_created(self, source: str, count: int = 1) -> None:
        if count:
            ACTIVITIES_CREATED.labels(source).inc(count)

    def attendance_applied(self, count: int) -> None:
        if count:
            ATTENDANCE_APPLIED.inc(count)

    def attendance_rejected(self, reason: str, count: int = 1) -> None:
        ATTENDANCE_REJECTED.labels(reason).inc(count)

"""Prometheus metrics of the sender."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

from lr_notifications.domain.delivery import Outcome

MAILS_SENT = Counter("lr_notifications_mails_sent_total", "Mails accepted by SMTP", ["kind"])
MAILS_FAILED = Counter(
    "lr_notifications_mails_failed_total",
    "SMTP attempts that failed (temporary: retried; permanent: recorded as failed)",
    ["kind", "failure"],
)
SEND_SECONDS = Histogram(
    "lr_notifications_send_seconds",
    "Time to hand one mail to SMTP (pool wait and rate limit included)",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


class PrometheusObserver:
    def observe(self, kind: str, outcome: Outcome, seconds: float) -> None:
        SEND_SECONDS.observe(seconds)
        if outcome.status == "sent":
            MAILS_SENT.labels(kind).inc()
        elif outcome.status == "failed":
            MAILS_FAILED.labels(kind, "permanent").inc()
        else:
            MAILS_FAILED.labels(kind, "temporary").inc()

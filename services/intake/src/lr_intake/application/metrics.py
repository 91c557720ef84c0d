"""Prometheus counters of what intake did."""

from __future__ import annotations

from prometheus_client import Counter

from lr_intake.domain.delivery import DeliveryOutcome

ROWS = Counter("lr_intake_rows_validated_total", "Delivery rows validated", ["outcome"])
DELIVERIES = Counter("lr_intake_deliveries_total", "Deliveries received", ["channel", "status"])
CHECKS = Counter(
    "lr_intake_dry_runs_total", "Files checked without delivering (dry runs)", ["status"]
)


def record_delivery(outcome: DeliveryOutcome) -> None:
    delivery = outcome.delivery
    counts = delivery.counts
    DELIVERIES.labels(delivery.channel, delivery.status).inc()
    ROWS.labels("accepted").inc(counts.accepted - counts.warned)
    ROWS.labels("warned").inc(counts.warned)
    ROWS.labels("rejected").inc(counts.rejected)

"""The columns of a delivery (CSV header, NDJSON keys, Kafka fields), in DESIGN.md's order."""

from __future__ import annotations

from lr_shared.contracts.columns import DELIVERY_COLUMNS as COLUMNS

COLUMN_COUNT = len(COLUMNS)

__all__ = ["COLUMNS", "COLUMN_COUNT"]

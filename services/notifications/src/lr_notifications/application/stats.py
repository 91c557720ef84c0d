"""What operators see: how many notifications are in each state, in total and per kind."""

from __future__ import annotations

from typing import Any

from lr_notifications.application.ports import UnitOfWorkFactory

# What an operator calls "pending": everything that may still be mailed.
_REPORTED = {
    "awaiting_contact": "pending",
    "pending": "pending",
    "sending": "pending",
    "sent": "sent",
    "failed": "failed",
    "no_address": "no_address",
    "cancelled": "cancelled",
}
COLUMNS = ("sent", "failed", "pending", "no_address", "cancelled")


async def notification_stats(uow_factory: UnitOfWorkFactory) -> dict[str, Any]:
    async with uow_factory() as uow:
        counts = await uow.notifications.counts()
    totals = dict.fromkeys(COLUMNS, 0)
    awaiting_contact = 0
    per_kind: dict[str, dict[str, int]] = {}
    for kind, status, count in counts:
        column = _REPORTED[status]
        totals[column] += count
        per_kind.setdefault(kind, dict.fromkeys(COLUMNS, 0))[column] += count
        if status == "awaiting_contact":
            awaiting_contact += count
    return {**totals, "awaiting_contact": awaiting_contact, "per_kind": per_kind}

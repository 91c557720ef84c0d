"""Intake's retention purges (docs/privacy.md): finished deliveries with their issues and the
appointments they no longer held, and correction requests the board answered or a redelivery
resolved. Each batch removes at most `limit` rows (lr_shared.retention)."""

from __future__ import annotations

from datetime import datetime

from lr_intake.settings import Settings
from lr_shared.db import UnitOfWork
from lr_shared.retention import Purge, days, delete_rows

# A delivery is finished once completed_at is set (completed or rejected); one still being
# processed is never purged. Its age counts from then. Issues are written once and never
# changed, so their ctid is stable for the statement.
_ISSUES = """
delete from delivery_issues where ctid = any(array(
    select ctid from delivery_issues
    where delivery_id in (select id from deliveries where completed_at < :cutoff)
    limit :limit))
returning 1
"""

_NO_LONGER_DELIVERED = """
delete from no_longer_delivered where (delivery_id, position) in (
    select delivery_id, position from no_longer_delivered
    where delivery_id in (select id from deliveries where completed_at < :cutoff)
    limit :limit for update skip locked)
returning 1
"""

# Last, once their rows are gone: an interrupted purge leaves deliveries with fewer issues,
# never issues without their delivery.
_DELIVERIES = """
delete from deliveries where id in (
    select d.id from deliveries d
    where d.completed_at < :cutoff
      and not exists (select 1 from delivery_issues i where i.delivery_id = d.id)
      and not exists (select 1 from no_longer_delivered n where n.delivery_id = d.id)
    order by d.completed_at
    limit :limit for update skip locked)
returning 1
"""

# Closed: answered by the board, or resolved by a redelivery; aged from the later of the two.
# An open request (both null) is never purged.
_CORRECTION_REQUESTS = """
delete from correction_requests where request_id in (
    select request_id from correction_requests
    where greatest(answered_at, resolved_at) < :cutoff
    order by greatest(answered_at, resolved_at)
    limit :limit for update skip locked)
returning 1
"""


async def purge_deliveries(uow: UnitOfWork, cutoff: datetime, limit: int) -> int:
    for statement in (_ISSUES, _NO_LONGER_DELIVERED, _DELIVERIES):
        removed = await delete_rows(uow.session, statement, cutoff, limit)
        if removed:
            return removed
    return 0


async def purge_correction_requests(uow: UnitOfWork, cutoff: datetime, limit: int) -> int:
    return await delete_rows(uow.session, _CORRECTION_REQUESTS, cutoff, limit)


def purges(settings: Settings) -> list[Purge[UnitOfWork]]:
    return [
        Purge(
            "intake.deliveries",
            days(settings.deliveries_retention_days),
            purge_deliveries,
        ),
        Purge(
            "intake.correction_requests",
            days(settings.correction_requests_retention_days),
            purge_correction_requests,
        ),
    ]

"""The notifications' retention purge (docs/privacy.md): a notification whose outcome is final
(sent, failed for good, no address, cancelled) is removed once that outcome is older than its
retention. One still waiting or being sent is kept however old."""

from __future__ import annotations

from datetime import datetime

from lr_shared.db import UnitOfWork
from lr_shared.retention import delete_rows

_NOTIFICATIONS = """
delete from notifications where id in (
    select id from notifications
    where status in ('sent', 'failed', 'no_address', 'cancelled') and updated_at < :cutoff
    order by updated_at
    limit :limit for update skip locked)
returning 1
"""


async def purge_notifications(uow: UnitOfWork, cutoff: datetime, limit: int) -> int:
    return await delete_rows(uow.session, _NOTIFICATIONS, cutoff, limit)

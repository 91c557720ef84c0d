"""The registry's retention SQL (docs/privacy.md); bootstrap.py puts the purges together."""

from __future__ import annotations

from datetime import datetime

from lr_shared.db import UnitOfWork
from lr_shared.retention import delete_rows

# Closed: answered by the board, or resolved by a redelivery; aged from the later of the two.
# An open request (both null) is kept however old.
_CORRECTION_REQUESTS = """
delete from correction_requests where request_id in (
    select request_id from correction_requests
    where greatest(answered_at, resolved_at) < :cutoff
    order by greatest(answered_at, resolved_at)
    limit :limit for update skip locked)
returning 1
"""


async def purge_correction_requests(uow: UnitOfWork, cutoff: datetime, limit: int) -> int:
    return await delete_rows(uow.session, _CORRECTION_REQUESTS, cutoff, limit)


# A board's look-ups (docs/privacy.md, "Who looked at my data"), aged by the look-up's time:
# first the numbers it showed, a batch at a time (rows written once, never changed: their ctid
# is stable for the statement), then the look-ups left without any.
_LOOKUP_REGISTRATIONS = """
delete from board_lookup_registrations where ctid = any(array(
    select ctid from board_lookup_registrations
    where lookup_id in (select id from board_lookups where at < :cutoff)
    limit :limit))
returning 1
"""

_LOOKUPS = """
delete from board_lookups where id in (
    select l.id from board_lookups l
    where l.at < :cutoff
      and not exists (select 1 from board_lookup_registrations r where r.lookup_id = l.id)
    order by l.at
    limit :limit for update skip locked)
returning 1
"""


async def purge_board_lookups(uow: UnitOfWork, cutoff: datetime, limit: int) -> int:
    for statement in (_LOOKUP_REGISTRATIONS, _LOOKUPS):
        removed = await delete_rows(uow.session, statement, cutoff, limit)
        if removed:
            return removed
    return 0

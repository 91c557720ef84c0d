"""The registry's retention purges (docs/privacy.md).

Deregistered teachers: once deregistered for longer than the retention, a teacher is erased
through the erasure saga, exactly as if they had asked (application/teacher.py): their personal
data here, the tombstones on the compacted topics and the erasure request to every service that
holds data on them. The registration number stays retired (`erasure_requests`).

Closed correction requests: answered by the board or resolved by a redelivery, removed once
older than their retention (adapters/retention.py).
"""

from __future__ import annotations

import logging
from datetime import datetime

from lr_registry.application.lifecycle import RegistrationNotFoundError
from lr_registry.application.ports import RegistryUnitOfWork, UnitOfWorkFactory
from lr_registry.application.publishing import Publisher
from lr_registry.application.teacher import ErasureNotDueError, request_erasure
from lr_registry.domain.model import Registration

log = logging.getLogger(__name__)


async def erase_deregistered(
    chooser: RegistryUnitOfWork,
    uow_factory: UnitOfWorkFactory,
    publisher: Publisher,
    cutoff: datetime,
    now: datetime,
    limit: int,
) -> int:
    """Erase at most `limit` teachers deregistered since before `cutoff`; how many.

    `chooser` is the purge's own transaction (it holds the purge's lock); each erasure is a
    transaction of its own that locks the registration and checks it is still deregistered, so
    a teacher appointed again meanwhile is kept. Teachers erased: a later delivery makes a new
    teacher with a new number, as after any erasure (docs/registry.md)."""
    erased = 0
    for number in await chooser.registrations.deregistered_before(cutoff, limit):
        try:
            await request_erasure(uow_factory, publisher, number, now, only_if=_deregistered)
        except (ErasureNotDueError, RegistrationNotFoundError):
            continue  # appointed again, or erased at their own request, meanwhile
        erased += 1
    return erased


def _deregistered(registration: Registration) -> bool:
    return registration.state == "deregistered"

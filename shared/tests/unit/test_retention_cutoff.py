"""The retention purge's cutoff and lock key, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from lr_shared.db import UnitOfWork
from lr_shared.retention import Purge, days


async def _nothing(uow: UnitOfWork, cutoff: datetime, limit: int) -> int:
    return 0


def test_the_cutoff_is_now_minus_the_retention() -> None:
    purge = Purge("intake.deliveries", days(400), _nothing)
    now = datetime(2027, 9, 1, 12, tzinfo=UTC)
    assert purge.cutoff(now) == now - timedelta(days=400)


def test_each_purge_has_its_own_lock_key_in_postgres_int_range() -> None:
    names = ["intake.deliveries", "intake.correction_requests", "registry.correction_requests"]
    keys = {Purge(n, days(1), _nothing).lock_key for n in names}
    assert len(keys) == len(names)
    assert all(-(2**31) <= k < 2**31 for k in keys)

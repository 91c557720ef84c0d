"""The purge of deregistered teachers erases only a registration that, locked in the erasure's
own transaction, is still deregistered (a teacher appointed again meanwhile is kept)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any
from unittest.mock import AsyncMock

from lr_registry.application.publishing import Publisher
from lr_registry.application.retention import erase_deregistered
from lr_registry.domain.model import Registration

NOW = datetime(2030, 9, 1, 3, tzinfo=UTC)


class FakeUnitOfWork:
    """The registry's unit of work with every repository a recording stand-in; the
    registrations as `states` holds them when they are locked."""

    def __init__(self, states: dict[str, str], chosen: list[str]) -> None:
        self.states = states
        self.registrations = AsyncMock()
        self.registrations.deregistered_before.return_value = chosen
        self.registrations.lock.side_effect = self._lock
        self.erasures = AsyncMock()
        self.erasures.get.return_value = None
        self.teachers = AsyncMock()
        self.teachers.erase.return_value = None
        self.data_keys = AsyncMock()
        self.outbox = AsyncMock()
        self.committed = 0

    async def _lock(self, numbers: list[str]) -> dict[str, Registration]:
        return {
            n: Registration(n, self.states[n], NOW - timedelta(days=2000))  # type: ignore[arg-type]
            for n in numbers
            if n in self.states
        }

    async def __aenter__(self) -> FakeUnitOfWork:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def commit(self) -> None:
        self.committed += 1

    def __getattr__(self, name: str) -> Any:
        return AsyncMock()


async def test_only_teachers_still_deregistered_when_locked_are_erased() -> None:
    # After they were chosen: LR00000002 was appointed again, LR00000003 asked to be erased.
    uow = FakeUnitOfWork(
        {"LR00000001": "deregistered", "LR00000002": "pending_confirmation"},
        ["LR00000001", "LR00000002", "LR00000003"],
    )
    erased = await erase_deregistered(
        uow,  # type: ignore[arg-type]
        lambda: uow,  # type: ignore[arg-type,return-value]
        Publisher(),
        NOW - timedelta(days=1461),
        NOW,
        limit=100,
    )
    assert erased == 1
    assert [c.args[0] for c in uow.teachers.erase.await_args_list] == ["LR00000001"]
    assert uow.committed == 1
    uow.registrations.deregistered_before.assert_awaited_once_with(NOW - timedelta(days=1461), 100)

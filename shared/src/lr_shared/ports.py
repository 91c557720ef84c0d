"""Ports every service's application layer shares (no SQLAlchemy or Kafka imported here)."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self


class Transaction(Protocol):
    """One unit of work: an async context manager that rolls back unless `commit()` was called.

    A service's own unit-of-work port extends it with the repositories it exposes."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

"""What every stack component offers the `lr stack` commands."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from lr_tools.console import LrError
from lr_tools.procs import tail

Report = Callable[[str], None]
"""Tells the progress display what a component is doing now."""

State = Literal["healthy", "starting", "unhealthy", "stopped"]


@dataclass(frozen=True)
class ComponentStatus:
    name: str
    state: State
    endpoint: str
    pid: int | None = None
    detail: str = ""


class Component(Protocol):
    name: str
    endpoint: str

    async def ensure(self, report: Report) -> None:
        """Start the component unless it is already healthy; return once it is healthy."""

    async def stop(self, report: Report) -> None:
        """Stop it if it runs; keep its data."""

    async def status(self) -> ComponentStatus: ...


DEAD_AFTER_CHECKS = 6


async def wait_until_healthy(
    name: str,
    probe: Callable[[], Awaitable[bool]],
    *,
    limit_s: float,
    alive: Callable[[], bool],
    logs: list[Path],
    interval: float = 0.5,
) -> None:
    """Poll `probe` until it answers; fail early, with the log tail, if the process died."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    gone = 0
    while True:
        if await probe():
            return
        # Seen on a first start (storage just formatted, PostgreSQL initialising beside it): the
        # process looked gone for a moment while it was starting. Only a lasting absence counts.
        gone = 0 if alive() else gone + 1
        if gone >= DEAD_AFTER_CHECKS:
            raise LrError(f"{name} exited during start-up.\n{_log_tails(logs)}")
        if loop.time() > deadline:
            raise LrError(f"{name} not ready after {limit_s:.0f} s.\n{_log_tails(logs)}")
        await asyncio.sleep(interval)


def _log_tails(logs: list[Path]) -> str:
    return "\n".join(f"--- last lines of {log} ---\n{tail(log)}" for log in logs)

"""The background task that runs the time-based lifecycle (reminders, period ends, expiry)."""

from __future__ import annotations

import asyncio
import logging

from lr_registry.bootstrap import Container

log = logging.getLogger(__name__)


async def run_scheduler(container: Container) -> None:
    """Tick forever. Every replica runs it; row locks keep them from doing anything twice."""
    interval = container.settings.scheduler_interval_seconds
    while True:
        try:
            looked_at = await container.tick()
            if looked_at:
                log.info("scheduler tick", extra={"registrations": looked_at})
        except Exception:
            log.exception("scheduler tick failed; trying again at the next interval")
        await asyncio.sleep(interval)

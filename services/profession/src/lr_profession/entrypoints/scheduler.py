"""The background task that sweeps the panels: stalled reviews withdrawn, panels filled."""

from __future__ import annotations

import asyncio
import logging

from lr_profession.bootstrap import Container

log = logging.getLogger(__name__)


async def run_sweeps(container: Container) -> None:
    """Sweep forever. Every replica runs it; row locks keep them from doing anything twice."""
    interval = container.settings.sweep_interval_seconds
    while True:
        try:
            result = await container.sweep()
            if result.withdrawn or result.assigned:
                log.info(
                    "panel sweep",
                    extra={"withdrawn": result.withdrawn, "assigned": result.assigned},
                )
        except Exception:
            log.exception("panel sweep failed; trying again at the next interval")
        await asyncio.sleep(interval)

"""Time series taken while a benchmark runs: memory of each service process (every second),
consumer lag of each of the fleet's consumer groups (every two seconds, from the broker), and
progress counters the benchmark supplies."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient

from lr_shared.kafka import KafkaSecurity, client_options
from lr_shared.lag import measure_lag
from lr_tools.bench.machine import process_kib

log = logging.getLogger(__name__)

Point = tuple[float, float]


@dataclass
class Series:
    """Seconds since `t0` and a value; one list per service instance, group or stage."""

    t0: float = field(default_factory=time.monotonic)
    rss_mib: dict[str, list[Point]] = field(default_factory=dict)
    lag: dict[str, list[Point]] = field(default_factory=dict)
    progress: dict[str, list[Point]] = field(default_factory=dict)

    def now(self) -> float:
        return round(time.monotonic() - self.t0, 2)

    def add(self, kind: dict[str, list[Point]], name: str, value: float) -> None:
        kind.setdefault(name, []).append((self.now(), value))

    def to_json(self) -> dict[str, dict[str, list[Point]]]:
        return {"rss_mib": self.rss_mib, "lag": self.lag, "progress": self.progress}


def group_name(group: str, suffix: str) -> str:
    """`lr-registry-appointments.f1234abcd` -> `lr-registry-appointments`."""
    return group[: -len(suffix)] if suffix and group.endswith(suffix) else group


class Sampler:
    """Background tasks filling a `Series` until the context ends."""

    def __init__(
        self,
        series: Series,
        *,
        pids: Callable[[], Mapping[str, int]],
        bootstrap: str,
        suffix: str,
        progress: Mapping[str, Callable[[], Awaitable[float]]] | None = None,
        security: KafkaSecurity | None = None,
    ) -> None:
        self.series = series
        self._pids = pids
        self._bootstrap = bootstrap
        self._suffix = suffix
        self._progress = dict(progress or {})
        self._security = security  # none: the `LR_KAFKA_*` environment's
        self._tasks: list[asyncio.Task[None]] = []

    async def __aenter__(self) -> Sampler:
        self._tasks = [
            asyncio.create_task(self._memory()),
            asyncio.create_task(self._lag()),
            asyncio.create_task(self._counters()),
        ]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def sample_memory(self) -> None:
        for instance, pid in self._pids().items():
            kib = process_kib(pid)
            if kib is not None:
                self.series.add(self.series.rss_mib, instance, round(kib / 1024, 1))

    async def _memory(self) -> None:
        while True:
            self.sample_memory()
            await asyncio.sleep(1.0)

    async def _counters(self) -> None:
        while True:
            for name, probe in self._progress.items():
                try:
                    self.series.add(self.series.progress, name, await probe())
                except Exception as exc:  # a probe failing once must not end the sampling
                    log.debug("progress probe %s failed: %s", name, exc)
            await asyncio.sleep(1.0)

    async def _lag(self) -> None:
        options = client_options(self._security)
        admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap, **options)
        reader = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap, enable_auto_commit=False, **options
        )
        await admin.start()
        await reader.start()
        try:
            while True:
                try:
                    await self._lag_once(admin, reader)
                except Exception as exc:  # the broker is busy; the next sample will do
                    log.debug("lag sample failed: %s", exc)
                await asyncio.sleep(2.0)
        finally:
            await reader.stop()
            await admin.close()

    async def _lag_once(self, admin: AIOKafkaAdminClient, reader: AIOKafkaConsumer) -> None:
        listed = await admin.list_consumer_groups()
        groups = sorted(
            {str(g[0] if isinstance(g, tuple) else g) for g in listed}
        )  # fmt: skip
        for group in groups:
            if not group.endswith(self._suffix):
                continue
            lag = await measure_lag(admin, reader, group)
            self.series.add(self.series.lag, group_name(group, self._suffix), sum(lag.values()))

"""The stack as local processes: Kafka from Maven's jars, Debian's PostgreSQL, the SMTP sink."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from rich.progress import Progress, TaskID

from lr_tools.console import LrError
from lr_tools.paths import Paths
from lr_tools.stack import kafka
from lr_tools.stack.base import Component, ComponentStatus, Report
from lr_tools.stack.kafka import Kafka
from lr_tools.stack.postgres import Postgres
from lr_tools.stack.smtp import SmtpSink
from lr_tools.stack.topics import ensure_topics, partitions_from_env


def reporter(progress: Progress, task: TaskID) -> Report:
    return lambda text: progress.update(task, description=text)


async def run_steps(
    progress: Progress, steps: dict[str, Callable[[Report], Awaitable[None]]]
) -> None:
    """Run independent steps concurrently, one progress line each; report every failure."""

    async def run(name: str, step: Callable[[Report], Awaitable[None]]) -> None:
        task = progress.add_task("", component=name, total=1)
        try:
            await step(reporter(progress, task))
        except Exception as error:
            progress.update(task, description="[red]failed")
            raise error
        finally:
            progress.update(task, completed=1)

    results = await asyncio.gather(
        *(run(name, step) for name, step in steps.items()), return_exceptions=True
    )
    failures = {
        name: result
        for name, result in zip(steps, results, strict=True)
        if isinstance(result, BaseException)
    }
    if failures:
        message = "\n\n".join(f"{name}: {failure}" for name, failure in failures.items())
        raise LrError(message) from next(iter(failures.values()))


@dataclass
class NativeStack:
    paths: Paths
    mode: str = "native"

    def __post_init__(self) -> None:
        self.kafka = Kafka(self.paths, partitions_from_env())
        self.postgres = Postgres(self.paths)
        self.smtp = SmtpSink(self.paths)

    @property
    def components(self) -> list[Component]:
        return [self.kafka, self.postgres, self.smtp]

    async def up(self, progress: Progress) -> None:
        await run_steps(
            progress,
            {
                "kafka": self._kafka_and_topics,
                "postgres": self.postgres.ensure,
                "smtp": self.smtp.ensure,
            },
        )

    async def _kafka_and_topics(self, report: Report) -> None:
        await self.kafka.ensure(report)
        report("creating topics")
        outcome = await ensure_topics(
            kafka.BOOTSTRAP_SERVERS, self.kafka.partitions, security=self.kafka.security
        )
        state = "already running" if self.kafka.was_running else "ready"
        report(f"{state}; topics: {outcome.summary()}")

    async def down(self, progress: Progress) -> None:
        # Sequential on purpose: the order is the reverse of the dependencies, and each
        # component's line shows what it is waiting for.
        for component in (self.smtp, self.kafka, self.postgres):
            await run_steps(progress, {component.name: component.stop})

    async def status(self) -> list[ComponentStatus]:
        return list(await asyncio.gather(*(c.status() for c in self.components)))

    def reset(self) -> None:
        self.kafka.reset()
        self.postgres.reset()

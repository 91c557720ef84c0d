"""`lr chaos`'s own Kafka, PostgreSQL and mail sink: the stack's components, on free ports and
with their data under var/chaos/, so the shared stack (others test on it) is never touched."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lr_tools.console import err_console
from lr_tools.fleet import free_port
from lr_tools.mailsink import MailSink
from lr_tools.paths import Paths
from lr_tools.procs import is_alive, running_pid
from lr_tools.stack.base import Report
from lr_tools.stack.kafka import MAIN_CLASS, Kafka
from lr_tools.stack.postgres import Postgres
from lr_tools.stack.topics import partitions_from_env


@dataclass(frozen=True)
class ChaosPaths(Paths):
    """The repository's paths, with state (`var`) under var/chaos/ instead of var/."""

    @cached_property
    def var(self) -> Path:
        return self.root / "var" / "chaos"


def _report(component: str) -> Report:
    def report(message: str) -> None:
        err_console.print(f"  {component}: {message}")

    return report


@dataclass
class ChaosStack:
    paths: ChaosPaths
    kafka: Kafka = field(init=False)
    postgres: Postgres = field(init=False)
    sink: MailSink = field(init=False)

    def __post_init__(self) -> None:
        broker = free_port()
        self.kafka = Kafka(
            self.paths,
            partitions_from_env(),
            name="chaos-kafka",
            endpoint=f"127.0.0.1:{broker}",
            controller_port=free_port(),
        )
        port = free_port()
        self.postgres = Postgres(
            self.paths, name="chaos-postgres", endpoint=f"127.0.0.1:{port}", port=port
        )
        self.sink = MailSink(port=0, directory=self.paths.mail)

    async def up(self) -> None:
        """A fresh broker, cluster and sink (what a previous run left is removed first)."""
        for state in (self.paths.kafka_state, self.paths.postgres_state, self.paths.mail):
            shutil.rmtree(state, ignore_errors=True)
        self.paths.ensure_dirs()
        await self.kafka.ensure(_report("kafka"))
        await self.postgres.ensure(_report("postgres"))
        await self.sink.start()

    def kafka_pid(self) -> int | None:
        return running_pid(self.paths.pid_file("kafka"), MAIN_CLASS)

    async def kill_kafka(self) -> None:
        """SIGKILL the broker (no clean shutdown: it recovers its logs at the next start)."""
        pid = self.kafka_pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGKILL)
        for _ in range(300):  # a killed process is gone within moments
            if not is_alive(pid, MAIN_CLASS):
                return
            await asyncio.sleep(0.1)

    async def start_kafka(self) -> None:
        await self.kafka.ensure(_report("kafka"))

    async def crash_postgres(self) -> None:
        """`pg_ctl stop -m immediate`: every backend ends at once, as in a crash."""
        await self.postgres.stop(_report("postgres"), mode="immediate")

    async def start_postgres(self) -> None:
        await self.postgres.ensure(_report("postgres"))

    async def down(self) -> None:
        """Stop everything and remove the data; the logs stay under var/chaos/log/."""
        await self.sink.stop()
        await self.kafka.stop(_report("kafka"))
        await self.postgres.stop(_report("postgres"))
        for state in (self.paths.kafka_state, self.paths.postgres_state):
            shutil.rmtree(state, ignore_errors=True)

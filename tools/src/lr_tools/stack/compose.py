"""The stack with `docker compose`, where a Docker engine answers: same endpoints as native.

Compose runs the containers; the topics are still created from the catalogue by this package,
so both paths give the same topics with the same configuration.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

from rich.progress import Progress

from lr_tools.paths import Paths
from lr_tools.procs import run_logged
from lr_tools.stack import kafka, postgres, smtp
from lr_tools.stack.base import ComponentStatus, Report, State
from lr_tools.stack.native import run_steps
from lr_tools.stack.topics import ensure_topics, partitions_from_env

INFRA = ("kafka", "postgres", "mailpit", "otel-collector", "jaeger")
ENDPOINTS = {
    "kafka": kafka.BOOTSTRAP_SERVERS,
    "postgres": f"127.0.0.1:{postgres.PORT}",
    "mailpit": f"{smtp.HOST}:{smtp.PORT} (UI http://127.0.0.1:8025)",
    "otel-collector": "127.0.0.1:4317 (gRPC), 127.0.0.1:4318 (HTTP)",
    "jaeger": "http://127.0.0.1:16686",
}


def docker_engine_available() -> bool:
    """True if a Docker engine answers and compose is installed (a docker client alone is not)."""
    if shutil.which("docker") is None:
        return False
    return _succeeds(["docker", "info", "--format", "{{.ServerVersion}}"]) and _succeeds(
        ["docker", "compose", "version"]
    )


def _succeeds(command: list[str]) -> bool:
    try:
        result = subprocess.run(command, capture_output=True, timeout=15, check=False)  # noqa: S603
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def compose_command(paths: Paths, *args: str, services_profile: bool = False) -> list[str]:
    profile = ["--profile", "services"] if services_profile else []
    return ["docker", "compose", "-f", str(paths.compose_file), *profile, *args]


def compose_env() -> dict[str, str]:
    return {**os.environ, "LR_TOPIC_PARTITIONS": str(partitions_from_env())}


@dataclass
class ComposeStack:
    paths: Paths
    mode: str = "docker compose"

    async def up(self, progress: Progress) -> None:
        await run_steps(progress, {"containers": self._containers})
        await run_steps(progress, {"topics": self._topics})

    async def _containers(self, report: Report) -> None:
        report("docker compose up --wait (images are pulled on first run)")
        await run_logged(
            compose_command(self.paths, "up", "--detach", "--wait", *INFRA),
            log=self.paths.log_file("compose"),
            what="docker compose up",
            env=compose_env(),
        )
        report("ready")

    async def _topics(self, report: Report) -> None:
        report("creating topics")
        outcome = await ensure_topics(kafka.BOOTSTRAP_SERVERS, partitions_from_env())
        report(f"ready; topics: {outcome.summary()}")

    async def down(self, progress: Progress) -> None:
        await run_steps(progress, {"containers": lambda report: self._down(report, volumes=False)})

    async def _down(self, report: Report, *, volumes: bool) -> None:
        report("docker compose down" + (" --volumes" if volumes else ""))
        extra = ["--volumes"] if volumes else []
        await run_logged(
            compose_command(self.paths, "down", *extra, services_profile=True),
            log=self.paths.log_file("compose"),
            what="docker compose down",
            env=compose_env(),
        )
        report("stopped")

    async def status(self) -> list[ComponentStatus]:
        states = await asyncio.to_thread(self._container_states)
        probes = {
            "kafka": kafka.probe(),
            "postgres": postgres.probe(),
            "mailpit": smtp.probe(),
        }
        answers = dict(zip(probes, await asyncio.gather(*probes.values()), strict=True))
        statuses = []
        for name in INFRA:
            container = states.get(name, "")
            state: State = "stopped"
            if container == "running":
                state = "healthy" if answers.get(name, True) else "starting"
            elif container:
                state = "unhealthy"
            statuses.append(ComponentStatus(name, state, ENDPOINTS[name], None, container))
        return statuses

    def _container_states(self) -> dict[str, str]:
        result = subprocess.run(  # noqa: S603 - fixed argument list
            compose_command(self.paths, "ps", "--all", "--format", "json"),
            capture_output=True,
            text=True,
            check=False,
            env=compose_env(),
        )
        return {row["Service"]: row["State"] for row in _parse_ps(result.stdout)}

    def reset(self) -> None:
        subprocess.run(  # noqa: S603 - fixed argument list
            compose_command(self.paths, "down", "--volumes", services_profile=True),
            check=False,
            env=compose_env(),
        )


def _parse_ps(output: str) -> list[dict[str, Any]]:
    # Compose v2.21+ prints one JSON object per line; older versions print one JSON array.
    text = output.strip()
    if not text:
        return []
    if text.startswith("["):
        rows: list[dict[str, Any]] = json.loads(text)
        return rows
    return [json.loads(line) for line in text.splitlines() if line.strip()]

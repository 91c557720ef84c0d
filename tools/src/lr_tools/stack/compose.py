"""The stack with `docker compose`, where a Docker engine answers: same endpoints as native.

Compose runs the containers; the broker's certificate, the services' Kafka passwords, the
topics and the ACLs are still made by this package, so both paths give the same secured broker
with the same topics and grants (docs/security.md).
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

from lr_shared.contracts.acls import SERVICES
from lr_shared.kafka import KafkaSecurity
from lr_tools.paths import Paths
from lr_tools.procs import run_logged
from lr_tools.stack import kafka, postgres, smtp
from lr_tools.stack.base import ComponentStatus, Report, State
from lr_tools.stack.native import run_steps
from lr_tools.stack.tls import ensure_certificates
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
    """The broker runs as the caller's user id (LR_UID), so it can read var/tls (0700)."""
    return {
        **os.environ,
        "LR_TOPIC_PARTITIONS": str(partitions_from_env()),
        "LR_UID": os.environ.get("LR_UID") or str(os.getuid()),
    }


def service_password_files(credentials: dict[str, str]) -> dict[str, str]:
    """`kafka-<service>.env` -> its content: the one password that service's container gets
    (docker-compose.yml's `env_file`); its user name and CA are in docker-compose.yml."""
    return {
        f"kafka-{p.name.removeprefix('lr-')}.env": (
            f"# {p.name}'s development password (deploy/kafka-credentials.env), by lr stack up.\n"
            f"LR_KAFKA_PASSWORD={credentials[p.name]}\n"
        )
        for p in SERVICES
    }


@dataclass
class ComposeStack:
    paths: Paths
    mode: str = "docker compose"

    async def up(self, progress: Progress) -> None:
        await run_steps(progress, {"kafka files": self._files})
        await run_steps(progress, {"containers": self._containers})
        await run_steps(progress, {"topics": self._topics})

    async def _files(self, report: Report) -> None:
        """What the broker and the services' containers mount: the development CA and the
        broker's certificate (var/tls), each service's Kafka password (var/compose); and
        var/kafka/client.env, from which the tools and tests learn how to connect."""
        tls = ensure_certificates(self.paths.var / "tls")
        files = self.paths.var / "compose"
        files.mkdir(parents=True, exist_ok=True)
        files.chmod(0o700)
        for name, text in service_password_files(kafka.dev_credentials(self.paths)).items():
            path = files / name
            path.touch(mode=0o600, exist_ok=True)
            path.write_text(text)
        kafka.write_client_env(self.paths.kafka_state, tls.ca_cert)
        report("certificates and passwords ready")

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
        security = KafkaSecurity.from_env(kafka.stack_client_env(self.paths))  # lr-admin
        outcome = await ensure_topics(
            kafka.BOOTSTRAP_SERVERS, partitions_from_env(), security=security
        )
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
        security = KafkaSecurity.from_env(kafka.stack_client_env(self.paths))
        probes = {
            "kafka": kafka.probe(security=security),
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

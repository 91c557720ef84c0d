"""A fleet: the four services (and, when asked, the portal and the profession) as separate
processes with their own databases, topics, ports and SMTP server, for the end-to-end tests and
the benchmark (which must not disturb `make up`)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx

from lr_shared.kafka import KafkaSecurity
from lr_tools.paths import Paths
from lr_tools.services.spec import read_env_file
from lr_tools.stack.kafka import dev_credentials
from lr_tools.stack.privileges import create_service_database, service_url
from lr_tools.stack.topics import delete_topics, ensure_topics, partitions_from_env

SERVICES = ("intake", "registry", "portfolio", "notifications")
PORTAL = "portal"
"""The web pages: started only by the fleets that ask for it (`open(SERVICES + (PORTAL,))`)."""
PROFESSION = "profession"
"""Teacher panels (accreditation): started only by the fleets that ask for it, like the portal."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Fleet:
    """Service processes sharing one topic suffix; each instance its own port and log file."""

    root: Path
    workdir: Path
    postgres_url: str  # admin URL, libpq form
    kafka_bootstrap: str
    smtp_port: int
    keys: Path
    kafka_security: KafkaSecurity = field(default_factory=KafkaSecurity.from_env)
    """The fleet's own tooling's (topics, ACLs, test clients): the broker's admin."""
    topic_suffix: str = field(default_factory=lambda: f".f{uuid.uuid4().hex[:8]}")
    databases: dict[str, str] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    instance_env: dict[str, dict[str, str]] = field(default_factory=dict)
    """Settings added to one instance's environment at its next starts (a crash test arms
    `LR_FAILPOINTS` here, starts the instance, and removes them before starting it again)."""

    def url(self, instance: str) -> str:
        return f"http://127.0.0.1:{self.ports[instance]}"

    def database_url(self, service: str) -> str:
        """As the service's own role, which owns the fleet's database of the service."""
        return service_url(self.postgres_url, service, self.databases[service])

    def environment(self, service: str, instance: str) -> dict[str, str]:
        settings = read_env_file(self.root / "deploy" / "native" / "services.env")
        return {
            **os.environ,
            **settings,
            "LR_SERVICE_NAME": service,
            "LR_INSTANCE_ID": instance,
            "LR_HTTP_PORT": str(self.ports.get(instance) or free_port()),
            "LR_DATABASE_URL": self.database_url(service),
            "LR_KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap,
            **self._kafka_environment(service),
            "LR_TOPIC_SUFFIX": self.topic_suffix,
            "LR_SMTP_PORT": str(self.smtp_port),
            "LR_JWKS_FILE": str(self.keys / "jwks.json"),
            "LR_REGISTER_SIGNING_KEY_FILE": str(self.keys / "registry-signing-key.pem"),
            "LR_OTEL_EXPORTER": "file",
            "LR_OTEL_FILE": str(self.workdir / "traces" / "{service}.jsonl"),
            **self._portal_environment(),
            **self.instance_env.get(instance, {}),
        }

    def _kafka_environment(self, service: str) -> dict[str, str]:
        """The service's own principal (`lr-<service>`, development password) on a secured
        broker, so the fleet runs under the ACLs production has."""
        security = self.kafka_security
        if security.protocol == "PLAINTEXT":
            return {"LR_KAFKA_SECURITY_PROTOCOL": "PLAINTEXT"}
        principal = f"lr-{service}"
        password = dev_credentials(Paths(self.root)).get(principal)
        if password is None:  # the portal: no Kafka
            return {}
        return {
            "LR_KAFKA_SECURITY_PROTOCOL": security.protocol,
            "LR_KAFKA_USERNAME": principal,
            "LR_KAFKA_PASSWORD": password,
            "LR_KAFKA_CA_FILE": str(security.ca_file or ""),
        }

    def _portal_environment(self) -> dict[str, str]:
        """Where the portal finds intake, the registry, portfolio and profession, the development
        sign-in's key, and the portal's address that notifications links its mails to."""
        # The fleet's own files, never the checkout's var/ (services.env's): after a `make run`
        # its delivered teachers would appear in every fleet's development sign-in.
        values = {
            "LR_DEV_IDP_KEY_FILE": str(self.keys / "dev-idp-key.pem"),
            "LR_DEV_TEST_DATA_FILE": str(self.workdir / "delivered-teachers.csv"),
            "LR_DEV_REFERENCE_DIR": str(self.workdir / "reference"),
        }
        for service, variable in (
            ("intake", "LR_INTAKE_URL"),
            ("registry", "LR_REGISTRY_URL"),
            ("portfolio", "LR_PORTFOLIO_URL"),
            (PROFESSION, "LR_PROFESSION_URL"),
        ):
            if service in self.ports:
                values[variable] = self.url(service)
        if PORTAL in self.ports:
            values["LR_PORTAL_BASE_URL"] = self.url(PORTAL)
        return values

    async def create_databases(self) -> None:
        for service in (*SERVICES, PROFESSION, PORTAL):
            name = f"f_{service}_{uuid.uuid4().hex[:8]}"
            await create_service_database(self.postgres_url, name, service)
            self.databases[service] = name

    async def delete_topics(self) -> None:
        """The fleet's own topics (those with its suffix), so runs do not pile up on the broker."""
        await delete_topics(
            self.kafka_bootstrap, suffix=self.topic_suffix, security=self.kafka_security
        )

    async def drop_databases(self) -> None:
        admin = await asyncpg.connect(self.postgres_url)
        try:
            for name in self.databases.values():
                await admin.execute(f'drop database if exists "{name}" with (force)')
        finally:
            await admin.close()

    def start(self, service: str, replica: int = 1) -> str:
        """Start an instance; started again (after a crash test killed it, say), it keeps its
        port, so the URLs clients hold stay right."""
        instance = service if replica == 1 else f"{service}-{replica}"
        self.ports[instance] = self.ports.get(instance) or free_port()
        log = (self.workdir / "log" / f"{instance}.log").open("ab")
        self.processes[instance] = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", f"lr_{service}"],
            cwd=self.root,
            env=self.environment(service, instance),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        return instance

    async def wait_ready(
        self, timeout: float = 120.0, instances: tuple[str, ...] | None = None
    ) -> None:
        """Until every instance (or the ones named) answers /ready; raises if one exits."""
        deadline = asyncio.get_running_loop().time() + timeout
        async with httpx.AsyncClient(timeout=2.0) as client:
            for instance in instances if instances is not None else tuple(self.processes):
                while True:
                    if self.processes[instance].poll() is not None:
                        raise RuntimeError(f"{instance} exited:\n{self.log_tail(instance)}")
                    try:
                        if (await client.get(f"{self.url(instance)}/ready")).status_code == 200:
                            break
                    except httpx.HTTPError:
                        pass
                    if asyncio.get_running_loop().time() > deadline:
                        raise RuntimeError(f"{instance} not ready:\n{self.log_tail(instance)}")
                    await asyncio.sleep(0.5)

    def log_tail(self, instance: str, lines: int = 40) -> str:
        path = self.workdir / "log" / f"{instance}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def run_cli(self, service: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Run one of the service's own operator commands against this fleet's database."""
        return subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", f"lr_{service}.entrypoints.cli", *args],
            cwd=self.root,
            env=self.environment(service, f"{service}-cli"),
            capture_output=True,
            text=True,
            check=True,
        )

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    async def open(
        self, services: tuple[str, ...] = SERVICES, *, ready_timeout: float = 120.0
    ) -> None:
        (self.workdir / "log").mkdir(parents=True, exist_ok=True)
        await self.create_databases()
        # The fleet's topics as `lr stack up` makes the catalogue's: partitions and cleanup as in
        # production, not whatever the broker's auto-creation gives.
        await ensure_topics(
            self.kafka_bootstrap,
            partitions_from_env(),
            suffix=self.topic_suffix,
            security=self.kafka_security,
        )
        for service in services:  # known before any starts: notifications links to the portal
            self.ports.setdefault(service, free_port())
        for service in services:
            self.start(service)
        await self.wait_ready(ready_timeout)

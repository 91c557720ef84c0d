"""Which services exist, where each instance listens, and the environment it starts with."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from lr_tools.console import LrError
from lr_tools.paths import Paths
from lr_tools.stack import postgres

BASE_PORTS = {
    "intake": 8001,
    "registry": 8002,
    "portfolio": 8003,
    "notifications": 8004,
    "portal": 8005,
    "profession": 8006,
}
# Replica n of a service listens on its base port + 10 * (n - 1): registry-2 on 8012, ...
REPLICA_PORT_STEP = 10
MAX_REPLICAS = 9
INSTANCE_NAME = re.compile(r"^(?P<service>[a-z]+)(?:-(?P<replica>[2-9]))?$")


@dataclass(frozen=True)
class Instance:
    """One process of one service; replica 1 is the service itself."""

    service: str
    replica: int = 1

    @property
    def name(self) -> str:
        return self.service if self.replica == 1 else f"{self.service}-{self.replica}"

    @property
    def port(self) -> int:
        return BASE_PORTS[self.service] + REPLICA_PORT_STEP * (self.replica - 1)

    @property
    def module(self) -> str:
        return f"lr_{self.service}"

    @property
    def marker(self) -> str:
        """What identifies its process in the process table (see lr_tools.procs)."""
        return f"-m {self.module}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @classmethod
    def from_name(cls, name: str) -> Instance | None:
        match = INSTANCE_NAME.match(name)
        if match is None or match["service"] not in BASE_PORTS:
            return None
        return cls(match["service"], int(match["replica"] or 1))


def parse_only(only: str | None) -> list[str]:
    if not only:
        return list(BASE_PORTS)
    names = [name.strip() for name in only.split(",") if name.strip()]
    unknown = [name for name in names if name not in BASE_PORTS]
    if unknown:
        raise LrError(f"unknown service(s): {', '.join(unknown)}; known: {', '.join(BASE_PORTS)}")
    return names


def parse_replicas(values: list[str]) -> dict[str, int]:
    """`registry=3` -> {"registry": 3}."""
    replicas: dict[str, int] = {}
    for value in values:
        service, _, count = value.partition("=")
        if service not in BASE_PORTS or not count.isdigit() or not 1 <= int(count) <= MAX_REPLICAS:
            raise LrError(
                f"--replicas expects SERVICE=N with N in 1..{MAX_REPLICAS}, not {value!r}"
            )
        replicas[service] = int(count)
    return replicas


def instances(services: list[str], replicas: dict[str, int]) -> list[Instance]:
    return [
        Instance(service, replica)
        for service in services
        for replica in range(1, replicas.get(service, 1) + 1)
    ]


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; blank lines and `#` comments ignored, surrounding quotes removed."""
    values: dict[str, str] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise LrError(f"{path}:{number}: expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def environment(paths: Paths, instance: Instance) -> dict[str, str]:
    """The process environment: development settings < the caller's environment < per instance.

    The caller's environment wins over services.env (as with dotenv files), so that one can
    point a service elsewhere without editing the committed file.
    """
    from lr_tools.stack.kafka import service_kafka_env  # kafka.py reads env files with ours

    settings = read_env_file(paths.native_deploy / "services.env")
    return {
        **settings,
        **os.environ,
        # Its own Kafka principal, not the tooling's admin that `lr` put in os.environ.
        **service_kafka_env(paths, instance.service),
        "LR_SERVICE_NAME": instance.service,
        "LR_INSTANCE_ID": instance.name,
        "LR_HTTP_PORT": str(instance.port),
        "LR_DATABASE_URL": postgres.service_url(instance.service),
    }

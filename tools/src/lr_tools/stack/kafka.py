"""Apache Kafka as one local KRaft node (broker and controller), run from Maven Central's jars."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from string import Template

from aiokafka.admin import AIOKafkaAdminClient

from lr_shared.contracts.acls import ADMIN, BROKER, SCRAM_USERS
from lr_shared.kafka import SASL_MECHANISM, KafkaSecurity
from lr_tools.console import LrError
from lr_tools.paths import KAFKA_VERSION, Paths
from lr_tools.procs import rotate, run_logged, running_pid, spawn_detached, stop_process
from lr_tools.services.spec import read_env_file
from lr_tools.stack.base import ComponentStatus, Report, wait_until_healthy
from lr_tools.stack.tls import ensure_certificates

BOOTSTRAP_SERVERS = "127.0.0.1:19092"
CONTROLLER_PORT = 19093
MAIN_CLASS = "kafka.Kafka"
START_TIMEOUT_S = 120.0
# A clean shutdown flushes logs and writes a checkpoint, which saves a slow recovery next start.
STOP_TIMEOUT_S = 60.0


CONTROLLER = "lr-controller"
CLIENT_ENV = "client.env"
"""Written next to server.properties when it is rendered: how clients reach the broker that was
started with it (protocol, CA), so tools never guess it from the template."""

PLAINTEXT_OVERRIDES = {
    "listener.security.protocol.map": "BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "authorizer.class.name": "",
}
"""What turns the rendered template into a broker without security (`lr bench --parts
kafka-security` measures against it): appended, and the last value of a key wins in a
properties file, so both brokers differ in exactly these lines. The SASL settings left above
them apply to SASL listeners only, of which there are none then."""


def without_security(properties: str) -> str:
    """The same broker configuration with PLAINTEXT listeners and no authorizer."""
    lines = [f"{key}={value}" for key, value in PLAINTEXT_OVERRIDES.items()]
    return (
        properties.rstrip("\n")
        + "\n\n# Without security (lr bench --parts kafka-security): these override the above.\n"
        + "\n".join(lines)
        + "\n"
    )


async def probe(
    bootstrap_servers: str = BOOTSTRAP_SERVERS,
    within: float = 5.0,
    security: KafkaSecurity | None = None,
) -> bool:
    """True if a broker answers a metadata request (an open port alone proves nothing)."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap_servers,
        client_id="lr-stack-probe",
        request_timeout_ms=int(within * 1000),
        **(security or KafkaSecurity()).client_options(),
    )
    try:
        await asyncio.wait_for(admin.start(), within)
        await asyncio.wait_for(admin.describe_cluster(), within)
    except Exception:  # any failure means "not ready yet"
        return False
    finally:
        await _close_quietly(admin)
    return True


async def _close_quietly(admin: AIOKafkaAdminClient) -> None:
    # Closing a client that never connected may raise; there is nothing left to clean up then.
    with contextlib.suppress(Exception):
        await admin.close()


def new_cluster_id(random_bytes: Callable[[], bytes] = lambda: uuid.uuid4().bytes) -> str:
    """What `kafka-storage.sh random-uuid` prints: a uuid4 as 22 chars of url-safe base64,
    never starting with "-" (Kafka's Uuid.randomUuid draws again too: a leading "-" reads as an
    option on a command line, and one start in 64 failed to format the storage)."""
    while True:
        cluster_id = base64.urlsafe_b64encode(random_bytes()).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def write_client_env(state: Path, ca_file: Path | None) -> None:
    """`client.env` in the broker's state folder: SASL_SSL with this CA, or PLAINTEXT (none)."""
    client = (
        f"LR_KAFKA_SECURITY_PROTOCOL=SASL_SSL\nLR_KAFKA_CA_FILE={ca_file}\n"
        if ca_file is not None
        else "LR_KAFKA_SECURITY_PROTOCOL=PLAINTEXT\n"
    )
    state.mkdir(parents=True, exist_ok=True)
    (state / CLIENT_ENV).write_text(
        "# How clients reach the broker that was started with it (lr stack up).\n" + client
    )


def dev_credentials(paths: Paths) -> dict[str, str]:
    """Development SCRAM users and passwords (deploy/kafka-credentials.env): `dev-` placeholders.
    None outside a checkout that has the file."""
    path = paths.root / "deploy" / "kafka-credentials.env"
    return read_env_file(path) if path.is_file() else {}


def stack_client_env(paths: Paths, user: str = ADMIN) -> dict[str, str]:
    """`LR_KAFKA_*` for a client of the broker `paths` rendered, as `user` (the tooling's admin
    by default); empty if that broker speaks PLAINTEXT (one rendered before SASL, or none)."""
    client_env = paths.kafka_state / CLIENT_ENV
    if not client_env.is_file():
        return {}
    values = read_env_file(client_env)
    if values.get("LR_KAFKA_SECURITY_PROTOCOL") != "SASL_SSL":
        return values
    values["LR_KAFKA_USERNAME"] = user
    values["LR_KAFKA_PASSWORD"] = dev_credentials(paths)[user]
    return values


def use_stack_client_env(paths: Paths | None = None) -> None:
    """Put the local broker's `LR_KAFKA_*` (as the tooling's admin) in this process's
    environment, for the `lr` command, the test plugin and the benchmark scripts run on their
    own; what the environment says already wins."""
    for name, value in stack_client_env(paths or Paths.discover()).items():
        os.environ.setdefault(name, value)


def service_kafka_env(paths: Paths, service: str) -> dict[str, str]:
    """`LR_KAFKA_*` for one service's process: its own principal `lr-<service>` on a secured
    broker; PLAINTEXT (explicitly, whatever the caller's environment says) otherwise. The
    portal has no Kafka and gets nothing."""
    principal = f"lr-{service}"
    if principal not in dev_credentials(paths):
        return {}
    secured = stack_client_env(paths, user=principal)
    return secured or {"LR_KAFKA_SECURITY_PROTOCOL": "PLAINTEXT"}


@dataclass
class Kafka:
    """The shared stack's broker by default; `lr chaos` and `lr bench` make ones of their own
    with other ports and `paths` whose `var` is elsewhere. `secured=False` is only for the
    bench's PLAINTEXT baseline (the cost of security); every other broker is secured."""

    paths: Paths
    partitions: int
    name: str = "kafka"
    endpoint: str = BOOTSTRAP_SERVERS
    controller_port: int = CONTROLLER_PORT
    secured: bool = True

    @property
    def _state(self) -> Path:
        return self.paths.kafka_state

    @property
    def _pid_file(self) -> Path:
        return self.paths.pid_file("kafka")

    @property
    def _log(self) -> Path:
        return self.paths.log_file("kafka")

    @property
    def _stdout_log(self) -> Path:
        # The JVM's own output (crashes, bad options) lands here; the broker logs to kafka.log.
        return self.paths.log_file("kafka.stdout")

    was_running: bool = False

    @property
    def security(self) -> KafkaSecurity:
        """How the stack's tooling (lr-admin) connects to this broker as it was started."""
        return KafkaSecurity.from_env(stack_client_env(self.paths))

    async def _probe(self) -> bool:
        return await probe(self.endpoint, security=self.security)

    async def ensure(self, report: Report) -> None:
        self.was_running = await self._probe()
        if self.was_running:
            report("already running")
            return
        if running_pid(self._pid_file, MAIN_CLASS) is None:
            await self._ensure_jars(report)
            config = self._render_config()
            await self._format_storage(config, report)
            report("starting")
            self._start(config)
        report("waiting for the broker to answer")
        await wait_until_healthy(
            "Kafka",
            self._probe,
            limit_s=START_TIMEOUT_S,
            alive=lambda: running_pid(self._pid_file, MAIN_CLASS) is not None,
            logs=[self._log, self._stdout_log],
        )
        report("ready")

    async def _ensure_jars(self, report: Report) -> None:
        libs = self.paths.kafka_libs
        if (libs / f"kafka_2.13-{KAFKA_VERSION}.jar").is_file():
            return
        if shutil.which("mvn") is None:
            raise LrError("Kafka's jars are missing and Maven (mvn) is not installed.")
        report(f"downloading Kafka {KAFKA_VERSION} from Maven Central (first run only)")
        # Download next to the target and rename at the end, so that an interrupted download
        # is never mistaken for a complete one.
        partial = libs.with_name("libs.partial")
        shutil.rmtree(partial, ignore_errors=True)
        log = self.paths.log_file("maven")
        await run_logged(
            [
                "mvn", "-B", "-q", "-f", str(self.paths.native_deploy / "kafka" / "pom.xml"),
                f"-Dkafka.version={KAFKA_VERSION}", "dependency:copy-dependencies",
                "-DincludeScope=runtime", f"-DoutputDirectory={partial}",
            ],
            log=log,
            what="Downloading Kafka with Maven",
        )  # fmt: skip
        shutil.rmtree(libs, ignore_errors=True)
        partial.rename(libs)

    def _render_config(self) -> Path:
        template = Template(
            (self.paths.native_deploy / "kafka" / "server.properties.template").read_text()
        )
        tls = ensure_certificates(self.paths.var / "tls")
        credentials = dev_credentials(self.paths)
        text = template.substitute(
            log_dirs=self._state / "data",
            num_partitions=str(self.partitions),
            port=self.endpoint.rsplit(":", 1)[1],
            controller_port=str(self.controller_port),
            broker_password=credentials[BROKER],
            controller_password=credentials[CONTROLLER],
            keystore=tls.server,
            truststore=tls.ca_cert,
        )
        self._state.mkdir(parents=True, exist_ok=True)
        config = self._state / "server.properties"
        config.touch(mode=0o600, exist_ok=True)  # it holds the broker's own passwords
        config.write_text(text if self.secured else without_security(text))
        write_client_env(self._state, tls.ca_cert if self.secured else None)
        return config

    def _scram_users(self) -> list[str]:
        """`--add-scram` options: every principal's SCRAM user, created with the storage."""
        credentials = dev_credentials(self.paths)
        options = []
        for user in SCRAM_USERS:
            options += [
                "--add-scram",
                f"{SASL_MECHANISM}=[name={user},password={credentials[user]}]",
            ]
        return options

    async def _format_storage(self, config: Path, report: Report) -> None:
        scram_marker = self._state / "scram-users"
        if (self._state / "data" / "meta.properties").is_file():
            if not scram_marker.is_file():
                raise LrError(
                    "Kafka's storage was formatted without SCRAM users (before SASL): "
                    "run `lr stack reset` once, then `lr stack up` (docs/security.md)."
                )
            return
        report("formatting storage (first run only)")
        id_file = self._state / "cluster-id"
        if not id_file.is_file():
            id_file.write_text(new_cluster_id() + "\n")
        cluster_id = id_file.read_text().strip()
        await run_logged(
            [*self._java(heap="256m"), "kafka.tools.StorageTool", "format",
             f"--cluster-id={cluster_id}", "-c", str(config), "--ignore-formatted",
             *self._scram_users()],
            log=self.paths.log_file("kafka-format"),
            what="Formatting Kafka's storage",
        )  # fmt: skip
        scram_marker.write_text("\n".join(SCRAM_USERS) + "\n")

    def _java(self, heap: str) -> list[str]:
        return [
            "java", f"-Xms{heap}", f"-Xmx{heap}", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true", "-cp", f"{self.paths.kafka_libs}/*",
        ]  # fmt: skip

    def _start(self, config: Path) -> None:
        self.paths.log.mkdir(parents=True, exist_ok=True)
        rotate(self._log)
        command = [
            *self._java(heap="512m"),
            f"-Dorg.slf4j.simpleLogger.logFile={self._log}",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ",
            # Tests create many topics; one line per partition state change is noise here.
            "-Dorg.slf4j.simpleLogger.log.state.change.logger=warn",
            MAIN_CLASS,
            str(config),
        ]
        spawn_detached(
            command, log_file=self._stdout_log, pid_file=self._pid_file, cwd=self.paths.root
        )

    async def stop(self, report: Report) -> None:
        pid = running_pid(self._pid_file, MAIN_CLASS)
        if pid is None:
            report("not running")
            return
        report("stopping (clean shutdown)")
        clean = await stop_process(pid, MAIN_CLASS, grace_s=STOP_TIMEOUT_S)
        self._pid_file.unlink(missing_ok=True)
        report("stopped" if clean else f"killed after {STOP_TIMEOUT_S:.0f} s")

    async def status(self) -> ComponentStatus:
        pid = running_pid(self._pid_file, MAIN_CLASS)
        if await self._probe():
            return ComponentStatus(self.name, "healthy", self.endpoint, pid)
        return ComponentStatus(self.name, "unhealthy" if pid else "stopped", self.endpoint, pid)

    def reset(self) -> None:
        shutil.rmtree(self._state, ignore_errors=True)

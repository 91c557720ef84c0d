"""PostgreSQL from Debian's packages, one cluster under var/postgres with a database per service.

As root, the server runs as the `postgres` OS user (PostgreSQL refuses to run as root). Clients
connect over TCP with scram: the stack's tools as the administrator `lr`/`lr`, each service as
its own role, which owns its database and nothing else (lr_tools.stack.privileges). The unix
socket (in a directory only `postgres` can enter) trusts local connections so that `lr stack up`
can create the `lr` role after `initdb`.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

import asyncpg  # type: ignore[import-untyped,unused-ignore]  # no stubs; root config may add them

from lr_tools.console import LrError
from lr_tools.paths import Paths
from lr_tools.procs import is_alive, read_pid, run_logged
from lr_tools.stack import privileges
from lr_tools.stack.base import ComponentStatus, Report, wait_until_healthy

PORT = 55432
USER = "lr"
PASSWORD = "lr"  # noqa: S105 - the documented development password of a local cluster
DATABASES = {f"lr_{service}": service for service in privileges.SERVICES}
"""Each service's database, named like the role that owns it."""
DSN = f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{PORT}/postgres"
START_TIMEOUT_S = 60.0
SERVER_ROOT = Path("/usr/lib/postgresql")


def service_url(service: str) -> str:
    """How a service reaches its database on the native stack: as its own role."""
    return privileges.service_url(DSN, service, f"lr_{service}")


async def probe(dsn: str = DSN, within: float = 3.0) -> bool:
    """True if PostgreSQL accepts `lr` over TCP and answers a query."""
    try:
        connection = await asyncpg.connect(dsn, timeout=within)
    except Exception:  # any failure means "not ready"
        return False
    try:
        return bool(await connection.fetchval("select 1") == 1)
    finally:
        await connection.close()


def find_bin_dir() -> Path | None:
    """The newest installed major version's binaries, e.g. /usr/lib/postgresql/15/bin."""
    candidates = [
        path / "bin"
        for path in SERVER_ROOT.glob("*")
        if path.name.isdigit() and (path / "bin" / "initdb").is_file()
    ]
    return max(candidates, key=lambda bin_dir: int(bin_dir.parent.name), default=None)


def _running_as_root() -> bool:
    return os.geteuid() == 0


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if _running_as_root() else command


@dataclass
class Postgres:
    """The shared stack's cluster by default; `lr chaos` makes one of its own on another port,
    with `paths` whose `var` is elsewhere (same binaries, same settings)."""

    paths: Paths
    name: str = "postgres"
    endpoint: str = f"127.0.0.1:{PORT}"
    port: int = PORT

    @property
    def dsn(self) -> str:
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/postgres"

    @property
    def _data(self) -> Path:
        return self.paths.postgres_state / "data"

    @property
    def _socket_dir(self) -> Path:
        return self.paths.postgres_state / "run"

    @property
    def _log(self) -> Path:
        return self.paths.log_file("postgres")

    async def ensure(self, report: Report) -> None:
        already_running = await probe(self.dsn)
        if already_running:
            report("already running")
        else:
            bin_dir = await self._ensure_installed(report)
            if self._pid() is None:
                await self._init_cluster(bin_dir, report)
                report("starting")
                await self._start(bin_dir)
            report("waiting for the server")
            await wait_until_healthy(
                "PostgreSQL",
                self._socket_probe,
                limit_s=START_TIMEOUT_S,
                alive=lambda: self._pid() is not None,
                logs=[self._log],
            )
            await self._ensure_role()
            if not await probe(self.dsn):
                raise LrError(
                    f"PostgreSQL runs but rejects {USER}@127.0.0.1:{self.port}; see {self._log}"
                )
        created, handed_over = await self._ensure_databases()
        state = "already running" if already_running else "ready"
        if created:
            state += f"; databases created: {', '.join(created)}"
        if handed_over:
            state += f"; handed to their services' roles: {len(handed_over)} object(s)"
        report(state)

    async def _ensure_installed(self, report: Report) -> Path:
        bin_dir = find_bin_dir()
        if bin_dir is not None:
            return bin_dir
        if not _running_as_root():
            raise LrError("PostgreSQL is not installed: run `apt-get install postgresql` as root.")
        report("installing PostgreSQL with apt-get (first run only)")
        log = self.paths.log_file("apt-get")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        await run_logged(["apt-get", "update"], log=log, what="apt-get update", env=env)
        await run_logged(
            ["apt-get", "install", "-y", "--no-install-recommends", "postgresql"],
            log=log,
            what="apt-get install postgresql",
            env=env,
        )
        bin_dir = find_bin_dir()
        if bin_dir is None:
            raise LrError(f"apt-get installed no PostgreSQL server under {SERVER_ROOT}")
        return bin_dir

    async def _init_cluster(self, bin_dir: Path, report: Report) -> None:
        self._prepare_directories()
        if (self._data / "PG_VERSION").is_file():
            self._install_settings()
            return
        report("initdb (first run only)")
        await run_logged(
            _as_postgres([
                str(bin_dir / "initdb"), "-D", str(self._data), "-U", "postgres",
                "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]),
            log=self.paths.log_file("postgres-initdb"),
            what="initdb",
        )  # fmt: skip
        with (self._data / "postgresql.conf").open("a") as conf:
            conf.write("\ninclude_if_exists = 'lr.conf'\n")
        self._install_settings()

    def _prepare_directories(self) -> None:
        for directory in (self._data, self._socket_dir):
            directory.mkdir(parents=True, exist_ok=True)
            directory.chmod(0o700)
        self.paths.log.mkdir(parents=True, exist_ok=True)
        self._log.touch()
        if _running_as_root():
            _make_traversable(self.paths.postgres_state)
            for path in (self._data, self._socket_dir, self._log):
                shutil.chown(path, "postgres", "postgres")

    def _install_settings(self) -> None:
        target = self._data / "lr.conf"
        shutil.copyfile(self.paths.native_deploy / "postgres" / "lr.conf", target)
        if _running_as_root():
            shutil.chown(target, "postgres", "postgres")

    async def _start(self, bin_dir: Path) -> None:
        options = f"-p {self.port} -k {self._socket_dir} -c listen_addresses=127.0.0.1"
        await run_logged(
            _as_postgres([
                str(bin_dir / "pg_ctl"), "-D", str(self._data), "-l", str(self._log),
                "-o", options, "-w", "-t", str(int(START_TIMEOUT_S)), "start",
            ]),
            log=self.paths.log_file("pg_ctl"),
            what="pg_ctl start",
        )  # fmt: skip

    async def _socket_probe(self) -> bool:
        try:
            connection = await asyncpg.connect(
                host=str(self._socket_dir),
                port=self.port,
                user="postgres",
                database="postgres",
                timeout=3,
            )
        except Exception:  # not accepting connections yet
            return False
        await connection.close()
        return True

    async def _ensure_role(self) -> None:
        connection = await asyncpg.connect(
            host=str(self._socket_dir), port=self.port, user="postgres", database="postgres"
        )
        try:
            if not await connection.fetchval("select 1 from pg_roles where rolname = $1", USER):
                await connection.execute(
                    f"create role {USER} login superuser password '{PASSWORD}'"
                )
        finally:
            await connection.close()

    async def _ensure_databases(self) -> tuple[list[str], list[str]]:
        """Every service's database, owned by the service's role; a database that `lr` made
        (before the roles existed) is handed over with whatever is in it."""
        connection = await asyncpg.connect(self.dsn)
        try:
            await privileges.ensure_service_roles(connection)
            existing = {
                row["datname"] for row in await connection.fetch("select datname from pg_database")
            }
        finally:
            await connection.close()
        created, handed_over = [], []
        for name, service in DATABASES.items():
            if name in existing:
                handed_over += await privileges.hand_over_database(self.dsn, name, service)
            else:
                await privileges.create_service_database(self.dsn, name, service)
                created.append(name)
        return created, handed_over

    def _pid(self) -> int | None:
        pid = read_pid(self._data / "postmaster.pid")
        return pid if pid is not None and is_alive(pid, "postgres") else None

    async def stop(self, report: Report, *, mode: str = "fast") -> None:
        """`pg_ctl stop`; `lr chaos` uses mode "immediate", which is a crash (recovery at the
        next start)."""
        bin_dir = find_bin_dir()
        if self._pid() is None or bin_dir is None:
            report("not running")
            return
        report(f"stopping ({mode})")
        await run_logged(
            _as_postgres(
                [str(bin_dir / "pg_ctl"), "-D", str(self._data), "-m", mode, "-w", "stop"]
            ),
            log=self.paths.log_file("pg_ctl"),
            what="pg_ctl stop",
        )
        report("stopped")

    async def status(self) -> ComponentStatus:
        pid = self._pid()
        if await probe(self.dsn):
            return ComponentStatus(self.name, "healthy", self.endpoint, pid)
        return ComponentStatus(self.name, "unhealthy" if pid else "stopped", self.endpoint, pid)

    def reset(self) -> None:
        shutil.rmtree(self.paths.postgres_state, ignore_errors=True)


def _make_traversable(path: Path) -> None:
    """Let the postgres user walk from / down to `path` (it needs search permission only)."""
    for directory in [path, *path.parents]:
        mode = directory.stat().st_mode
        if not mode & stat.S_IXOTH:
            directory.chmod(mode | stat.S_IXOTH)

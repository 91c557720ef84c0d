"""Start, stop and watch service instances as local background processes."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from dataclasses import dataclass

import httpx
from rich.progress import Progress

from lr_tools.console import LrError
from lr_tools.paths import Paths
from lr_tools.procs import running_pid, spawn_detached, stop_process, tail
from lr_tools.services.spec import BASE_PORTS, Instance, environment
from lr_tools.stack.base import Report
from lr_tools.stack.native import run_steps

READY_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 30.0


async def is_ready(instance: Instance, within: float = 2.0) -> bool:
    try:
        async with httpx.AsyncClient(timeout=within) as client:
            response = await client.get(f"{instance.url}/ready")
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def python_executable(paths: Paths) -> str:
    venv_python = paths.root / ".venv" / "bin" / "python"
    return str(venv_python) if venv_python.is_file() else sys.executable


def check_installed(services: list[str]) -> None:
    missing = [s for s in services if importlib.util.find_spec(f"lr_{s}") is None]
    if missing:
        packages = ", ".join(f"lr_{s}" for s in missing)
        raise LrError(
            f"not installed in this environment: {packages} (run `uv sync --all-packages`)"
        )


@dataclass
class InstanceRunner:
    paths: Paths
    instance: Instance

    def pid(self) -> int | None:
        return running_pid(self.paths.pid_file(self.instance.name), self.instance.marker)

    async def ensure(self, report: Report) -> None:
        if self.pid() is None:
            if await is_ready(self.instance):
                report(f"already answering on :{self.instance.port} (not started by lr)")
                return
            report(f"starting on :{self.instance.port}")
            self._start()
        report(f"waiting for {self.instance.url}/ready")
        await self._wait_ready()
        report(f"ready on {self.instance.url}")

    def _start(self) -> None:
        spawn_detached(
            [python_executable(self.paths), "-m", self.instance.module],
            log_file=self.paths.log_file(self.instance.name),
            pid_file=self.paths.pid_file(self.instance.name),
            cwd=self.paths.root,
            env=environment(self.paths, self.instance),
        )

    async def _wait_ready(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + READY_TIMEOUT_S
        while not await is_ready(self.instance):
            if self.pid() is None:
                self.paths.pid_file(self.instance.name).unlink(missing_ok=True)
                raise LrError(f"{self.instance.name} exited during start-up.\n{self._log_tail()}")
            if loop.time() > deadline:
                raise LrError(
                    f"{self.instance.name} not ready after {READY_TIMEOUT_S:.0f} s.\n"
                    f"{self._log_tail()}"
                )
            await asyncio.sleep(0.5)

    def _log_tail(self) -> str:
        log = self.paths.log_file(self.instance.name)
        return f"--- last lines of {log} ---\n{tail(log)}"

    async def stop(self, report: Report) -> None:
        pid = self.pid()
        if pid is None:
            report("not running")
            return
        report("stopping")
        clean = await stop_process(pid, self.instance.marker, grace_s=STOP_TIMEOUT_S)
        self.paths.pid_file(self.instance.name).unlink(missing_ok=True)
        report("stopped" if clean else f"killed after {STOP_TIMEOUT_S:.0f} s")


async def start_services(paths: Paths, instances: list[Instance], progress: Progress) -> None:
    check_installed(sorted({i.service for i in instances}))
    paths.ensure_dirs()
    await run_steps(progress, {i.name: InstanceRunner(paths, i).ensure for i in instances})


def started_instances(paths: Paths, services: list[str] | None = None) -> list[Instance]:
    """Every instance with a pid file, replicas included, in a stable order."""
    wanted = set(services or BASE_PORTS)
    found = (
        (Instance.from_name(p.stem) for p in paths.run.glob("*.pid")) if paths.run.is_dir() else ()
    )
    return sorted(
        (i for i in found if i is not None and i.service in wanted),
        key=lambda i: (list(BASE_PORTS).index(i.service), i.replica),
    )


async def stop_services(
    paths: Paths, progress: Progress, services: list[str] | None = None
) -> list[str]:
    """Stop the instances `lr services up` started (all of them unless `services` is given)."""
    runners = [InstanceRunner(paths, i) for i in started_instances(paths, services)]
    runners = [r for r in runners if r.pid() is not None]
    if runners:
        await run_steps(progress, {r.instance.name: r.stop for r in runners})
    for instance in started_instances(paths, services):
        paths.pid_file(instance.name).unlink(missing_ok=True)  # stale pid files
    return [r.instance.name for r in runners]


@dataclass(frozen=True)
class InstanceStatus:
    instance: Instance
    pid: int | None
    ready: bool


async def instance_statuses(paths: Paths) -> list[InstanceStatus]:
    base = [Instance(service) for service in BASE_PORTS]
    replicas = [i for i in started_instances(paths) if i.replica > 1]
    everything = base + replicas

    async def one(instance: Instance) -> InstanceStatus:
        runner = InstanceRunner(paths, instance)
        return InstanceStatus(instance, runner.pid(), await is_ready(instance))

    return list(await asyncio.gather(*(one(i) for i in everything)))

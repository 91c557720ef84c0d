"""The fleet of `lr_tools.fleet`, with benchmark settings added to every process's environment."""

from __future__ import annotations

import signal
import subprocess
import sys
from dataclasses import dataclass, field

from lr_tools.fleet import Fleet, free_port

# Traces are not written to files during a benchmark: the file exporter is a development aid
# (production batches spans to a collector), and one JSON line per span would be measured too.
BENCH_ENVIRONMENT = {"LR_OTEL_EXPORTER": "none", "LR_LOG_LEVEL": "WARNING"}


@dataclass
class BenchFleet(Fleet):
    extra: dict[str, str] = field(default_factory=lambda: dict(BENCH_ENVIRONMENT))
    profile: str = ""  # a service to run under pyinstrument (report in <workdir>/profile-*.txt)

    def start(self, service: str, replica: int = 1) -> str:
        if service != self.profile or replica != 1:
            return super().start(service, replica)
        self.ports[service] = free_port()
        log = (self.workdir / "log" / f"{service}.log").open("ab")
        report = self.workdir / f"profile-{service}.txt"
        self.processes[service] = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "pyinstrument", "-r", "text", "-o", str(report),
             "-m", f"lr_{service}"],
            cwd=self.root,
            env=self.environment(service, service),
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        return service

    def environment(self, service: str, instance: str) -> dict[str, str]:
        return {**super().environment(service, instance), **self.extra}

    def stop(self) -> None:
        # uvicorn re-raises SIGTERM after its graceful shutdown, which ends the process before
        # pyinstrument writes its report; SIGINT ends in KeyboardInterrupt, which it handles.
        profiled = self.processes.get(self.profile)
        if profiled is not None and profiled.poll() is None:
            profiled.send_signal(signal.SIGINT)
            try:
                profiled.wait(timeout=60)
            except subprocess.TimeoutExpired:
                profiled.kill()
        super().stop()

    def libpq_url(self, service: str) -> str:
        return f"{self.postgres_url.rsplit('/', 1)[0]}/{self.databases[service]}"

    def pids(self) -> dict[str, int]:
        return {name: p.pid for name, p in self.processes.items() if p.poll() is None}

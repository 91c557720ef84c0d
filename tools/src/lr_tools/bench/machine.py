"""The machine a benchmark ran on, and per-process figures read from /proc (no psutil)."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path
from typing import Any


def cpu_model(cpuinfo: str) -> str:
    for line in cpuinfo.splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gib(meminfo: str) -> float:
    for line in meminfo.splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return 0.0


def machine() -> dict[str, Any]:
    def read(path: str) -> str:
        try:
            return Path(path).read_text()
        except OSError:
            return ""

    return {
        "cores": os.cpu_count(),
        "cpu_model": cpu_model(read("/proc/cpuinfo")),
        "memory_gib": memory_gib(read("/proc/meminfo")),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def describe() -> str:
    """One line for a benchmark's report: cores, CPU model, system and Python, and how fast the
    machine is at this moment (`speed_ms`)."""
    facts = machine()
    return (
        f"{facts['cores']} cores, {facts['cpu_model']}, {facts['system']}, Python "
        f"{facts['python']}; reference workload {speed_ms():.0f} ms CPU (lower is faster)"
    )


def speed_ms(rounds: int = 3) -> float:
    """CPU milliseconds of a fixed pure-Python workload (text formatting, slicing, dictionary
    and integer work, as on the services' hot paths), the best of `rounds`.

    The benchmark machine is a virtual one whose speed moved by up to a factor of two within
    minutes (the same code, the same input): a figure is only comparable with another taken
    at a similar reference time, so every benchmark prints this next to its figures."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        table: dict[str, int] = {}
        for i in range(100_000):
            key = f"{i:09d}"
            table[key[::-1]] = table.get(key[3:], 0) + int(key[3:6]) % 11
        best = min(best, time.process_time() - started)
    return best * 1000


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def status_kib(status: str, field: str) -> int | None:
    """A `kB` field (VmRSS, VmHWM) of a /proc/<pid>/status text; None when it is absent (a zombie
    has no memory lines)."""
    prefix = f"{field}:"
    for line in status.splitlines():
        if line.startswith(prefix):
            return int(line.split()[1])
    return None


def process_kib(pid: int, field: str = "VmRSS") -> int | None:
    try:
        return status_kib(Path(f"/proc/{pid}/status").read_text(), field)
    except OSError:
        return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def stat_cpu(stat: str) -> tuple[int, float, float]:
    """(parent pid, own CPU seconds, reaped children's CPU seconds) of a /proc/<pid>/stat text."""
    fields = stat.rpartition(")")[2].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return int(fields[1]), (utime + stime) / _TICKS, (cutime + cstime) / _TICKS


def process_cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used; None when it is gone."""
    try:
        return stat_cpu(Path(f"/proc/{pid}/stat").read_text())[1]
    except OSError:
        return None


def command_cpu_s(comm: str) -> float:
    """CPU seconds of every process named `comm` (PostgreSQL's postmaster and its backends,
    Kafka's `java`), counting backends that have ended through their parent's children time."""
    processes: dict[int, tuple[int, float, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != comm:
                continue
            processes[int(entry.name)] = stat_cpu((entry / "stat").read_text())
        except OSError:
            continue  # ended meanwhile
    return sum(
        own + (children if parent not in processes else 0.0)
        for parent, own, children in processes.values()
    )

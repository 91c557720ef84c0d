"""`lr bench`'s services part: each service's own benchmark script, run as its documentation
shows, its key figures (`--json`, lr_tools.bench.figures) taken into the result.

The scripts measure what the national run cannot isolate: intake's in-process validation and a
single 300,000-row file, the portfolio's attendance rate, notifications' mail rate and memory.
Their output goes to `<work folder>/log/bench-<service>.txt`."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Script:
    service: str
    path: str
    full: tuple[str, ...]
    quick: tuple[str, ...]


SCRIPTS = (
    Script("intake", "services/intake/bench/bench_intake.py",
           ("--rows", "300000"), ("--rows", "30000")),
    Script("portfolio", "services/portfolio/bench/bench_portfolio.py",
           ("--reports", "100000", "--teachers", "20000"),
           ("--reports", "10000", "--teachers", "2000")),
    Script("notifications", "services/notifications/bench/bench_notifications.py",
           ("--count", "250000"), ("--count", "10000", "--interval", "1")),
)  # fmt: skip


def run_services(root: Path, workdir: Path, *, quick: bool) -> dict[str, dict[str, Any]]:
    """Run every script in turn; per service its command, exit code, seconds and figures."""
    (workdir / "log").mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, Any]] = {}
    for script in SCRIPTS:
        arguments = script.quick if quick else script.full
        figures = workdir / f"bench-{script.service}.json"
        started = time.perf_counter()
        with (workdir / "log" / f"bench-{script.service}.txt").open("wb") as log:
            completed = subprocess.run(  # noqa: S603 - our own interpreter and scripts
                [sys.executable, script.path, *arguments, "--json", str(figures)],
                cwd=root,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            )
        results[script.service] = {
            "command": f"uv run python {script.path} {' '.join(arguments)}",
            "exit_code": completed.returncode,
            "seconds": round(time.perf_counter() - started, 1),
            **(json.loads(figures.read_text()) if figures.exists() else {}),
        }
    return results

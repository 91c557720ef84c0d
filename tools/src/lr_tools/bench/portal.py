"""`lr bench`'s portal part: services/portal/bench/bench_portal.py run as its documentation
shows (50 concurrent simulated users on the overview and the public search against the portal's
own /health; each page's weight), its key figures (`--json`) taken into the result. Its output
goes to `<work folder>/log/bench-portal.txt`, its full result to bench/results/portal-*.json."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SCRIPT = "services/portal/bench/bench_portal.py"
FULL = ("--users", "50", "--requests", "40")
QUICK = ("--users", "50", "--requests", "10", "--teachers", "80")


def run_portal(root: Path, workdir: Path, *, quick: bool) -> dict[str, Any]:
    arguments = QUICK if quick else FULL
    figures = workdir / "bench-portal.json"
    (workdir / "log").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with (workdir / "log" / "bench-portal.txt").open("wb") as log:
        completed = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, SCRIPT, *arguments, "--json", str(figures)],
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    return {
        "command": f"uv run python {SCRIPT} {' '.join(arguments)}",
        "exit_code": completed.returncode,
        "seconds": round(time.perf_counter() - started, 1),
        **(json.loads(figures.read_text()) if figures.exists() else {}),
    }


def portal_targets(portal: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """(what, goal, measured, met) of issue 17's targets, from the portal part's figures."""
    out: list[tuple[str, str, str, bool]] = []
    health = portal.get("health_p95_ms")
    for page in ("overview", "search"):
        ratio = portal.get(f"{page}_vs_health")
        if ratio is not None:
            measured = f"{ratio:.1f}x ({portal.get(f'{page}_p95_ms')} vs {health} ms)"
            out.append((f"portal {page} p95 vs /health p95, {portal.get('users')} users",
                        "<= 3x", measured, ratio <= 3))  # fmt: skip
    if (heaviest := portal.get("heaviest_page_bytes")) is not None:
        out.append(("portal page weight, HTML + CSS + JS (heaviest page)", "<= 100 KB",
                    f"{heaviest / 1000:.1f} KB ({portal.get('heaviest_page')})",
                    bool(portal.get("weight_within_target"))))  # fmt: skip
    return out

"""Benchmark: the portal's pages under concurrent simulated users, against its own /health.

    uv run python services/portal/bench/bench_portal.py --users 50 --requests 40

1. a fleet of its own (intake, registry, portfolio, notifications and the portal as processes,
   fresh databases, topics and an SMTP sink of its own; nothing of `make up` is touched);
2. a delivery of `--teachers` teachers goes through intake to the registry (the main job, not
   timed); some of them confirm and log an activity, so the public search finds them;
3. `--users` teachers sign in through the development sign-in, each with its own session;
4. the users run at once, each `--requests` requests, each request the overview (signed in),
   the public search for a confirmed teacher's surname, or /health, drawn at random, so the
   three share one load; latencies are taken per request, after a warm-up round per user;
5. the weight of each page: its HTML plus every stylesheet and script it references.

Printed: p50/p95/max per kind, p95 of each page against the p95 of /health (target: within 3x),
every page's weight (target: at most 100 KB, 1 KB = 1,000 bytes), the machine and its speed of
the moment (lr_tools.bench.machine). `--json FILE` records the key figures for `lr bench`; the
whole result goes to bench/results/portal-<UTC timestamp>.json.

The registry's public rate limit is raised for this fleet: the figures are of the pages, not of
the limiter (whose friendly page is tested elsewhere). The load generator runs on the same
machine as the services and takes its share of the CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from tempfile import mkdtemp
from typing import Any
from urllib.parse import quote, urljoin

import httpx

from lr_intake.adapters.reference_files import write_reference
from lr_intake.devdata.reference import generate_reference
from lr_shared.auth import generate_dev_keys
from lr_tools.bench.figures import record
from lr_tools.bench.fleet import BenchFleet
from lr_tools.bench.machine import describe, load_average, machine, speed_ms
from lr_tools.bench.report import percentile
from lr_tools.fleet import PORTAL, SERVICES, Fleet
from lr_tools.mailsink import MailSink
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.mainjob.job import run_job
from lr_tools.stack.kafka import use_stack_client_env
from lr_tools.testing import NATIVE_KAFKA, NATIVE_POSTGRES

ROOT = Path(__file__).resolve().parents[3]
KINDS = ("overview", "search", "health")
TARGET_RATIO = 3.0
TARGET_BYTES = 100_000
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class _Assets(HTMLParser):
    """The stylesheets and scripts a page references."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and "stylesheet" in (values.get("rel") or "") and values.get("href"):
            self.urls.append(values["href"] or "")
        elif tag == "script" and values.get("src"):
            self.urls.append(values["src"] or "")


async def page_weight(client: httpx.AsyncClient, path: str) -> dict[str, Any]:
    """The bytes of the page's HTML and of each stylesheet and script it references, as the
    browser receives them decoded (the portal does not compress)."""
    page = await client.get(path)
    parser = _Assets()
    parser.feed(page.text)
    assets = {}
    for url in parser.urls:
        asset = await client.get(urljoin(str(page.url), url))
        assets[url] = len(asset.content)
    total = len(page.content) + sum(assets.values())
    return {
        "path": path.split("?")[0],
        "status": page.status_code,
        "html_bytes": len(page.content),
        "assets": assets,
        "total_bytes": total,
        "within_target": total <= TARGET_BYTES,
    }


@dataclass
class User:
    client: httpx.AsyncClient
    surname: str


@dataclass
class Samples:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: {k: Counter() for k in KINDS})


def path_of(kind: str, user: User) -> str:
    if kind == "overview":
        return "/mijn-registratie"
    if kind == "search":
        return f"/zoek-een-leraar?achternaam={quote(user.surname)}"
    return "/health"


async def run_user(user: User, requests: int, rng: random.Random, samples: Samples) -> None:
    for kind in KINDS:  # warm-up: connection, session touch, first templates; not recorded
        await user.client.get(path_of(kind, user))
    for _ in range(requests):
        kind = rng.choice(KINDS)
        started = time.perf_counter()
        response = await user.client.get(path_of(kind, user))
        samples.latencies[kind].append(time.perf_counter() - started)
        samples.statuses[kind][response.status_code] += 1


async def sign_in(portal: str, bsn: str, surname: str) -> User | None:
    """A teacher signs in through the development sign-in page, as a browser would."""
    client = httpx.AsyncClient(base_url=portal, timeout=60, follow_redirects=False)
    form = await client.get("/inloggen/ontwikkeling")
    token = CSRF.search(form.text)
    if token is None:
        await client.aclose()
        raise RuntimeError(f"no development sign-in form: {form.status_code}")
    answer = await client.post(
        "/inloggen/ontwikkeling",
        data={"csrf_token": token.group(1), "bsn": bsn, "terug": "/mijn-registratie"},
    )
    if answer.status_code != 303 or answer.headers.get("location") != "/mijn-registratie":
        await client.aclose()
        return None
    return User(client, surname)


async def main(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)  # noqa: S311 - benchmark data
    workdir = Path(mkdtemp(prefix="bench-portal-"))
    keys = workdir / "keys"
    generate_dev_keys(keys)
    # The figures are of the pages, not of the registry's limiter.
    os.environ["LR_PUBLIC_RATE_PER_SECOND"] = "1000000"
    os.environ["LR_PUBLIC_BURST"] = "1000000"
    result: dict[str, Any] = {
        "started": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "machine": machine(),
        "load_before": load_average(),
        "reference_workload_ms_before": round(speed_ms()),
    }
    print(f"Machine: {describe()}", flush=True)
    async with MailSink(host="127.0.0.1", port=0, directory=workdir / "mail") as sink:
        fleet = BenchFleet(
            root=ROOT,
            workdir=workdir,
            postgres_url=args.postgres,
            kafka_bootstrap=args.kafka,
            smtp_port=sink.port,
            keys=keys,
            extra={},  # the services as `make up` runs them
            profile=args.profile,
        )
        try:
            await fleet.open((*SERVICES, PORTAL))
            result |= await measure(fleet, workdir, args, rng)
        finally:
            fleet.stop()
            await fleet.delete_topics()
            await fleet.drop_databases()
    result["load_after"] = load_average()
    result["reference_workload_ms_after"] = round(speed_ms())
    return result


async def measure(
    fleet: Fleet, workdir: Path, args: argparse.Namespace, rng: random.Random
) -> dict[str, Any]:
    endpoints = Endpoints(
        intake=fleet.url("intake"),
        registry=fleet.url("registry"),
        portfolio=fleet.url("portfolio"),
        notifications=fleet.url("notifications"),
        kafka_bootstrap=fleet.kafka_bootstrap,
        keys=fleet.keys,
        topic_suffix=fleet.topic_suffix,
    )
    reference = generate_reference(seed=args.seed, boards=20, bureaus=2)
    write_reference(workdir / "reference", reference)
    fleet.run_cli("intake", "reference", "load", str(workdir / "reference"))
    print(f"Delivering {args.teachers} teachers (not timed)...", flush=True)
    job = await run_job(
        endpoints, reference, teachers=args.teachers, boards=2, seed=args.seed,
        mails_on_disk=lambda: 0, visits=args.confirmed, stage_timeout=300,
    )  # fmt: skip
    if job.problems:
        raise RuntimeError(f"the delivery did not go through: {job.problems}")
    accepted: dict[str, str] = {}
    for delivery in job.deliveries:
        for row in delivery.rows:
            if row.expected_error is None:
                accepted.setdefault(row.values["bsn"], row.values["achternaam"])
    # The confirmed teachers are the first accepted ones (the job visits them in this order).
    surnames = list(accepted.values())[: max(1, args.confirmed)]
    portal = fleet.url(PORTAL)
    print(f"Signing in {args.users} teachers through the development sign-in...", flush=True)
    users: list[User] = []
    for bsn in accepted:
        if len(users) == args.users:
            break
        user = await sign_in(portal, bsn, rng.choice(surnames))
        if user is not None:
            users.append(user)
    if len(users) < args.users:
        raise RuntimeError(f"only {len(users)} of {args.users} teachers could sign in")
    try:
        search_path = path_of("search", users[0])
        weights = [await page_weight(users[0].client, path) for path in (
            "/", "/mijn-registratie", search_path, "/mijn-registratie/portfolio",
            "/mijn-registratie/delen", "/mijn-registratie/export",
        )]  # fmt: skip
        print(f"{len(users)} users, {args.requests} requests each, at once...", flush=True)
        samples = Samples()
        started = time.perf_counter()
        await asyncio.gather(
            *(run_user(u, args.requests, random.Random(rng.random()), samples) for u in users)  # noqa: S311
        )
        seconds = time.perf_counter() - started
    finally:
        for user in users:
            await user.client.aclose()
    return {"load": summarize(samples, seconds, len(users)), "weights": weights}


def summarize(samples: Samples, seconds: float, users: int) -> dict[str, Any]:
    kinds: dict[str, Any] = {}
    for kind in KINDS:
        values = samples.latencies[kind]
        kinds[kind] = {
            "requests": len(values),
            "p50_ms": _ms(percentile(values, 0.50)),
            "p95_ms": _ms(percentile(values, 0.95)),
            "max_ms": _ms(max(values, default=None)),
            "statuses": {str(k): v for k, v in sorted(samples.statuses[kind].items())},
        }
    health = kinds["health"]["p95_ms"]
    ratios = {
        kind: round(kinds[kind]["p95_ms"] / health, 2) if health else None
        for kind in ("overview", "search")
    }
    total = sum(k["requests"] for k in kinds.values())
    return {
        "users": users,
        "seconds": round(seconds, 2),
        "requests_per_second": round(total / seconds, 1) if seconds else None,
        "kinds": kinds,
        "p95_vs_health": ratios,
        "within_target": all(r is not None and r <= TARGET_RATIO for r in ratios.values()),
    }


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def report(result: dict[str, Any]) -> None:
    load = result["load"]
    total = sum(k["requests"] for k in load["kinds"].values())
    print(
        f"\nPortal under {load['users']} concurrent users: {total:,} requests in "
        f"{load['seconds']} s ({load['requests_per_second']} per s)"
    )
    print(f"{'page':<10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  statuses")
    for kind, k in load["kinds"].items():
        print(
            f"{kind:<10} {k['requests']:>8} {k['p50_ms']:>8} {k['p95_ms']:>8} {k['max_ms']:>8}  "
            f"{k['statuses']}"
        )
    for kind, ratio in load["p95_vs_health"].items():
        verdict = "within" if ratio is not None and ratio <= TARGET_RATIO else "NOT within"
        print(f"p95 {kind} / p95 health = {ratio}x ({verdict} the {TARGET_RATIO:.0f}x target)")
    print(f"\nPage weight (HTML + CSS + JS, target <= {TARGET_BYTES:,} bytes):")
    for w in result["weights"]:
        verdict = "ok" if w["within_target"] else "OVER"
        assets = ", ".join(f"{url} {size:,}" for url, size in w["assets"].items())
        print(
            f"  {w['path']:<28} {w['total_bytes']:>8,} bytes  {verdict}  "
            f"(HTML {w['html_bytes']:,}; {assets}; status {w['status']})"
        )
    m = result["machine"]
    print(
        f"\nMachine: {m['cores']} cores, {m['cpu_model']}, {m['memory_gib']} GiB, {m['system']}, "
        f"Python {m['python']}; load average before {result['load_before']}, after "
        f"{result['load_after']}; reference workload {result['reference_workload_ms_before']} ms "
        f"before, {result['reference_workload_ms_after']} ms after (lower is faster)"
    )


def figures(result: dict[str, Any]) -> dict[str, float | int | bool | str | None]:
    """The key figures `lr bench` takes into its result."""
    load = result["load"]
    kinds = load["kinds"]
    heaviest = max(result["weights"], key=lambda w: w["total_bytes"])
    return {
        "users": load["users"],
        "requests_per_second": load["requests_per_second"],
        "overview_p95_ms": kinds["overview"]["p95_ms"],
        "search_p95_ms": kinds["search"]["p95_ms"],
        "health_p95_ms": kinds["health"]["p95_ms"],
        "overview_vs_health": load["p95_vs_health"]["overview"],
        "search_vs_health": load["p95_vs_health"]["search"],
        "latency_within_target": load["within_target"],
        "heaviest_page": heaviest["path"],
        "heaviest_page_bytes": heaviest["total_bytes"],
        "weight_within_target": all(w["within_target"] for w in result["weights"]),
        "non_200": sum(n for k in kinds.values() for s, n in k["statuses"].items() if s != "200"),
    }


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated users at once")
    parser.add_argument("--requests", type=int, default=40, help="requests per user")
    parser.add_argument("--teachers", type=int, default=120, help="teachers delivered")
    parser.add_argument("--confirmed", type=int, default=5, help="teachers who confirm")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument(
        "--profile", default="", help="a service to run under pyinstrument (report in the workdir)"
    )
    parser.add_argument("--postgres", default=NATIVE_POSTGRES)
    parser.add_argument("--kafka", default=NATIVE_KAFKA)
    parser.add_argument("--json", type=Path, default=None, help="key figures for lr bench")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    return parser.parse_args(argv)


if __name__ == "__main__":
    use_stack_client_env()  # the local broker as its admin (SASL_SSL when secured)
    options = arguments()
    outcome = asyncio.run(main(options))
    report(outcome)
    options.out.mkdir(parents=True, exist_ok=True)
    written = options.out / f"portal-{outcome['started']}.json"
    written.write_text(json.dumps(outcome, indent=1))
    print(f"Written: {written}")
    record(options.json, **figures(outcome))

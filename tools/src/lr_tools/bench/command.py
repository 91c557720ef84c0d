"""`lr bench` (`make bench`): measure, print a report, and write `bench/results/<stamp>.json`
and `.png`. Needs the local stack (started here if it is down); touches nothing of `make up`:
every service process, database, topic and SMTP sink is the benchmark's own."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from lr_intake.adapters.reference_files import write_reference
from lr_intake.devdata.reference import generate_reference
from lr_shared.auth import generate_dev_keys
from lr_tools.bench import national, peer, raw, scaling, security
from lr_tools.bench.chart import plot
from lr_tools.bench.fleet import BenchFleet
from lr_tools.bench.machine import load_average, machine, speed_ms
from lr_tools.bench.portal import run_portal
from lr_tools.bench.report import ratio, render, throughput
from lr_tools.bench.services import run_services
from lr_tools.bench.sink import read_count
from lr_tools.console import console, err_console
from lr_tools.fleet import free_port
from lr_tools.paths import Paths
from lr_tools.stack.cli import bring_up
from lr_tools.testing import NATIVE_KAFKA, NATIVE_POSTGRES

PARTS = ("national", "raw", "peer", "scaling", "services", "portal", "kafka-security")


def bench(
    teachers: int = typer.Option(250_000, help="Teachers in the national delivery."),
    boards: int = typer.Option(1400, help="Boards delivering."),
    quick: bool = typer.Option(
        False, "--quick", help="A small run: 5,000 teachers, 150 boards, smaller other parts."
    ),
    peer_rows: int = typer.Option(20_000, help="Rows the FastStream peer consumes."),
    scaling_appointments: int = typer.Option(100_000, help="Appointments per replica run."),
    replicas: str = typer.Option("1,2,3", help="Registry replica counts to run."),
    parts: str = typer.Option(",".join(PARTS), help="Which parts to run."),
    concurrency: int = typer.Option(8, help="Uploads in flight at once."),
    security_teachers: int = typer.Option(
        50_000, help="Teachers in the delivery of the kafka-security part (run twice)."
    ),
    security_boards: int = typer.Option(300, help="Boards delivering in the kafka-security part."),
    seed: int = typer.Option(1, help="Seed of the generated delivery."),
    profile: str = typer.Option(
        "",
        help="Run this service of the national part under pyinstrument (text report in "
        "the work folder).",
    ),
    out: str = typer.Option("", help="Results folder (default: bench/results)."),
) -> None:
    """Benchmarks: the national delivery end to end, the raw limit, a FastStream peer,
    registry replicas, the services' own benchmarks and the portal under concurrent users; a
    report, JSON and a chart under bench/results/."""
    if quick:
        teachers, boards = min(teachers, 5_000), min(boards, 150)
        peer_rows, scaling_appointments = min(peer_rows, 2_000), min(scaling_appointments, 5_000)
        security_teachers = min(security_teachers, 5_000)
        security_boards = min(security_boards, 150)
    chosen = {p.strip() for p in parts.split(",") if p.strip()}
    if unknown := chosen - set(PARTS):
        raise typer.BadParameter(f"unknown parts: {', '.join(sorted(unknown))}")
    paths = Paths.discover()
    bring_up(paths)
    results = Path(out) if out else paths.root / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    workdir = paths.var / "bench" / stamp
    workdir.mkdir(parents=True)
    err_console.print(f"Work folder (service logs): {workdir}")
    options = {
        "teachers": teachers, "boards": boards, "quick": quick, "peer_rows": peer_rows,
        "scaling_appointments": scaling_appointments, "replicas": replicas,
        "parts": sorted(chosen), "concurrency": concurrency, "seed": seed, "profile": profile,
        "security_teachers": security_teachers, "security_boards": security_boards,
    }  # fmt: skip
    result: dict[str, Any] = {
        "started": stamp,
        "options": options,
        "machine": machine(),
        "load_before": load_average(),
        "reference_workload_ms_before": round(speed_ms()),
    }
    sink_port, count_file = free_port(), workdir / "sink.count"
    sink = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "lr_tools.bench.sink", "--port", str(sink_port),
         "--count-file", str(count_file)],
    )  # fmt: skip
    try:
        asyncio.run(
            _measure(
                paths, workdir, result, chosen, sink=(sink_port, count_file),
                counts=[int(r) for r in replicas.split(",") if r.strip()],
            )
        )  # fmt: skip
    finally:
        sink.terminate()
        sink.wait(10)
    result["load_after"] = load_average()
    result["reference_workload_ms_after"] = round(speed_ms())
    result["ratios"] = ratios(result)
    (results / f"{stamp}.json").write_text(json.dumps(result, indent=1))
    plot(result, results / f"{stamp}.png")
    render(result, console)
    console.print(f"Written: {results / f'{stamp}.json'} and {results / f'{stamp}.png'}")


def ratios(result: dict[str, Any]) -> dict[str, float | None]:
    national_run = result.get("national") or {}
    stages = {s["name"]: s for s in national_run.get("stages", [])}
    limit = (result.get("raw") or {}).get("limit_s")
    invited = stages.get("invited", {}).get("done_s")
    validated = stages.get("validated", {}).get("done_s")
    registered = stages.get("registered", {}).get("done_s")
    ours = throughput(national_run.get("rows", 0), registered)
    theirs = (result.get("peer") or {}).get("rows_per_second")
    values = {
        "end_to_end_vs_raw": ratio(invited, limit),
        "validated_vs_raw": ratio(validated, limit),
        "ours_rows_per_second": ours,
        "ours_vs_peer": ratio(ours, theirs),
        "kafka_sasl_ssl_vs_plaintext": (result.get("kafka_security") or {})
        .get("cost", {})
        .get("invited_ratio"),
    }
    return {k: None if v is None else round(v, 2) for k, v in values.items()}


async def _measure(
    paths: Paths,
    workdir: Path,
    result: dict[str, Any],
    parts: set[str],
    *,
    sink: tuple[int, Path],
    counts: list[int],
) -> None:
    options = result["options"]
    keys = workdir / "keys"
    generate_dev_keys(keys)
    sink_port, count_file = sink
    fleet = BenchFleet(
        root=paths.root,
        workdir=workdir,
        postgres_url=NATIVE_POSTGRES,
        kafka_bootstrap=NATIVE_KAFKA,
        smtp_port=sink_port,
        keys=keys,
        profile=options["profile"],
    )
    try:
        if parts & {"national", "raw", "peer", "kafka-security"}:
            err_console.print("Generating the reference set and the deliveries...")
            reference = generate_reference(seed=1, boards=max(1400, options["boards"]))
            write_reference(workdir / "reference", reference)
        if parts & {"national", "raw", "peer"}:
            run = national.prepare(
                reference, teachers=options["teachers"], boards=options["boards"],
                seed=options["seed"],
            )  # fmt: skip
            err_console.print(
                f"  {run.rows:,} rows for {run.teachers:,} teachers from {run.deliveries:,} "
                f"boards ({run.csv_bytes / 1e6:.1f} MB) in {run.generate_s:.0f} s"
            )
        if "national" in parts:
            err_console.print("1. The national delivery through the four services:")
            await fleet.open()
            fleet.run_cli("intake", "reference", "load", str(workdir / "reference"))
            catalogue = paths.root / "services" / "portfolio" / "data" / "catalogue.csv"
            fleet.run_cli("portfolio", "catalogue", "load", str(catalogue))
            result["load_national_start"] = load_average()
            await national.run_national(
                fleet, run, mails_received=lambda: read_count(count_file),
                concurrency=options["concurrency"],
            )  # fmt: skip
            result["national"] = run.to_json()
            result["load_national_end"] = load_average()
            fleet.stop()
            await fleet.delete_topics()
    finally:
        fleet.stop()
        if fleet.databases:
            await fleet.drop_databases()
    if "raw" in parts:
        err_console.print("2. The raw limit on the same bytes...")
        raw_run = await raw.run_raw(run.bodies, bootstrap=NATIVE_KAFKA, admin_url=NATIVE_POSTGRES)
        result["raw"] = raw_run.to_json()
    if "peer" in parts:
        err_console.print(f"3. The FastStream peer on {options['peer_rows']:,} rows...")
        rows = raw.parse(run.bodies)[: options["peer_rows"]]
        peer_run = await peer.run_peer(rows, bootstrap=NATIVE_KAFKA, admin_url=NATIVE_POSTGRES)
        result["peer"] = peer_run.to_json()
    if "scaling" in parts:
        result["scaling"] = []
        for count in counts:
            err_console.print(f"4. Registry x{count}, {options['scaling_appointments']:,} "
                              "appointments...")  # fmt: skip
            scaled = await scaling.run_scaling(fleet, count, options["scaling_appointments"])
            result["scaling"].append(scaled.to_json())
    if "services" in parts:
        err_console.print("5. The services' own benchmarks (intake, portfolio, notifications)...")
        result["services"] = run_services(paths.root, workdir, quick=options["quick"])
    if "portal" in parts:
        err_console.print("6. The portal under 50 simulated users (overview, public search)...")
        result["portal"] = run_portal(paths.root, workdir, quick=options["quick"])
    if "kafka-security" in parts:
        err_console.print(
            f"7. Kafka security's cost: {options['security_teachers']:,} teachers end to end, "
            "against a PLAINTEXT broker and a SASL_SSL one of the bench's own..."
        )
        delivery = national.prepare(
            reference, teachers=options["security_teachers"],
            boards=options["security_boards"], seed=options["seed"],
        )  # fmt: skip
        rounds = security.Rounds(
            paths, workdir, delivery,
            fleet_settings={"postgres_url": NATIVE_POSTGRES, "smtp_port": sink_port, "keys": keys},
            reference=workdir / "reference", mails_received=lambda: read_count(count_file),
            concurrency=options["concurrency"],
        )  # fmt: skip
        result["kafka_security"] = await security.run_kafka_security(rounds)
    with contextlib.suppress(OSError):
        shutil.rmtree(workdir / "keys")

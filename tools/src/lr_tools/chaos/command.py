"""`lr chaos`: the chaos run (lr_tools.chaos.run) on a stack of its own, its figures as a table
and as `bench/results/chaos-<stamp>.json`. Exits 1 when anything was lost, duplicated or left."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.table import Table

from lr_tools.bench.machine import machine
from lr_tools.chaos.run import ChaosResult, Options, run_chaos
from lr_tools.console import console, err_console
from lr_tools.locking import exclusive
from lr_tools.paths import Paths


def chaos(
    teachers: int = typer.Option(20_000, help="How many teachers the delivery holds."),
    boards: int = typer.Option(150, help="From how many boards."),
    seed: int = typer.Option(1, help="Seeds the delivery and the faults: same seed, same run."),
    kills: int = typer.Option(2, help="SIGKILLs per service."),
    window: float = typer.Option(120.0, help="Seconds over which uploads and faults spread."),
    limit: float = typer.Option(1200.0, help="Longest wait for the system to settle (s)."),
    out: str = typer.Option("", help="Results folder (default: bench/results)."),
) -> None:
    """A delivery while services, Kafka and PostgreSQL are killed; then what was lost or doubled.

    Runs its own Kafka, PostgreSQL and mail sink (var/chaos/), never the shared stack."""
    paths = Paths.discover()
    options = Options(
        teachers=teachers, boards=boards, seed=seed, kills_per_service=kills, window_s=window,
        limit_s=limit,
    )  # fmt: skip
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    workdir = paths.var / "chaos" / "runs" / stamp
    workdir.mkdir(parents=True)
    err_console.print(f"Work folder (service logs): {workdir}")
    with exclusive(paths, "chaos"):
        result = asyncio.run(run_chaos(paths.root, options, workdir))
    results = Path(out) if out else paths.root / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    target = results / f"chaos-{stamp}.json"
    target.write_text(
        json.dumps({"started": stamp, "machine": machine(), **result.to_json()}, indent=1)
    )
    render(result)
    console.print(f"Written: {target}")
    if result.problems:
        raise typer.Exit(1)


def render(result: ChaosResult) -> None:
    audit = result.audit
    table = Table(title="Chaos run: what arrived", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("should be", justify="right")
    rows = [
        ("teachers registered", audit.teachers_registered, audit.teachers_expected),
        ("appointments registered", audit.appointments_registered, audit.appointments_accepted),
        ("registrations in portfolio", audit.portfolio_registrations,
         sum(audit.registrations.values())),
        ("invitations recorded", audit.invitations_recorded, audit.invitations_expected),
        ("invitations mailed (distinct)", audit.mails_distinct, audit.invitations["sent"]),
        ("mails received twice", audit.mails_received_twice,
         f"<= {result.mails_twice_bound}"),
        ("deliveries not completed", audit.deliveries_not_completed, 0),
        ("dead-letter messages", audit.dlq_messages, 0),
        ("consumer lag", audit.consumer_lag, 0),
        ("registry inbox: appointments", audit.registry_inbox["appointments"],
         result.appointments_topic.get("distinct_ids", "")),
    ]  # fmt: skip
    for name, value, expected in rows:
        within = str(value) == str(expected) or (
            str(expected).startswith("<= ") and int(value) <= int(str(expected)[3:])
        )
        style = "" if within else "red"
        table.add_row(name, str(value), str(expected), style=style)
    console.print(table)
    faults = Table(title="Faults", title_justify="left")
    for column in ("at (s)", "target", "down (s)", "exit", "back at (s)", "error"):
        faults.add_column(column)
    for done in result.faults:
        faults.add_row(
            f"{done.started_s:.1f}", done.fault.target, f"{done.fault.down_s:.1f}",
            "" if done.exit_code is None else str(done.exit_code),
            "" if done.back_s is None else f"{done.back_s:.1f}", done.error,
        )  # fmt: skip
    console.print(faults)
    answers = ", ".join(f"{k}: {n}" for k, n in sorted(result.uploads.answers.items()))
    console.print(f"Upload answers: {answers}.")
    console.print(f"Appointments topic: {result.appointments_topic}.")
    console.print(f"Times (s): {result.seconds}.")
    if result.problems:
        console.print("[red]Problems:[/red] " + "; ".join(result.problems))
    else:
        console.print(
            "[green]Nothing lost, no registration doubled, mails sent twice within the bound, "
            "every service back.[/green]"
        )

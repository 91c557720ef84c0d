"""`lr stack up|down|status|reset`."""

from __future__ import annotations

import asyncio
import time

import typer
from rich.table import Table

from lr_tools.console import console, err_console, progress
from lr_tools.devkeys import ensure_dev_keys
from lr_tools.locking import exclusive
from lr_tools.paths import Paths
from lr_tools.services.runner import stop_services
from lr_tools.stack import kafka
from lr_tools.stack.base import ComponentStatus
from lr_tools.stack.select import Stack, select_stack
from lr_tools.stack.topics import delete_topics

app = typer.Typer(help="The local stack: Kafka, PostgreSQL and an SMTP sink.", no_args_is_help=True)

STATE_STYLE = {"healthy": "green", "starting": "yellow", "unhealthy": "red", "stopped": "dim"}


@app.command()
def up() -> None:
    """Start every component that is not already healthy, create the topics and the dev keys."""
    stack = bring_up(Paths.discover())
    print_status(asyncio.run(stack.status()))


def bring_up(paths: Paths) -> Stack:
    """Start the stack (idempotent) and say how long it took; used by `lr services up` too."""
    paths.ensure_dirs()
    stack = select_stack(paths)
    started = time.monotonic()
    with exclusive(paths):
        ensure_dev_keys(paths)
        with progress() as bar:
            asyncio.run(stack.up(bar))
    console.print(f"Stack up ({stack.mode}) in {time.monotonic() - started:.1f} s.")
    # A fresh checkout has no var/kafka/client.env until the broker is rendered above, so the
    # command's own clients (the main job's, the bench's) learn how to reach it only now.
    kafka.use_stack_client_env(paths)
    return stack


@app.command()
def down() -> None:
    """Stop the services started by `lr services up`, then the stack. Data is kept."""
    paths = Paths.discover()
    stack = select_stack(paths)
    with exclusive(paths), progress() as bar:
        asyncio.run(stop_services(paths, bar))
        asyncio.run(stack.down(bar))
    console.print(f"Stack down ({stack.mode}); data kept under var/.")


@app.command()
def status() -> None:
    """Show each component: state, endpoint, pid. Exit code 3 unless all are healthy."""
    stack = select_stack(Paths.discover())
    statuses = asyncio.run(stack.status())
    print_status(statuses)
    if any(s.state != "healthy" for s in statuses):
        raise typer.Exit(3)


@app.command()
def prune() -> None:
    """Delete the topics tests and benchmarks left on the local broker (suffixed copies of the
    catalogue's topics, test.* and bench.*); the catalogue's own topics stay."""
    names = asyncio.run(delete_topics(kafka.BOOTSTRAP_SERVERS))
    console.print(f"Deleted {len(names)} topics left by tests and benchmarks.")


@app.command()
def reset(
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Stop everything and delete Kafka's and PostgreSQL's data (var/kafka, var/postgres)."""
    if not yes:
        typer.confirm(
            "Delete all Kafka topics and PostgreSQL databases of the local stack?", abort=True
        )
    down()
    paths = Paths.discover()
    with exclusive(paths):
        select_stack(paths).reset()
    err_console.print("Kafka and PostgreSQL data deleted.")


def print_status(statuses: list[ComponentStatus]) -> None:
    table = Table(show_edge=False, pad_edge=False)
    for column in ("component", "state", "endpoint", "pid"):
        table.add_column(column)
    for s in statuses:
        style = STATE_STYLE[s.state]
        table.add_row(s.name, f"[{style}]{s.state}", s.endpoint, str(s.pid or "-"))
    console.print(table)

"""`lr services up|down|status`."""

from __future__ import annotations

import asyncio
import subprocess
import time

import typer
from rich.table import Table

from lr_tools.console import LrError, console, progress
from lr_tools.locking import exclusive
from lr_tools.paths import Paths
from lr_tools.services.runner import (
    InstanceStatus,
    instance_statuses,
    start_services,
    stop_services,
)
from lr_tools.services.spec import instances, parse_only, parse_replicas
from lr_tools.stack.cli import bring_up
from lr_tools.stack.compose import ComposeStack, compose_command, compose_env
from lr_tools.stack.select import select_stack

app = typer.Typer(help="The four services as background processes.", no_args_is_help=True)

ONLY_HELP = "Comma-separated services, e.g. intake,registry (default: all four)."


@app.command()
def up(
    only: str | None = typer.Option(None, "--only", help=ONLY_HELP),
    replicas: list[str] = typer.Option(  # noqa: B008 - typer declares options this way
        [], "--replicas", help="SERVICE=N runs N instances (ports 80x2, 80x2+10, ...)."
    ),
) -> None:
    """Bring the stack up, start the services, wait until every /ready answers 200."""
    services = parse_only(only)
    counts = parse_replicas(replicas)
    paths = Paths.discover()
    stack = bring_up(paths)
    started = time.monotonic()
    if isinstance(stack, ComposeStack):
        if any(n > 1 for n in counts.values()):
            raise LrError("--replicas is for local processes; with docker compose use `--scale`.")
        _compose(paths, "up", "--detach", "--build", "--wait", *services)
    else:
        with exclusive(paths, "services"), progress() as bar:
            asyncio.run(start_services(paths, instances(services, counts), bar))
    console.print(f"Services up in {time.monotonic() - started:.1f} s.")
    print_table(asyncio.run(instance_statuses(paths)))


@app.command()
def down(only: str | None = typer.Option(None, "--only", help=ONLY_HELP)) -> None:
    """Stop the services (SIGTERM, then SIGKILL after 30 s). The stack keeps running."""
    services = parse_only(only)
    paths = Paths.discover()
    with exclusive(paths, "services"), progress() as bar:
        stopped = asyncio.run(stop_services(paths, bar, services))
    if _docker_mode(paths):
        _compose(paths, "stop", *services)
    console.print(f"Stopped: {', '.join(stopped)}." if stopped else "No service was running.")


@app.command()
def status() -> None:
    """Each service instance: pid, URL, whether /ready answers. Exit code 3 unless all ready."""
    statuses = asyncio.run(instance_statuses(Paths.discover()))
    print_table(statuses)
    if not all(s.ready for s in statuses):
        raise typer.Exit(3)


def print_table(statuses: list[InstanceStatus]) -> None:
    table = Table(show_edge=False, pad_edge=False)
    for column in ("service", "state", "url", "pid"):
        table.add_column(column)
    for s in statuses:
        state = "[green]ready" if s.ready else ("[yellow]not ready" if s.pid else "[dim]stopped")
        table.add_row(s.instance.name, state, s.instance.url, str(s.pid or "-"))
    console.print(table)


def _docker_mode(paths: Paths) -> bool:
    return isinstance(select_stack(paths), ComposeStack)


def _compose(paths: Paths, *args: str) -> None:
    command = compose_command(paths, *args, services_profile=True)
    if subprocess.run(command, check=False, env=compose_env()).returncode != 0:  # noqa: S603
        raise LrError(f"`{' '.join(command)}` failed")

"""The `lr` command: the root typer app and its sub-apps.

Later work adds commands (`reference`, `deliver`, `generate-delivery`, `bench`) without editing
this file: a package declares an entry point in the `lr.commands` group, e.g. in its
pyproject.toml

    [project.entry-points."lr.commands"]
    reference = "lr_intake.entrypoints.cli:reference_app"

pointing at a `typer.Typer` (added as a command group) or a function (added as one command).
Packages that are not installed simply contribute nothing.
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points
from typing import Any

import typer

from lr_tools import devtoken
from lr_tools.bench.command import bench
from lr_tools.chaos.command import chaos
from lr_tools.console import LrError, err_console
from lr_tools.mainjob.command import run as run_main_job
from lr_tools.services import cli as services_cli
from lr_tools.stack import cli as stack_cli
from lr_tools.stack.kafka import use_stack_client_env

COMMAND_GROUP = "lr.commands"


def _root() -> None:
    """Lerarenregister: local stack, services and development tools."""
    # Client libraries log every refused connection while we poll a component that is still
    # starting; those are expected, and the command reports real failures itself.
    for noisy in ("aiokafka", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    # The tools (bench, chaos, run, topics) reach the local broker as its admin, the way it was
    # started (SASL_SSL with the stack's CA); what the caller's environment says wins.
    use_stack_client_env()


def register_subcommands(root: typer.Typer) -> None:
    """Add the commands other packages declare in the `lr.commands` entry-point group."""
    for entry_point in entry_points(group=COMMAND_GROUP):
        target = entry_point.load()
        if isinstance(target, typer.Typer):
            root.add_typer(target, name=entry_point.name)
        elif callable(target):
            root.command(name=entry_point.name)(target)
        else:
            raise TypeError(f"{entry_point.value} is neither a typer app nor a function")


class _LrTyper(typer.Typer):
    """Reports an LrError as one red line and exit code 1 instead of a traceback."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except LrError as error:
            err_console.print(f"[red]error:[/red] {error}", highlight=False)
            raise SystemExit(1) from None


app = _LrTyper(no_args_is_help=True, pretty_exceptions_enable=False, callback=_root)
app.add_typer(stack_cli.app, name="stack")
app.add_typer(services_cli.app, name="services")
app.add_typer(devtoken.app, name="dev-token")
app.command(name="run")(run_main_job)
app.command(name="bench")(bench)
app.command(name="chaos")(chaos)
register_subcommands(app)

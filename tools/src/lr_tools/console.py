"""One console for all commands, and the progress display long operations share."""

from __future__ import annotations

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

console = Console()
# Diagnostics go to stderr so that commands printing a value (a token) stay pipeable.
err_console = Console(stderr=True)


class LrError(Exception):
    """A failure to report to the operator as one clear message, without a traceback."""


def progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.fields[component]:<14}"),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    )

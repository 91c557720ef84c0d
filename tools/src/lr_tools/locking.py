"""One `lr stack`/`lr services` change at a time per checkout.

Test sessions of several packages run `lr stack up` at the same moment; without a lock two of
them would both see Kafka down and both start one, and one pid file would name the loser.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from lr_tools.console import err_console
from lr_tools.paths import Paths


@contextmanager
def exclusive(paths: Paths, name: str = "stack") -> Iterator[None]:
    """Hold var/run/<name>.lock; wait (saying so) while another `lr` holds it."""
    paths.run.mkdir(parents=True, exist_ok=True)
    with (paths.run / f"{name}.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            err_console.print("Waiting for another `lr` command on this stack to finish...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

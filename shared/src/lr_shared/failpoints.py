"""Failpoints: named places in the code where a crash test can make the process die at once.

A crash test starts a service with `LR_FAILPOINTS=<name>[:<n>][,...]` and the service calls
`os._exit` the `n`-th time (default: the first) it passes `hit(<name>)`: no `finally`, no
rollback, no flush, exactly as `kill -9` at that moment would. The setting is refused when
`LR_ENVIRONMENT=production` (`ServiceSettings`), so a production process never carries one.

Names are `<service or part>.<moment>`; `POINTS` lists every one the code has, so a test or
`lr chaos` can name them without reading the code. Unarmed, `hit` is one dictionary lookup.
"""

from __future__ import annotations

import logging
import os
import sys

log = logging.getLogger(__name__)

EXIT_CODE = 137
"""What `kill -9` gives a shell (128 + SIGKILL), so supervisors see the same thing."""

POINTS: dict[str, str] = {
    "inbox.after-claim": "a consumed batch's ids are claimed in the inbox, its effects not yet",
    "db.before-commit": "a unit of work's effects are written, its transaction not committed",
    "consumer.before-offset-commit": "a consumed batch is committed, its Kafka offsets not yet",
    "relay.after-publish": "the relay has published a pass, its outbox rows are not deleted yet",
    "smtp.after-send": "an SMTP transaction has ended, its result is not stored yet",
    "sender.after-claim": "the sender has committed its claim of due mails, none of them sent yet",
}

_armed: dict[str, int] = {}


def parse(spec: str) -> dict[str, int]:
    """`"a,b:3"` -> `{"a": 1, "b": 3}`; unknown names are an error, so a typo cannot pass a test."""
    armed: dict[str, int] = {}
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        name, _, count = part.partition(":")
        if name not in POINTS:
            raise ValueError(f"unknown failpoint {name!r}; known: {', '.join(sorted(POINTS))}")
        hits = int(count) if count else 1
        if hits < 1:
            raise ValueError(f"failpoint {name!r}: the hit count must be at least 1")
        armed[name] = hits
    return armed


def arm(spec: str) -> None:
    """Arm the failpoints of a process (called once, by the platform, from the settings)."""
    _armed.clear()
    _armed.update(parse(spec))
    if _armed:
        log.warning("failpoints armed", extra={"failpoints": sorted(_armed)})


def hit(name: str) -> None:
    """Die here, at once, if this failpoint is armed and this is its n-th hit."""
    remaining = _armed.get(name)
    if remaining is None:
        return
    if remaining > 1:
        _armed[name] = remaining - 1
        return
    sys.stderr.write(f"failpoint {name} hit: exiting\n")
    sys.stderr.flush()
    os._exit(EXIT_CODE)

"""`lr run`: the stack, the services, reference data, a national delivery followed end to
end, a small accreditation round by a teacher panel, a summary. Afterwards the services keep
running for exploring until Ctrl-C (or, without a terminal, stop at once)."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import typer

from lr_intake.adapters.reference_files import read_reference
from lr_tools.console import LrError, console, err_console, progress
from lr_tools.locking import exclusive
from lr_tools.mainjob.accreditation import RoundResult, run_round
from lr_tools.mainjob.deliveries import expected_teachers
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.mainjob.job import JobResult, run_job
from lr_tools.mainjob.summary import render
from lr_tools.paths import Paths
from lr_tools.services.runner import start_services, stop_services
from lr_tools.services.spec import BASE_PORTS, instances
from lr_tools.stack import postgres
from lr_tools.stack.cli import bring_up

NATIVE_KAFKA = "127.0.0.1:19092"
PORTAL_URL = "http://127.0.0.1:8005"
PROFESSION_URL = "http://127.0.0.1:8006"


def _service_cli(paths: Paths, service: str, *args: str) -> None:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", f"lr_{service}.entrypoints.cli", *args],
        cwd=paths.root,
        env={**os.environ, "LR_DATABASE_URL": postgres.service_url(service)},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise LrError(f"`{service} {' '.join(args)}` failed:\n{done.stderr[-2000:]}")
    err_console.print(f"  {service}: {done.stdout.strip()}")


def _reference(paths: Paths) -> Path:
    """The development reference set: generated once, loaded (idempotently) every run."""
    directory = paths.var / "reference"
    if not (directory / "scholen.csv").is_file():
        _service_cli(paths, "intake", "reference", "generate", str(directory))
    _service_cli(paths, "intake", "reference", "load", str(directory))
    catalogue = paths.root / "services" / "portfolio" / "data" / "catalogue.csv"
    _service_cli(paths, "portfolio", "catalogue", "load", str(catalogue))
    return directory


def _mails_on_disk(paths: Paths) -> int:
    return sum(1 for _ in paths.mail.glob("*.eml")) if paths.mail.is_dir() else 0


def run(
    teachers: int = typer.Option(3000, help="How many teachers the delivery holds."),
    boards: int = typer.Option(120, help="From how many boards."),
    seed: int = typer.Option(0, help="Seed of the generated delivery (0: a new one each run)."),
    keep: bool = typer.Option(
        None, help="Keep the services running after the summary (default: when on a terminal)."
    ),
) -> None:
    """The main job: a realistic national delivery through all four services, with a summary."""
    paths = Paths.discover()
    started = time.monotonic()
    bring_up(paths)
    with exclusive(paths, "services"), progress() as bar:
        asyncio.run(start_services(paths, instances(list(BASE_PORTS), {}), bar))
    err_console.print("Reference data and provider catalogue:")
    reference = read_reference(_reference(paths))
    endpoints = Endpoints(
        intake="http://127.0.0.1:8001",
        registry="http://127.0.0.1:8002",
        portfolio="http://127.0.0.1:8003",
        notifications="http://127.0.0.1:8004",
        kafka_bootstrap=NATIVE_KAFKA,
        keys=paths.dev,
    )
    result = asyncio.run(
        run_job(
            endpoints,
            reference,
            teachers=teachers,
            boards=boards,
            seed=seed or random.SystemRandom().randrange(1, 2**31),
            mails_on_disk=lambda: _mails_on_disk(paths),
            visits=5,
        )
    )
    _write_test_teachers(paths, result)
    err_console.print("Accreditation round (teacher panels):")
    accreditation: RoundResult = asyncio.run(
        run_round(endpoints, PROFESSION_URL, result.visits, result.deliveries)
    )
    result.problems.extend(accreditation.problems)
    render(result, console, portal=PORTAL_URL, accreditation=accreditation)
    console.print(f"Whole job, stack start included: {time.monotonic() - started:.0f} s.")
    if keep if keep is not None else sys.stdin.isatty():
        _explore(paths)
    else:
        _stop(paths)
    if not result.ok:
        raise typer.Exit(1)


def _write_test_teachers(paths: Paths, result: JobResult) -> None:
    """The delivered teachers' BSNs (generated test data) for the development sign-in's picker
    (LR_DEV_TEST_DATA_FILE in deploy/native/services.env); never shown in the summary."""
    target = paths.dev / "delivered-teachers.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    bsns = sorted(expected_teachers(result.deliveries))
    target.write_text("bsn\n" + "".join(f"{bsn}\n" for bsn in bsns))
    target.chmod(0o600)


def _explore(paths: Paths) -> None:
    console.print(
        f"The services keep running: the portal {PORTAL_URL} (sign in at /inloggen), intake "
        "http://127.0.0.1:8001/docs, registry :8002/docs, "
        "portfolio :8003/docs, notifications :8004/metrics, profession :8006/docs; mails under "
        "var/mail/. "
        "Press Ctrl-C to stop them (the stack stays up; `make stack-down` stops it)."
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        _stop(paths)


def _stop(paths: Paths) -> None:
    with exclusive(paths, "services"), progress() as bar:
        asyncio.run(stop_services(paths, bar))

"""Operator commands of the profession: `lr profession sweep`."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from pathlib import Path

import typer

from lr_profession.adapters.unit_of_work import SqlUnitOfWork
from lr_profession.application import panels
from lr_profession.application.ports import UnitOfWork
from lr_profession.bootstrap import rules_of
from lr_profession.settings import Settings
from lr_shared.db import create_engine, create_sessionmaker, run_migrations

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

app = typer.Typer(help="Profession operator commands (teacher panels).", no_args_is_help=True)


@app.callback()
def _group() -> None:
    """Teacher panels that accredit providers' activities."""


@app.command("sweep")
def sweep() -> None:
    """Withdraw stalled reviews and fill every panel short of reviewers, once (what each
    replica does every LR_SWEEP_INTERVAL_SECONDS). Reads the service's LR_ settings."""
    result = asyncio.run(_sweep(Settings()))
    typer.echo(f"withdrawn {result.withdrawn} stalled reviews, assigned {result.assigned}")


async def _sweep(settings: Settings) -> panels.SweepResult:
    await run_migrations(MIGRATIONS, settings.database_url)
    engine = create_engine(settings.database_url, pool_size=1)
    sessions = create_sessionmaker(engine)

    def uows() -> UnitOfWork:
        return SqlUnitOfWork(sessions)

    try:
        return await panels.sweep(
            uows, rules_of(settings), datetime.now(UTC), random.SystemRandom()
        )
    finally:
        await engine.dispose()

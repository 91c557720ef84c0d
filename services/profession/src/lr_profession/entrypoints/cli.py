"""Operator commands of the profession: `lr profession sweep`."""

from __future__ import annotations

import asyncio
import json
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from lr_profession.adapters.unit_of_work import SqlUnitOfWork
from lr_profession.application import panels, votes
from lr_profession.application.ports import UnitOfWork
from lr_profession.bootstrap import rules_of, vote_rules_of
from lr_profession.domain.criteria import Criterion
from lr_profession.domain.errors import InvalidInputError
from lr_profession.domain.votes import Vote
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
    result, voted = asyncio.run(_sweep(Settings()))
    typer.echo(
        f"votes: closed {voted.closed}, opened {voted.opened}, invitations {voted.invited}; "
        f"withdrawn {result.withdrawn} stalled reviews, assigned {result.assigned}"
    )


async def _sweep(settings: Settings) -> tuple[panels.SweepResult, votes.VoteSweepResult]:
    await run_migrations(MIGRATIONS, settings.database_url)
    engine = create_engine(settings.database_url, pool_size=1)
    sessions = create_sessionmaker(engine)

    def uows() -> UnitOfWork:
        return SqlUnitOfWork(sessions)

    try:
        now = datetime.now(UTC)
        voted = await votes.sweep(uows, vote_rules_of(settings), now)
        result = await panels.sweep(uows, rules_of(settings), now, random.SystemRandom())
        return result, voted
    finally:
        await engine.dispose()


vote_app = typer.Typer(help="Votes of the registered teachers on criteria sets.")
app.add_typer(vote_app, name="vote")


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise typer.BadParameter("give a time zone, e.g. 2027-01-10T09:00:00+01:00")
    return moment


@vote_app.command("open")
def vote_open(
    criteria_file: Annotated[
        Path,
        typer.Argument(
            help='JSON: [{"code": ..., "title": ..., "description": ...}, ...], the full set.'
        ),
    ],
    opens_at: Annotated[str, typer.Option(help="ISO 8601 with time zone; now if omitted.")] = "",
    closes_at: Annotated[str, typer.Option(help="ISO 8601 with time zone.")] = "",
) -> None:
    """Put a proposed criteria set (the next version) to every registered teacher. The vote
    opens at --opens-at (invitations go out then) and closes at --closes-at; the tally is
    published and an adopted set is in force from the close. Reads the LR_ settings."""
    if not closes_at:
        raise typer.BadParameter("--closes-at is required")
    raw = json.loads(criteria_file.read_text(encoding="utf-8"))
    criteria = [Criterion(str(c["code"]), str(c["title"]), str(c["description"])) for c in raw]
    now = datetime.now(UTC)
    start = _moment(opens_at) if opens_at else now
    try:
        vote, voted = asyncio.run(_open(Settings(), criteria, start, _moment(closes_at), now))
    except InvalidInputError as exc:
        raise typer.BadParameter(str(exc)) from None
    typer.echo(
        f"vote {vote.id} on criteria set version {vote.proposal_version}: opens "
        f"{vote.opens_at.isoformat()}, closes {vote.closes_at.isoformat()}; "
        f"opened now: {voted.opened}, invitations {voted.invited}"
    )


async def _open(
    settings: Settings,
    criteria: list[Criterion],
    opens_at: datetime,
    closes_at: datetime,
    now: datetime,
) -> tuple[Vote, votes.VoteSweepResult]:
    await run_migrations(MIGRATIONS, settings.database_url)
    engine = create_engine(settings.database_url, pool_size=1)
    sessions = create_sessionmaker(engine)

    def uows() -> UnitOfWork:
        return SqlUnitOfWork(sessions)

    try:
        vote = await votes.propose(uows, criteria, opens_at, closes_at, now)
        # Due already: opened, and its invitations sent, at once.
        return vote, await votes.sweep(uows, vote_rules_of(settings), now)
    finally:
        await engine.dispose()


if __name__ == "__main__":  # `python -m lr_profession.entrypoints.cli` (Fleet.run_cli)
    app()

"""Operator commands of the portfolio: `catalogue load FILE`, `catalogue generate FILE`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from lr_portfolio.adapters import catalogue_csv
from lr_portfolio.adapters.unit_of_work import PortfolioUnitOfWork
from lr_portfolio.application import catalogue
from lr_portfolio.application.ports import UnitOfWork
from lr_shared.db import create_engine, create_sessionmaker, run_migrations

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

app = typer.Typer(help="Portfolio operator commands.", no_args_is_help=True)
catalogue_app = typer.Typer(help="The provider catalogue of accredited activities.")
app.add_typer(catalogue_app, name="catalogue")

DatabaseUrl = Annotated[
    str, typer.Option(envvar="LR_DATABASE_URL", help="postgresql+asyncpg://... of the portfolio")
]


@catalogue_app.command("load")
def load(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)], database_url: DatabaseUrl
) -> None:
    """Load (insert or update) catalogue entries from a CSV file."""
    try:
        entries = catalogue_csv.read(file)
    except catalogue_csv.CatalogueFileError as exc:
        typer.echo(f"{file}: {exc}", err=True)
        raise typer.Exit(1) from None
    count = asyncio.run(_load(database_url, entries))
    typer.echo(f"loaded {count} catalogue entries")


async def _load(database_url: str, entries: list[catalogue.CatalogueEntry]) -> int:
    await run_migrations(MIGRATIONS, database_url)
    engine = create_engine(database_url, pool_size=1)
    sessions = create_sessionmaker(engine)

    def uows() -> UnitOfWork:
        return PortfolioUnitOfWork(sessions)

    try:
        return await catalogue.load(uows, entries)
    finally:
        await engine.dispose()


@catalogue_app.command("generate")
def generate(
    file: Annotated[Path, typer.Argument(dir_okay=False)],
    count: Annotated[int, typer.Option(min=1, max=100_000)] = 500,
    seed: Annotated[int, typer.Option()] = 2026,
) -> None:
    """Write a realistic generated catalogue (for development and tests)."""
    entries = catalogue.generate(count, seed)
    catalogue_csv.write(file, entries)
    typer.echo(f"wrote {len(entries)} catalogue entries to {file}")


if __name__ == "__main__":
    app()

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest
from typer.testing import CliRunner

from lr_portfolio.adapters.catalogue_csv import read
from lr_portfolio.entrypoints.cli import app

pytestmark = pytest.mark.integration

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "catalogue.csv"


async def test_the_shipped_catalogue_loads_and_loading_again_changes_nothing(
    database_url: str,
) -> None:
    runner = CliRunner()
    args = ["catalogue", "load", str(SHIPPED), "--database-url", database_url]
    for _ in range(2):
        # In a thread: the command runs its own event loop.
        result = await asyncio.to_thread(runner.invoke, app, args)
        assert result.exit_code == 0, result.output
        assert "loaded 500" in result.output
    connection = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        assert await connection.fetchval("select count(*) from catalogue") == 500
    finally:
        await connection.close()


def test_generate_writes_a_catalogue_that_load_accepts(tmp_path: Path) -> None:
    target = tmp_path / "catalogue.csv"
    result = CliRunner().invoke(app, ["catalogue", "generate", str(target), "--count", "40"])
    assert result.exit_code == 0, result.output
    entries = read(target)
    assert len(entries) == 40
    assert len({e.activity_code for e in entries}) == 40


def test_a_catalogue_file_with_a_bad_row_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    header = "activity_code,provider_id,provider_name,title,type,subtype,register_hours,core"
    bad.write_text(f"{header}\nX-1,P1,Aanbieder,Titel,holiday,,8,true\n")
    result = CliRunner().invoke(
        app, ["catalogue", "load", str(bad), "--database-url", "postgresql+asyncpg://x/y"]
    )
    assert result.exit_code == 1
    assert "line 2" in result.output

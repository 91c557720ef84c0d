"""Intake's operator commands (mounted into `lr`): reference data, demo deliveries, uploads."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn
from rich.table import Table

from lr_intake.adapters.reference_files import read_reference, write_reference
from lr_intake.application.reference import load_reference
from lr_intake.bootstrap import standalone_uow_factory
from lr_intake.devdata.deliveries import by_board, generate_rows
from lr_intake.devdata.files import write_delivery
from lr_intake.devdata.reference import generate_reference
from lr_intake.entrypoints.upload_client import Retry, post_upload, send_with_retries
from lr_shared.auth import DEV_IDP_ISSUER, DEV_IDP_KEY_FILE, DEV_IDP_KID, mint_token

app = typer.Typer(help="Intake: reference data and deliveries.", no_args_is_help=True)
reference_app = typer.Typer(
    help="Reference data: boards, schools, code lists.", no_args_is_help=True
)
app.add_typer(reference_app, name="reference")
console = Console()

DEFAULT_DATABASE_URL = "postgresql+asyncpg://lr:lr@127.0.0.1:55432/lr_intake"


def _now() -> datetime:
    return datetime.now(UTC)


@reference_app.command("generate")
def reference_generate(
    directory: Path,
    seed: Annotated[int, typer.Option(help="Same seed, same set.")] = 1,
    boards: Annotated[int, typer.Option(help="Number of boards.")] = 1400,
) -> None:
    """Write a realistic national reference set as CSV files into DIRECTORY."""
    reference = generate_reference(seed=seed, boards=boards)
    write_reference(directory, reference)
    console.print(
        f"{len(reference.boards)} boards, {len(reference.schools)} schools, "
        f"{len(reference.bureaus)} payroll bureaus, {len(reference.mandates)} mandates "
        f"written to {directory}"
    )


@reference_app.command("load")
def reference_load(
    directory: Path,
    database_url: Annotated[
        str, typer.Option(envvar="LR_DATABASE_URL", help="Intake's database.")
    ] = DEFAULT_DATABASE_URL,
) -> None:
    """Load the CSV files of DIRECTORY into intake's database (replacing what was there) and
    publish every school on lr.reference.schools.v1 through the outbox."""
    reference = read_reference(directory)
    suffix = os.environ.get("LR_TOPIC_SUFFIX", "")

    async def run() -> None:
        uow, close = await standalone_uow_factory(database_url, suffix)
        try:
            loaded = await load_reference(uow, reference, _now)
        finally:
            await close()
        console.print(
            f"Loaded {loaded.boards} boards, {loaded.schools} schools "
            f"({loaded.removed_schools} removed), {loaded.mandates} mandates. "
            "Schools are published by intake's outbox relay."
        )

    asyncio.run(run())


@app.command("generate-delivery")
def generate_delivery(
    out: Annotated[Path, typer.Argument(help="A file, or a directory with --per-board.")],
    rows: Annotated[int, typer.Option(help="Number of rows.")] = 1000,
    reference_dir: Annotated[
        Path | None, typer.Option("--reference", help="Reference set (else generated)")
    ] = None,
    seed: int = 1,
    error_share: Annotated[float, typer.Option(help="Share of faulty rows, 0..1.")] = 0.05,
    board: Annotated[list[str] | None, typer.Option(help="Only these boards.")] = None,
    per_board: Annotated[bool, typer.Option(help="One file per board.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="csv or ndjson")] = "csv",
    delimiter: str = ";",
    bom: bool = False,
    crlf: bool = False,
    dutch_dates: bool = False,
    today: Annotated[str | None, typer.Option(help="Delivery date, YYYY-MM-DD.")] = None,
) -> None:
    """Write realistic delivery files (valid BSNs, Dutch names, a share of faulty rows)."""
    reference = read_reference(reference_dir) if reference_dir else generate_reference(seed=seed)
    generated = generate_rows(
        reference,
        rows=rows,
        seed=seed,
        error_share=error_share,
        boards=board or None,
        today=date.fromisoformat(today) if today else None,
    )
    suffix = "ndjson" if fmt == "ndjson" else "csv"
    options: dict[str, object] = {
        "fmt": fmt,
        "delimiter": delimiter,
        "bom": bom,
        "crlf": crlf,
        "dutch_dates": dutch_dates,
    }
    if per_board:
        for number, board_rows in by_board(generated):
            write_delivery(
                out / f"levering-{number}.{suffix}", [r.values for r in board_rows], **options
            )
        console.print(f"{len(generated)} rows written to {out}/ (one file per board)")
    else:
        write_delivery(out, [r.values for r in generated], **options)
        console.print(f"{len(generated)} rows written to {out}")


def _repo_root() -> Path:
    home = os.environ.get("LR_HOME")
    if home:
        return Path(home)
    for parent in [Path.cwd(), *Path.cwd().parents]:
        if (parent / "var" / "dev").is_dir():
            return parent
    return Path.cwd()


def dev_board_token(board: str, boards: list[str] | None = None, keys: Path | None = None) -> str:
    """A development board token signed with var/dev/dev-idp-key.pem."""
    key_file = (keys or _repo_root() / "var" / "dev") / DEV_IDP_KEY_FILE
    return mint_token(
        key_file.read_bytes(),
        kid=DEV_IDP_KID,
        issuer=DEV_IDP_ISSUER,
        subject=board,
        kind="board",
        boards=boards,
    )


@app.command("deliver")
def deliver(
    file: Path,
    board: Annotated[str, typer.Option(help="Board number (the token's subject).")],
    url: str = "http://127.0.0.1:8001",
    for_board: Annotated[
        list[str] | None, typer.Option(help="Boards a payroll bureau delivers for.")
    ] = None,
    idempotency_key: Annotated[
        str | None, typer.Option(help="The delivery's key (default: a new one, printed).")
    ] = None,
    wait: Annotated[bool, typer.Option(help="Wait until everything is published.")] = True,
) -> None:
    """Upload FILE as board BOARD, with a progress bar, and print the feedback. While intake
    cannot take it (restarting, 503, 429) the upload is sent again with the same
    Idempotency-Key, for up to a minute."""
    token = dev_board_token(board, for_board)
    content_type = "application/x-ndjson" if file.suffix in (".ndjson", ".jsonl") else "text/csv"
    key = idempotency_key or f"lr-deliver-{uuid.uuid4()}"
    if not idempotency_key:
        console.print(f"Idempotency-Key: {key}")
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": content_type,
        "Idempotency-Key": key,
    }
    params = {"bevoegd_gezag": for_board[0]} if for_board and len(for_board) == 1 else {}
    started = time.monotonic()
    response = asyncio.run(_upload(file, url, headers, params))
    body = response.json()
    if response.status_code not in (202, 422):
        console.print(f"[red]{response.status_code}: {body}")
        raise typer.Exit(1)
    if wait and body.get("status") == "processing":
        body = asyncio.run(_wait_published(url, body["id"], headers))
    _print_summary(body, time.monotonic() - started)
    if body.get("status") == "rejected":
        raise typer.Exit(2)


async def _upload(
    file: Path, url: str, headers: dict[str, str], params: dict[str, str]
) -> httpx.Response:
    size = await asyncio.to_thread(lambda: file.stat().st_size)
    with Progress(
        "[progress.description]{task.description}", BarColumn(), DownloadColumn(),
        TransferSpeedColumn(), console=console,
    ) as progress:  # fmt: skip
        task = progress.add_task(f"Uploading {file.name}", total=size)

        async def chunks() -> AsyncIterator[bytes]:
            progress.reset(task)  # every attempt sends the file from its start
            with file.open("rb") as source:
                while chunk := source.read(256 * 1024):
                    progress.advance(task, len(chunk))
                    yield chunk

        async with httpx.AsyncClient(timeout=httpx.Timeout(600.0)) as client:
            return await post_upload(
                client, f"{url}/v1/deliveries", chunks, headers, params=params,
                on_retry=_report_retry,
            )  # fmt: skip


def _report_retry(retry: Retry) -> None:
    console.print(
        f"[yellow]intake: {retry.reason} (attempt {retry.attempt}); sending again in "
        f"{retry.wait:.1f} s with the same Idempotency-Key"
    )


async def _wait_published(url: str, delivery_id: str, headers: dict[str, str]) -> dict[str, object]:
    async with httpx.AsyncClient(timeout=30.0) as client:
        with console.status("Publishing accepted appointments..."):
            while True:
                response = await send_with_retries(
                    client, "GET", f"{url}/v1/deliveries/{delivery_id}", headers=headers,
                    on_retry=_report_retry,
                )  # fmt: skip
                body: dict[str, object] = response.json()
                if body.get("status") != "processing":
                    return body
                await asyncio.sleep(0.5)


def _print_summary(body: dict[str, object], seconds: float) -> None:
    table = Table(title=f"Delivery {body.get('id')}", show_header=False)
    for name in (
        "status", "rows_total", "rows_accepted", "rows_rejected", "rows_warned", "rows_unchanged",
        "rejection_code", "rejection_message", "errors_url",
    ):  # fmt: skip
        if body.get(name) is not None:
            table.add_row(name, str(body[name]))
    table.add_row("seconds", f"{seconds:.1f}")
    console.print(table)


if __name__ == "__main__":
    app()

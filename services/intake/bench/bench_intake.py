"""Intake benchmark: in-process validation speed, and upload -> all published end to end.

    uv run python services/intake/bench/bench_intake.py [--rows 300000] [--skip-e2e]

The end-to-end part starts `python -m lr_intake` as its own process on a fresh database and
topic suffix of the local stack (`lr stack up`), uploads one file, waits until the delivery is
`completed` (every appointment published), and reads the service's peak RSS (VmHWM).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import asyncpg
import httpx

from lr_intake.adapters.checking import row_checkers
from lr_intake.application.ports import RowCheckers
from lr_intake.devdata.deliveries import generate_rows
from lr_intake.devdata.files import render_delivery
from lr_intake.devdata.reference import generate_reference
from lr_intake.domain.fileformat import CsvFile
from lr_shared.auth import (
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    generate_dev_keys,
    mint_token,
)
from lr_tools.bench.figures import record
from lr_tools.bench.machine import describe, process_cpu_s, speed_ms
from lr_tools.stack.kafka import use_stack_client_env
from lr_tools.stack.topics import delete_topics

ADMIN_URL = "postgresql://lr:lr@127.0.0.1:55432/postgres"
KAFKA = "127.0.0.1:19092"
PORT = 8091
BSN_HASH_KEY = "bench-bsn-hash-key-0123456789"


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench_validation(
    data: bytes,
    reference_set: object,
    boards: frozenset[str],
    figures_file: Path | None,
    checkers: RowCheckers,
) -> None:
    """Reading and checking in-process (the rules, the keyed BSN hash, identity, fingerprint
    and message of every accepted row), three times (this machine's speed varies by a quarter
    from run to run): every run's figure, the best one last."""
    reference = reference_set.snapshot()  # type: ignore[attr-defined]
    figures, speeds = [], []
    for _ in range(3):
        speeds.append(speed_ms(rounds=1))
        started, cpu = time.perf_counter(), time.process_time()
        reader, checker = CsvFile(), checkers(reference, boards, date.today(), uuid.uuid4())
        rows = accepted = 0
        for offset in range(0, len(data), 64 * 1024):
            parsed = reader.feed(data[offset : offset + 64 * 1024]).rows
            for staged, _ in checker.check(parsed):
                accepted += staged is not None
            rows += len(parsed)
        reader.feed(b"", final=True)
        wall, used = time.perf_counter() - started, time.process_time() - cpu
        figures.append(rows / wall)
        print(
            f"validation in-process: {rows} rows ({accepted} accepted) in {wall:.2f} s wall, "
            f"{used:.2f} s CPU: {rows / wall:,.0f} rows/s wall, {rows / used:,.0f} rows/s CPU "
            f"(reference workload just before: {speeds[-1]:.0f} ms)"
        )
    print(
        f"validation in-process, best of 3: {max(figures):,.0f} rows/s (median "
        f"{sorted(figures)[1]:,.0f}); bench peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    record(
        figures_file,
        rows=rows,
        validation_best_rows_per_s=round(max(figures)),
        validation_median_rows_per_s=round(sorted(figures)[1]),
        validation_reference_workload_ms=round(sorted(speeds)[1]),
    )


async def bench_end_to_end(
    data: bytes,
    rows: int,
    board: str,
    reference_set: object,
    profile: Path | None,
    figures_file: Path | None,
) -> None:
    from lr_intake.application.reference import load_reference
    from lr_intake.bootstrap import standalone_uow_factory, utc_now

    database = f"bench_{uuid.uuid4().hex[:8]}"
    suffix = f".bench{uuid.uuid4().hex[:6]}"
    admin = await asyncpg.connect(ADMIN_URL)
    await admin.execute(f'create database "{database}"')
    await admin.close()
    url = f"postgresql+asyncpg://lr:lr@127.0.0.1:55432/{database}"
    keys = Path(tempfile.mkdtemp())
    generate_dev_keys(keys)
    uow, close = await standalone_uow_factory(url, suffix)
    await load_reference(uow, reference_set, utc_now)  # type: ignore[arg-type]
    await close()
    env = {
        **os.environ,
        "LR_ENVIRONMENT": "test",
        "LR_DATABASE_URL": url,
        "LR_KAFKA_BOOTSTRAP_SERVERS": KAFKA,
        "LR_TOPIC_SUFFIX": suffix,
        "LR_HTTP_PORT": str(PORT),
        "LR_JWKS_FILE": str(keys / "jwks.json"),
        "LR_BSN_HASH_KEY": BSN_HASH_KEY,
        "LR_BSN_ENCRYPTION_KEY": base64.b64encode(bytes(32)).decode(),
        "LR_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "lr_intake"]
    if profile is not None:
        command[1:1] = ["-m", "pyinstrument", "-r", "text", "-o", str(profile)]
    service = subprocess.Popen(command, env=env)  # noqa: ASYNC220, S603 - our own module
    token = mint_token(
        (keys / DEV_IDP_KEY_FILE).read_bytes(),
        kid=DEV_IDP_KID, issuer=DEV_IDP_ISSUER, subject=board, kind="board",
    )  # fmt: skip
    headers = {"Authorization": f"Bearer {token}"}
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{PORT}", timeout=600) as client:
            for _ in range(120):
                try:
                    if (await client.get("/ready")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.5)

            async def body() -> AsyncIterator[bytes]:
                for offset in range(0, len(data), 256 * 1024):
                    yield data[offset : offset + 256 * 1024]

            print(f"before upload: {load()}; reference workload {speed_ms():.0f} ms")
            cpu_before = process_cpu_s(service.pid) or 0.0
            started = time.perf_counter()
            response = await client.post(
                "/v1/deliveries", content=body(), headers={**headers, "Content-Type": "text/csv"}
            )
            answered = time.perf_counter() - started
            cpu_answered = (process_cpu_s(service.pid) or 0.0) - cpu_before
            delivery = response.json()
            while delivery["status"] == "processing":
                await asyncio.sleep(0.2)
                delivery = (
                    await client.get(f"/v1/deliveries/{delivery['id']}", headers=headers)
                ).json()
            done = time.perf_counter() - started
            cpu_done = (process_cpu_s(service.pid) or 0.0) - cpu_before
        with open(f"/proc/{service.pid}/status") as status:  # noqa: ASYNC230 - /proc, instant
            peak = next(line for line in status if line.startswith("VmHWM")).split()[1]
        print(
            f"end to end: {rows} rows, {delivery['rows_accepted']} accepted; upload answered "
            f"after {answered:.1f} s ({rows / answered:,.0f} rows/s), all published after "
            f"{done:.1f} s: {rows / done:,.0f} rows/s; intake peak RSS {int(peak) / 1024:.0f} MB"
        )
        print(
            f"intake CPU: {cpu_answered:.1f} s until answered ({rows / cpu_answered:,.0f} rows/"
            f"CPU-s), {cpu_done:.1f} s until all published ({rows / cpu_done:,.0f} rows/CPU-s); "
            f"after: {load()}; reference workload {speed_ms():.0f} ms"
        )
        record(
            figures_file,
            upload_answered_s=round(answered, 2),
            upload_published_s=round(done, 2),
            upload_published_rows_per_s=round(rows / done),
            intake_peak_rss_mib=round(int(peak) / 1024),
        )
    finally:
        # SIGINT: pyinstrument writes its report on KeyboardInterrupt; uvicorn stops on it too.
        service.send_signal(signal.SIGINT)
        service.wait(timeout=60)
        if profile is not None:
            print(f"profile: {profile}")
        admin = await asyncpg.connect(ADMIN_URL)
        await admin.execute(f'drop database if exists "{database}" with (force)')
        await admin.close()
        await delete_topics(KAFKA, suffix=suffix)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--error-share", type=float, default=0.05)
    parser.add_argument("--skip-e2e", action="store_true")
    parser.add_argument(
        "--python", action="store_true", help="validation without the compiled checks (to compare)"
    )
    parser.add_argument("--json", type=Path, help="write the key figures here (for lr bench)")
    parser.add_argument(
        "--profile", type=Path, help="run intake under pyinstrument, text report to this file"
    )
    args = parser.parse_args()
    print(f"machine: {describe()}; {load()}")
    reference = generate_reference(seed=1)
    cache = Path(tempfile.gettempdir()) / f"lr-bench-{args.rows}-{args.error_share}.csv"
    board = reference.boards[0].bevoegd_gezag
    if not cache.exists():
        # One board's file (the e2e upload is made by that board), national-sized.
        rows = generate_rows(reference, rows=args.rows, seed=1, error_share=args.error_share)
        for row in rows:
            if row.values["bevoegd_gezag"] == row.board:
                row.values["bevoegd_gezag"] = board
        cache.write_bytes(render_delivery([r.values for r in rows]))
    data = cache.read_bytes()
    own = replace_boards(reference, board)
    checkers = row_checkers(BSN_HASH_KEY.encode(), native=not args.python)
    bench_validation(data, own, frozenset({board}), args.json, checkers)
    if not args.skip_e2e:
        asyncio.run(bench_end_to_end(data, args.rows, board, own, args.profile, args.json))


def replace_boards(reference: object, board: str) -> object:
    """The reference set with every school under one board, so one board's token may deliver
    the whole national file."""
    from dataclasses import replace

    from lr_intake.domain.reference import School

    schools = tuple(
        School(s.brin, s.brin_volgnummer, s.naam, s.plaats, board, s.sector)
        for s in reference.schools  # type: ignore[attr-defined]
    )
    return replace(reference, schools=schools)  # type: ignore[type-var]


if __name__ == "__main__":
    use_stack_client_env()  # the local broker as its admin (SASL_SSL when secured)
    main()

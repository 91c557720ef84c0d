"""What a board's delivery costs, first and again: the cost of keeping what deliveries change.

    uv run --frozen python services/intake/bench/bench_changes.py [--rows 20000] [--cycles 5]

Per cycle, one board (a fresh one each cycle) uploads `--rows` rows three times: its first
delivery (every appointment new), the same file again (every one unchanged), and a file with 1%
of the appointments changed (one field), 1% dropped and 1% added. Intake runs in this process
on the local stack (`lr stack up`) with a database and topics of its own, dropped afterwards;
each upload is timed (wall, and this process's CPU) from the request to the answer, after the
delivery before it was published. The medians are printed last, with the load average: the
machine is shared, so compare CPU seconds, and runs made one right after the other.

To compare with an earlier version of intake, run the same script with that version's sources
first on the path: `git archive <commit> services/intake/src | tar -x -C /tmp/base`, then
`PYTHONPATH=/tmp/base/services/intake/src uv run --frozen python ...` (docs/boards-intake.md).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from lr_intake.application.reference import load_reference
from lr_intake.devdata.deliveries import generate_rows
from lr_intake.devdata.files import render_delivery
from lr_intake.devdata.reference import generate_reference
from lr_intake.entrypoints.app import create_app
from lr_intake.settings import Settings
from lr_shared.auth import (
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    generate_dev_keys,
    mint_token,
)
from lr_tools.stack.kafka import use_stack_client_env
from lr_tools.stack.topics import delete_topics
from lr_tools.testing import eventually, serve_in_process

ADMIN_URL = "postgresql://lr:lr@127.0.0.1:55432/postgres"
KAFKA = "127.0.0.1:19092"
KINDS = ("first", "unchanged", "changed")


def now() -> datetime:
    return datetime(2026, 8, 20, 12, tzinfo=UTC)


def files(reference: Any, board: str, rows: int, seed: int) -> list[tuple[str, bytes]]:
    generated = generate_rows(
        reference, rows=rows + rows // 100, boards=[board], error_share=0.02, seed=seed,
        today=now().date(),
    )  # fmt: skip
    values = [r.values for r in generated]
    base, hundredth = values[:rows], rows // 100
    later = [dict(v) for v in base[hundredth:]] + values[rows:]  # 1% dropped, 1% added
    for row in later[:hundredth]:
        row["achternaam"] += "-X"  # 1% changed, one field
    first = render_delivery(base)
    return [("first", first), ("unchanged", first), ("changed", render_delivery(later))]


async def completed(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> None:
    async def published() -> bool:
        return bool((await client.get(url, headers=headers)).json()["status"] == "completed")

    assert await eventually(published, timeout=120, interval=0.1)


async def run(rows: int, cycles: int) -> None:
    name = f"bench_changes_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN_URL)
    await admin.execute(f'create database "{name}"')
    await admin.close()
    keys = Path(tempfile.mkdtemp(prefix="lr-bench-keys-"))
    generate_dev_keys(keys)
    suffix = f".b{uuid.uuid4().hex[:8]}"
    settings = Settings(
        environment="test",
        database_url=f"postgresql+asyncpg://lr:lr@127.0.0.1:55432/{name}",
        kafka_bootstrap_servers=KAFKA,
        topic_suffix=suffix,
        jwks_file=keys / "jwks.json",
        bsn_hash_key="bench-bsn-hash-key-0123456789",  # type: ignore[arg-type]
        bsn_encryption_key=base64.b64encode(bytes(32)).decode(),  # type: ignore[arg-type]
        publish_check_seconds=0.1,
    )
    reference = generate_reference(seed=7, boards=max(30, cycles), bureaus=3)
    timings: dict[str, list[tuple[float, float]]] = {kind: [] for kind in (*KINDS, "changes")}
    app = create_app(settings, clock=now)
    try:
        async with serve_in_process(app) as client:
            client.timeout = httpx.Timeout(300)
            await load_reference(app.state.container.intake.uow, reference, now)
            for cycle, board in enumerate(b.bevoegd_gezag for b in reference.boards[:cycles]):
                token = mint_token(
                    (keys / DEV_IDP_KEY_FILE).read_bytes(),
                    kid=DEV_IDP_KID,
                    issuer=DEV_IDP_ISSUER,
                    subject=board,
                    kind="board",
                )
                headers = {"Authorization": f"Bearer {token}"}
                answer: dict[str, Any] = {}
                for kind, body in files(reference, board, rows, seed=cycle + 1):
                    wall, cpu = time.perf_counter(), time.process_time()
                    response = await client.post(
                        "/v1/deliveries",
                        content=body,
                        headers={**headers, "Content-Type": "text/csv"},
                    )
                    timings[kind].append((time.perf_counter() - wall, time.process_time() - cpu))
                    assert response.status_code == 202, response.text
                    answer = response.json()
                    print(kind, board, answer.get("changes") or answer["rows_unchanged"])
                    await completed(client, f"/v1/deliveries/{answer['id']}", headers)
                if "changes_url" in answer:
                    wall, cpu = time.perf_counter(), time.process_time()
                    await client.get(answer["changes_url"], headers=headers)
                    timings["changes"].append(
                        (time.perf_counter() - wall, time.process_time() - cpu)
                    )
    finally:
        admin = await asyncpg.connect(ADMIN_URL)
        await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()
        await delete_topics(KAFKA, suffix=suffix)
    for kind, values in timings.items():
        if values:
            wall = statistics.median(v[0] for v in values)
            cpu = statistics.median(v[1] for v in values)
            print(f"{kind}: median wall {wall:.3f} s, CPU {cpu:.3f} s over {len(values)} runs")
    print("load average", " ".join(f"{x:.2f}" for x in os.getloadavg()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--cycles", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(args.rows, args.cycles))


if __name__ == "__main__":
    use_stack_client_env()  # the local broker as its admin (SASL_SSL when secured)
    main()

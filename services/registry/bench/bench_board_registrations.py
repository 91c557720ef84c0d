"""Registry benchmark (not a test): a board's teachers. A board with 20,000 teachers in a register
of more: p95 of its first page and of its CSV of all against p95 of /health in the same run,
and the time of a 5,000-number bulk check.

    cd /work/main && uv run lr stack up
    uv run python services/registry/bench/bench_board_registrations.py

A fresh database and fresh topics; one real `python -m lr_registry` process. The register is
written directly (the reads are measured, not the intake of the data); every request the
benchmark sends is recorded as a look-up, as in production.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import bench_registry as bench
import httpx

from lr_shared.auth import (
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    generate_dev_keys,
    mint_token,
)
from lr_tools.bench.machine import describe, load_average
from lr_tools.stack.kafka import use_stack_client_env
from lr_tools.stack.topics import delete_topics

# Benchmark data and client choices, not cryptography.
# ruff: noqa: S311

BOARD = "10000"
PORT = 18300

# Schools: 40 of the board (BRIN 10AA..), the rest of 1,400 other boards.
SCHOOLS = """
insert into schools (brin, brin_volgnummer, naam, plaats, bevoegd_gezag, sector)
select lpad((10 + g / 676)::text, 2, '0') || chr(65 + g / 26 % 26) || chr(65 + g % 26), '00',
       'School ' || g, 'Plaats',
       case when g < 40 then $1 else lpad((10001 + g % 1400)::text, 5, '0') end, 'PO'
from generate_series(0, 7999) g
"""
# Teachers 1..$2 work at the board (one of its 40 schools; one in ten also at another board),
# the others at other boards.
TEACHERS = """
insert into teachers (registration_number, bsn_hash, bsn_encrypted, voorletters, tussenvoegsel,
                      achternaam, geslacht, geboortedatum, email)
select 'LR' || lpad(g::text, 8, '0'), md5(g::text), '\\x00'::bytea,
       (array['J.', 'A.B.', 'M.', 'P.J.', 'S.'])[1 + g % 5],
       (array['', '', 'van', 'de'])[1 + g % 4],
       ($1::text[])[1 + g % array_length($1::text[], 1)], 'V', date '1980-01-01',
       't' || g || '@example.org'
from generate_series(1, $2::int) g
"""
REGISTRATIONS = """
insert into registrations (registration_number, state, invited_at, confirmed_at, period_start,
                           period_end, active_until, qualified_until)
select 'LR' || lpad(g::text, 8, '0'),
       (array['registered', 'registered', 'registered', 'pre_registered', 'conditional',
              'pending_confirmation'])[1 + g % 6],
       now(), now(), current_date, current_date + 1461, date '9999-12-31', date '9999-12-31'
from generate_series(1, $1::int) g
"""
# School i: BRIN from i as in SCHOOLS. The board's teachers work at school g % 40 (one in ten
# also at another board's school), the others at one of the other boards' schools; one in fifty
# of those once worked at the board (an ended appointment: not the board's teacher now).
APPOINTMENTS = """
insert into appointments (registration_number, bevoegd_gezag, brin, brin_volgnummer,
    benoemingsgrondslag, benoeming_begindatum, benoeming_einddatum, dienstverband_begindatum,
    sector, functie, qualified, delivery_id)
select 'LR' || lpad(g::text, 8, '0'),
       case when i < 40 then $3 else lpad((10001 + i % 1400)::text, 5, '0') end,
       lpad((10 + i / 676)::text, 2, '0') || chr(65 + i / 26 % 26) || chr(65 + i % 26), '00',
       'PO-BEV', start, case when ended then date '2025-07-31' end, start, 'PO', 'leraar', true,
       gen_random_uuid()
from (
    select g, g % 40 as i, date '2025-08-01' as start, false as ended
    from generate_series(1, $1::int) g
    union all
    select g, 40 + g % 7960, date '2025-08-01', false from generate_series(10, $1::int, 10) g
    union all
    select g, 40 + g % 7960, date '2025-08-01', false from generate_series($1::int + 1, $2::int) g
    union all
    select g, g % 40, date '2020-08-01', true from generate_series($1::int + 50, $2::int, 50) g
) x
"""
PROGRESS = """
insert into progress (registration_number, period_end, period_start, total_hours, core_hours,
                      norm_met)
select registration_number, period_end, period_start, 170, 110, true
from registrations where period_end is not null and right(registration_number, 1) in ('1', '4')
"""


async def seed(database: str, board_teachers: int, others: int) -> None:
    connection = await asyncpg.connect(bench.dsn(database, driver=False))
    total = board_teachers + others
    try:
        async with connection.transaction():
            await connection.execute(SCHOOLS, BOARD)
            await connection.execute(TEACHERS, bench.surnames(2000), total)
            await connection.execute(REGISTRATIONS, total)
            await connection.execute(APPOINTMENTS, board_teachers, total, BOARD)
            await connection.execute(PROGRESS)
        await connection.execute("analyze")
    finally:
        await connection.close()


Request = tuple[str, str, str, dict[str, str], bytes | None]
"""Label, method, path, headers and body of one request."""


class Timings:
    """Latencies (seconds) per label, statuses and bytes read."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = {}
        self.statuses: dict[str, dict[int, int]] = {}
        self.bytes: dict[str, int] = {}

    def add(self, label: str, seconds: float, status: int, size: int) -> None:
        self.seconds.setdefault(label, []).append(seconds)
        codes = self.statuses.setdefault(label, {})
        codes[status] = codes.get(status, 0) + 1
        self.bytes[label] = self.bytes.get(label, 0) + size


async def load(
    url: str, requests: list[Request], clients: int, meanwhile: tuple[Request, int] | None = None
) -> Timings:
    """Every request once, by `clients` at a time; `meanwhile` (a request, its clients) is
    sent over and over until they are done."""
    timings = Timings()
    total = clients + (meanwhile[1] if meanwhile else 0)
    limits = httpx.Limits(max_connections=total, max_keepalive_connections=total)
    queue = list(reversed(requests))
    done = asyncio.Event()
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as client:

        async def send(request: Request) -> None:
            label, method, path, headers, body = request
            started = time.perf_counter()
            response = await client.request(method, path, headers=headers, content=body)
            elapsed = time.perf_counter() - started
            timings.add(label, elapsed, response.status_code, len(response.content))

        async def worker() -> None:
            while queue:
                await send(queue.pop())

        async def background(request: Request) -> None:
            while not done.is_set():
                await send(request)

        others = [background(meanwhile[0]) for _ in range(meanwhile[1])] if meanwhile else []
        tasks = [asyncio.ensure_future(w) for w in others]
        await asyncio.gather(*(worker() for _ in range(clients)))
        done.set()
        await asyncio.gather(*tasks)
    return timings


def ms(values: list[float], q: float) -> float:
    return round(bench.p(values, q), 1)


async def run(
    board_teachers: int,
    others: int,
    clients: int,
    requests: int,
    csv_requests: int,
    keys: Path,
    logs: Path,
) -> dict[str, Any]:
    database = await bench.fresh_database("boards")
    suffix = f".bench{uuid.uuid4().hex[:8]}"
    await bench.create_topics(suffix)
    processes = bench.start_replicas(
        1, database, suffix, keys, PORT, logs, {"LR_SCHEDULER_ENABLED": "false"}
    )
    token = mint_token(
        (keys / DEV_IDP_KEY_FILE).read_bytes(),
        kid=DEV_IDP_KID,
        issuer=DEV_IDP_ISSUER,
        subject=BOARD,
        kind="board",
    )
    auth = {"Authorization": f"Bearer {token}"}
    url = f"http://127.0.0.1:{PORT}"
    try:
        await bench.wait_ready([PORT])
        seeded = time.perf_counter()
        await seed(database, board_teachers, others)
        seed_s = time.perf_counter() - seeded
        first_page: Request = (
            "page",
            "GET",
            f"/v1/boards/{BOARD}/registrations?page_size=50",
            auth,
            None,
        )
        as_csv: Request = ("csv", "GET", f"/v1/boards/{BOARD}/registrations?format=csv", auth, None)
        health: Request = ("health", "GET", "/health", {}, None)
        rng = random.Random(5)
        # 4,000 of the board's teachers, 900 of other boards', 100 unknown numbers.
        numbers = [f"LR{rng.randint(1, board_teachers):08d}" for _ in range(4000)]
        numbers += [
            f"LR{rng.randint(board_teachers + 1, board_teachers + others):08d}" for _ in range(900)
        ]
        numbers += [f"LR9{rng.randint(0, 9_999_999):07d}" for _ in range(100)]
        check_body = ("registratienummer\r\n" + "\r\n".join(numbers) + "\r\n").encode()
        check: Request = (
            "check",
            "POST",
            f"/v1/boards/{BOARD}/registrations/check",
            {**auth, "Content-Type": "text/csv"},
            check_body,
        )
        half = max(1, clients // 2)
        load_start = load_average()
        await load(url, [health] * 500 + [first_page] * 50 + [as_csv] * 2, clients)  # warm-up
        alone = await load(url, [health] * requests, clients)
        pages = await load(url, [first_page] * requests, clients)
        # /health while the board reads pages (half the clients each), then CSVs (two).
        with_pages = await load(url, [first_page] * requests, half, (health, half))
        with_csv = await load(url, [as_csv] * csv_requests, 2, (health, half))
        # One client at a time: what one board user waits for.
        single = await load(url, [first_page] * 50 + [as_csv] * 5 + [check] * 5, 1)
        load_end = load_average()
        connection = await asyncpg.connect(bench.dsn(database, driver=False))
        try:
            at_board = await connection.fetchval(
                "select count(distinct registration_number) from appointments "
                "where bevoegd_gezag = $1 and coalesce(benoeming_einddatum, 'infinity') >= "
                "current_date",
                BOARD,
            )
            recorded = await connection.fetchval("select count(*) from board_lookups")
            shown = await connection.fetchval("select count(*) from board_lookup_registrations")
            check_found = await connection.fetchval(
                "select max(shown) from board_lookups where kind = 'check'"
            )
        finally:
            await connection.close()
    finally:
        bench.stop(processes)
        await bench.drop_database(database)
        await delete_topics(bench.KAFKA, suffix=suffix)
    h, pg, wp, wc, one = (
        alone.seconds["health"],
        pages.seconds["page"],
        with_pages.seconds,
        with_csv.seconds,
        single.seconds,
    )
    return {
        "register_teachers": board_teachers + others,
        "board_teachers_active": at_board,
        "seed_s": round(seed_s, 1),
        "statuses": {
            "alone": alone.statuses,
            "pages": pages.statuses,
            "with_pages": with_pages.statuses,
            "with_csv": with_csv.statuses,
            "single": single.statuses,
        },
        f"health_alone_{clients}_clients_p50_p95_ms": [ms(h, 0.5), ms(h, 0.95)],
        f"first_page_{clients}_clients_p50_p95_ms": [ms(pg, 0.5), ms(pg, 0.95)],
        "first_page_over_health_p95": round(bench.p(pg, 0.95) / bench.p(h, 0.95), 1),
        f"mixed_{half}+{half}_clients_page_p95_ms": ms(wp["page"], 0.95),
        f"mixed_{half}+{half}_clients_health_p95_ms": ms(wp["health"], 0.95),
        f"csv_2_clients_with_{half}_health_clients_p50_p95_ms": [
            ms(wc["csv"], 0.5),
            ms(wc["csv"], 0.95),
        ],
        "csv_over_health_alone_p95": round(bench.p(wc["csv"], 0.95) / bench.p(h, 0.95), 1),
        f"health_during_csv_{half}_clients_p95_ms": ms(wc["health"], 0.95),
        "csv_kib_each": round(with_csv.bytes["csv"] / len(wc["csv"]) / 1024),
        "one_client_first_page_p50_p95_ms": [ms(one["page"], 0.5), ms(one["page"], 0.95)],
        "one_client_csv_ms_each": [round(x * 1000) for x in one["csv"]],
        "check_5000_ms_each": [round(x * 1000) for x in one["check"]],
        "check_5000_median_ms": round(statistics.median(one["check"]) * 1000),
        "check_found_of_5000": check_found,
        "lookups_recorded": recorded,
        "lookup_rows_recorded": shown,
        "load_avg_start_end": [load_start, load_end],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--board-teachers", type=int, default=20_000)
    parser.add_argument("--others", type=int, default=80_000, help="teachers of other boards")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--csv-requests", type=int, default=20)
    args = parser.parse_args()
    print(f"machine: {describe()}")
    work = Path(tempfile.mkdtemp(prefix="lr-registry-bench-"))
    keys, logs = work / "keys", work / "logs"
    generate_dev_keys(keys)
    logs.mkdir()
    print(f"replica log: {logs}")
    result = asyncio.run(
        run(
            args.board_teachers,
            args.others,
            args.clients,
            args.requests,
            args.csv_requests,
            keys,
            logs,
        )
    )
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    use_stack_client_env()  # the local broker as its admin (SASL_SSL when secured)
    main()

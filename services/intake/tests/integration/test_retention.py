"""Intake's retention purges on the real database: finished deliveries (with their issues and
the appointments they no longer held) and closed correction requests past their retention are
removed, and nothing younger, unfinished or still open."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from .conftest import Service

pytestmark = pytest.mark.integration

NOW = datetime(2027, 10, 1, 3, tzinfo=UTC)
TICK = timedelta(microseconds=1)


async def _connect(service: Service) -> asyncpg.Connection:
    return await asyncpg.connect(service.settings.database_url.replace("+asyncpg", ""))


async def _delivery(
    connection: asyncpg.Connection, completed_at: datetime | None, *, issues: int = 2
) -> uuid.UUID:
    delivery_id = uuid.uuid4()
    received = (completed_at or NOW) - timedelta(minutes=5)
    await connection.execute(
        "insert into deliveries (id, channel, submitted_by, bevoegd_gezag, format, status,"
        " received_at, completed_at) values ($1, 'http', '41234', '41234', 'csv', $2, $3, $4)",
        delivery_id,
        # "received": still being read (a "processing" one is completed by the service itself
        # once its messages are out)
        "received" if completed_at is None else "completed",
        received,
        completed_at,
    )
    await connection.executemany(
        "insert into delivery_issues (delivery_id, row_number, column_name, code, severity,"
        " message) values ($1, $2, 'email', 'email.invalid', 'error', 'Ongeldig e-mailadres')",
        [(delivery_id, n) for n in range(2, 2 + issues)],
    )
    await connection.execute(
        "insert into no_longer_delivered (delivery_id, position, brin, last_delivery_id)"
        " values ($1, 0, '12AB', $1)",
        delivery_id,
    )
    return delivery_id


async def _left(connection: asyncpg.Connection, table: str, column: str) -> set[uuid.UUID]:
    rows = await connection.fetch(f"select distinct {column} from {table}")  # noqa: S608 (names from the test)
    return {r[0] for r in rows}


async def test_finished_deliveries_past_their_retention_are_purged_with_their_rows(
    intake: Service,
) -> None:
    retention = timedelta(days=intake.settings.deliveries_retention_days)
    cutoff = NOW - retention
    connection = await _connect(intake)
    try:
        past = [
            await _delivery(connection, cutoff - TICK, issues=7),
            await _delivery(connection, cutoff - timedelta(days=90)),
        ]
        kept = [
            await _delivery(connection, cutoff),
            await _delivery(connection, cutoff + timedelta(hours=1)),
            await _delivery(connection, None),  # unfinished, however old it is
        ]
        await connection.execute(
            "update deliveries set received_at = $2 where id = $1", kept[2], cutoff - retention
        )

        removed = await intake.container.purge(NOW)

        assert removed["intake.deliveries"] == 7 + 2 + 2 + 2  # issues, no-longer-delivered, rows
        for table, column in (
            ("deliveries", "id"),
            ("delivery_issues", "delivery_id"),
            ("no_longer_delivered", "delivery_id"),
        ):
            assert await _left(connection, table, column) == set(kept), table
        assert set(past).isdisjoint(await _left(connection, "delivery_issues", "delivery_id"))
        assert await connection.fetchval("select count(*) from delivery_issues") == 6
        assert (await intake.container.purge(NOW))["intake.deliveries"] == 0
    finally:
        await connection.close()


async def test_a_big_delivery_is_purged_in_batches_no_larger_than_the_setting(
    intake: Service,
) -> None:
    cutoff = NOW - timedelta(days=intake.settings.deliveries_retention_days)
    container = intake.container
    container.settings = container.settings.model_copy(update={"purge_batch_size": 100})
    connection = await _connect(intake)
    try:
        await _delivery(connection, cutoff - timedelta(days=1), issues=450)
        removed = await intake.container.purge(NOW)
        assert removed["intake.deliveries"] == 450 + 1 + 1
        assert await connection.fetchval("select count(*) from deliveries") == 0
    finally:
        await connection.close()


async def _request(
    connection: asyncpg.Connection,
    *,
    answered_at: datetime | None = None,
    resolved_at: datetime | None = None,
) -> uuid.UUID:
    request_id = uuid.uuid4()
    requested = min(t for t in (answered_at, resolved_at, NOW) if t) - timedelta(days=3)
    await connection.execute(
        "insert into correction_requests (request_id, bevoegd_gezag, requested_at, body,"
        " decision, answered_at, resolved_at) values ($1, '41234', $2, $3, $4, $5, $6)",
        request_id,
        requested,
        json.dumps({"fields": ["achternaam"], "explanation": "Mijn naam is anders"}),
        None if answered_at is None else "rejected",
        answered_at,
        resolved_at,
    )
    return request_id


async def test_closed_correction_requests_past_their_retention_are_purged(
    intake: Service,
) -> None:
    retention = timedelta(days=intake.settings.correction_requests_retention_days)
    cutoff = NOW - retention
    connection = await _connect(intake)
    try:
        past = {
            await _request(connection, answered_at=cutoff - TICK),
            await _request(connection, resolved_at=cutoff - timedelta(days=30)),
            await _request(
                connection, answered_at=cutoff - timedelta(days=9), resolved_at=cutoff - TICK
            ),
        }
        kept = {
            await _request(connection, answered_at=cutoff),
            await _request(connection, answered_at=cutoff + timedelta(days=1)),
            # answered long ago, but resolved by a redelivery only lately: aged from then
            await _request(connection, answered_at=cutoff - timedelta(days=60), resolved_at=cutoff),
        }
        await connection.execute(  # open, however old: never purged
            "update correction_requests set requested_at = $2 where request_id = $1",
            await _request(connection),
            cutoff - retention,
        )
        open_ids = await _left(connection, "correction_requests", "request_id") - past - kept

        removed = await intake.container.purge(NOW)

        assert removed["intake.correction_requests"] == len(past)
        left = await _left(connection, "correction_requests", "request_id")
        assert left == kept | open_ids
        assert len(open_ids) == 1
    finally:
        await connection.close()

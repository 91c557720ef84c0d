"""The registry's retention purges on the real database and broker: teachers deregistered for
longer than the retention are erased through the erasure saga (and nobody younger), closed
correction requests and board look-ups past their retention are removed (and nothing younger
or still open)."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta

import asyncpg
import pytest

from lr_shared.contracts import topics

from .conftest import START, Registry, appointment, random_bsn

pytestmark = pytest.mark.integration

ENDED = {"benoeming_einddatum": date(2026, 6, 30), "dienstverband_einddatum": date(2026, 6, 30)}


async def _deregistered_teacher(registry: Registry, at: datetime, bsn: str = "") -> str:
    """A teacher delivered at `at` with an appointment that had already ended: deregistered."""
    registry.clock.now = at
    bsn = bsn or random_bsn()
    await registry.deliver(appointment(bsn, **ENDED))
    number = await registry.number_of(bsn)
    await registry.until(
        "select state from registrations where registration_number = $1",
        number,
        expected="deregistered",
    )
    return number


async def test_teachers_deregistered_past_the_retention_are_erased_and_nobody_younger(
    registry: Registry,
) -> None:
    retention = timedelta(days=registry.settings.deregistered_retention_days)
    old = await _deregistered_teacher(registry, START)
    younger = await _deregistered_teacher(registry, START + timedelta(days=2))
    registry.clock.now = START
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))  # an open-ended appointment: never deregistered
    active = await registry.number_of(bsn)

    at_the_boundary = await registry.container.purge(START + retention)
    assert at_the_boundary["registry.deregistered_teachers"] == 0
    assert await registry.value("select count(*) from teachers") == 3

    just_past = await registry.container.purge(START + retention + timedelta(seconds=1))
    assert just_past["registry.deregistered_teachers"] == 1
    left = {r[0] for r in await registry.rows("select registration_number from teachers")}
    assert left == {younger, active}
    for table in ("registrations", "appointments", "history", "notifications"):
        assert (
            await registry.value(
                f"select count(*) from {table} where registration_number = $1",  # noqa: S608
                old,
            )
            == 0
        ), table
    # The saga: the number stays retired, the other services are asked to erase theirs.
    assert (
        await registry.value(
            "select count(*) from erasure_requests where registration_number = $1", old
        )
        == 1
    )
    requests = await registry.messages(topics.PRIVACY_ERASURE_REQUESTS, 1)
    assert [json.loads(r.value)["registration_number"] for r in requests] == [old]
    contacts = await registry.messages(topics.REGISTRY_CONTACTS, 4)
    assert [r.value for r in contacts if r.key == old.encode()][-1] is None

    later = await registry.container.purge(START + retention + timedelta(days=3))
    assert later["registry.deregistered_teachers"] == 1
    left = {r[0] for r in await registry.rows("select registration_number from teachers")}
    assert left == {active}


async def test_a_deregistered_teacher_appointed_again_is_kept(registry: Registry) -> None:
    retention = timedelta(days=registry.settings.deregistered_retention_days)
    bsn = random_bsn()
    number = await _deregistered_teacher(registry, START, bsn)
    registry.clock.now = START + retention + timedelta(days=1)
    await registry.deliver(appointment(bsn, benoeming_begindatum=date(2030, 8, 1)))
    await registry.until(
        "select state <> 'deregistered' from registrations where registration_number = $1",
        number,
    )
    removed = await registry.container.purge(START + retention + timedelta(days=2))
    assert removed["registry.deregistered_teachers"] == 0
    assert (
        await registry.value("select count(*) from teachers where registration_number = $1", number)
        == 1
    )


async def _insert_request(
    connection: asyncpg.Connection,
    number: str,
    appointment_id: int,
    *,
    answered_at: datetime | None = None,
    resolved_at: datetime | None = None,
) -> uuid.UUID:
    request_id = uuid.uuid4()
    await connection.execute(
        "insert into correction_requests (request_id, registration_number, appointment_id,"
        " bevoegd_gezag, fields, explanation, requested_at, decision, answered_at, resolved_at)"
        " values ($1, $2, $3, '41234', '{achternaam}', 'Mijn naam is anders', $4, $5, $6, $7)",
        request_id,
        number,
        appointment_id,
        START - timedelta(days=800),
        None if answered_at is None else "accepted",
        answered_at,
        resolved_at,
    )
    return request_id


async def test_closed_correction_requests_past_the_retention_are_purged(
    registry: Registry,
) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    number = await registry.number_of(bsn)
    appointment_id = await registry.value(
        "select id from appointments where registration_number = $1", number
    )
    now = START + timedelta(days=500)
    cutoff = now - timedelta(days=registry.settings.correction_requests_retention_days)
    tick = timedelta(microseconds=1)
    connection = await asyncpg.connect(registry.dsn)
    try:
        past = {
            await _insert_request(connection, number, appointment_id, answered_at=cutoff - tick),
            await _insert_request(
                connection, number, appointment_id, resolved_at=cutoff - timedelta(days=40)
            ),
        }
        kept = {
            await _insert_request(connection, number, appointment_id, answered_at=cutoff),
            await _insert_request(
                connection,
                number,
                appointment_id,
                answered_at=cutoff - timedelta(days=40),
                resolved_at=cutoff + tick,
            ),
            await _insert_request(connection, number, appointment_id),  # open: kept
        }
        removed = await registry.container.purge(now)
        left = {r[0] for r in await connection.fetch("select request_id from correction_requests")}
    finally:
        await connection.close()
    assert removed["registry.correction_requests"] == len(past)
    assert left == kept


async def test_board_look_ups_past_the_retention_are_purged_with_the_numbers_they_showed(
    registry: Registry,
) -> None:
    now = START + timedelta(days=900)
    cutoff = now - timedelta(days=registry.settings.board_lookups_retention_days)
    container = registry.container
    container.settings = container.settings.model_copy(update={"purge_batch_size": 50})
    connection = await asyncpg.connect(registry.dsn)
    try:
        ids = {}
        for name, at, count in (
            ("past", cutoff - timedelta(microseconds=1), 120),
            ("empty", cutoff - timedelta(days=1), 0),
            ("boundary", cutoff, 3),
            ("young", now, 2),
        ):
            ids[name] = await connection.fetchval(
                "insert into board_lookups (bevoegd_gezag, actor, kind, shown, at)"
                " values ('41234', '41234', 'csv', $1, $2) returning id",
                count,
                at,
            )
            await connection.executemany(
                "insert into board_lookup_registrations (registration_number, lookup_id)"
                " values ($1, $2)",
                [(f"LR{n:08d}", ids[name]) for n in range(count)],
            )
        removed = await registry.container.purge(now)
        lookups = {r[0] for r in await connection.fetch("select id from board_lookups")}
        shown = {
            r[0]: r[1]
            for r in await connection.fetch(
                "select lookup_id, count(*) from board_lookup_registrations group by lookup_id"
            )
        }
    finally:
        await connection.close()
    assert removed["registry.board_lookups"] == 120 + 2
    assert lookups == {ids["boundary"], ids["young"]}
    assert shown == {ids["boundary"]: 3, ids["young"]: 2}

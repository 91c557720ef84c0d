"""The notifications' retention purge on the real database: a notification whose outcome is
final is removed once that outcome is past its retention, with its recipient; nothing younger,
and nothing still waiting or being sent, however old."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from lr_notifications.bootstrap import bootstrap
from lr_notifications.entrypoints.app import MIGRATIONS
from lr_notifications.settings import Settings
from lr_shared.db import run_migrations
from lr_shared.runtime import Platform

pytestmark = pytest.mark.integration

NOW = datetime(2027, 11, 1, 4, tzinfo=UTC)


async def _notification(
    connection: asyncpg.Connection, status: str, updated_at: datetime
) -> uuid.UUID:
    notification_id = uuid.uuid4()
    await connection.execute(
        "insert into notifications (id, registration_number, notification_key, kind, status,"
        " occurred_at, recipient, created_at, updated_at, sent_at)"
        " values ($1, $2, 'confirmed', 'confirmed', $3, $4, 'j.jansen@example.org', $4, $5,"
        " case when $3::text = 'sent' then $5::timestamptz end)",
        notification_id,
        f"LR{uuid.uuid4().int % 10**8:08d}",
        status,
        updated_at - timedelta(minutes=3),
        updated_at,
    )
    return notification_id


async def test_final_notifications_past_their_retention_are_purged_and_nothing_else(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    await run_migrations(MIGRATIONS, settings.database_url)
    container = bootstrap(Platform.create(settings), settings)
    cutoff = NOW - timedelta(days=settings.notifications_retention_days)
    long_ago = cutoff - timedelta(days=400)
    connection = await asyncpg.connect(settings.database_url.replace("+asyncpg", ""))
    try:
        past = {
            await _notification(connection, "sent", cutoff - timedelta(microseconds=1)),
            await _notification(connection, "failed", cutoff - timedelta(days=2)),
            await _notification(connection, "no_address", long_ago),
            await _notification(connection, "cancelled", long_ago),
        }
        kept = {
            await _notification(connection, "sent", cutoff),
            await _notification(connection, "failed", cutoff + timedelta(hours=1)),
            await _notification(connection, "pending", long_ago),
            await _notification(connection, "sending", long_ago),
            await _notification(connection, "awaiting_contact", long_ago),
        }

        removed = await container.purge(NOW)

        left = {r[0] for r in await connection.fetch("select id from notifications")}
        assert removed == {"notifications.notifications": len(past)}
        assert left == kept
        assert (await container.purge(NOW))["notifications.notifications"] == 0
    finally:
        await connection.close()
        await container.platform.engine.dispose()

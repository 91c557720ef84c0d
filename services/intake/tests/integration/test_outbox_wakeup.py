"""The relay is woken by a commit to the outbox made anywhere (the migrations' trigger notifies
it), not by its poll: a row committed through another connection, as another replica or a CLI
writes it, is published long before the poll would find it."""

from __future__ import annotations

import pytest

from lr_intake.settings import Settings
from lr_shared.db import UnitOfWork, create_engine, create_sessionmaker
from lr_shared.outbox import OutboxMessage, add
from lr_tools.testing import consume, eventually

from .conftest import Service

pytestmark = pytest.mark.integration


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"outbox_poll_seconds": 600.0})


async def test_a_row_committed_elsewhere_is_published_without_waiting_for_the_poll(
    intake: Service,
) -> None:
    relay = intake.container.platform.relay

    async def leading() -> bool:
        return relay.is_leader

    assert await eventually(leading, timeout=15)
    topic = intake.topic("test.outbox-wakeup")
    engine = create_engine(intake.settings.database_url, pool_size=1)
    try:
        async with UnitOfWork(create_sessionmaker(engine)) as uow:
            await add(uow.session, [OutboxMessage.tombstone(topic, "LR00000001")])
            await uow.commit()
    finally:
        await engine.dispose()

    records = await consume(intake.settings.kafka_bootstrap_servers, topic, count=1, timeout=20)
    assert [(r.key, r.value) for r in records] == [(b"LR00000001", None)]

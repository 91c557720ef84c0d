from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from lr_tools.fleet import Fleet
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.paths import Paths
from lr_tools.testing import StackEndpoints


@pytest_asyncio.fixture
async def fleet(
    stack: StackEndpoints, dev_keys: Path, mail_sink: Any, tmp_path: Path
) -> AsyncIterator[Fleet]:
    """The four services as separate processes, with databases, topics and a mail server of
    their own; stopped (and their traces flushed) when the test ends."""
    fleet = Fleet(
        root=Paths.discover().root,
        workdir=tmp_path,
        postgres_url=stack.postgres_url,
        kafka_bootstrap=stack.kafka_bootstrap,
        smtp_port=mail_sink.port,
        keys=dev_keys,
    )
    try:
        await fleet.open()
        yield fleet
    finally:
        fleet.stop()
        await fleet.delete_topics()
        await fleet.drop_databases()


@pytest.fixture
def endpoints(fleet: Fleet) -> Endpoints:
    """Where the main job finds the fleet's services, topics and keys."""
    return Endpoints(
        intake=fleet.url("intake"),
        registry=fleet.url("registry"),
        portfolio=fleet.url("portfolio"),
        notifications=fleet.url("notifications"),
        kafka_bootstrap=fleet.kafka_bootstrap,
        keys=fleet.keys,
        topic_suffix=fleet.topic_suffix,
    )

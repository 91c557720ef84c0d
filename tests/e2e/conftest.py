from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from lr_tools.fleet import PROFESSION, SERVICES, Fleet
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.paths import Paths
from lr_tools.testing import StackEndpoints


@pytest.fixture
def fleet_services() -> tuple[str, ...]:
    """The services the fleet starts: the four, and the profession, which also holds teacher
    data, so that an erasure (which waits for every service holding her data) can complete."""
    return (*SERVICES, PROFESSION)


@pytest_asyncio.fixture
async def fleet(
    stack: StackEndpoints,
    dev_keys: Path,
    mail_sink: Any,
    tmp_path: Path,
    fleet_services: tuple[str, ...],
) -> AsyncIterator[Fleet]:
    """The services as separate processes, with databases, topics and a mail server of their
    own; stopped (and their traces flushed) when the test ends."""
    fleet = Fleet(
        root=Paths.discover().root,
        workdir=tmp_path,
        postgres_url=stack.postgres_url,
        kafka_bootstrap=stack.kafka_bootstrap,
        smtp_port=mail_sink.port,
        keys=dev_keys,
    )
    try:
        await fleet.open(fleet_services)
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

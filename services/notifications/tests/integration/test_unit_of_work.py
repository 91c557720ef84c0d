"""A raw statement (the asyncpg connection under the unit of work) is rolled back with its unit of
work."""

from typing import Any

import pytest

from lr_notifications.adapters.unit_of_work import SqlUnitOfWork
from lr_notifications.entrypoints.app import MIGRATIONS
from lr_tools.testing import raw_statement_outcome

pytestmark = pytest.mark.integration


def _uow(sessions: Any) -> SqlUnitOfWork:
    return SqlUnitOfWork(sessions, confirmations_topic="lr.privacy.erasure-confirmations.v1")


@pytest.mark.parametrize("commit", [False, True])
async def test_a_raw_statement_lives_and_dies_with_its_unit_of_work(
    database_url: str, commit: bool
) -> None:
    left = await raw_statement_outcome(database_url, MIGRATIONS, _uow, commit=commit)
    assert left == (1 if commit else 0)

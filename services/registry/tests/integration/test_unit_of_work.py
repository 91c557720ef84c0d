"""A raw statement (the asyncpg connection under the unit of work) is rolled back with its unit of
work: the registry's inbox claim ran in autocommit once, and a crash lost messages for good."""

import base64
import os
from typing import Any

import pytest

from lr_registry.adapters.unit_of_work import SqlUnitOfWork
from lr_registry.entrypoints.app import MIGRATIONS
from lr_shared.bsn import BsnCipher
from lr_shared.shredding import KeyWrapper
from lr_tools.testing import raw_statement_outcome

pytestmark = pytest.mark.integration


def _uow(sessions: Any) -> SqlUnitOfWork:
    key = base64.b64encode(os.urandom(32)).decode()
    return SqlUnitOfWork(sessions, BsnCipher.from_base64(key), KeyWrapper.derived_from(key))


async def _claim(uow: Any) -> None:
    assert await uow.inbox.claim("rollback-test", ["m-1"]) == {"m-1"}


@pytest.mark.parametrize("commit", [False, True])
async def test_an_inbox_claim_lives_and_dies_with_its_unit_of_work(
    database_url: str, commit: bool
) -> None:
    left = await raw_statement_outcome(
        database_url, MIGRATIONS, _uow, statement=_claim, commit=commit
    )
    assert left == (1 if commit else 0)


async def test_a_raw_statement_left_without_commit_is_rolled_back(database_url: str) -> None:
    assert await raw_statement_outcome(database_url, MIGRATIONS, _uow, commit=False) == 0

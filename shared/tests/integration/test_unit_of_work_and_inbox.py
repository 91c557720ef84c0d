import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from lr_shared.db import UnitOfWork, create_sessionmaker
from lr_shared.inbox import claim

from .conftest import notes

pytestmark = pytest.mark.integration


async def _count(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(notes)) or 0)


async def test_a_committed_unit_of_work_is_written(engine: AsyncEngine) -> None:
    async with UnitOfWork(create_sessionmaker(engine)) as uow:
        await uow.session.execute(insert(notes).values(id=1, text="kept"))
        await uow.commit()
    assert await _count(engine) == 1


async def test_a_unit_of_work_left_without_commit_is_rolled_back(engine: AsyncEngine) -> None:
    async with UnitOfWork(create_sessionmaker(engine)) as uow:
        await uow.session.execute(insert(notes).values(id=1, text="dropped"))
    assert await _count(engine) == 0


async def test_a_failing_unit_of_work_is_rolled_back(engine: AsyncEngine) -> None:
    with pytest.raises(ZeroDivisionError):
        async with UnitOfWork(create_sessionmaker(engine)) as uow:
            await uow.session.execute(insert(notes).values(id=1, text="dropped"))
            _ = 1 / 0
    assert await _count(engine) == 0


async def test_a_failed_statement_does_not_show_its_parameters(engine: AsyncEngine) -> None:
    """Its error is logged: a parameter may be a name, an address or a BSN."""
    async with UnitOfWork(create_sessionmaker(engine)) as uow:
        await uow.session.execute(insert(notes).values(id=1, text="first"))
        with pytest.raises(DBAPIError) as failed:
            await uow.session.execute(insert(notes).values(id=1, text="Jansen j.jansen@example.nl"))
    assert "Jansen" not in str(failed.value)
    assert "hidden" in str(failed.value)


async def test_the_inbox_drops_a_redelivered_message(engine: AsyncEngine) -> None:
    sessions = create_sessionmaker(engine)
    async with UnitOfWork(sessions) as uow:
        first = await claim(uow.session, "registry", ["a", "b"])
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        second = await claim(uow.session, "registry", ["b", "c"])
        other_consumer = await claim(uow.session, "portfolio", ["b"])
        await uow.commit()

    assert first == {"a", "b"}
    assert second == {"c"}
    assert other_consumer == {"b"}


async def test_an_inbox_claim_rolled_back_with_its_transaction_can_be_claimed_again(
    engine: AsyncEngine,
) -> None:
    sessions = create_sessionmaker(engine)
    async with UnitOfWork(sessions) as uow:
        await claim(uow.session, "registry", ["a"])
    async with UnitOfWork(sessions) as uow:
        assert await claim(uow.session, "registry", ["a"]) == {"a"}

"""PostgreSQL least privilege (docs/security.md): every service logs in as its own role, which
owns its own database; no service role reaches another service's database or tables."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import asyncpg  # type: ignore[import-untyped,unused-ignore]
import pytest
import pytest_asyncio

from lr_tools.stack.privileges import (
    SERVICES,
    hand_over_database,
    service_role,
    service_url,
)
from lr_tools.testing import StackEndpoints, service_database

pytestmark = pytest.mark.integration

NATIVE_ADMIN = "postgresql://lr:lr@127.0.0.1:55432/postgres"
PAIRS = list(itertools.permutations(SERVICES, 2))
"""(intruder, victim): every service against every other."""


def _libpq(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


@pytest.fixture(scope="module")
def native_stack() -> None:
    """`lr stack up` natively; it is idempotent, so a running stack is simply reused."""
    result = subprocess.run(
        [sys.executable, "-m", "lr_tools", "stack", "up"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr


async def test_each_service_database_is_owned_by_its_role_and_closed_to_public(
    native_stack: None,
) -> None:
    admin = await asyncpg.connect(NATIVE_ADMIN)
    try:
        databases = {
            row["datname"]: row
            for row in await admin.fetch(
                "select datname, pg_get_userbyid(datdba) as owner, datacl::text[] as acl"
                " from pg_database"
            )
        }
        roles = {
            row["rolname"]: row
            for row in await admin.fetch(
                "select rolname, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole,"
                " rolreplication, rolbypassrls from pg_roles where rolname like 'lr\\_%'"
            )
        }
    finally:
        await admin.close()

    for service in SERVICES:
        role = service_role(service)
        database = databases[f"lr_{service}"]
        assert database["owner"] == role
        assert database["acl"] == [f"{role}=CTc/{role}"], "PUBLIC may not connect"
        assert tuple(roles[role].values())[1:] == (True, False, False, False, False, False)


async def test_no_service_role_can_connect_to_another_services_database(
    native_stack: None,
) -> None:
    for intruder, victim in PAIRS:
        url = service_url(NATIVE_ADMIN, intruder, f"lr_{victim}", driver=False)
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
            await asyncpg.connect(url)


async def test_each_service_role_writes_and_reads_its_own_database(native_stack: None) -> None:
    for service in SERVICES:
        connection = await asyncpg.connect(
            service_url(NATIVE_ADMIN, service, f"lr_{service}", driver=False)
        )
        try:
            transaction = connection.transaction()
            await transaction.start()  # rolled back: the stack's databases keep nothing of it
            await connection.execute("create table probe (id int primary key, note text)")
            await connection.execute("insert into probe values (1, $1)", service)
            assert await connection.fetchval("select note from probe where id = 1") == service
            await transaction.rollback()
        finally:
            await connection.close()


@pytest_asyncio.fixture
async def own_tables(stack: StackEndpoints) -> AsyncIterator[dict[str, str]]:
    """Per service, a database of its own (as the stack makes them) holding a table with a row,
    made by the service's role; the libpq URL of each, as the service's role."""
    urls: dict[str, str] = {}
    async with AsyncExitStack() as databases:
        for service in SERVICES:
            url = _libpq(await databases.enter_async_context(service_database(stack, service)))
            connection = await asyncpg.connect(url)
            try:
                await connection.execute("create table secrets (bsn text)")
                await connection.execute("insert into secrets values ('123456782')")
            finally:
                await connection.close()
            urls[service] = url
        yield urls


def _as(urls: dict[str, str], intruder: str, victim: str) -> str:
    """The victim's database, logged in as the intruder's role."""
    location, database = urls[victim].rsplit("/", 1)
    return service_url(location, intruder, database, driver=False)


async def test_a_service_role_cannot_connect_to_another_services_scratch_database(
    own_tables: dict[str, str],
) -> None:
    for intruder, victim in PAIRS:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
            await asyncpg.connect(_as(own_tables, intruder, victim))


async def test_a_service_role_let_into_another_database_by_mistake_still_reads_no_table(
    stack: StackEndpoints, own_tables: dict[str, str]
) -> None:
    admin = await asyncpg.connect(stack.postgres_url)
    try:
        for intruder, victim in PAIRS:
            database = own_tables[victim].rsplit("/", 1)[1]
            await admin.execute(
                f'grant connect on database "{database}" to {service_role(intruder)}'
            )
            connection = await asyncpg.connect(_as(own_tables, intruder, victim))
            try:
                # Named in full: without USAGE on `public`, the search path skips it anyway.
                with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
                    await connection.fetch("select bsn from public.secrets")
                with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
                    await connection.execute("create table public.planted (x int)")
            finally:
                await connection.close()
    finally:
        await admin.close()


async def test_each_service_role_reads_its_own_table(own_tables: dict[str, str]) -> None:
    for url in own_tables.values():
        connection = await asyncpg.connect(url)
        try:
            assert await connection.fetchval("select bsn from secrets") == "123456782"
        finally:
            await connection.close()


async def test_a_database_the_administrator_filled_is_handed_over_whole(
    stack: StackEndpoints,
) -> None:
    """What `lr stack up` does to a stack made before the service roles existed."""
    async with service_database(stack, None) as admin_url:
        connection = await asyncpg.connect(_libpq(admin_url))
        try:
            await connection.execute(
                "create table deliveries (id bigint generated always as identity primary key,"
                " note text); create table legacy (id serial primary key);"
                " create sequence standalone; create type status as enum ('a', 'b');"
                " create function touch() returns trigger language plpgsql as"
                " $$ begin return null; end $$;"
                " create trigger touched after insert on deliveries"
                " for each statement execute function touch();"
                " create view recent as select * from deliveries;"
                " insert into deliveries (note) values ('kept')"
            )
        finally:
            await connection.close()
        database = admin_url.rsplit("/", 1)[1]

        moved = await hand_over_database(stack.postgres_url, database, "intake")
        again = await hand_over_database(stack.postgres_url, database, "intake")

        assert len(moved) == 1 + 6, moved  # the database; tables, sequence, type, function, view
        assert again == []
        intake = await asyncpg.connect(service_url(admin_url, "intake", database, driver=False))
        try:
            await intake.execute("alter table deliveries add column checked boolean")
            await intake.execute("insert into deliveries (note) values ('new')")
            assert await intake.fetchval("select count(*) from recent") == 2
            assert await intake.fetchval("select nextval('standalone')") == 1
        finally:
            await intake.close()
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
            await asyncpg.connect(service_url(admin_url, "registry", database, driver=False))

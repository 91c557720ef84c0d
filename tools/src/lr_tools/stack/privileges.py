"""Least privilege in PostgreSQL: every service logs in as a role of its own that owns its own
database and nothing else (docs/security.md, "PostgreSQL least privilege").

The stack's `lr` role stays the administrator (superuser): it creates the roles and the
databases, and hands each database to its service's role, which then migrates it and owns every
table it makes. No other role may connect to a service's database (CONNECT and TEMPORARY are
revoked from PUBLIC) and its `public` schema is closed to PUBLIC too, so a grant of CONNECT made
by mistake still shows another service nothing.

Every statement here is idempotent: `lr stack up` runs them on a live, shared cluster.
"""

from __future__ import annotations

import zlib
from urllib.parse import urlsplit

import asyncpg  # type: ignore[import-untyped,unused-ignore]  # no stubs; root config may add them

from lr_tools.console import LrError

SERVICES = ("intake", "registry", "portfolio", "notifications", "portal", "profession")
ADMIN = "lr"
ATTRIBUTES = "login nosuperuser nocreatedb nocreaterole noreplication nobypassrls"
LOCK_TIMEOUT = "10s"
"""How long handing over an existing database waits for a table a running process holds."""
_ROLES_LOCK = zlib.crc32(b"lr-service-roles")


def service_role(service: str) -> str:
    """The login role a service connects as; named like the service's own database."""
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}")
    return f"lr_{service}"


def service_password(service: str) -> str:
    """The role's development password: a `dev-` placeholder, which production refuses."""
    return f"dev-{service}-db-password"


def service_url(admin_url: str, service: str, database: str, *, driver: bool = True) -> str:
    """The URL a service uses: the admin URL's host and port, the service's role and password,
    and `database`; SQLAlchemy's asyncpg form unless `driver` is false (libpq form)."""
    location = urlsplit(admin_url)
    scheme = "postgresql+asyncpg" if driver else "postgresql"
    credentials = f"{service_role(service)}:{service_password(service)}"
    return f"{scheme}://{credentials}@{location.hostname}:{location.port or 5432}/{database}"


def _with_database(admin_url: str, database: str) -> str:
    return urlsplit(admin_url)._replace(path=f"/{database}").geturl()


async def ensure_service_roles(admin: asyncpg.Connection) -> list[str]:
    """Create the roles that are missing and take back any attribute beyond LOGIN; returns the
    roles created. Concurrent callers (test sessions) are serialised by an advisory lock."""
    if await _roles_in_order(admin):
        return []
    created: list[str] = []
    async with admin.transaction():
        await admin.execute("select pg_advisory_xact_lock($1)", _ROLES_LOCK)
        existing = await _role_attributes(admin)
        for service in SERVICES:
            role = service_role(service)
            if role not in existing:
                # Names and passwords are the fixed values above; CREATE ROLE takes no parameters.
                password = service_password(service)
                await admin.execute(f"create role {role} {ATTRIBUTES} password '{password}'")
                created.append(role)
            elif not existing[role]:
                await admin.execute(f"alter role {role} {ATTRIBUTES}")
    return created


async def _role_attributes(admin: asyncpg.Connection) -> dict[str, bool]:
    """Each existing service role, and whether it has exactly the attributes it should."""
    rows = await admin.fetch(
        "select rolname, rolcanlogin and not (rolsuper or rolcreatedb or rolcreaterole"
        " or rolreplication or rolbypassrls) as least from pg_roles where rolname = any($1)",
        [service_role(service) for service in SERVICES],
    )
    return {row["rolname"]: row["least"] for row in rows}


async def _roles_in_order(admin: asyncpg.Connection) -> bool:
    attributes = await _role_attributes(admin)
    return len(attributes) == len(SERVICES) and all(attributes.values())


async def create_service_database(admin_url: str, database: str, service: str) -> None:
    """A new, empty database owned by the service's role and closed to every other role."""
    admin = await asyncpg.connect(admin_url)
    try:
        await ensure_service_roles(admin)
        # The name is the caller's fixed or generated identifier; CREATE DATABASE takes no
        # parameters.
        await admin.execute(f'create database "{database}" owner {service_role(service)}')
        await admin.execute(f'revoke connect, temporary on database "{database}" from public')
    finally:
        await admin.close()
    await _close_public_schema(admin_url, database)


async def _close_public_schema(admin_url: str, database: str) -> None:
    """PostgreSQL 15 lets PUBLIC use (not create in) `public`; the owner alone may now."""
    connection = await asyncpg.connect(_with_database(admin_url, database))
    try:
        await connection.execute("revoke all on schema public from public")
    finally:
        await connection.close()


async def hand_over_database(admin_url: str, database: str, service: str) -> list[str]:
    """Give an existing database, and whatever the administrator made in it, to the service's
    role, and close it to every other role; returns what changed hands (empty when nothing
    did). This is how a stack made before the service roles existed is brought in line."""
    role = service_role(service)
    admin = await asyncpg.connect(admin_url)
    try:
        await ensure_service_roles(admin)
        owner = await admin.fetchval(
            "select pg_get_userbyid(datdba) from pg_database where datname = $1", database
        )
        if owner is None:
            raise LrError(f"there is no database {database!r} to hand over")
        moved = [] if owner == role else [f"database {database}"]
        if moved:
            await admin.execute(f'alter database "{database}" owner to {role}')
        await admin.execute(f'revoke connect, temporary on database "{database}" from public')
    finally:
        await admin.close()
    return moved + await _hand_over_objects(admin_url, database, role)


# What the administrator owns in a service's database, as ALTER statements to the service's
# role. Sequences that belong to a column (serial, identity) and indexes follow their table.
_OWNED_BY_ADMIN = """
with schemas as (
    select oid, nspname, nspowner from pg_namespace
    where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg\\_%'
)
select format('alter schema %I owner to %I', s.nspname, $2::text)
from schemas s where s.nspowner = $1::text::regrole
union all
select format('alter %s %s owner to %I', case c.relkind
        when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table'
        when 'S' then 'sequence' when 'c' then 'type' else 'table' end,
    c.oid::regclass, $2::text)
from pg_class c join schemas s on s.oid = c.relnamespace
where c.relowner = $1::text::regrole and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S', 'c')
    and not exists (
        select 1 from pg_depend d
        where d.classid = 'pg_class'::regclass and d.objid = c.oid
            and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i'))
union all
select format('alter %s %s owner to %I', case p.prokind
        when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end,
    p.oid::regprocedure, $2::text)
from pg_proc p join schemas s on s.oid = p.pronamespace
where p.proowner = $1::text::regrole
union all
select format('alter %s %s owner to %I', case t.typtype when 'd' then 'domain' else 'type' end,
    t.oid::regtype, $2::text)
from pg_type t join schemas s on s.oid = t.typnamespace
where t.typowner = $1::text::regrole and t.typtype in ('e', 'd', 'r')
"""

_LEFT_TO_ADMIN = """
select count(*) from pg_shdepend
where dbid = (select oid from pg_database where datname = current_database())
    and refobjid = $1::text::regrole and deptype = 'o'
"""


async def _hand_over_objects(admin_url: str, database: str, role: str) -> list[str]:
    """One transaction: all of it changes hands or none does; a table a running process holds
    makes it fail after LOCK_TIMEOUT rather than wait behind it."""
    connection = await asyncpg.connect(_with_database(admin_url, database))
    try:
        async with connection.transaction():
            await connection.execute(f"set local lock_timeout = '{LOCK_TIMEOUT}'")
            await connection.execute("revoke all on schema public from public")
            statements = [row[0] for row in await connection.fetch(_OWNED_BY_ADMIN, ADMIN, role)]
            for statement in statements:
                await connection.execute(statement)
            left = await connection.fetchval(_LEFT_TO_ADMIN, ADMIN)
            if left:
                raise LrError(
                    f"{database}: {left} object(s) of a kind `lr stack up` does not hand over "
                    f"are still owned by {ADMIN}; give them to {role} with ALTER ... OWNER TO"
                )
    finally:
        await connection.close()
    return [f"{database}: {statement.split(' owner to ')[0][6:]}" for statement in statements]

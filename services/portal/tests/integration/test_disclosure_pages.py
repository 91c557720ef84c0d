"""Who looked at my data (`/mijn-registratie/privacy/bekeken`) over HTTP, without a browser:
the portal and a real portfolio service in this process (its own database and topics), and a
stand-in for the registry that answers `GET /v1/me/registration` and `GET /v1/me/lookups` per
register token as docs/boards-registry.md documents them (the real registry's record is
tested in services/registry/tests/integration/test_board_registrations.py, and all of it end to
end in tests/browser/test_disclosures_browser.py).

A share is opened through the portal's own `/gedeeld/{token}` by a visitor without a session;
what the page lists of it comes from the portfolio's record of that opening."""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from fastapi import FastAPI, HTTPException, Request

from lr_portal.adapters.disclosures import DisclosuresClient
from lr_portal.adapters.http import ServiceClient
from lr_portal.adapters.portfolio import PortfolioClient
from lr_portal.adapters.registry import RegistryClient
from lr_portal.domain import session as sessions
from lr_portal.entrypoints.app import create_app
from lr_portal.entrypoints.cookies import SESSION_COOKIE
from lr_portal.settings import Settings
from lr_portfolio.entrypoints.app import create_app as portfolio_app
from lr_portfolio.settings import Settings as PortfolioSettings
from lr_shared.auth import REGISTRY_ISSUER, REGISTRY_KEY_FILE, REGISTRY_KID, mint_token
from lr_shared.contracts.topics import (
    PORTFOLIO_ATTENDANCE,
    PORTFOLIO_PROGRESS,
    PRIVACY_ERASURE_CONFIRMATIONS,
    PRIVACY_ERASURE_REQUESTS,
    REGISTRY_REGISTRATIONS,
)
from lr_shared.kafka import client_options
from lr_tools.fleet import free_port
from lr_tools.stack.privileges import create_service_database, service_url
from lr_tools.stack.topics import delete_topics
from lr_tools.testing import StackEndpoints, serve_in_process

pytestmark = pytest.mark.integration

TOPICS = (
    REGISTRY_REGISTRATIONS,
    PORTFOLIO_ATTENDANCE,
    PORTFOLIO_PROGRESS,
    PRIVACY_ERASURE_REQUESTS,
    PRIVACY_ERASURE_CONFIRMATIONS,
)
PAGE = "/mijn-registratie/privacy/bekeken"


@dataclass
class FakeRegistry:
    """The registry's teacher API for the numbers it is given: her registration (schools with
    their board) and the boards' look-ups of her, newest first, paged like the registry."""

    registrations: dict[str, dict[str, Any]] = field(default_factory=dict)
    lookups: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    asked: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()

        def number_of(request: Request) -> str:
            number = self.tokens.get(request.headers.get("authorization", ""))
            if number is None:
                raise HTTPException(401, "Sign in")
            self.asked.append((number, request.url.path, dict(request.query_params)))
            return number

        @app.get("/v1/me/registration")
        async def registration(request: Request) -> Any:
            return self.registrations[number_of(request)]

        @app.get("/v1/me/lookups")
        async def lookups(request: Request) -> Any:
            found = sorted(
                self.lookups.get(number_of(request), []), key=lambda i: i["at"], reverse=True
            )
            page = int(request.query_params.get("page", 1))
            size = int(request.query_params.get("page_size", 50))
            items = found[(page - 1) * size : page * size]
            return {"page": page, "page_size": size, "total": len(found), "items": items}

        return app


class InProcess(ServiceClient):
    """The portal's registry client over a client of an app in this process."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.name = "registry"
        self._client = http


@dataclass
class Stack:
    portal: FastAPI
    portfolio: httpx.AsyncClient
    registry: FakeRegistry
    keys: Path

    def token(self, number: str) -> str:
        return mint_token(
            (self.keys / REGISTRY_KEY_FILE).read_bytes(),
            kid=REGISTRY_KID,
            issuer=REGISTRY_ISSUER,
            subject=number,
            kind="register",
        )

    def visitor(self, **kwargs: Any) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=self.portal)
        return httpx.AsyncClient(transport=transport, base_url="http://portal", **kwargs)


async def _database(admin_url: str, service: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    await create_service_database(admin_url, name, service)
    return name


async def _create_topics(bootstrap: str, suffix: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options())
    await admin.start()
    try:
        new = [NewTopic(f"{t.name}{suffix}", 1, 1, topic_configs=t.config()) for t in TOPICS]
        new += [NewTopic(f"{t.name}{suffix}.dlq", 1, 1) for t in TOPICS]
        await admin.create_topics(new)
    finally:
        await admin.close()


@pytest_asyncio.fixture(scope="module")
async def pages(stack: StackEndpoints, dev_keys: Path) -> AsyncIterator[Stack]:
    portfolio_db = await _database(stack.postgres_url, "portfolio")
    portal_db = await _database(stack.postgres_url, "portal")
    suffix = f".t{uuid.uuid4().hex[:10]}"
    await _create_topics(stack.kafka_bootstrap, suffix)
    portfolio = portfolio_app(
        PortfolioSettings(
            environment="test",
            database_url=service_url(stack.postgres_url, "portfolio", portfolio_db),
            kafka_bootstrap_servers=stack.kafka_bootstrap,
            topic_suffix=suffix,
            jwks_file=dev_keys / "jwks.json",
            db_pool_size=2,
        )
    )
    fake = FakeRegistry()
    try:
        async with (
            serve_in_process(portfolio) as portfolio_http,
            serve_in_process(fake.app()) as registry_http,
        ):
            settings = Settings(
                environment="test",
                database_url=service_url(stack.postgres_url, "portal", portal_db),
                registry_url=f"http://127.0.0.1:{free_port()}",
                portfolio_url="http://portfolio.invalid",
            )
            app = create_app(settings)
            async with serve_in_process(app):
                container = app.state.container
                await container.portfolio.close()
                container.portfolio = PortfolioClient(portfolio_http)
                container.registry = RegistryClient(InProcess(registry_http))
                container.disclosures = DisclosuresClient(registry_http, portfolio_http)
                yield Stack(app, portfolio_http, fake, dev_keys)
    finally:
        await delete_topics(stack.kafka_bootstrap, suffix=suffix)
        admin = await asyncpg.connect(stack.postgres_url)
        for name in (portfolio_db, portal_db):
            await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()


@dataclass
class Teacher:
    number: str
    http: httpx.AsyncClient
    token: str


@pytest_asyncio.fixture
async def teachers(pages: Stack) -> AsyncIterator[list[Teacher]]:
    """Two signed-in teachers, each with a registration at a board of her own."""
    made = []
    for board, school in (("41234", "De Regenboog"), ("59999", "Het Baken")):
        number = f"LR{random.randint(0, 99_999_999):08d}"
        token = pages.token(number)
        pages.registry.tokens[f"Bearer {token}"] = number
        pages.registry.registrations[number] = {
            "registration_number": number,
            "schools": [
                {"brin": "12AB", "brin_volgnummer": "00", "naam": school, "bevoegd_gezag": board}
            ],
        }
        container = pages.portal.state.container
        session_id = sessions.new_secret()
        session = sessions.signed_in(session_id, container.clock(), number, token, 3600)
        await container.sessions.save(session)
        made.append(Teacher(number, pages.visitor(cookies={SESSION_COOKIE: session_id}), token))
    try:
        yield made
    finally:
        for teacher in made:
            await teacher.http.aclose()


def lookup(board: str, kind: str, at: datetime) -> dict[str, Any]:
    return {"bevoegd_gezag": board, "naam": None, "kind": kind, "at": at.isoformat()}


async def open_a_share(pages: Stack, teacher: Teacher) -> None:
    """The teacher makes a link to everything; a visitor without a session opens it."""
    expires = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    created = await pages.portfolio.post(
        "/v1/me/shares",
        json={"expires_at": expires},
        headers={"Authorization": f"Bearer {teacher.token}"},
    )
    assert created.status_code == 201, created.text
    async with pages.visitor() as stranger:
        shown = await stranger.get(f"/gedeeld/{created.json()['token']}")
    assert shown.status_code == 200


def rows(page: httpx.Response) -> list[list[str]]:
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", page.text, flags=re.S)
    assert body is not None, page.text
    return [
        [" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split())
         for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body[1], flags=re.S)
    ]  # fmt: skip


async def test_the_list_shows_a_boards_look_up_and_an_opened_share_and_nothing_of_another(
    pages: Stack, teachers: list[Teacher]
) -> None:
    anna, bea = teachers
    now = datetime.now(UTC)
    pages.registry.lookups[anna.number] = [
        lookup("41234", "check", now - timedelta(days=1)),
        lookup("41234", "csv", now + timedelta(hours=1)),
    ]
    pages.registry.lookups[bea.number] = [lookup("59999", "list", now - timedelta(hours=2))]
    await open_a_share(pages, anna)
    await open_a_share(pages, bea)
    await open_a_share(pages, bea)

    page = await anna.http.get(PAGE)
    assert page.status_code == 200
    assert [(r[1], r[2]) for r in rows(page)] == [
        (
            "Schoolbestuur 41234 van De Regenboog",
            "Uw naam, scholen en status in een download van alle leraren van het schoolbestuur",
        ),
        ("Iemand met een deellink", "Uw hele portfolio, via een deellink"),
        (
            "Schoolbestuur 41234 van De Regenboog",
            "Uw registratienummer gecontroleerd in een lijst van het schoolbestuur",
        ),
    ]
    assert "Getoond aan anderen (3 keer)" in page.text
    assert "59999" not in page.text
    assert "Het Baken" not in page.text
    # Each source was asked for its newest 20, with her own token.
    assert (anna.number, "/v1/me/lookups", {"page": "1", "page_size": "20"}) in (
        pages.registry.asked
    )

    theirs = rows(await bea.http.get(PAGE))
    assert [r[1] for r in theirs] == [
        "Iemand met een deellink",
        "Iemand met een deellink",
        "Schoolbestuur 59999 van Het Baken",
    ]

    english = await anna.http.get(PAGE, params={"lang": "en"})
    assert "Someone with a share link" in english.text
    assert "Who looked at my data" in english.text


async def test_the_merged_list_pages_newest_first(pages: Stack, teachers: list[Teacher]) -> None:
    anna, _ = teachers
    start = datetime.now(UTC) - timedelta(days=30)
    pages.registry.lookups[anna.number] = [
        lookup("41234", "list", start + timedelta(hours=n)) for n in range(25)
    ]
    await open_a_share(pages, anna)

    first = await anna.http.get(PAGE)
    assert len(rows(first)) == 20
    assert rows(first)[0][1] == "Iemand met een deellink"
    assert 'rel="next"' in first.text
    second = await anna.http.get(PAGE, params={"pagina": 2})
    assert len(rows(second)) == 6
    assert 'rel="next"' not in second.text
    assert 'rel="prev"' in second.text
    assert all(r[1].startswith("Schoolbestuur 41234") for r in rows(second))
    assert (anna.number, "/v1/me/lookups", {"page": "1", "page_size": "40"}) in (
        pages.registry.asked
    )


async def test_no_one_looked_yet_and_the_privacy_page_links_here(
    pages: Stack, teachers: list[Teacher]
) -> None:
    anna, _ = teachers
    page = await anna.http.get(PAGE)
    assert page.status_code == 200
    assert "Uw gegevens zijn nog aan niemand getoond." in page.text
    privacy = await anna.http.get("/mijn-registratie/privacy")
    assert f'href="{PAGE}"' in privacy.text


async def test_a_visitor_without_a_session_is_sent_to_sign_in(pages: Stack) -> None:
    async with pages.visitor() as stranger:
        page = await stranger.get(PAGE)
    assert page.status_code == 303
    assert page.headers["location"] == "/inloggen?terug=%2Fmijn-registratie%2Fprivacy%2Fbekeken"

"""The portfolio pages over HTTP, without a browser: the portal and a real portfolio service in
this process, each on a database of its own (the portfolio on topics of its own too). Each test
is a teacher of its own, signed in through a session in the portal's store (the sign-in itself
is tested with the sign-in pages).

What the pages show is asserted, and what the portfolio stored, asked of the portfolio itself."""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from html import unescape
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from lr_portal.adapters.portfolio import PortfolioClient
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

PDF = b"%PDF-1.4\n" + b"certificaat " * 500 + b"\n%%EOF\n"
TOPICS = (
    REGISTRY_REGISTRATIONS,
    PORTFOLIO_ATTENDANCE,
    PORTFOLIO_PROGRESS,
    PRIVACY_ERASURE_REQUESTS,
    PRIVACY_ERASURE_CONFIRMATIONS,
)


@dataclass
class Stack:
    portal: Any  # the portal's app
    portfolio: httpx.AsyncClient  # to the portfolio service in this process
    keys: Path

    def token(self, number: str) -> str:
        return mint_token(
            (self.keys / REGISTRY_KEY_FILE).read_bytes(),
            kid=REGISTRY_KID,
            issuer=REGISTRY_ISSUER,
            subject=number,
            kind="register",
        )


@dataclass
class Browser:
    """One signed-in teacher: an HTTP client holding the portal's session cookie."""

    http: httpx.AsyncClient
    number: str
    csrf: str
    stack: Stack

    async def post(self, path: str, data: dict[str, str], **kwargs: Any) -> httpx.Response:
        return await self.http.post(path, data={"csrf_token": self.csrf, **data}, **kwargs)

    async def stored(self, path: str = "/v1/me/activities") -> Any:
        """What the portfolio holds for this teacher (asked with their own token)."""
        headers = {"Authorization": f"Bearer {self.stack.token(self.number)}"}
        return (await self.stack.portfolio.get(path, headers=headers)).json()


async def _database(admin_url: str, service: str) -> str:
    """A new database owned by the service's role (dropped by the fixture that made it)."""
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
    """The portfolio service in this process on its own database and topics; the portal's
    portfolio client talks to it (the registry is nowhere: these pages do not call it)."""
    portfolio_db, portal_db = (
        await _database(stack.postgres_url, "portfolio"),
        await _database(stack.postgres_url, "portal"),
    )
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
    try:
        async with serve_in_process(portfolio) as portfolio_http:
            settings = Settings(
                environment="test",
                database_url=service_url(stack.postgres_url, "portal", portal_db),
                registry_url=f"http://127.0.0.1:{free_port()}",
                portfolio_url="http://portfolio.invalid",
            )
            app = create_app(settings)
            await app.state.container.portfolio.close()
            app.state.container.portfolio = PortfolioClient(portfolio_http)
            yield Stack(app, portfolio_http, dev_keys)
    finally:
        await delete_topics(stack.kafka_bootstrap, suffix=suffix)
        admin = await asyncpg.connect(stack.postgres_url)
        for name in (portfolio_db, portal_db):
            await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()


@pytest_asyncio.fixture(scope="module")
async def portal(pages: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with serve_in_process(pages.portal) as client:
        yield client


def client_of(stack: Stack, **kwargs: Any) -> httpx.AsyncClient:
    """Another visitor of the same portal app (running in this process)."""
    transport = httpx.ASGITransport(app=stack.portal)
    return httpx.AsyncClient(transport=transport, base_url="http://portal", **kwargs)


async def sign_in(stack: Stack) -> Browser:
    number = f"LR{random.randint(0, 99_999_999):08d}"
    session_id = sessions.new_secret()
    container = stack.portal.state.container
    session = sessions.signed_in(
        session_id, container.clock(), number, stack.token(number), expires_in=3600
    )
    await container.sessions.save(session)
    http = client_of(stack, cookies={SESSION_COOKIE: session_id})
    return Browser(http, number, session.csrf_token, stack)


@pytest_asyncio.fixture
async def me(pages: Stack, portal: httpx.AsyncClient) -> AsyncIterator[Browser]:
    browser = await sign_in(pages)
    try:
        yield browser
    finally:
        await browser.http.aclose()


def text(page: httpx.Response) -> str:
    """The page's visible text, tags removed, whitespace folded."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page.text, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def activity(**changes: str) -> dict[str, str]:
    values = {
        "kind": "inside_school:intervision",
        "title": "Intervisie bovenbouw",
        "provider": "",
        "subject": "rekenen",
        "start_date": "12-01-2026",
        "end_date": "2026-03-02",
        "hours": "12,5",
        "core": "ja",
    }
    values.update(changes)
    return values


async def test_an_added_activity_is_stored_and_listed_with_its_hours(me: Browser) -> None:
    form = await me.http.get("/mijn-registratie/portfolio/activiteiten/nieuw")
    assert form.status_code == 200
    assert 'name="csrf_token"' in form.text
    assert "Intervisie" in text(form)

    container = me.stack.portal.state.container
    session_id = me.http.cookies[SESSION_COOKIE]
    before = await container.sessions.get(sessions.hash_session_id(session_id))
    created = await me.post("/mijn-registratie/portfolio/activiteiten/nieuw", activity())
    assert created.status_code == 303
    # A handled form counts up the session's data version: cached reads of her data are
    # keyed by it, so the next page reads afresh (adapters/readcache.py).
    after = await container.sessions.get(sessions.hash_session_id(session_id))
    assert before is not None
    assert after is not None
    assert (before.data_version, after.data_version) == (0, 1)
    [stored] = await me.stored()
    assert (stored["type"], stored["subtype"], stored["hours"]) == (
        "inside_school",
        "intervision",
        "12.50",
    )
    assert (stored["start_date"], stored["end_date"], stored["core"]) == (
        "2026-01-12",
        "2026-03-02",
        True,
    )
    assert created.headers["location"].endswith(f"/activiteiten/{stored['id']}?gelukt=created")

    page = text(await me.http.get(created.headers["location"]))
    assert "De activiteit is toegevoegd." in page
    assert "12-01-2026 t/m 02-03-2026" in page
    listed = text(await me.http.get("/mijn-registratie/portfolio"))
    assert "Intervisie bovenbouw" in listed
    assert "12,5" in listed
    assert "Eigen invoer" in listed


async def test_bad_input_is_shown_beside_each_field_with_the_values_kept(me: Browser) -> None:
    page = await me.post(
        "/mijn-registratie/portfolio/activiteiten/nieuw",
        activity(kind="", title=" ", start_date="31-02-2026", hours="veel"),
    )
    assert page.status_code == 422
    shown = text(page)
    assert "Er ging iets mis" in shown
    for message in (
        "Kies de soort activiteit.",
        "Vul een titel in.",
        "Vul een bestaande datum in",
        "Vul het aantal uren in als getal",
    ):
        assert shown.count(message) == 2, message  # in the summary and beside the field
    assert 'value="31-02-2026"' in page.text
    assert 'value="veel"' in page.text
    assert await me.stored() == []

    # What only the portfolio knows: the subtype must fit the type, the days their order.
    page = await me.post(
        "/mijn-registratie/portfolio/activiteiten/nieuw",
        activity(kind="study_day", end_date="2026-01-01", hours="1,234"),
    )
    assert page.status_code == 422
    shown = text(page)
    assert "De laatste dag ligt vóór de eerste dag." in shown
    assert "Gebruik hoogstens twee cijfers achter de komma." in shown
    assert 'value="study_day" checked' in page.text
    assert await me.stored() == []


async def test_a_teacher_changes_an_activity_and_deletes_it_after_confirming(
    me: Browser,
) -> None:
    await me.post("/mijn-registratie/portfolio/activiteiten/nieuw", activity())
    [stored] = await me.stored()
    base = f"/mijn-registratie/portfolio/activiteiten/{stored['id']}"
    form = await me.http.get(f"{base}/wijzigen")
    assert 'value="Intervisie bovenbouw"' in form.text
    assert 'value="inside_school:intervision" checked' in form.text

    saved = await me.post(f"{base}/wijzigen", activity(title="Intervisie", core="", hours="3"))
    assert saved.status_code == 303
    [changed] = await me.stored()
    assert (changed["title"], changed["core"], changed["hours"]) == ("Intervisie", False, "3.00")

    confirm = await me.http.get(f"{base}/verwijderen")
    assert "Weet u zeker dat u deze activiteit wilt verwijderen?" in text(confirm)
    assert len(await me.stored()) == 1
    deleted = await me.post(f"{base}/verwijderen", {})
    assert deleted.headers["location"] == "/mijn-registratie/portfolio?gelukt=deleted"
    assert await me.stored() == []
    assert "De activiteit is verwijderd." in text(await me.http.get(deleted.headers["location"]))


async def test_evidence_is_uploaded_with_the_activity_and_downloaded_unchanged(
    me: Browser,
) -> None:
    created = await me.http.post(
        "/mijn-registratie/portfolio/activiteiten/nieuw",
        data={"csrf_token": me.csrf, **activity()},
        files={"file": ("deelname één.pdf", PDF, "application/pdf")},
    )
    assert created.status_code == 303
    [stored] = await me.stored()
    assert stored["evidence"]["size"] == len(PDF)
    page = await me.http.get(created.headers["location"])
    assert "Download deelname één.pdf (6 kB)" in text(page)

    download = await me.http.get(
        f"/mijn-registratie/portfolio/activiteiten/{stored['id']}/bewijsstuk"
    )
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert "attachment" in download.headers["content-disposition"]


async def test_evidence_that_is_not_a_document_is_refused_on_the_page(me: Browser) -> None:
    await me.post("/mijn-registratie/portfolio/activiteiten/nieuw", activity())
    [stored] = await me.stored()
    path = f"/mijn-registratie/portfolio/activiteiten/{stored['id']}/bewijsstuk"
    refused = await me.http.post(
        path, data={"csrf_token": me.csrf}, files={"file": ("notes.txt", b"hello", "text/plain")}
    )
    assert refused.status_code == 422
    assert "Het bestand moet een PDF, PNG of JPEG zijn." in text(refused)
    nothing = await me.http.post(
        path, data={"csrf_token": me.csrf}, files={"file": ("", b"", "application/octet-stream")}
    )
    assert "Kies een bestand." in text(nothing)
    assert (await me.stored())[0]["evidence"] is None


async def test_a_share_link_opens_the_portfolio_for_anyone_until_it_is_revoked(
    me: Browser, pages: Stack
) -> None:
    await me.post("/mijn-registratie/portfolio/activiteiten/nieuw", activity())
    page = await me.http.get("/mijn-registratie/delen")
    assert "Mijn hele portfolio" in text(page)
    until = (datetime.now(UTC) + timedelta(days=10)).date()
    created = await me.post(
        "/mijn-registratie/delen", {"scope": "all", "expires": until.isoformat()}
    )
    assert created.status_code == 201
    [url] = re.findall(r'value="(http://portal/gedeeld/[^"]+)" readonly', created.text)
    [share] = await me.stored("/v1/me/shares")
    assert share["view"] == "all"

    async with client_of(pages) as anyone:
        shared = await anyone.get(url)
        assert shared.status_code == 200
        assert "Intervisie bovenbouw" in text(shared)
        assert shared.headers["referrer-policy"] == "no-referrer"
        assert me.number in text(shared)

        listed = text(await me.http.get("/mijn-registratie/delen"))
        assert "Hele portfolio" in listed
        revoked = await me.post(f"/mijn-registratie/delen/{share['id']}/intrekken", {})
        assert revoked.headers["location"] == "/mijn-registratie/delen?gelukt=revoked"
        assert await me.stored("/v1/me/shares") == []
        gone = await anyone.get(url)
        assert gone.status_code == 404
        assert "Deze link werkt niet (meer)" in text(gone)


async def test_a_share_expiring_too_late_is_refused_on_the_form(me: Browser) -> None:
    too_late = (datetime.now(UTC) + timedelta(days=200)).date()
    page = await me.post("/mijn-registratie/delen", {"scope": "all", "expires": str(too_late)})
    assert page.status_code == 422
    assert "Een link werkt hoogstens 90 dagen." in text(page)
    assert await me.stored("/v1/me/shares") == []


async def test_the_export_page_and_the_json_download_hold_everything(me: Browser) -> None:
    await me.post("/mijn-registratie/portfolio/activiteiten/nieuw", activity())
    page = await me.http.get("/mijn-registratie/export")
    assert "Intervisie bovenbouw" in text(page)
    assert "@media print" in page.text or "portal.css" in page.text
    download = await me.http.get("/mijn-registratie/export/json")
    assert download.headers["content-type"] == "application/json"
    assert download.json()["registration_number"] == me.number
    assert [a["title"] for a in download.json()["activities"]] == ["Intervisie bovenbouw"]


async def test_another_teachers_activity_and_share_are_not_found(me: Browser, pages: Stack) -> None:
    await me.post("/mijn-registratie/portfolio/activiteiten/nieuw", activity())
    until = (date.today() + timedelta(days=3)).isoformat()
    await me.post("/mijn-registratie/delen", {"scope": "all", "expires": until})
    [mine] = await me.stored()
    [share] = await me.stored("/v1/me/shares")
    other = await sign_in(pages)
    try:
        base = f"/mijn-registratie/portfolio/activiteiten/{mine['id']}"
        for path in (base, f"{base}/wijzigen", f"{base}/verwijderen", f"{base}/bewijsstuk"):
            page = await other.http.get(path)
            assert page.status_code == 404, path
            assert "Pagina niet gevonden" in text(page)
        assert (await other.post(f"{base}/verwijderen", {})).status_code == 404
        revoke = f"/mijn-registratie/delen/{share['id']}/intrekken"
        assert (await other.post(revoke, {})).status_code == 404
    finally:
        await other.http.aclose()
    assert len(await me.stored()) == 1
    assert len(await me.stored("/v1/me/shares")) == 1


async def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(me: Browser) -> None:
    refused = await me.http.post("/mijn-registratie/portfolio/activiteiten/nieuw", data=activity())
    assert refused.status_code == 403
    assert "Formulier verlopen" in text(refused)
    forged = await me.http.post(
        "/mijn-registratie/delen", data={"csrf_token": "forged", "scope": "all", "expires": "x"}
    )
    assert forged.status_code == 403
    assert await me.stored() == []
    assert await me.stored("/v1/me/shares") == []
    container = me.stack.portal.state.container
    session_id = me.http.cookies[SESSION_COOKIE]
    kept = await container.sessions.get(sessions.hash_session_id(session_id))
    assert kept is not None
    assert kept.data_version == 0, "a refused form changed nothing, so it bumps nothing"


async def test_signed_out_visitors_are_sent_to_sign_in(portal: httpx.AsyncClient) -> None:
    pages = ("/mijn-registratie/portfolio", "/mijn-registratie/delen", "/mijn-registratie/export")
    for path in pages:
        response = await portal.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/inloggen?terug=")

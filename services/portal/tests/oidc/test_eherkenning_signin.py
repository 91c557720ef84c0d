"""eHerkenning through OpenID Connect for the board pages, against a real OpenID provider (a
second instance of provider.mjs, with a client of its own, whose ID tokens carry the KvK
claims) and a real intake (its board-token exchange, its reference data with KvK numbers):
the code flow with PKCE, state and nonce, a board and a payroll bureau signing in, every way
it must fail, and the exchange's own refusals."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import secrets
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import asyncpg
import httpx
import jwt
import pytest
import pytest_asyncio

from lr_intake.application.reference import load_reference
from lr_intake.devdata.deliveries import generate_rows
from lr_intake.devdata.files import render_delivery
from lr_intake.devdata.reference import board_kvk, bureau_kvk, generate_reference
from lr_intake.domain.organisations import INTERMEDIARY_CLAIM, LEGAL_SUBJECT_CLAIM
from lr_intake.entrypoints.app import create_app as intake_app
from lr_intake.settings import Settings as IntakeSettings
from lr_portal.adapters.intake import IntakeClient
from lr_portal.entrypoints.app import create_app as portal_app
from lr_portal.entrypoints.templating import LANGUAGE_COOKIE
from lr_portal.settings import Settings as PortalSettings
from lr_shared.auth import (
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    EH3,
    INTAKE_ISSUER,
    INTAKE_KEY_FILE,
    mint_token,
)
from lr_tools.fleet import free_port
from lr_tools.stack.topics import delete_topics, ensure_topics
from lr_tools.testing import StackEndpoints, serve_in_process

from .conftest import Browser, database, page_text, served
from .provider import CLIENT_SECRET, OpenIdProvider, provider_process

pytestmark = pytest.mark.integration

CLIENT_ID = "lerarenregister-portal-eherkenning"
EH3_LOGIN = {"acr": EH3}
"""Every ID token of the test broker is at EH3 unless a test says otherwise."""
CALLBACK = "/aanleveren/inloggen/eherkenning/terug"
FAILED = "Inloggen met eHerkenning is niet gelukt"
UNKNOWN = "Uw organisatie is niet bekend als schoolbestuur of administratiekantoor"

REFERENCE = generate_reference(seed=17, boards=6, bureaus=1)
BUREAU = REFERENCE.bureaus[0].nummer
MANDATED = sorted(board for bureau, board in REFERENCE.mandates if bureau == BUREAU)
BOARD_A = MANDATED[0]
NOT_MANDATED = sorted({b.bevoegd_gezag for b in REFERENCE.boards} - set(MANDATED))
BOARD_C = NOT_MANDATED[0]
UNKNOWN_KVK = "49999999"


@dataclass
class EherkenningWorld:
    provider: OpenIdProvider
    portal_url: str
    portal_dsn: str
    intake: httpx.AsyncClient
    keys: Path

    def dev_token(self, kind: Any, subject: str) -> str:
        return mint_token(
            (self.keys / DEV_IDP_KEY_FILE).read_bytes(),
            kid=DEV_IDP_KID,
            issuer=DEV_IDP_ISSUER,
            subject=subject,
            kind=kind,
        )

    async def deliver(self, board: str) -> str:
        """A delivery made straight at intake (development token), as a board's system would."""
        rows = generate_rows(REFERENCE, rows=3, seed=5, boards=[board], today=date.today())
        response = await self.intake.post(
            "/v1/deliveries",
            content=render_delivery([r.values for r in rows]),
            headers={
                "Authorization": f"Bearer {self.dev_token('board', board)}",
                "Content-Type": "text/csv",
                "Idempotency-Key": f"test-{uuid.uuid4()}",
            },
        )
        assert response.status_code == 202, response.text
        return str(response.json()["id"])

    async def rows(self, table: str) -> list[dict[str, Any]]:
        connection = await asyncpg.connect(self.portal_dsn.replace("+asyncpg", ""))
        try:
            return [dict(r) for r in await connection.fetch(f"select * from {table}")]  # noqa: S608
        finally:
            await connection.close()

    async def board_sessions(self) -> list[dict[str, Any]]:
        return [s for s in await self.rows("sessions") if s["kind"] == "board"]

    async def raw_id_token(self, browser: Browser, sub: str, **login: Any) -> str:
        """An ID token straight from the provider (the code flow done by hand, nothing
        verified), to send to intake as an attacker or a broken portal would."""
        await self.provider.next_login(sub, **login)
        verifier = secrets.token_urlsafe(64)
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        redirect = f"{self.portal_url}{CALLBACK}"
        query = urlencode(
            {
                "response_type": "code",
                "client_id": CLIENT_ID,
                "redirect_uri": redirect,
                "scope": "openid",
                "state": secrets.token_urlsafe(16),
                "nonce": secrets.token_urlsafe(16),
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        )
        callback = await browser.to_callback(f"{self.provider.issuer}/auth?{query}", CALLBACK)
        code = parse_qs(urlsplit(callback).query)["code"][0]
        response = await browser.client.post(
            f"{self.provider.issuer}/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect,
                "code_verifier": verifier,
            },
            auth=(CLIENT_ID, CLIENT_SECRET),
        )
        assert response.status_code == 200, response.text
        return str(response.json()["id_token"])

    async def exchange(self, token: str) -> httpx.Response:
        return await self.intake.post(
            "/v1/board-token", headers={"Authorization": f"Bearer {token}"}
        )


@pytest_asyncio.fixture(scope="module")
async def eherkenning(
    stack: StackEndpoints, dev_keys: Path, tmp_path_factory: Any
) -> AsyncIterator[EherkenningWorld]:
    portal_port, provider_port = free_port(), free_port()
    redirect = f"http://127.0.0.1:{portal_port}{CALLBACK}"
    claims = (LEGAL_SUBJECT_CLAIM, INTERMEDIARY_CLAIM)
    with provider_process(
        provider_port, redirect, client_id=CLIENT_ID, id_token_claims=claims, login_claims=EH3_LOGIN
    ) as provider:
        jwks_file = tmp_path_factory.mktemp("eherkenning") / "broker-jwks.json"
        jwks_file.write_text(json.dumps(provider.jwks()))
        suffix = f".t{uuid.uuid4().hex[:10]}"
        await ensure_topics(stack.kafka_bootstrap, 1, suffix=suffix)
        try:
            async with (
                database(stack, "intake") as intake_dsn,
                database(stack, "portal") as portal_dsn,
            ):
                intake = intake_app(
                    IntakeSettings(
                        environment="test",
                        database_url=intake_dsn,
                        kafka_bootstrap_servers=stack.kafka_bootstrap,
                        topic_suffix=suffix,
                        jwks_file=dev_keys / "jwks.json",
                        bsn_hash_key="test-bsn-hash-key-0123456789",  # type: ignore[arg-type]
                        bsn_encryption_key=base64.b64encode(bytes(32)).decode(),  # type: ignore[arg-type]
                        publish_check_seconds=0.1,
                        db_pool_size=2,
                        eherkenning_issuer=provider.issuer,
                        eherkenning_audience=CLIENT_ID,
                        eherkenning_jwks_file=jwks_file,
                        board_signing_key_file=dev_keys / INTAKE_KEY_FILE,
                    )
                )
                async with serve_in_process(intake) as intake_http:
                    await load_reference(
                        intake.state.container.intake.uow, REFERENCE, lambda: datetime.now(UTC)
                    )
                    portal = portal_app(
                        PortalSettings(
                            environment="development",  # plain-http cookies on 127.0.0.1
                            database_url=portal_dsn,
                            registry_url=f"http://127.0.0.1:{free_port()}",
                            portfolio_url=f"http://127.0.0.1:{free_port()}",
                            intake_url="http://intake.invalid",
                            eherkenning_issuer=provider.issuer,
                            eherkenning_client_id=CLIENT_ID,
                            eherkenning_client_secret=CLIENT_SECRET,  # type: ignore[arg-type]
                            eherkenning_redirect_url=redirect,
                            db_pool_size=2,
                        )
                    )
                    await portal.state.container.intake.close()
                    portal.state.container.intake = IntakeClient(intake_http)
                    async with served(portal, portal_port) as portal_url:
                        yield EherkenningWorld(
                            provider, portal_url, portal_dsn, intake_http, dev_keys
                        )
        finally:
            await delete_topics(stack.kafka_bootstrap, suffix=suffix)


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


async def sign_in(
    world: EherkenningWorld, browser: Browser, sub: str, terug: str = "/aanleveren", **login: Any
) -> httpx.Response:
    """The whole flow from the portal's button to the page it ends on."""
    await world.provider.next_login(sub, **login)
    start = f"{world.portal_url}/aanleveren/inloggen/eherkenning?{urlencode({'terug': terug})}"
    return await browser.follow(start)


async def test_a_board_signs_in_with_eherkenning_and_lands_on_its_deliveries(
    eherkenning: EherkenningWorld, browser: Browser, caplog: pytest.LogCaptureFixture
) -> None:
    delivery = await eherkenning.deliver(BOARD_A)
    kvk = board_kvk(BOARD_A)
    choice = await browser.get(f"{eherkenning.portal_url}/aanleveren/inloggen?terug=/aanleveren")
    assert 'href="/aanleveren/inloggen/eherkenning?terug=/aanleveren"' in choice.text
    assert "Inloggen met eHerkenning" in page_text(choice)

    await eherkenning.provider.next_login("eh-person-1", claims={LEGAL_SUBJECT_CLAIM: kvk})
    with caplog.at_level(logging.DEBUG):
        start = await browser.get(
            f"{eherkenning.portal_url}/aanleveren/inloggen/eherkenning?terug=/aanleveren"
        )
        assert start.status_code == 303
        authorize = parse_qs(urlsplit(start.headers["location"]).query)
        assert start.headers["location"].startswith(f"{eherkenning.provider.issuer}/auth?")
        assert authorize["client_id"] == [CLIENT_ID]
        assert authorize["code_challenge_method"] == ["S256"]
        assert authorize["state"]
        assert authorize["nonce"]
        callback = await browser.to_callback(start.headers["location"], CALLBACK)
        landed = await browser.get(callback)
        assert landed.status_code == 303
        assert landed.headers["location"] == "/aanleveren"
        page = await browser.follow(f"{eherkenning.portal_url}/aanleveren")

    assert page.status_code == 200
    assert f"/aanleveren/leveringen/{delivery}" in page.text
    (session,) = [
        s for s in await eherkenning.board_sessions() if s["organisation_number"] == BOARD_A
    ]
    assert (session["organisation_kind"], session["acting_board"]) == ("board", BOARD_A)
    claims = jwt.decode(session["board_token"], options={"verify_signature": False})
    assert (claims["iss"], claims["sub"], claims["lr_kind"]) == (INTAKE_ISSUER, BOARD_A, "board")
    assert await eherkenning.rows("pending_sign_ins") == []
    # The KvK number and the person's pseudonym went to intake inside the ID token only.
    for secret in (kvk, "eh-person-1"):
        assert all(secret not in str(row) for row in await eherkenning.rows("sessions"))
        assert all(secret not in url for url in browser.visited)
        assert secret not in caplog.text


async def test_a_payroll_bureau_signs_in_and_chooses_one_of_its_boards(
    eherkenning: EherkenningWorld, browser: Browser
) -> None:
    choose = await sign_in(
        eherkenning, browser, "eh-person-2", claims={LEGAL_SUBJECT_CLAIM: bureau_kvk(BUREAU)}
    )
    assert choose.status_code == 200
    assert urlsplit(str(choose.url)).path == "/aanleveren/bestuur"
    for board in MANDATED:
        assert f'value="{board}"' in choose.text
    assert f'value="{BOARD_C}"' not in choose.text
    csrf = choose.text.split('name="csrf_token" value="')[1].split('"')[0]
    chosen = await browser.client.post(
        f"{eherkenning.portal_url}/aanleveren/bestuur",
        data={"csrf_token": unescape(csrf), "bestuur": MANDATED[-1], "terug": "/aanleveren"},
    )
    assert chosen.status_code == 303
    assert chosen.headers["location"] == "/aanleveren"
    (session,) = [
        s for s in await eherkenning.board_sessions() if s["organisation_number"] == BUREAU
    ]
    assert session["organisation_kind"] == "payroll_bureau"
    assert sorted(session["boards"]) == MANDATED
    assert session["acting_board"] == MANDATED[-1]


async def test_a_ketenmachtiging_signs_the_bureau_in_for_that_board_only(
    eherkenning: EherkenningWorld, browser: Browser
) -> None:
    claims = {LEGAL_SUBJECT_CLAIM: board_kvk(BOARD_A), INTERMEDIARY_CLAIM: bureau_kvk(BUREAU)}
    page = await sign_in(eherkenning, browser, "eh-person-3", claims=claims)
    assert page.status_code == 200
    assert urlsplit(str(page.url)).path == "/aanleveren"
    sessions = [
        s
        for s in await eherkenning.board_sessions()
        if s["organisation_number"] == BUREAU and s["boards"] == [BOARD_A]
    ]
    assert [s["acting_board"] for s in sessions] == [BOARD_A]


async def test_a_ketenmachtiging_for_a_board_without_the_bureaus_mandate_is_refused(
    eherkenning: EherkenningWorld, browser: Browser
) -> None:
    before = len(await eherkenning.board_sessions())
    claims = {LEGAL_SUBJECT_CLAIM: board_kvk(BOARD_C), INTERMEDIARY_CLAIM: bureau_kvk(BUREAU)}
    page = await sign_in(eherkenning, browser, "eh-person-4", claims=claims)
    assert page.status_code == 400
    assert "Geen machtiging voor dit schoolbestuur" in page_text(page)
    assert len(await eherkenning.board_sessions()) == before


async def test_an_unknown_kvk_number_is_refused_in_dutch_and_in_english(
    eherkenning: EherkenningWorld, browser: Browser
) -> None:
    before = len(await eherkenning.board_sessions())
    claims = {LEGAL_SUBJECT_CLAIM: UNKNOWN_KVK}
    page = await sign_in(eherkenning, browser, "eh-person-5", claims=claims)
    assert page.status_code == 400
    assert UNKNOWN in page_text(page)
    assert 'lang="nl"' in page.text
    assert UNKNOWN_KVK not in page.text
    browser.client.cookies.set(LANGUAGE_COOKIE, "en")
    page = await sign_in(eherkenning, browser, "eh-person-5", claims=claims)
    assert page.status_code == 400
    assert "Your organisation is not known as a school board or payroll bureau" in page_text(page)
    assert len(await eherkenning.board_sessions()) == before


async def test_a_wrong_state_is_refused_and_starts_no_session(
    eherkenning: EherkenningWorld, browser: Browser
) -> None:
    await eherkenning.provider.next_login(
        "eh-person-6", claims={LEGAL_SUBJECT_CLAIM: board_kvk(BOARD_A)}
    )
    before = len(await eherkenning.board_sessions())
    start = f"{eherkenning.portal_url}/aanleveren/inloggen/eherkenning"
    callback = await browser.to_callback(start, CALLBACK)
    refused = await browser.get(with_query(callback, state=secrets.token_urlsafe(32)))
    assert refused.status_code == 400
    assert FAILED in page_text(refused)
    assert "al gebruikt of in een ander venster begonnen" in page_text(refused)
    assert len(await eherkenning.board_sessions()) == before


async def test_a_replayed_code_is_refused_by_the_provider_and_shown_as_a_page(
    eherkenning: EherkenningWorld, browser: Browser
) -> None:
    claims = {LEGAL_SUBJECT_CLAIM: board_kvk(BOARD_A)}
    await eherkenning.provider.next_login("eh-person-7", claims=claims)
    start = f"{eherkenning.portal_url}/aanleveren/inloggen/eherkenning"
    first = await browser.to_callback(start, CALLBACK)
    assert (await browser.get(first)).status_code == 303
    used_code = parse_qs(urlsplit(first).query)["code"][0]
    before = len(await eherkenning.board_sessions())

    second = await browser.to_callback(start, CALLBACK)
    replayed = await browser.get(with_query(second, code=used_code))
    assert replayed.status_code == 400
    assert "De inlogcode is misschien al gebruikt of verlopen" in page_text(replayed)
    # The same callback opened twice: its state is used up.
    again = await browser.get(first)
    assert again.status_code == 400
    assert "al gebruikt" in page_text(again)
    assert len(await eherkenning.board_sessions()) == before


async def test_an_expired_id_token_is_refused(
    eherkenning: EherkenningWorld, browser: Browser
) -> None:
    before = len(await eherkenning.board_sessions())
    past = int(time.time()) - 3600
    page = await sign_in(
        eherkenning,
        browser,
        "eh-person-8",
        claims={LEGAL_SUBJECT_CLAIM: board_kvk(BOARD_A)},
        id_token_claims={"exp": past, "iat": past - 300},
    )
    assert page.status_code == 400
    assert "Wij konden de inloggegevens van eHerkenning niet controleren" in page_text(page)
    assert len(await eherkenning.board_sessions()) == before


async def test_an_id_token_below_eh3_is_refused(
    eherkenning: EherkenningWorld, browser: Browser
) -> None:
    """The portal asks the broker for EH3; intake accepts EH3 or EH4 only."""
    before = len(await eherkenning.board_sessions())
    for acr in ("urn:etoegang:core:assurance-class:loa2plus", None):
        page = await sign_in(
            eherkenning,
            browser,
            "eh-person-8b",
            claims={LEGAL_SUBJECT_CLAIM: board_kvk(BOARD_A)},
            id_token_claims={"acr": acr},
        )
        assert page.status_code == 400
        assert "Wij konden de inloggegevens van eHerkenning niet controleren" in page_text(page)
    assert len(await eherkenning.board_sessions()) == before


async def test_the_portal_asks_the_broker_for_eh3(eherkenning: EherkenningWorld) -> None:
    async with httpx.AsyncClient() as client:
        start = await client.get(f"{eherkenning.portal_url}/aanleveren/inloggen/eherkenning")
    assert start.status_code in (302, 303)
    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert query["acr_values"] == [EH3]


async def test_intakes_exchange_gives_a_board_token_intake_accepts(
    eherkenning: EherkenningWorld, browser: Browser
) -> None:
    token = await eherkenning.raw_id_token(
        browser, "eh-person-9", claims={LEGAL_SUBJECT_CLAIM: board_kvk(BOARD_A)}
    )
    answer = await eherkenning.exchange(token)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["organisation_number"], body["organisation_kind"]) == (BOARD_A, "board")
    assert body["boards"] == []
    assert body["expires_in"] == 3600
    board_token = {"Authorization": f"Bearer {body['access_token']}"}
    listed = await eherkenning.intake.get(f"/v1/boards/{BOARD_A}/deliveries", headers=board_token)
    assert listed.status_code == 200
    # The broker's ID token itself opens nothing but the exchange.
    id_token = {"Authorization": f"Bearer {token}"}
    refused = await eherkenning.intake.get(f"/v1/boards/{BOARD_A}/deliveries", headers=id_token)
    assert refused.status_code == 401


async def test_intakes_exchange_refuses_development_tokens_and_another_clients_id_token(
    eherkenning: EherkenningWorld, browser: Browser
) -> None:
    for kind in ("identity", "board"):
        answer = await eherkenning.exchange(eherkenning.dev_token(kind, BOARD_A))
        assert answer.status_code == 401, kind
    assert (await eherkenning.intake.post("/v1/board-token")).status_code == 401
    other_client = await eherkenning.raw_id_token(
        browser,
        "eh-person-10",
        claims={LEGAL_SUBJECT_CLAIM: board_kvk(BOARD_A)},
        id_token_claims={"aud": "lerarenregister-portal"},
    )
    assert (await eherkenning.exchange(other_client)).status_code == 401


@pytest.mark.parametrize(
    ("claims", "status"),
    [
        ({LEGAL_SUBJECT_CLAIM: board_kvk(BOARD_C), INTERMEDIARY_CLAIM: bureau_kvk(BUREAU)}, 403),
        ({LEGAL_SUBJECT_CLAIM: UNKNOWN_KVK}, 404),
        ({LEGAL_SUBJECT_CLAIM: board_kvk(BOARD_A), INTERMEDIARY_CLAIM: UNKNOWN_KVK}, 404),
        ({}, 422),
    ],
)
async def test_intakes_exchange_refuses_a_board_without_mandate_and_unknown_organisations(
    eherkenning: EherkenningWorld, browser: Browser, claims: dict[str, str], status: int
) -> None:
    token = await eherkenning.raw_id_token(browser, f"eh-{uuid.uuid4().hex[:8]}", claims=claims)
    answer = await eherkenning.exchange(token)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert "access_token" not in answer.text

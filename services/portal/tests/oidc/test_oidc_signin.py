"""DigiD through OpenID Connect, against a real OpenID provider and a real registry: the code
flow with PKCE, state and nonce, and every way it must fail, seen as the teacher sees it."""

from __future__ import annotations

import logging
import secrets
import time
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest

from lr_portal.adapters.oidc import OidcClient
from lr_portal.domain.oidc import Failure, SignInFailedError
from lr_portal.entrypoints.app import create_app
from lr_portal.settings import Settings
from lr_tools.fleet import free_port
from lr_tools.testing import serve_in_process

from .conftest import Browser, DigidWorld, page_text, random_bsn
from .provider import CLIENT_ID, CLIENT_SECRET

pytestmark = pytest.mark.integration

FAILED = "Inloggen met DigiD is niet gelukt"


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


async def test_a_teacher_signs_in_with_digid_and_the_portal_keeps_no_bsn(
    digid: DigidWorld, browser: Browser, caplog: pytest.LogCaptureFixture
) -> None:
    bsn, number = await digid.delivered_teacher()
    await digid.provider.next_login(bsn)
    before = len(await digid.signed_in_sessions())

    choice = await browser.get(f"{digid.portal_url}/inloggen?terug=/mijn-registratie")
    assert 'href="/inloggen/digid?terug=/mijn-registratie"' in choice.text
    assert "Inloggen met DigiD" in page_text(choice)

    with caplog.at_level(logging.DEBUG):
        start = await browser.get(f"{digid.portal_url}/inloggen/digid?terug=/mijn-registratie")
        assert start.status_code == 303
        authorize = query_of(start.headers["location"])
        assert start.headers["location"].startswith(f"{digid.provider.issuer}/auth?")
        assert authorize["response_type"] == "code"
        assert authorize["client_id"] == CLIENT_ID
        assert authorize["code_challenge_method"] == "S256"
        assert len(authorize["code_challenge"]) == 43
        assert authorize["state"]
        assert authorize["nonce"]
        assert "openid" in authorize["scope"].split()

        callback = await browser.to_callback(start.headers["location"])
        landed = await browser.get(callback)

    assert landed.status_code == 303
    assert landed.headers["location"] == "/mijn-registratie"
    assert "lr_sessie" in landed.cookies
    signed_in = await digid.signed_in_sessions()
    assert len(signed_in) == before + 1
    assert {s["registration_number"] for s in signed_in} >= {number}
    # The BSN went from the provider to the registry inside the ID token and nowhere else.
    assert all(bsn not in str(row) for row in await digid.sessions())
    assert await digid.pending_sign_ins() == []
    assert all(bsn not in url for url in browser.visited)
    assert bsn not in caplog.text
    assert bsn not in landed.text


async def test_a_wrong_state_is_refused_with_a_dutch_page_and_no_session(
    digid: DigidWorld, browser: Browser
) -> None:
    bsn, _ = await digid.delivered_teacher()
    await digid.provider.next_login(bsn)
    before = await digid.signed_in_sessions()
    callback = await browser.to_callback(f"{digid.portal_url}/inloggen/digid")

    refused = await browser.get(with_query(callback, state=secrets.token_urlsafe(32)))

    assert refused.status_code == 400
    assert refused.headers["content-type"].startswith("text/html")
    assert FAILED in page_text(refused)
    assert "verlopen, al gebruikt of in een ander venster begonnen" in page_text(refused)
    assert "U bent niet ingelogd" in page_text(refused)
    assert await digid.signed_in_sessions() == before


async def test_a_callback_from_another_browser_is_refused(
    digid: DigidWorld, browser: Browser
) -> None:
    """The state is bound to the session that started the sign-in: a link with a valid state
    and code, opened elsewhere (a victim lured to an attacker's callback), signs no one in."""
    bsn, _ = await digid.delivered_teacher()
    await digid.provider.next_login(bsn)
    before = await digid.signed_in_sessions()
    callback = await browser.to_callback(f"{digid.portal_url}/inloggen/digid")

    browser.client.cookies.clear()
    refused = await browser.get(callback)

    assert refused.status_code == 400
    assert FAILED in page_text(refused)
    assert await digid.signed_in_sessions() == before


async def test_opening_the_callback_twice_signs_in_once(
    digid: DigidWorld, browser: Browser
) -> None:
    bsn, _ = await digid.delivered_teacher()
    await digid.provider.next_login(bsn)
    callback = await browser.to_callback(f"{digid.portal_url}/inloggen/digid")
    assert (await browser.get(callback)).status_code == 303
    after_first = await digid.signed_in_sessions()

    again = await browser.get(callback)

    assert again.status_code == 400
    assert FAILED in page_text(again)
    assert await digid.signed_in_sessions() == after_first


async def test_a_replayed_code_is_refused_by_the_provider_and_the_teacher_gets_a_page(
    digid: DigidWorld, browser: Browser
) -> None:
    """A code already exchanged, brought back with a fresh state of the same session (a
    stolen code injected into a new sign-in): the provider refuses it; no 500, no session."""
    bsn, _ = await digid.delivered_teacher()
    await digid.provider.next_login(bsn)
    first = await browser.to_callback(f"{digid.portal_url}/inloggen/digid")
    assert (await browser.get(first)).status_code == 303
    used_code = query_of(first)["code"]
    before = await digid.signed_in_sessions()

    fresh = await browser.get(f"{digid.portal_url}/inloggen/digid")
    fresh_state = query_of(fresh.headers["location"])["state"]
    replay = await browser.get(
        f"{digid.portal_url}/inloggen/digid/terug?"
        + urlencode({"code": used_code, "state": fresh_state})
    )

    assert replay.status_code == 400
    assert "De inlogcode is misschien al gebruikt of verlopen" in page_text(replay)
    assert "Traceback" not in replay.text
    assert await digid.signed_in_sessions() == before


async def test_a_code_is_exchanged_at_most_once(digid: DigidWorld, browser: Browser) -> None:
    """The client itself, straight at the provider: the same code and verifier twice."""
    bsn, _ = await digid.delivered_teacher()
    await digid.provider.next_login(bsn)
    client = OidcClient(
        issuer=digid.provider.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_url=f"{digid.portal_url}/inloggen/digid/terug",
        scopes="openid",
        leeway_seconds=0,
        timeout=10,
    )
    try:
        state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
        verifier += secrets.token_urlsafe(32)
        url = await client.authorization_url(state=state, nonce=nonce, code_verifier=verifier)
        callback = query_of(await browser.to_callback(url))
        assert callback["state"] == state

        await client.identity_token(code=callback["code"], nonce=nonce, code_verifier=verifier)
        with pytest.raises(SignInFailedError) as second:
            await client.identity_token(code=callback["code"], nonce=nonce, code_verifier=verifier)
        assert second.value.failure is Failure.REFUSED
    finally:
        await client.close()


@pytest.mark.parametrize(
    ("misbehaviour", "what"),
    [
        ({"id_token_claims": {"exp": -3600, "iat": -7200}}, "an expired ID token"),
        ({"id_token_claims": {"nonce": "not-the-nonce-this-session-sent"}}, "a wrong nonce"),
        ({"id_token_claims": {"aud": "another-client"}}, "another client's ID token"),
        ({"id_token_claims": {"iss": "https://elsewhere.example"}}, "another issuer"),
        ({"foreign_key": True}, "a signature by an unpublished key"),
    ],
)
async def test_an_id_token_that_fails_verification_signs_no_one_in(
    digid: DigidWorld, browser: Browser, misbehaviour: dict[str, object], what: str
) -> None:
    bsn, _ = await digid.delivered_teacher()
    claims = misbehaviour.get("id_token_claims")
    if isinstance(claims, dict) and "exp" in claims:
        now = int(time.time())
        claims = {"exp": now - 3600, "iat": now - 7200}
    await digid.provider.next_login(
        bsn,
        id_token_claims=claims if isinstance(claims, dict) else None,
        foreign_key=bool(misbehaviour.get("foreign_key")),
    )
    before = await digid.signed_in_sessions()

    landed = await browser.follow(f"{digid.portal_url}/inloggen/digid")

    assert landed.status_code == 400, what
    assert FAILED in page_text(landed)
    assert "Wij konden de inloggegevens van DigiD niet controleren" in page_text(landed)
    assert bsn not in landed.text
    assert await digid.signed_in_sessions() == before


async def test_a_teacher_who_stops_at_digid_gets_a_page_that_says_so(
    digid: DigidWorld, browser: Browser
) -> None:
    start = await browser.get(f"{digid.portal_url}/inloggen/digid")
    state = query_of(start.headers["location"])["state"]

    stopped = await browser.get(
        f"{digid.portal_url}/inloggen/digid/terug?"
        + urlencode({"error": "access_denied", "state": state})
    )

    assert stopped.status_code == 400
    assert "U heeft het inloggen bij DigiD afgebroken" in page_text(stopped)


async def test_someone_the_register_does_not_know_is_told_so(
    digid: DigidWorld, browser: Browser
) -> None:
    await digid.provider.next_login(random_bsn())
    before = await digid.signed_in_sessions()

    landed = await browser.follow(f"{digid.portal_url}/inloggen/digid")

    assert landed.status_code == 404
    assert "Wij vinden geen registratie" in page_text(landed)
    assert await digid.signed_in_sessions() == before


async def test_a_provider_that_does_not_answer_gives_try_again_later(database_url: str) -> None:
    nobody = f"http://127.0.0.1:{free_port()}"
    settings = Settings(
        environment="development",
        database_url=database_url,
        registry_url=nobody,
        portfolio_url=nobody,
        oidc_issuer=nobody,
        oidc_client_id=CLIENT_ID,
        oidc_redirect_url="http://127.0.0.1:8005/inloggen/digid/terug",
    )
    async with serve_in_process(create_app(settings)) as portal:
        response = await portal.get("/inloggen/digid")

    assert response.status_code == 503
    assert "Probeer het later opnieuw" in page_text(response)

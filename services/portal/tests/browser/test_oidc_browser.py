"""Signing in with DigiD through OpenID Connect in a real browser, end to end: the fleet's
registry and portal restarted with the test's OpenID provider configured, a delivered teacher
signs in through the provider and lands on the overview; a tampered callback gives the Dutch
failure page. Every page is checked with axe-core (WCAG 2.1 A and AA: 0 violations)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, expect

from lr_shared.auth import DEV_IDP_ISSUER, DEV_IDP_KEY_FILE, DEV_IDP_KID, mint_token
from lr_tools.fleet import PORTAL, free_port
from lr_tools.testing import eventually

# Tests are no package to import absolutely; the provider helper is shared with tests/oidc.
from ..oidc.provider import (  # noqa: TID252
    CLIENT_ID,
    CLIENT_SECRET,
    OpenIdProvider,
    provider_process,
)
from .conftest import PortalStack, assert_accessible, shoot, teachers_in

pytestmark = pytest.mark.e2e


async def _restart(stack: PortalStack, *instances: str) -> None:
    fleet = stack.fleet
    for instance in instances:
        process = fleet.processes[instance]
        process.terminate()
        process.wait(timeout=30)
        fleet.start(instance)
    await fleet.wait_ready(instances=instances)


@pytest_asyncio.fixture(scope="module")
async def digid(portal_stack: PortalStack) -> AsyncIterator[OpenIdProvider]:
    """The fleet's registry and portal with DigiD configured for this module, then as before."""
    fleet = portal_stack.fleet
    redirect = f"{fleet.url(PORTAL)}/inloggen/digid/terug"
    with provider_process(free_port(), redirect) as provider:
        jwks_file = fleet.workdir / "digid-jwks.json"
        jwks_file.write_text(json.dumps(provider.jwks()))
        fleet.instance_env["registry"] = {
            "LR_OIDC_IDENTITY_ISSUER": provider.issuer,
            "LR_OIDC_IDENTITY_AUDIENCE": CLIENT_ID,
            "LR_OIDC_IDENTITY_JWKS_FILE": str(jwks_file),
        }
        fleet.instance_env[PORTAL] = {
            "LR_OIDC_ISSUER": provider.issuer,
            "LR_OIDC_CLIENT_ID": CLIENT_ID,
            "LR_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "LR_OIDC_REDIRECT_URL": redirect,
        }
        await _restart(portal_stack, "registry", PORTAL)
        try:
            yield provider
        finally:
            fleet.instance_env.pop("registry", None)
            fleet.instance_env.pop(PORTAL, None)
            await _restart(portal_stack, "registry", PORTAL)


async def _delivered_teacher(stack: PortalStack, seed: int) -> str:
    """The BSN of a teacher whose delivery the registry has taken in."""
    deliveries = await stack.deliver(teachers=1, seed=seed)
    bsn = str(teachers_in(deliveries)[0].values["bsn"])
    token = mint_token(
        (stack.fleet.keys / DEV_IDP_KEY_FILE).read_bytes(),
        kid=DEV_IDP_KID,
        issuer=DEV_IDP_ISSUER,
        subject=bsn,
        kind="identity",
    )
    async with httpx.AsyncClient(base_url=stack.fleet.url("registry")) as registry:

        async def known() -> bool:
            response = await registry.post(
                "/v1/me/token", headers={"Authorization": f"Bearer {token}"}
            )
            return response.status_code == 200

        assert await eventually(known, timeout=60, interval=0.5)
    return bsn


async def test_a_teacher_signs_in_with_digid_and_lands_on_the_overview(
    portal_stack: PortalStack, browser: Browser, digid: OpenIdProvider
) -> None:
    bsn = await _delivered_teacher(portal_stack, seed=1717)
    await digid.next_login(bsn)
    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    visited: list[str] = []
    page.on("request", lambda request: visited.append(request.url))

    await page.goto(f"{portal_stack.portal}/mijn-registratie")
    assert "/inloggen?terug=%2Fmijn-registratie" in page.url
    await assert_accessible(page)
    await shoot(page, portal_stack, "inloggen-digid")
    await page.get_by_role("link", name="Inloggen met DigiD").click()

    await page.wait_for_url(f"{portal_stack.portal}/mijn-registratie")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Mijn registratie")
    await assert_accessible(page)
    assert bsn not in await page.content()
    assert any(url.startswith(f"{digid.issuer}/auth?") for url in visited)
    assert all(bsn not in url for url in visited)
    cookies = {c["name"]: c for c in await context.cookies(portal_stack.portal)}
    assert cookies["lr_sessie"]["httpOnly"]
    assert cookies["lr_sessie"]["sameSite"] == "Lax"
    await context.close()


async def test_the_callback_opened_again_shows_the_dutch_failure_page(
    portal_stack: PortalStack, browser: Browser, digid: OpenIdProvider
) -> None:
    """The provider's redirect back, opened a second time (the back button, a bookmark, a
    copied link): its state was used up by the first, so it signs no one in again."""
    bsn = await _delivered_teacher(portal_stack, seed=1718)
    await digid.next_login(bsn)
    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    callbacks: list[str] = []
    page.on(
        "request",
        lambda request: (
            callbacks.append(request.url) if "/inloggen/digid/terug" in request.url else None
        ),
    )
    await page.goto(f"{portal_stack.portal}/inloggen/digid")
    await page.wait_for_url(f"{portal_stack.portal}/mijn-registratie")
    assert len(callbacks) == 1

    await page.goto(callbacks[0])

    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inloggen met DigiD is niet gelukt"
    )
    await expect(page.get_by_text("verlopen, al gebruikt of in een ander venster")).to_be_visible()
    await expect(page.get_by_role("link", name="Opnieuw inloggen met DigiD")).to_be_visible()
    # Still signed in from the first time: the page does not claim otherwise.
    await expect(page.get_by_text("U bent niet ingelogd")).to_have_count(0)
    await assert_accessible(page)
    await shoot(page, portal_stack, "inloggen-digid-mislukt")
    await context.close()

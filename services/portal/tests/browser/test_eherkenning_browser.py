"""Signing in for a board with eHerkenning through OpenID Connect in a real browser: the
fleet's intake and portal restarted with the test's OpenID provider as the eHerkenning broker
(its ID tokens carry the KvK claims; intake's reference data has the KvK numbers). A board
signs in by clicking "Inloggen met eHerkenning" and lands on its deliveries; a payroll bureau
lands on the choice of board; an unknown KvK number gives the refusal page, in Dutch and in
English. Every page is checked with axe-core (WCAG 2.1 A and AA: 0 violations)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, expect

from lr_intake.devdata.reference import board_kvk, bureau_kvk
from lr_intake.domain.organisations import INTERMEDIARY_CLAIM, LEGAL_SUBJECT_CLAIM
from lr_shared.auth import EH3, INTAKE_KEY_FILE
from lr_tools.fleet import PORTAL, free_port

# Tests are no package to import absolutely; the provider helper is shared with tests/oidc.
from ..oidc.provider import CLIENT_SECRET, OpenIdProvider, provider_process  # noqa: TID252
from .conftest import PortalStack, assert_accessible, shoot
from .test_oidc_browser import _restart

pytestmark = pytest.mark.e2e

CLIENT_ID = "lerarenregister-portal-eherkenning"
EH3_LOGIN = {"acr": EH3}
"""Every ID token of the test broker is at EH3 unless a test says otherwise."""


@pytest_asyncio.fixture(scope="module")
async def eherkenning(portal_stack: PortalStack) -> AsyncIterator[OpenIdProvider]:
    """The fleet's intake and portal with eHerkenning configured for this module, then as
    before."""
    fleet = portal_stack.fleet
    redirect = f"{fleet.url(PORTAL)}/aanleveren/inloggen/eherkenning/terug"
    claims = (LEGAL_SUBJECT_CLAIM, INTERMEDIARY_CLAIM)
    with provider_process(
        free_port(), redirect, client_id=CLIENT_ID, id_token_claims=claims, login_claims=EH3_LOGIN
    ) as provider:
        jwks_file = fleet.workdir / "eherkenning-jwks.json"
        jwks_file.write_text(json.dumps(provider.jwks()))
        fleet.instance_env["intake"] = {
            "LR_EHERKENNING_ISSUER": provider.issuer,
            "LR_EHERKENNING_AUDIENCE": CLIENT_ID,
            "LR_EHERKENNING_JWKS_FILE": str(jwks_file),
            "LR_BOARD_SIGNING_KEY_FILE": str(fleet.keys / INTAKE_KEY_FILE),
        }
        fleet.instance_env[PORTAL] = {
            "LR_EHERKENNING_ISSUER": provider.issuer,
            "LR_EHERKENNING_CLIENT_ID": CLIENT_ID,
            "LR_EHERKENNING_CLIENT_SECRET": CLIENT_SECRET,
            "LR_EHERKENNING_REDIRECT_URL": redirect,
        }
        await _restart(portal_stack, "intake", PORTAL)
        try:
            yield provider
        finally:
            fleet.instance_env.pop("intake", None)
            fleet.instance_env.pop(PORTAL, None)
            await _restart(portal_stack, "intake", PORTAL)


async def test_a_board_signs_in_with_eherkenning_and_lands_on_its_deliveries(
    portal_stack: PortalStack, browser: Browser, eherkenning: OpenIdProvider
) -> None:
    board = portal_stack.reference.boards[0].bevoegd_gezag
    await eherkenning.next_login("eh-browser-1", claims={LEGAL_SUBJECT_CLAIM: board_kvk(board)})
    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    await page.goto(f"{portal_stack.portal}/aanleveren")
    assert "/aanleveren/inloggen?terug=%2Faanleveren" in page.url
    await assert_accessible(page)
    await shoot(page, portal_stack, "inloggen-eherkenning")
    await page.get_by_role("link", name="Inloggen met eHerkenning").click()

    await page.wait_for_url(f"{portal_stack.portal}/aanleveren")
    await assert_accessible(page)
    assert board_kvk(board) not in await page.content()
    await context.close()


async def test_a_payroll_bureau_signs_in_and_is_asked_which_board(
    portal_stack: PortalStack, browser: Browser, eherkenning: OpenIdProvider
) -> None:
    bureau = portal_stack.reference.bureaus[0].nummer
    await eherkenning.next_login("eh-browser-2", claims={LEGAL_SUBJECT_CLAIM: bureau_kvk(bureau)})
    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    await page.goto(f"{portal_stack.portal}/aanleveren/inloggen/eherkenning?terug=/aanleveren")
    await page.wait_for_url(f"{portal_stack.portal}/aanleveren/bestuur?terug=%2Faanleveren")
    await assert_accessible(page)
    await context.close()


async def test_an_unknown_organisation_gets_the_refusal_page_in_dutch_and_english(
    portal_stack: PortalStack, browser: Browser, eherkenning: OpenIdProvider
) -> None:
    for locale, lang, heading in (
        ("nl-NL", "", "Uw organisatie is niet bekend"),
        ("en-GB", "en", "Your organisation is not known"),
    ):
        await eherkenning.next_login("eh-browser-3", claims={LEGAL_SUBJECT_CLAIM: "49999999"})
        context = await browser.new_context(locale=locale)
        page = await context.new_page()
        if lang:
            await page.goto(f"{portal_stack.portal}/aanleveren/inloggen?lang={lang}")
        await page.goto(f"{portal_stack.portal}/aanleveren/inloggen/eherkenning")
        await expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert "49999999" not in page.url
        await assert_accessible(page)
        await shoot(
            page, portal_stack, f"inloggen-eherkenning-onbekend{'-' + lang if lang else ''}"
        )
        await context.close()

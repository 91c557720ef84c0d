"""Who looked at my data, in a real browser on the browser tests' fleet (conftest.py): two
teachers delivered by one board sign in and confirm; the board checks each one's registration
number at the registry (with its board token, as its systems do); each teacher's share link is
opened by a visitor without a session. Each teacher's page lists her own board look-up and
her own opened share, newest first, and nothing of the other. axe-core (WCAG 2.1 A and AA):
0 violations, in Dutch and in English. The delivery is of this module's own seed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, expect

from .conftest import PortalStack, Teachers, check

pytestmark = pytest.mark.e2e

SEED = 9121


@pytest_asyncio.fixture(scope="module")
async def delivered(portal_stack: PortalStack) -> AsyncIterator[tuple[Teachers, str]]:
    [delivery] = await portal_stack.deliver(teachers=6, seed=SEED)
    rows = list({r.values["bsn"]: r for r in delivery.rows if r.expected_error is None}.values())
    assert len(rows) >= 2
    yield Teachers(portal_stack, rows), delivery.board


async def board_checks(stack: PortalStack, board: str, number: str) -> None:
    """The board checks one registration number (a look-up the registry records)."""
    token = stack.endpoints.token("board", board)
    async with httpx.AsyncClient(base_url=stack.fleet.url("registry")) as registry:
        response = await registry.post(
            f"/v1/boards/{board}/registrations/check",
            content=f"registratienummer\n{number}\n".encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"},
        )
    assert response.status_code == 200, response.text
    assert response.json()["found"] == 1


async def share_opened(
    stack: PortalStack, teachers: Teachers, browser: Browser, number: str
) -> None:
    """The teacher makes a link to her whole portfolio; someone without a session opens it."""
    headers = {"Authorization": f"Bearer {teachers.token(number)}"}
    expires = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    async with httpx.AsyncClient(base_url=stack.fleet.url("portfolio")) as portfolio:
        created = await portfolio.post(
            "/v1/me/shares", json={"expires_at": expires}, headers=headers
        )
    assert created.status_code == 201, created.text
    stranger = await browser.new_context()
    try:
        shared = await stranger.new_page()
        await shared.goto(f"{stack.portal}/gedeeld/{created.json()['token']}")
        await expect(shared.get_by_role("heading", level=1)).to_contain_text("Gedeeld portfolio")
    finally:
        await stranger.close()


async def rows_of(page: Page) -> list[str]:
    return [" ".join(t.split()) for t in await page.locator("tbody tr").all_inner_texts()]


async def test_the_list_shows_a_boards_look_up_and_an_opened_share_and_nothing_of_another(
    portal_stack: PortalStack, delivered: tuple[Teachers, str], browser: Browser
) -> None:
    teachers, board = delivered
    anna_context, anna, anna_number = await teachers.signed_in(browser)
    bea_context, bea, bea_number = await teachers.signed_in(browser)

    await board_checks(portal_stack, board, bea_number)
    await board_checks(portal_stack, board, anna_number)
    await asyncio.sleep(1)  # a second between the look-up and the opening, as shown on the page
    await share_opened(portal_stack, teachers, browser, bea_number)
    await share_opened(portal_stack, teachers, browser, anna_number)

    await anna.goto(f"{portal_stack.portal}/mijn-registratie/privacy")
    await anna.get_by_role("link", name="Wie heeft mijn gegevens bekeken").click()
    await expect(anna.get_by_role("heading", level=1)).to_have_text(
        "Wie heeft mijn gegevens bekeken"
    )
    rows = await rows_of(anna)
    shares = [r for r in rows if "Iemand met een deellink" in r]
    checks = [r for r in rows if "Uw registratienummer gecontroleerd" in r]
    # Other modules of the fleet may list this board's teachers (a `list` look-up); no one but
    # this test opens her link or checks her number.
    assert len(shares) == 1, rows
    assert len(checks) == 1, rows
    assert "Uw hele portfolio, via een deellink" in shares[0]
    assert f"Schoolbestuur {board}" in checks[0]
    assert rows.index(shares[0]) < rows.index(checks[0])  # newest first
    await check(anna, portal_stack, "wie-bekeek-mijn-gegevens")

    await bea.goto(f"{portal_stack.portal}/mijn-registratie/privacy/bekeken")
    bea_rows = await rows_of(bea)
    assert len([r for r in bea_rows if "Iemand met een deellink" in r]) == 1, bea_rows
    assert len([r for r in bea_rows if "Uw registratienummer gecontroleerd" in r]) == 1, bea_rows

    await anna.goto(f"{portal_stack.portal}/mijn-registratie/privacy/bekeken?lang=en")
    await expect(anna.get_by_role("heading", level=1)).to_have_text("Who looked at my data")
    await expect(anna.get_by_text("Someone with a share link")).to_be_visible()
    await check(anna, portal_stack, "who-looked-at-my-data-en")
    await anna_context.close()
    await bea_context.close()

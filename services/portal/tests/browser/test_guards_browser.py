"""The portal's safeguards in a real browser: another teacher's data is not found, forms
without the CSRF token are refused, a rate-limited visitor gets a friendly page, and the skip
link and the sign-in form work by keyboard. Every page shown is checked with axe-core."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, expect

from lr_intake.devdata.deliveries import GeneratedRow
from lr_tools.testing import eventually

from .conftest import PortalStack, assert_accessible, shoot, sign_in, teachers_in

pytestmark = pytest.mark.e2e


@pytest_asyncio.fixture(scope="session")
async def delivered(portal_stack: PortalStack) -> list[GeneratedRow]:
    rows = teachers_in(await portal_stack.deliver(teachers=6, seed=4242))
    assert len(rows) >= 3
    async with httpx.AsyncClient(base_url=portal_stack.fleet.url("registry")) as registry:
        for row in rows[:3]:
            token = portal_stack.endpoints.token("identity", row.values["bsn"])
            identity = {"Authorization": f"Bearer {token}"}

            async def known(headers: dict[str, str] = identity) -> bool:
                response = await registry.post("/v1/me/token", headers=headers)
                return response.status_code == 200

            assert await eventually(known, timeout=120, interval=0.5)  # registered
    return rows


@pytest_asyncio.fixture
async def context(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(locale="nl-NL")
    try:
        yield context
    finally:
        await context.close()


async def _appointment_of(stack: PortalStack, achternaam: str, bsn_row: GeneratedRow) -> int:
    url = stack.fleet.database_url("registry").replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(url)
    try:
        value = await connection.fetchval(
            "select a.id from appointments a join teachers t using (registration_number) "
            "where t.achternaam = $1 and a.brin = $2 order by a.id limit 1",
            achternaam,
            bsn_row.values["brin"],
        )
    finally:
        await connection.close()
    assert isinstance(value, int)
    return value


async def test_another_teachers_appointment_is_not_found(
    portal_stack: PortalStack, delivered: list[GeneratedRow], context: BrowserContext
) -> None:
    alice, bob = delivered[0], delivered[1]
    bobs = await _appointment_of(portal_stack, bob.values["achternaam"], bob)
    page = await context.new_page()
    await page.goto(f"{portal_stack.portal}/inloggen/ontwikkeling")
    await sign_in(page, alice.values["bsn"])
    assert page.url == f"{portal_stack.portal}/mijn-registratie"

    response = await page.goto(
        f"{portal_stack.portal}/mijn-registratie/correcties/nieuw?benoeming={bobs}"
    )
    assert response is not None
    assert response.status == 404
    await expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    assert bob.values["achternaam"] not in await page.content()
    await assert_accessible(page)
    await shoot(page, portal_stack, "niet-gevonden")

    # Posting it anyway (the form's hidden field changed) is not found either, and nothing
    # reaches the registry.
    await page.goto(f"{portal_stack.portal}/mijn-registratie/gegevens")
    await page.get_by_role("link", name="Vraag een correctie aan").first.click()
    await page.locator("input[name=benoeming]").evaluate(f"e => e.value = '{bobs}'")
    await page.get_by_label("Welk gegeven klopt niet?").select_option("achternaam")
    await page.get_by_label("Wat moet het zijn, en waarom?").fill("Niet van mij")
    await page.get_by_role("button", name="Verstuur het correctieverzoek").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    url = portal_stack.fleet.database_url("registry").replace(
        "postgresql+asyncpg://", "postgresql://"
    )
    connection = await asyncpg.connect(url)
    try:
        assert (
            await connection.fetchval(
                "select count(*) from correction_requests where appointment_id = $1", bobs
            )
            == 0
        )
    finally:
        await connection.close()


async def test_a_form_without_the_csrf_token_is_refused(
    portal_stack: PortalStack, delivered: list[GeneratedRow], context: BrowserContext
) -> None:
    page = await context.new_page()
    await page.goto(f"{portal_stack.portal}/inloggen/ontwikkeling")
    await sign_in(page, delivered[1].values["bsn"])
    await page.goto(f"{portal_stack.portal}/mijn-registratie/voorkeuren")
    # The page's own form, its token removed, as a forged form from another site would be.
    form = page.locator("form[action='/mijn-registratie/voorkeuren']")
    await form.locator("input[name=csrf_token]").evaluate("e => e.remove()")
    await page.get_by_role("button", name="Voorkeuren opslaan").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Formulier verlopen")
    await assert_accessible(page)
    await shoot(page, portal_stack, "formulier-verlopen")
    forged = await page.request.post(
        f"{portal_stack.portal}/mijn-registratie/bevestigen", form={"csrf_token": "vervalst"}
    )
    assert forged.status == 403
    assert "Formulier verlopen" in await forged.text()


async def test_the_skip_link_and_the_sign_in_form_work_by_keyboard(
    portal_stack: PortalStack, delivered: list[GeneratedRow], context: BrowserContext
) -> None:
    page = await context.new_page()
    await page.goto(f"{portal_stack.portal}/")
    await page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    await expect(skip).to_be_focused()
    await expect(skip).to_be_visible()  # visible when focused
    await page.keyboard.press("Enter")
    assert await page.evaluate("document.activeElement.id") == "inhoud"
    await assert_accessible(page)
    await shoot(page, portal_stack, "start")

    await page.goto(f"{portal_stack.portal}/inloggen/ontwikkeling")
    for _ in range(30):
        if await page.evaluate("document.activeElement.id") == "veld-bsn":
            break
        await page.keyboard.press("Tab")
    await expect(page.get_by_label("BSN")).to_be_focused()
    await page.keyboard.type(delivered[2].values["bsn"])
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(f"{portal_stack.portal}/mijn-registratie")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Mijn registratie")


async def test_a_rate_limited_visitor_gets_a_friendly_page(
    portal_stack: PortalStack, delivered: list[GeneratedRow], browser: Browser
) -> None:
    # A visitor of its own (the portal forwards the address; the registry limits per visitor).
    visitor = await browser.new_context(
        locale="nl-NL", extra_http_headers={"X-Forwarded-For": "198.51.100.23"}
    )
    try:
        # Each search a new query: the portal caches answers to a query it was just asked
        # (docs/portal.md), so only new queries reach the registry and its limit, which is
        # what a visitor scraping the register sends.
        queries = (f"{portal_stack.portal}/zoek-een-leraar?achternaam=de{n}" for n in range(10**6))
        page = await visitor.new_page()
        statuses: list[int] = []
        response = None
        for _ in range(5):  # a burst of 30 at once empties the registry's bucket; then the page
            answers = await asyncio.gather(*(visitor.request.get(next(queries)) for _ in range(30)))
            statuses += [answer.status for answer in answers]
            response = await page.goto(next(queries))
            assert response is not None
            if response.status == 429:
                break
        assert set(statuses) <= {200, 429}
        assert response is not None
        assert response.status == 429
        assert (await response.header_value("retry-after") or "").isdigit()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Even geduld")
        await assert_accessible(page)
        await shoot(page, portal_stack, "even-geduld")
    finally:
        await visitor.close()
    # Another visitor is not limited by it.
    other = await browser.new_context(extra_http_headers={"X-Forwarded-For": "198.51.100.99"})
    try:
        # A query nobody asked yet, so it reaches the registry.
        fresh = f"{portal_stack.portal}/zoek-een-leraar?achternaam=anders"
        assert (await other.request.get(fresh)).status == 200
    finally:
        await other.close()


async def test_the_pages_read_in_english_on_request(
    portal_stack: PortalStack, delivered: list[GeneratedRow], context: BrowserContext
) -> None:
    page = await context.new_page()
    await page.goto(f"{portal_stack.portal}/zoek-een-leraar?lang=en")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Find a teacher")
    assert await page.get_attribute("html", "lang") == "en"
    await page.get_by_role("textbox", name="Registration number").fill("LR12")
    await (
        page.get_by_role("form", name="Search by registration number").get_by_role("button").click()
    )
    await expect(page.locator("#fout-nummer")).to_contain_text("LR followed by 8 digits")
    await expect(page.get_by_role("textbox", name="Registration number")).to_have_value("LR12")
    await assert_accessible(page)
    await shoot(page, portal_stack, "find-a-teacher-error")

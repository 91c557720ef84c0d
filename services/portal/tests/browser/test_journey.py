"""A teacher's whole journey through the portal, in a real browser against the five services
as processes: a delivery is uploaded, the invitation mail arrives, its link opens the confirm
page, the teacher signs in (development sign-in), sees the delivered appointments, disputes one
field, confirms, adds an activity with an evidence file, sees the progress bar move, shares the
portfolio (opened in a second browser context without a session), shows their qualifications
and finds themselves in the public search, then has their data erased and sees it completed.

Every page is checked with axe-core (0 violations of WCAG 2.1 A and AA). What the pages show is
asserted, and what the services stored, read from their databases."""

from __future__ import annotations

import re

import asyncpg
import pytest
from playwright.async_api import Browser, Page, expect

from lr_tools.testing import eventually

from .conftest import PortalStack, assert_accessible, link_in, shoot, sign_in, teachers_in

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n" + b"certificaat " * 200 + b"\n%%EOF\n"


async def _query(stack: PortalStack, service: str, sql: str, *args: object) -> list[asyncpg.Record]:
    url = stack.fleet.database_url(service).replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(url)
    try:
        return list(await connection.fetch(sql, *args))
    finally:
        await connection.close()


async def _visit(page: Page, stack: PortalStack, name: str) -> None:
    """Every page of the journey: accessible, and photographed."""
    await assert_accessible(page)
    await shoot(page, stack, name)


async def test_a_teacher_goes_from_the_invitation_mail_to_erasure(
    portal_stack: PortalStack, browser: Browser
) -> None:
    stack = portal_stack
    deliveries = await stack.deliver(teachers=4, seed=1701)
    teacher = teachers_in(deliveries)[0]
    bsn, address = teacher.values["bsn"], teacher.values["email"]
    achternaam = teacher.values["achternaam"]

    invitation = await stack.mail_to(address)
    link = link_in(invitation)
    assert link == f"{stack.portal}/mijn-registratie/bevestigen"

    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    await page.goto(link)
    # Signed out: the mail's page sends the teacher to sign in, and back afterwards.
    assert "/inloggen?terug=%2Fmijn-registratie%2Fbevestigen" in page.url
    await _visit(page, stack, "inloggen")
    await page.get_by_role("link", name="Inloggen voor ontwikkeling").click()
    await expect(page.get_by_text("Dit is een ontwikkelomgeving")).to_be_visible()
    await _visit(page, stack, "inloggen-ontwikkeling")
    await sign_in(page, bsn)
    assert page.url == link
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Controleer en bevestig uw gegevens"
    )
    # The delivered appointments: the board, BRIN and grondslag as delivered.
    await expect(
        page.get_by_role("cell", name=teacher.values["brin"], exact=False).first
    ).to_be_visible()
    await expect(page.get_by_text(teacher.values["benoemingsgrondslag"]).first).to_be_visible()
    await expect(page.get_by_text(teacher.values["bevoegd_gezag"]).first).to_be_visible()
    assert bsn not in await page.content()
    found = re.search(r"LR[0-9]{8}", await page.content())
    assert found is not None
    number = found[0]
    await _visit(page, stack, "mijn-gegevens")

    # Dispute one field with an explanation.
    await page.get_by_role("link", name="Vraag een correctie aan").first.click()
    await _visit(page, stack, "correctie")
    await page.get_by_role("button", name="Verstuur het correctieverzoek").click()
    await expect(page.get_by_role("alert")).to_contain_text("Kies het gegeven dat niet klopt")
    await _visit(page, stack, "correctie-fouten")
    await page.get_by_label("Welk gegeven klopt niet?").select_option("functie")
    await page.get_by_label("Wat moet het zijn, en waarom?").fill("Ik ben leraar, geen lio.")
    await page.get_by_role("button", name="Verstuur het correctieverzoek").click()
    assert page.url.endswith("/mijn-registratie/correcties?gelukt=ingediend")
    await expect(page.get_by_role("cell", name="Functie")).to_be_visible()
    await expect(page.get_by_role("cell", name="Bij uw schoolbestuur")).to_be_visible()
    await _visit(page, stack, "correcties")
    stored = await _query(
        stack,
        "registry",
        "select fields, explanation from correction_requests where registration_number = $1",
        number,
    )
    assert [(list(r["fields"]), r["explanation"]) for r in stored] == [
        (["functie"], "Ik ben leraar, geen lio.")
    ]

    # Confirm.
    await page.goto(f"{stack.portal}/mijn-registratie/bevestigen")
    await page.get_by_role("button", name="Mijn gegevens kloppen").click()
    await expect(page.get_by_text("U heeft uw gegevens bevestigd")).to_be_visible()
    [state] = await _query(
        stack,
        "registry",
        "select state, period_start from registrations where registration_number = $1",
        number,
    )
    assert state["state"] != "pending_confirmation"
    assert state["period_start"] is not None
    await expect(page.get_by_text(f"{state['period_start']:%d-%m-%Y}")).to_be_visible()
    await _visit(page, stack, "overzicht-voor")

    # The portfolio learns the period from the registry's topic; then the bar is at 0.
    async def progress_shown() -> bool:
        await page.reload()
        return await page.locator("#voortgang-totaal").count() == 1

    assert await eventually(progress_shown, timeout=60, interval=1)
    before = await page.locator("#voortgang-totaal").get_attribute("value")

    # An activity with an evidence file (P2's portfolio pages).
    await page.goto(f"{stack.portal}/mijn-registratie/portfolio/activiteiten/nieuw")
    await page.locator("input[name=kind]").first.check()
    await page.get_by_label("Titel", exact=False).first.fill("Cursus differentiëren")
    await page.locator("#veld-start_date").fill(f"{state['period_start']:%Y-%m-%d}")
    await page.locator("#veld-hours").fill("40")
    await page.locator("#veld-core").check()
    await page.locator("#veld-file").set_input_files(
        files=[{"name": "certificaat.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    await _visit(page, stack, "activiteit-nieuw")
    await page.locator("form[enctype] button[type=submit]").click()
    await expect(page.get_by_text("Cursus differentiëren").first).to_be_visible()
    activities = await _query(
        stack,
        "portfolio",
        "select title, hours from activities where registration_number = $1",
        number,
    )
    assert [(a["title"], float(a["hours"])) for a in activities] == [
        ("Cursus differentiëren", 40.0)
    ]

    await page.goto(f"{stack.portal}/mijn-registratie")
    after = await page.locator("#voortgang-totaal").get_attribute("value")
    assert (before, after) == ("0", "25")
    await expect(page.locator("#voortgang-nog")).to_contain_text("Nog nodig: 120 uur")
    await _visit(page, stack, "overzicht")

    # A share, opened by someone without a session.
    await page.goto(f"{stack.portal}/mijn-registratie/delen")
    await _visit(page, stack, "delen")
    await page.locator("form[action='/mijn-registratie/delen'] button[type=submit]").click()
    share_link = await page.locator("input[readonly]").first.input_value()
    assert "/gedeeld/" in share_link
    stranger = await browser.new_context(locale="nl-NL")
    shared = await stranger.new_page()
    await shared.goto(share_link)
    await expect(shared.get_by_text("Cursus differentiëren").first).to_be_visible()
    await _visit(shared, stack, "gedeeld")
    await stranger.close()

    # Show the qualifications, then find oneself in the public search.
    await page.goto(f"{stack.portal}/mijn-registratie/voorkeuren")
    await _visit(page, stack, "voorkeuren")
    await page.get_by_label("Toon mijn bevoegdheden in het openbare register").check()
    await page.get_by_role("button", name="Voorkeuren opslaan").click()
    await expect(page.get_by_text("Uw voorkeuren zijn opgeslagen.")).to_be_visible()
    [shown] = await _query(
        stack,
        "registry",
        "select show_qualifications from teachers where registration_number = $1",
        number,
    )
    assert shown["show_qualifications"] is True

    public = await browser.new_context(locale="nl-NL")
    visitor = await public.new_page()
    await visitor.goto(f"{stack.portal}/zoek-een-leraar")
    await visitor.get_by_label("Achternaam").fill(achternaam)
    await visitor.get_by_role("form", name="Zoeken op naam").get_by_role("button").click()
    await _visit(visitor, stack, "zoek-een-leraar")
    await visitor.locator(f"a[href='/zoek-een-leraar/{number}']").click()
    await expect(visitor.get_by_role("heading", level=1)).to_contain_text(achternaam)
    await expect(visitor.get_by_text("De leraar toont de bevoegdheden niet.")).to_have_count(0)
    await expect(visitor.get_by_text(number)).to_be_visible()
    assert address not in await visitor.content()
    await _visit(visitor, stack, "leraar-openbaar")

    # Erasure, with a confirmation step, and its status after the session is gone.
    await page.goto(f"{stack.portal}/mijn-registratie/privacy")
    await _visit(page, stack, "privacy")
    await page.get_by_role("link", name="Mijn gegevens laten verwijderen").click()
    await page.get_by_role("button", name="Verwijder al mijn gegevens").click()
    await expect(page.get_by_role("alert")).to_contain_text("Vink aan")
    await _visit(page, stack, "verwijderen-bevestigen")
    await page.get_by_label("Ik begrijp dat al mijn gegevens worden verwijderd").check()
    await page.get_by_role("button", name="Verwijder al mijn gegevens").click()
    assert page.url.endswith("/mijn-registratie/privacy/status")

    async def completed() -> bool:
        await page.reload()
        return await page.get_by_text("Al uw gegevens zijn verwijderd").count() == 1

    assert await eventually(completed, timeout=120, interval=1)
    await _visit(page, stack, "verwijderverzoek")
    assert (
        await _query(
            stack, "registry", "select 1 from teachers where registration_number = $1", number
        )
        == []
    )
    assert (
        await _query(
            stack, "portfolio", "select 1 from activities where registration_number = $1", number
        )
        == []
    )
    # Signed out with the registration: the teacher's pages ask to sign in again.
    await page.goto(f"{stack.portal}/mijn-registratie")
    assert "/inloggen" in page.url
    await context.close()
    await public.close()

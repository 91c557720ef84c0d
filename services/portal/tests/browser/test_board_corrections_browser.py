"""Correction requests both ways, in a real browser (Debian's Chromium through Playwright) on
the browser tests' fleet of the five services as processes (conftest.py), over the real broker,
databases and the fleet's SMTP sink (docs/corrections.md):

a teacher signs in (development sign-in) and disputes the end date of her appointment; the
board signs in (development board sign-in), finds the request in its list, opens it, sends the
form without a reason (the error state), then rejects it with a reason; the teacher reads
"Afgewezen" and the reason on her page and receives exactly one mail about it. A second
teacher's request is accepted; the board then uploads a file with that appointment's end date
changed, which resolves the request by itself: her page says "Opgelost", the board's list of
resolved requests holds it, and she had one mail, not two. axe-core on every board page (the
list, the request, the error state) and the teacher's pages: 0 violations.

The board is one no other browser module signs in as; the rows are this module's own seed."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date, timedelta
from email.message import EmailMessage
from typing import Any

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Page, expect

from lr_intake.devdata.deliveries import GeneratedRow, generate_rows
from lr_intake.devdata.files import render_delivery
from lr_tools.testing import eventually

from .conftest import PortalStack, assert_accessible, shoot, sign_in

pytestmark = pytest.mark.e2e

SEED = 8801
ROWS = 14
SUBJECT = "Uw schoolbestuur heeft uw correctieverzoek beantwoord"
REASON = "Uw benoeming loopt volgens de akte door; de einddatum klopt."
QUIET_SECONDS = 8
"""After the resolution: time enough for a second mail to arrive, if one were sent."""


def our_board(stack: PortalStack) -> str:
    """A board no other browser module signs in as: not the payroll bureau's first two (the
    boards module), nor the first unmandated or the last board (the board teachers module)."""
    mandated = sorted(b for _, b in stack.reference.mandates)
    with_schools = sorted({s.bevoegd_gezag for s in stack.reference.schools})
    unmandated = next(b for b in with_schools if b not in mandated)
    taken = {*mandated[:2], unmandated, with_schools[-1]}
    return next(b for b in with_schools if b not in taken)


def two_teachers(rows: list[GeneratedRow]) -> tuple[GeneratedRow, GeneratedRow]:
    """One appointment each of the first two teachers with an e-mail address."""
    found: dict[str, GeneratedRow] = {}
    for row in rows:
        if row.values.get("email"):
            found.setdefault(row.values["bsn"], row)
    first, second, *_ = found.values()
    return first, second


def another_end_date(values: dict[str, Any]) -> str:
    """An end date the row's checks still accept (after the start, within the employment),
    other than the one delivered."""
    begin = date.fromisoformat(values["benoeming_begindatum"])
    employment_end = values.get("dienstverband_einddatum")
    limit = date.fromisoformat(employment_end) if employment_end else begin + timedelta(days=1000)
    wanted = min(begin + timedelta(days=400), limit)
    if wanted.isoformat() == values.get("benoeming_einddatum"):
        wanted -= timedelta(days=1)
    return wanted.isoformat()


def answer_mails(stack: PortalStack, address: str) -> list[EmailMessage]:
    return [m for m in stack.mails_to(address) if str(m["Subject"]) == SUBJECT]


async def check(page: Page, stack: PortalStack, name: str | None = None) -> None:
    """0 axe violations (and a screenshot for the docs)."""
    if name:
        await shoot(page, stack, name)
    await assert_accessible(page)


async def deliver_at_intake(stack: PortalStack, board: str, rows: list[GeneratedRow]) -> None:
    """The first delivery, straight at intake as the board's own system would make it; back
    once the registry holds every teacher of it (each can exchange her identity)."""
    token = stack.endpoints.token("board", board)
    async with httpx.AsyncClient(base_url=stack.fleet.url("intake"), timeout=60) as intake:
        response = await intake.post(
            "/v1/deliveries",
            content=render_delivery([r.values for r in rows]),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "text/csv",
                "Idempotency-Key": f"corrections-browser-{board}-{SEED}",
            },
        )
    assert response.status_code == 202, response.text


async def wait_registered(stack: PortalStack, bsn: str) -> None:
    identity = {"Authorization": f"Bearer {stack.endpoints.token('identity', bsn)}"}
    async with httpx.AsyncClient(base_url=stack.fleet.url("registry"), timeout=30) as registry:

        async def known() -> bool:
            return (await registry.post("/v1/me/token", headers=identity)).status_code == 200

        assert await eventually(known, timeout=120, interval=0.5)


@pytest_asyncio.fixture
async def contexts(browser: Browser) -> AsyncIterator[list[BrowserContext]]:
    """Three browsers: the board's and each teacher's."""
    opened = [await browser.new_context(locale="nl-NL") for _ in range(3)]
    try:
        yield opened
    finally:
        for context in opened:
            await context.close()


async def dispute(page: Page, stack: PortalStack, row: GeneratedRow, explanation: str) -> str:
    """The teacher signs in and disputes her appointment's end date on her own pages; her
    registration number."""
    await page.goto(f"{stack.portal}/mijn-registratie/gegevens")
    assert "/inloggen?terug=%2Fmijn-registratie%2Fgegevens" in page.url
    await sign_in(page, row.values["bsn"])
    await expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gegevens")
    found = re.search(r"LR[0-9]{8}", await page.content())
    assert found is not None
    # This appointment of hers (she may have more): by school, grondslag and start.
    start = date.fromisoformat(row.values["benoeming_begindatum"])
    appointment = (
        page.locator("main table tbody tr")
        .filter(has_text=f"{row.values['brin']} {row.values['brin_volgnummer']}")
        .filter(has_text=row.values["benoemingsgrondslag"])
        .filter(has_text=f"{start:%d-%m-%Y}")
    )
    await appointment.get_by_role("link", name="Vraag een correctie aan").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Correctie aanvragen")
    await page.get_by_label("Welk gegeven klopt niet?").select_option("benoeming_einddatum")
    await page.get_by_label("Wat moet het zijn, en waarom?").fill(explanation)
    await page.get_by_role("button", name="Verstuur het correctieverzoek").click()
    await page.wait_for_url(re.compile(r"/mijn-registratie/correcties\?gelukt=ingediend$"))
    row_shown = page.locator("main table tbody tr").filter(has_text=explanation)
    await expect(row_shown).to_contain_text("Einddatum benoeming")
    await expect(row_shown).to_contain_text("Bij uw schoolbestuur")
    await assert_accessible(page)
    return found[0]


async def open_request(page: Page, stack: PortalStack, number: str, shot: str | None) -> None:
    """The board's list (to be answered) once the request has reached intake; then the
    request's own page."""

    async def listed() -> bool:
        await page.goto(f"{stack.portal}/aanleveren/correctieverzoeken")
        return await page.get_by_text(number).count() > 0

    assert await eventually(listed, timeout=120, interval=1.0)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Correctieverzoeken")
    await check(page, stack, shot)
    row = page.locator("main table tbody tr").filter(has_text=number)
    await expect(row).to_contain_text("Einddatum benoeming")
    await row.get_by_role("link").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Correctieverzoek")
    await expect(page.locator("#status-verzoek")).to_have_text(
        "Status: Te beantwoorden: de leraar wacht op uw antwoord"
    )


async def teacher_sees(page: Page, stack: PortalStack, explanation: str, status: str) -> None:
    """Her corrections page, once the registry has the outcome (it comes over Kafka)."""
    row = page.locator("main table tbody tr").filter(has_text=explanation)

    async def shown() -> bool:
        await page.goto(f"{stack.portal}/mijn-registratie/correcties")
        return status in await row.inner_text()

    assert await eventually(shown, timeout=120, interval=1.0), status


async def test_a_teacher_disputes_the_board_answers_and_a_redelivery_resolves_it(
    portal_stack: PortalStack, contexts: list[BrowserContext]
) -> None:
    stack = portal_stack
    board = our_board(stack)
    rows = generate_rows(
        stack.reference, rows=ROWS, seed=SEED, error_share=0, boards=[board], today=date.today()
    )
    first, second = two_teachers(rows)
    await deliver_at_intake(stack, board, rows)
    for row in (first, second):
        await wait_registered(stack, row.values["bsn"])
    board_page, hers, theirs = [await c.new_page() for c in contexts]

    # She disputes the end date of her appointment.
    says = "Mijn benoeming eindigt op 31 juli, zie mijn contract."
    number = await dispute(hers, stack, first, says)

    # The board finds it, opens it, and sends the form without a reason first.
    await board_page.goto(f"{stack.portal}/aanleveren/inloggen")
    await board_page.get_by_role(
        "link", name="Inloggen voor ontwikkeling (geen eHerkenning)"
    ).click()
    await board_page.get_by_label("Schoolbestuur (bevoegd gezag)").check()
    await board_page.get_by_label("Nummer", exact=True).fill(board)
    await board_page.get_by_role("button", name="Inloggen").click()
    await expect(board_page.get_by_role("heading", level=1)).to_have_text("Leveringen")
    await open_request(board_page, stack, number, "correctieverzoeken")
    details = board_page.locator("main")
    for shown in (number, first.values["achternaam"], first.values["brin"], says):
        await expect(details).to_contain_text(shown)
    await expect(details).to_contain_text("Einddatum benoeming")
    await check(board_page, stack, "correctieverzoek-open")
    await board_page.get_by_label("Afwijzen").check()
    await board_page.get_by_role("button", name="Verstuur het antwoord").click()
    summary = board_page.get_by_role("alert")
    await expect(summary).to_contain_text("Schrijf waarom u het verzoek afwijst.")
    await expect(board_page.locator("#fout-reden")).to_contain_text("Schrijf waarom")
    await expect(board_page.get_by_label("Afwijzen")).to_be_checked()
    await check(board_page, stack, "correctieverzoek-fout")
    await expect(summary.get_by_role("link")).to_have_attribute("href", "#veld-reden")
    await board_page.get_by_label("Reden").fill(REASON)
    await board_page.get_by_role("button", name="Verstuur het antwoord").click()
    await expect(board_page.get_by_text("Uw antwoord is verstuurd.")).to_be_visible()
    await expect(board_page.locator("#status-verzoek")).to_have_text("Status: Afgewezen")
    await expect(details).to_contain_text(REASON)
    await expect(board_page.locator("textarea")).to_have_count(0)
    await check(board_page, stack, "correctieverzoek-afgewezen")

    # She reads the answer, and has one mail about it.
    await teacher_sees(hers, stack, says, "Afgewezen")
    answered = hers.locator("main table tbody tr").filter(has_text=says)
    await expect(answered).to_contain_text(REASON)
    await expect(answered).to_contain_text(f"Beantwoord op {date.today():%d-%m-%Y}.")
    await check(hers, stack, "correcties-beantwoord")
    address = first.values["email"]

    async def mailed() -> bool:
        return bool(answer_mails(stack, address))

    assert await eventually(mailed, timeout=120, interval=0.5), f"no answer mail to {address}"
    mail = answer_mails(stack, address)[0]
    body = mail.get_body(("plain",))
    assert isinstance(body, EmailMessage)
    assert f"{stack.portal}/mijn-registratie/correcties" in body.get_content()
    assert REASON not in body.get_content(), "the reason stays behind sign-in"

    # A second teacher's request is accepted ...
    later = "Mijn benoeming loopt langer door dan hier staat."
    second_number = await dispute(theirs, stack, second, later)
    await open_request(board_page, stack, second_number, None)
    await board_page.get_by_label("Akkoord: wij leveren de gecorrigeerde gegevens aan").check()
    await board_page.get_by_role("button", name="Verstuur het antwoord").click()
    await expect(board_page.locator("#status-verzoek")).to_have_text(
        "Status: Geaccepteerd: u levert de gecorrigeerde gegevens aan"
    )
    await check(board_page, stack)
    await teacher_sees(
        theirs, stack, later, "Geaccepteerd: uw schoolbestuur levert de gecorrigeerde gegevens aan"
    )
    second_address = second.values["email"]

    async def second_mailed() -> bool:
        return bool(answer_mails(stack, second_address))

    assert await eventually(second_mailed, timeout=120, interval=0.5)

    # ... and the board delivers that appointment's end date corrected: resolved by itself.
    corrected = [
        replace(r, values={**r.values, "benoeming_einddatum": another_end_date(r.values)})
        if r is second
        else r
        for r in rows
    ]
    await board_page.goto(f"{stack.portal}/aanleveren/nieuw")
    await board_page.get_by_label("Bestand").set_input_files(
        files=[{
            "name": "leraren-gecorrigeerd.csv",
            "mimeType": "text/csv",
            "buffer": render_delivery([r.values for r in corrected]),
        }]
    )  # fmt: skip
    await board_page.get_by_role("button", name="Aanleveren").click()
    await board_page.wait_for_url(re.compile(r"/aanleveren/leveringen/[0-9a-f-]{36}\?melding="))
    delivery_path = board_page.url.split("?")[0].removeprefix(stack.portal)
    await expect(board_page.locator("#status-bericht")).to_contain_text(
        "De levering is verwerkt", timeout=60_000
    )
    await teacher_sees(theirs, stack, later, "Opgelost")
    await expect(theirs.locator("main table tbody tr").filter(has_text=later)).to_contain_text(
        f"Opgelost sinds {date.today():%d-%m-%Y}"
    )
    await check(theirs, stack)

    async def listed_resolved() -> bool:
        await board_page.goto(f"{stack.portal}/aanleveren/correctieverzoeken?status=opgelost")
        return await board_page.get_by_text(second_number).count() > 0

    assert await eventually(listed_resolved, timeout=60, interval=1.0)
    await check(board_page, stack)
    await (
        board_page.locator("main table tbody tr")
        .filter(has_text=second_number)
        .get_by_role("link")
        .click()
    )
    await expect(board_page.locator("#status-verzoek")).to_have_text(
        "Status: Opgelost door levering"
    )
    await expect(
        board_page.get_by_role("link", name="Bekijk de levering die het verzoek oploste")
    ).to_have_attribute("href", delivery_path)
    await check(board_page, stack, "correctieverzoek-opgelost")
    # The rejected request is untouched: its disputed end date was delivered unchanged.
    await teacher_sees(hers, stack, says, "Afgewezen")

    # One mail each: the resolution after the answer mails nobody again.
    await asyncio.sleep(QUIET_SECONDS)
    assert len(answer_mails(stack, address)) == 1
    assert len(answer_mails(stack, second_address)) == 1

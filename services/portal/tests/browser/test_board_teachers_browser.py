"""The board's teachers in a real browser, on the browser tests' fleet (conftest.py): a board
signs in (development sign-in), delivers its teachers through the portal, sees them on "Mijn
leraren" once the registry has them (every teacher the registry lists for the board, page by
page), filters by state, downloads the CSV, and checks a file with one of its own numbers,
another board's teacher's number and a line that is no number: found, not found, invalid.
Every page is checked with axe-core (WCAG 2.1 A and AA): 0 violations. The deliveries are of
this module's own seeds, to boards the other modules do not sign in as."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Page, expect

from lr_intake.devdata.deliveries import GeneratedRow, generate_rows
from lr_intake.devdata.files import render_delivery
from lr_tools.testing import eventually

from .conftest import PortalStack, assert_accessible, shoot

pytestmark = pytest.mark.e2e

SEED_A, SEED_B = 7301, 7302
ROWS = 14
STATE_LABEL = {"pending_confirmation": "Wacht op bevestiging", "registered": "geregistreerd"}


def unmandated_board(stack: PortalStack) -> str:
    """A board with schools that the payroll bureau does not deliver for (the board modules
    sign in as the bureau's boards)."""
    mandated = {b for _, b in stack.reference.mandates}
    with_schools = sorted({s.bevoegd_gezag for s in stack.reference.schools})
    return next(b for b in with_schools if b not in mandated)


def other_board(stack: PortalStack, board: str) -> str:
    return sorted({s.bevoegd_gezag for s in stack.reference.schools} - {board})[-1]


def rows_of(stack: PortalStack, board: str, seed: int) -> list[GeneratedRow]:
    return generate_rows(
        stack.reference, rows=ROWS, seed=seed, error_share=0, boards=[board], today=date.today()
    )


def name(values: dict[str, Any]) -> str:
    parts = (values["voorletters"], values["tussenvoegsel"], values["achternaam"])
    return " ".join(p for p in parts if p)


def active_teachers(rows: list[GeneratedRow]) -> Counter[str]:
    """The names of the teachers with an appointment active today (the registry's rule)."""
    today = date.today().isoformat()
    seen: dict[str, str] = {}
    for row in rows:
        end = row.values["benoeming_einddatum"]
        if not end or end >= today:
            seen[row.values["bsn"]] = name(row.values)
    return Counter(seen.values())


async def registry_list(stack: PortalStack, board: str, **params: str) -> list[dict[str, Any]]:
    """Every teacher the registry lists for the board, asked with the board's own token."""
    token = stack.endpoints.token("board", board)
    async with httpx.AsyncClient(base_url=stack.fleet.url("registry")) as registry:
        response = await registry.get(
            f"/v1/boards/{board}/registrations",
            params={"page_size": 1000, **params},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def item_name(item: dict[str, Any]) -> str:
    parts = (item["voorletters"], item["tussenvoegsel"], item["achternaam"])
    return " ".join(p for p in parts if p)


async def registered(
    stack: PortalStack, board: str, expected: Counter[str]
) -> list[dict[str, Any]]:
    """The registry's list for the board, once it holds every expected teacher."""
    latest: list[dict[str, Any]] = []

    async def complete() -> bool:
        nonlocal latest
        latest = await registry_list(stack, board)
        return not expected - Counter(item_name(i) for i in latest)

    assert await eventually(complete, timeout=120, interval=0.5)
    return latest


async def deliver_at_intake(stack: PortalStack, board: str, rows: list[GeneratedRow]) -> None:
    token = stack.endpoints.token("board", board)
    async with httpx.AsyncClient(base_url=stack.fleet.url("intake"), timeout=60) as intake:
        response = await intake.post(
            "/v1/deliveries",
            content=render_delivery([r.values for r in rows]),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "text/csv",
                "Idempotency-Key": f"teachers-browser-{board}-{SEED_B}",
            },
        )
    assert response.status_code == 202, response.text


async def intake_deliveries(stack: PortalStack, board: str) -> int:
    token = stack.endpoints.token("board", board)
    async with httpx.AsyncClient(base_url=stack.fleet.url("intake")) as intake:
        response = await intake.get(
            f"/v1/boards/{board}/deliveries",
            params={"page_size": 1000},
            headers={"Authorization": f"Bearer {token}"},
        )
    return len(response.json()["deliveries"])


async def check(page: Page, stack: PortalStack, name: str | None = None) -> None:
    if name:
        await shoot(page, stack, name)
    await assert_accessible(page)


async def table(page: Page) -> list[list[str]]:
    found = []
    for row in await page.locator("main table tbody tr").all():
        found.append([c.strip() for c in await row.locator("th, td").all_inner_texts()])
    return found


async def every_page(page: Page) -> list[list[str]]:
    """The table's rows on this page and every following one."""
    found: list[list[str]] = []
    while True:
        found += await table(page)
        following = page.get_by_role("link", name="Volgende pagina")
        if not await following.count():
            return found
        await following.click()
        await assert_accessible(page)


@pytest_asyncio.fixture
async def context(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(locale="nl-NL", accept_downloads=True)
    try:
        yield context
    finally:
        await context.close()


async def test_a_board_sees_its_teachers_filters_downloads_and_checks_numbers(
    portal_stack: PortalStack, context: BrowserContext, tmp_path: Path
) -> None:
    stack = portal_stack
    board, other = unmandated_board(stack), ""
    other = other_board(stack, board)
    rows = rows_of(stack, board, SEED_A)
    expected = active_teachers(rows)
    assert len(expected) >= 4
    other_rows = rows_of(stack, other, SEED_B)
    await deliver_at_intake(stack, other, other_rows)

    # Sign in and deliver the teachers through the portal.
    page = await context.new_page()
    await page.goto(f"{stack.portal}/aanleveren/leraren")
    await page.get_by_role("link", name="Inloggen voor ontwikkeling (geen eHerkenning)").click()
    await page.get_by_label("Schoolbestuur (bevoegd gezag)").check()
    await page.get_by_label("Nummer", exact=True).fill(board)
    await page.get_by_role("button", name="Inloggen").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Mijn leraren")
    await check(page, stack)
    # First checked without delivering: the outcome, and nothing delivered.
    delivered = await intake_deliveries(stack, board)
    file = {"name": "leraren.csv", "mimeType": "text/csv",
            "buffer": render_delivery([r.values for r in rows], delimiter=";")}  # fmt: skip
    await page.get_by_role("link", name="Bestand aanleveren").first.click()
    await page.get_by_role("link", name="Controleren zonder aanleveren").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Controleren zonder aanleveren")
    await page.get_by_label("Bestand").set_input_files(files=[file])
    await page.get_by_role("button", name="Controleren", exact=True).click()
    warned = sum(1 for r in rows if r.expected_warnings)
    warnings = sum(len(r.expected_warnings) for r in rows)
    await expect(page.get_by_role("status")).to_have_text(
        f"Er is niets aangeleverd. Bij aanleveren zouden {len(rows)} van {len(rows)} rijen "
        f"worden geaccepteerd, 0 afgewezen, {warned} met een waarschuwing."
    )
    if warnings:
        await expect(page.locator("main table caption")).to_have_text(
            f"De eerste {min(8, warnings)} van {warnings} meldingen"
        )
        codes = {r[2] for r in await table(page)}
        assert codes
        assert codes <= {code for r in rows for code in r.expected_warnings}
    else:
        await expect(page.get_by_text("Geen meldingen: elke rij is in orde.")).to_be_visible()
    await check(page, stack, "controleren-zonder-aanleveren")
    assert await intake_deliveries(stack, board) == delivered  # nothing delivered

    # Then delivered through the portal; its page says what it changed.
    await page.get_by_role("link", name="Nu aanleveren").click()
    await page.get_by_label("Bestand").set_input_files(files=[file])
    await page.get_by_role("button", name="Aanleveren").click()
    await expect(page.locator("#status-bericht")).to_contain_text(
        f"De levering is verwerkt: {len(rows)} van {len(rows)} rijen geaccepteerd", timeout=60_000
    )
    await expect(page.get_by_role("heading", name="Wat is er veranderd")).to_be_visible()
    await check(page, stack, "levering-wat-is-veranderd")

    # "Mijn leraren": every teacher the registry lists for the board, ours among them.
    listed = await registered(stack, board, expected)
    await registered(stack, other, active_teachers(other_rows))
    await page.get_by_role("link", name="Mijn leraren").click()
    await expect(page.get_by_role("link", name="Mijn leraren")).to_have_attribute(
        "aria-current", "page"
    )
    caption = page.locator("main table caption")
    await expect(caption).to_contain_text(f"van {len(listed)}")
    await check(page, stack, "mijn-leraren")
    shown = await every_page(page)
    assert [r[0] for r in shown] == [i["registration_number"] for i in listed]
    assert not expected - Counter(r[1] for r in shown)
    by_number = {i["registration_number"]: i for i in listed}
    for number, teacher_name, schools, state, _end, norm in shown:
        item = by_number[number]
        assert teacher_name == item_name(item)
        for school in item["schools"]:
            assert school["brin"] + school["brin_volgnummer"] in schools
        assert state == (item["public_label"] or STATE_LABEL[item["state"]])
        assert norm in ("ja", "nee", "-")

    # Filtered by state: only the registry's teachers in that state.
    state = listed[0]["state"]
    in_state = [i["registration_number"] for i in listed if i["state"] == state]
    await page.goto(f"{stack.portal}/aanleveren/leraren")
    await page.get_by_label("Status").select_option(state)
    await page.get_by_role("button", name="Toon", exact=True).click()
    await expect(page).to_have_url(f"{stack.portal}/aanleveren/leraren?school=&status={state}")
    await check(page, stack, "mijn-leraren-gefilterd")
    filtered = await every_page(page)
    assert [r[0] for r in filtered] == in_state
    assert {r[3] for r in filtered} == {listed[0]["public_label"] or STATE_LABEL[state]}

    # The CSV download, through the portal, with the filter applied.
    await page.goto(f"{stack.portal}/aanleveren/leraren?status={state}")
    async with page.expect_download() as info:
        await page.get_by_role("link", name="Download alle leraren (CSV)").click()
    download = await info.value
    saved = tmp_path / "leraren.csv"
    await download.save_as(saved)
    assert download.suggested_filename == f"{board}-leraren.csv"
    records = list(csv.DictReader(io.StringIO(saved.read_text("utf-8-sig")), delimiter=";"))
    assert [r["registratienummer"] for r in records] == in_state

    # The bulk check: one of ours, another board's teacher, a line that is no number.
    own = listed[0]["registration_number"]
    theirs = next(
        i["registration_number"] for i in await registry_list(stack, other)
        if i["registration_number"] not in by_number
    )  # fmt: skip
    await page.get_by_role("link", name="Nummers controleren").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Registratienummers controleren"
    )
    await check(page, stack, "nummers-controleren")
    await page.get_by_role("button", name="Controleren", exact=True).click()
    await expect(page.locator("#fout-bestand")).to_contain_text("Kies een bestand")
    await check(page, stack)
    body = f"registratienummer\r\n{own}\r\n{theirs}\r\n12345678\r\n".encode()
    await page.get_by_label("Bestand met registratienummers").set_input_files(
        files=[{"name": "nummers.csv", "mimeType": "text/csv", "buffer": body}]
    )
    await page.get_by_role("button", name="Controleren", exact=True).click()
    await expect(page.get_by_role("status")).to_have_text(
        "3 regels gecontroleerd: 1 gevonden bij dit bevoegd gezag, 1 niet gevonden, "
        "1 geen geldig registratienummer."
    )
    mine = by_number[own]
    assert await table(page) == [
        ["2", own, "gevonden", item_name(mine), mine["public_label"] or STATE_LABEL[mine["state"]]],
        ["3", theirs, "niet gevonden bij dit bevoegd gezag", "-", "-"],
        ["4", "-", "geen geldig registratienummer", "-", "-"],
    ]
    await check(page, stack, "nummers-gecontroleerd")

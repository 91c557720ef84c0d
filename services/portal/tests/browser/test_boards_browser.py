"""The board's pages ("Aanleveren") in a real browser (Debian's Chromium through Playwright), on
the browser tests' fleet of the five services as processes (conftest.py), whose portal knows
intake's address and the fleet's reference files (the development board sign-in's picker).

A board signs in (development sign-in), delivers a file with bad rows built with
lr_intake.devdata (each row knows the code intake must give it), sees exactly those codes per
row, filters them, downloads the CSV, and delivers the corrected file, without JavaScript, to
see it completed with its counts. A payroll bureau chooses a board and sees that board's
deliveries only; board A opening board B's delivery gets the 404 page. Every page is checked with
axe-core (WCAG 2.1 A and AA): 0 violations. Each delivery here is of this module's own seeds.
"""

from __future__ import annotations

import csv
import io
import re
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

ROWS = 40
BAD_SHARE = 0.3
SEED_A, SEED_B = 5101, 5102


@pytest.fixture(scope="module")
def boards(portal_stack: PortalStack) -> PortalStack:
    """The fleet's portal has the board pages on: the fleet gives it intake's address and the
    conftest the reference files for the development sign-in's picker."""
    return portal_stack


def mandated(stack: PortalStack) -> tuple[str, list[str]]:
    bureau = stack.reference.bureaus[0].nummer
    return bureau, sorted(b for k, b in stack.reference.mandates if k == bureau)


def rows_of(stack: PortalStack, board: str, seed: int, share: float) -> list[GeneratedRow]:
    """The same seed with share 0 gives the same rows unspoiled: the corrected file."""
    return generate_rows(
        stack.reference, rows=ROWS, seed=seed, error_share=share, boards=[board],
        today=date.today(),
    )  # fmt: skip


def expected_codes(rows: list[GeneratedRow]) -> dict[int, set[str]]:
    """Per CSV row number (the header is row 1): the codes intake must report."""
    found: dict[int, set[str]] = {}
    for number, row in enumerate(rows, start=2):
        codes = {row.expected_error} if row.expected_error else set(row.expected_warnings)
        if codes:
            found[number] = codes
    return found


async def intake_deliveries(stack: PortalStack, board: str) -> set[str]:
    """The ids of the board's deliveries, as intake lists them to the board itself."""
    token = stack.endpoints.token("board", board)
    async with httpx.AsyncClient(base_url=stack.fleet.url("intake")) as intake:
        response = await intake.get(
            f"/v1/boards/{board}/deliveries",
            params={"page_size": 1000},
            headers={"Authorization": f"Bearer {token}"},
        )
    return {str(d["id"]) for d in response.json()["deliveries"]}


async def check(page: Page, stack: PortalStack, name: str | None = None) -> None:
    """0 axe violations (and a screenshot for the docs)."""
    if name:
        await shoot(page, stack, name)
    await assert_accessible(page)


async def sign_in_dev(
    page: Page, stack: PortalStack, *, number: str = "", pick: str = "", shot: str | None = None
) -> None:
    """The development board sign-in from the board sign-in page."""
    await page.get_by_role("link", name="Inloggen voor ontwikkeling (geen eHerkenning)").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inloggen voor ontwikkeling: schoolbestuur"
    )
    await check(page, stack, shot)
    if pick:
        await page.get_by_label("Kies uit de referentiegegevens").select_option(pick)
    else:
        await page.get_by_label("Schoolbestuur (bevoegd gezag)").check()
        await page.get_by_label("Nummer", exact=True).fill(number)
    await page.get_by_role("button", name="Inloggen").click()


async def feedback_rows(page: Page) -> list[list[str]]:
    """The body cells of the feedback table on every page, following "Volgende pagina"."""
    found: list[list[str]] = []
    while True:
        for row in await page.locator("main table tbody tr").all():
            found.append([c.strip() for c in await row.locator("td").all_inner_texts()])
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


async def test_a_board_delivers_reads_its_row_feedback_and_delivers_the_corrected_file(
    boards: PortalStack, browser: Browser, context: BrowserContext, tmp_path: Path
) -> None:
    _, (board, *_) = mandated(boards)
    rows = rows_of(boards, board, SEED_A, BAD_SHARE)
    expected = expected_codes(rows)
    bad = [r for r in rows if r.expected_error]
    assert len(bad) >= 8
    page = await context.new_page()

    await page.goto(f"{boards.portal}/aanleveren")
    assert page.url.endswith("/aanleveren/inloggen?terug=%2Faanleveren")
    await check(page, boards, "inloggen-bestuur")
    await sign_in_dev(page, boards, number=board, shot="inloggen-ontwikkeling-bestuur")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Leveringen")
    await expect(page.get_by_text(f"U levert aan voor bevoegd gezag {board}")).to_be_visible()
    await check(page, boards)

    # The form sent without a file: the error summary at the top, the error beside the field.
    await page.get_by_role("link", name="Bestand aanleveren").first.click()
    await check(page, boards, "aanleveren")
    await page.get_by_role("button", name="Aanleveren").click()
    summary = page.get_by_role("alert")
    await expect(summary).to_contain_text("Kies een bestand om aan te leveren.")
    await expect(page.locator("#fout-bestand")).to_contain_text("Kies een bestand")
    await check(page, boards, "aanleveren-fout")

    # With JavaScript: the upload shows its progress, the page follows the delivery.
    body = render_delivery([r.values for r in rows], delimiter=";")
    await page.get_by_label("Bestand").set_input_files(
        files=[{"name": "leraren.csv", "mimeType": "text/csv", "buffer": body}]
    )
    await page.get_by_role("button", name="Aanleveren").click()
    await page.wait_for_url(re.compile(r"/aanleveren/leveringen/[0-9a-f-]{36}\?melding=ontvangen"))
    delivery_url = page.url.split("?")[0]
    status = page.locator("#status-bericht")
    await expect(status).to_have_attribute("role", "status")
    await expect(status).to_contain_text(
        f"De levering is verwerkt: {len(rows) - len(bad)} van {len(rows)} rijen geaccepteerd, "
        f"{len(bad)} afgewezen",
        timeout=60_000,
    )
    await check(page, boards, "levering")

    # Each row's codes, exactly as devdata says intake must give them.
    await page.get_by_role("link", name=re.compile(r"^Bekijk de meldingen bij \d+ rijen$")).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen per rij")
    await check(page, boards, "meldingen")
    rejected_rows = {n for n, r in enumerate(rows, start=2) if r.expected_error}
    seen: dict[int, set[str]] = {}
    for number, _column, code, message, severity in await feedback_rows(page):
        seen.setdefault(int(number), set()).add(code)
        assert message
        assert severity == ("Fout" if int(number) in rejected_rows else "Waarschuwing")
    assert seen == expected

    # Filtered by one code: only its rows.
    code = str(bad[0].expected_error)
    await page.get_by_label("Code").select_option(code)
    await page.get_by_role("button", name="Toon", exact=True).click()
    await expect(page).to_have_url(re.compile(rf"code={code}"))
    shown = await feedback_rows(page)
    assert {cells[2] for cells in shown} == {code}
    assert {int(cells[0]) for cells in shown} == {n for n, c in expected.items() if code in c}
    await check(page, boards, "meldingen-gefilterd")

    # The CSV download (through the portal: the browser never holds the board token).
    async with page.expect_download() as info:
        await page.get_by_role("link", name="Download alle meldingen (CSV)").click()
    download = await info.value
    saved = tmp_path / "meldingen.csv"
    await download.save_as(saved)
    lines = list(csv.reader(io.StringIO(saved.read_text("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["row_number", "column", "code", "severity", "message"]
    from_csv: dict[int, set[str]] = {}
    for line in lines[1:]:
        from_csv.setdefault(int(line[0]), set()).add(line[2])
    assert from_csv == expected
    cookies = await context.cookies(boards.portal)
    assert [c["name"] for c in cookies if c["name"] == "lr_sessie"]
    assert all("eyJ" not in str(c["value"]) for c in cookies)  # no token in a cookie

    # The corrected file, in a browser without JavaScript: the plain form, the refresh link.
    quiet = await browser.new_context(locale="nl-NL", java_script_enabled=False)
    try:
        await quiet.add_cookies([c for c in cookies if c["name"] == "lr_sessie"])  # type: ignore[misc]
        plain = await quiet.new_page()
        await plain.goto(f"{boards.portal}/aanleveren/nieuw")
        corrected = rows_of(boards, board, SEED_A, 0.0)
        accepted_before = len(rows) - len(bad)
        await plain.get_by_label("Bestand").set_input_files(
            files=[{
                "name": "leraren-gecorrigeerd.ndjson",
                "mimeType": "application/x-ndjson",
                "buffer": render_delivery([r.values for r in corrected], fmt="ndjson"),
            }]
        )  # fmt: skip
        await plain.get_by_role("button", name="Aanleveren").click()
        await plain.wait_for_url(re.compile(r"/aanleveren/leveringen/[0-9a-f-]{36}"))
        assert plain.url.split("?")[0] != delivery_url

        async def completed() -> bool:
            if await plain.locator('[data-status="completed"]').count():
                return True
            await plain.get_by_role("link", name="Bekijk de stand van nu").click()
            return False

        assert await eventually(completed, timeout=60, interval=0.5)
        await expect(plain.locator("#status-bericht")).to_contain_text(
            f"De levering is verwerkt: {len(corrected)} van {len(corrected)} rijen "
            "geaccepteerd, 0 afgewezen"
        )
        values = dict(
            zip(
                await plain.locator("dl dt").all_inner_texts(),
                await plain.locator("dl dd").all_inner_texts(),
                strict=True,
            )
        )
        assert values["Soort bestand"] == "NDJSON"
        assert values["Rijen"] == str(len(corrected))
        assert values["Geaccepteerd"] == str(len(corrected))
        assert values["Waarvan ongewijzigd"] == str(accepted_before)  # delivered before
        assert values["Afgewezen"] == "0"
        await shoot(plain, boards, "levering-verwerkt")
        corrected_url = plain.url
        await plain.get_by_role("link", name="Alle leveringen").click()
        await expect(plain.locator("main table tbody tr").first).to_contain_text("Verwerkt")
        assert await plain.locator("script").count() == 0  # nothing the page needs
        # axe-core runs as a script: the same pages in the browser with JavaScript.
        visits = ((corrected_url, None), (plain.url, "leveringen"), (f"{plain.url}?lang=en", None))
        for url, name in visits:
            await page.goto(url)
            await check(page, boards, name)
        await expect(page.get_by_role("heading", level=1)).to_have_text("Deliveries")
        await expect(page.locator("html")).to_have_attribute("lang", "en")
    finally:
        await quiet.close()


async def test_a_payroll_bureau_chooses_a_board_and_sees_only_that_boards_deliveries(
    boards: PortalStack, context: BrowserContext
) -> None:
    bureau, (board_a, board_b, *_) = mandated(boards)
    await deliver_directly(boards, board_b, SEED_B)
    page = await context.new_page()
    await page.goto(f"{boards.portal}/aanleveren/inloggen")
    await sign_in_dev(page, boards, pick=f"payroll_bureau:{bureau}")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Voor welk bestuur levert u aan?"
    )
    await check(page, boards, "bestuur-kiezen")
    await page.get_by_role("button", name="Verder").click()
    await expect(page.locator("#fout-bestuur")).to_contain_text("Kies een bestuur.")
    await check(page, boards)
    await page.get_by_label(re.compile(rf"^Bevoegd gezag {board_b}")).check()
    await page.get_by_role("button", name="Verder").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Leveringen")
    await expect(page.get_by_text(f"U levert aan voor bevoegd gezag {board_b}")).to_be_visible()
    await check(page, boards)
    assert await listed_ids(page) == await intake_deliveries(boards, board_b)

    await page.get_by_role("link", name="Ander bestuur kiezen").click()
    await page.get_by_label("Of typ het nummer van het bestuur").fill(board_a)
    await page.get_by_role("button", name="Verder").click()
    await expect(page.get_by_text(f"U levert aan voor bevoegd gezag {board_a}")).to_be_visible()
    shown_a = await listed_ids(page)
    assert shown_a == await intake_deliveries(boards, board_a)
    assert not shown_a & await intake_deliveries(boards, board_b)


async def test_board_a_cannot_open_board_bs_delivery_and_reads_its_correction_requests(
    boards: PortalStack, context: BrowserContext
) -> None:
    _, (board_a, board_b, *_) = mandated(boards)
    theirs = await deliver_directly(boards, board_b, SEED_B + 1)
    ours = rows_of(boards, board_a, SEED_A + 2, 0.0)[:5]
    await deliver_directly(boards, board_a, SEED_A + 2)
    number = await file_correction(boards, ours[0])
    page = await context.new_page()
    await page.goto(f"{boards.portal}/aanleveren/inloggen")
    await sign_in_dev(page, boards, number=board_a)
    for path in ("", "/meldingen"):
        response = await page.goto(f"{boards.portal}/aanleveren/leveringen/{theirs}{path}")
        assert response is not None
        assert response.status == 404
        await expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    await check(page, boards, "levering-niet-gevonden")
    await page.goto(f"{boards.portal}/mijn-registratie")
    assert "/inloggen?terug=%2Fmijn-registratie" in page.url  # a board is no teacher

    # What the teacher disputes reaches the board (registry -> Kafka -> intake).
    async def listed() -> bool:
        await page.goto(f"{boards.portal}/aanleveren/correctieverzoeken")
        return await page.get_by_text(number).count() > 0

    assert await eventually(listed, timeout=120, interval=1.0)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Correctieverzoeken")
    row = page.locator("main table tbody tr").filter(has_text=number)
    await expect(row).to_contain_text(ours[0].values["achternaam"])
    await expect(row).to_contain_text("Einddatum benoeming")
    await expect(row).to_contain_text("Mijn benoeming loopt tot 31 juli.")
    await check(page, boards, "correctieverzoeken")


async def file_correction(stack: PortalStack, row: GeneratedRow) -> str:
    """The delivered teacher disputes the end date of an appointment, through the registry's
    API with their own register token, as the teacher's pages would; their registration
    number."""
    identity = {"Authorization": f"Bearer {stack.endpoints.token('identity', row.values['bsn'])}"}
    async with httpx.AsyncClient(base_url=stack.fleet.url("registry"), timeout=30) as registry:
        exchanged: dict[str, Any] = {}

        async def registered() -> bool:
            response = await registry.post("/v1/me/token", headers=identity)
            exchanged.update(response.json() if response.status_code == 200 else {})
            return bool(exchanged)

        assert await eventually(registered, timeout=120, interval=0.5)
        mine = {"Authorization": f"Bearer {exchanged['access_token']}"}
        # The appointment this row delivered. The teacher may also work at another board (the
        # generator makes such teachers), registered first from that board's delivery, so wait
        # until the registry holds this board's appointment, and pick it by board and school.
        found: list[int] = []

        async def holds_it() -> bool:
            registration = (await registry.get("/v1/me/registration", headers=mine)).json()
            found[:] = [
                a["id"]
                for school in registration["schools"]
                if school["bevoegd_gezag"] == row.values["bevoegd_gezag"]
                and school["brin"] == row.values["brin"]
                for a in school["appointments"]
            ]
            return bool(found)

        assert await eventually(holds_it, timeout=120, interval=0.5)
        appointment = found[0]
        filed = await registry.post(
            "/v1/me/correction-requests",
            headers=mine,
            json={
                "appointment_id": appointment,
                "fields": ["benoeming_einddatum"],
                "explanation": "Mijn benoeming loopt tot 31 juli.",
            },
        )
        assert filed.status_code == 202, filed.text
    return str(exchanged["registration_number"])


async def deliver_directly(stack: PortalStack, board: str, seed: int) -> str:
    """A delivery straight at intake, as the board's own system would make it; its id."""
    rows = rows_of(stack, board, seed, 0.0)[:5]
    token = stack.endpoints.token("board", board)
    async with httpx.AsyncClient(base_url=stack.fleet.url("intake"), timeout=60) as intake:
        response = await intake.post(
            "/v1/deliveries",
            content=render_delivery([r.values for r in rows]),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "text/csv",
                "Idempotency-Key": f"boards-browser-{board}-{seed}",
            },
        )
    assert response.status_code == 202, response.text
    body: dict[str, Any] = response.json()
    return str(body["id"])


async def listed_ids(page: Page) -> set[str]:
    """The delivery ids the list shows, over every page."""
    found: set[str] = set()
    while True:
        for href in await page.locator("main table tbody a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        ):
            found.add(href.rsplit("/", 1)[1])
        following = page.get_by_role("link", name="Volgende pagina")
        if not await following.count():
            return found
        await following.click()

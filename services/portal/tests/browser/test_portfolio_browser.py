"""The portfolio pages in a real browser (Debian's Chromium through Playwright), on the browser
tests' fleet of the five services as processes (conftest.py). Each test's teacher was delivered
by a board, signs in through the development sign-in and confirms, so the portfolio knows their
period.

Every page is checked with axe-core (WCAG 2.1 A and AA): 0 violations. The pages carry no
script, so what is clicked here works without JavaScript. What the pages show is asserted, and
what the portfolio stored, asked of the portfolio with the teacher's own register token."""

from __future__ import annotations

import asyncio
import csv
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from playwright.async_api import Browser, expect

from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.contracts.portfolio import AttendanceV1
from lr_shared.contracts.topics import PORTFOLIO_ATTENDANCE
from lr_shared.kafka import client_options
from lr_shared.signed import sender_header
from lr_tools.testing import eventually

from .conftest import PortalStack, Teachers, check

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[4]
CATALOGUE = ROOT / "services" / "portfolio" / "data" / "catalogue.csv"
PDF = b"%PDF-1.4\n" + b"certificaat " * 400 + b"\n%%EOF\n"


@pytest_asyncio.fixture(scope="module")
async def teachers(portal_stack: PortalStack) -> AsyncIterator[Teachers]:
    deliveries = await portal_stack.deliver(teachers=16, seed=2617)
    rows = list(
        {
            r.values["bsn"]: r for d in deliveries for r in d.rows if r.expected_error is None
        }.values()
    )
    assert len(rows) >= 8
    await asyncio.to_thread(
        portal_stack.fleet.run_cli, "portfolio", "catalogue", "load", str(CATALOGUE)
    )
    yield Teachers(portal_stack, rows)


async def _read(path: Path) -> bytes:
    return await asyncio.to_thread(path.read_bytes)


async def test_a_teacher_adds_an_activity_with_evidence_changes_and_deletes_it(
    portal_stack: PortalStack, teachers: Teachers, browser: Browser
) -> None:
    context, page, number = await teachers.signed_in(browser)
    await page.goto(f"{portal_stack.portal}/mijn-registratie/portfolio")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Mijn portfolio")
    await expect(page.get_by_text("U heeft nog geen activiteiten.")).to_be_visible()
    await check(page, portal_stack, "portfolio-empty")

    await page.get_by_role("link", name="Activiteit toevoegen").click()
    await check(page, portal_stack, "portfolio-activity-new")
    await page.get_by_role("button", name="Activiteit opslaan").click()
    summary = page.locator("#foutoverzicht")
    await expect(summary).to_contain_text("Kies de soort activiteit.")
    await expect(summary).to_contain_text("Vul een titel in.")
    await expect(page.locator("#fout-hours")).to_have_text("Fout: Vul het aantal uren in.")
    await check(page, portal_stack, "portfolio-activity-new-errors")

    group = page.get_by_role("group", name="Binnen de school")
    await group.get_by_label("Intervisie").check()
    await page.get_by_label("Titel").fill("Intervisie bovenbouw")
    # In the period that began when the teacher confirmed: today.
    first, last = datetime.now(UTC).date(), datetime.now(UTC).date() + timedelta(days=7)
    await page.get_by_label("Datum of eerste dag").fill(first.isoformat())
    await page.get_by_label("Laatste dag").fill(last.isoformat())
    await page.get_by_label("Aantal uren").fill("80")
    await page.get_by_label("Deze activiteit gaat over het primaire proces").check()
    await page.get_by_label("Bewijsstuk").set_input_files(
        {"name": "certificaat.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    await page.get_by_role("button", name="Activiteit opslaan").click()
    await expect(page.get_by_role("status")).to_contain_text("De activiteit is toegevoegd.")
    await check(page, portal_stack, "portfolio-activity")
    [stored] = await teachers.stored(number)
    assert (stored["type"], stored["subtype"], stored["hours"], stored["core"]) == (
        "inside_school",
        "intervision",
        "80.00",
        True,
    )
    assert stored["evidence"]["size"] == len(PDF)

    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Download certificaat.pdf").click()
    download = await download_info.value
    assert await _read(await download.path()) == PDF

    await page.get_by_role("link", name="Terug naar mijn portfolio").click()
    row = page.get_by_role("row", name="Intervisie bovenbouw")
    await expect(row).to_contain_text(f"{first:%d-%m-%Y} t/m {last:%d-%m-%Y}")
    await expect(row).to_contain_text("Eigen invoer")
    assert await page.locator("#voortgang-totaal").get_attribute("value") == "50"
    await expect(page.locator("#voortgang-nog")).to_contain_text("Nog nodig: 80 uur")
    await check(page, portal_stack, "portfolio")

    await row.get_by_role("link", name="Intervisie bovenbouw").click()
    await page.get_by_role("link", name="Wijzigen").click()
    await expect(page.get_by_label("Titel")).to_have_value("Intervisie bovenbouw")
    await page.get_by_label("Aantal uren").fill("1000,5")
    await page.get_by_role("button", name="Wijzigingen opslaan").click()
    await expect(page.locator("#fout-hours")).to_contain_text("Hoogstens 1000 uur")
    await expect(page.get_by_label("Aantal uren")).to_have_value("1000,5")
    await check(page, portal_stack, "portfolio-activity-edit-errors")
    await page.get_by_label("Aantal uren").fill("6,5")
    await page.get_by_role("button", name="Wijzigingen opslaan").click()
    await expect(page.get_by_role("status")).to_contain_text("De wijzigingen zijn opgeslagen.")
    assert (await teachers.stored(number))[0]["hours"] == "6.50"

    await page.get_by_role("link", name="Verwijderen").click()
    await expect(page.get_by_text("Weet u zeker")).to_be_visible()
    await check(page, portal_stack, "portfolio-activity-delete")
    assert len(await teachers.stored(number)) == 1
    await page.get_by_role("button", name="Ja, verwijder de activiteit").click()
    await expect(page.get_by_role("status")).to_contain_text("De activiteit is verwijderd.")
    assert await teachers.stored(number) == []
    await context.close()


async def test_an_activity_the_provider_reported_is_marked_and_cannot_be_changed(
    portal_stack: PortalStack, teachers: Teachers, browser: Browser
) -> None:
    with CATALOGUE.open() as handle:
        entry = next(csv.DictReader(handle))
    context, page, number = await teachers.signed_in(browser)
    report = AttendanceV1(
        attendance_id=f"A-{uuid.uuid4().hex[:8]}",
        provider_id=entry["provider_id"],
        activity_code=entry["activity_code"],
        registration_number=number,
        attended_on=datetime.now(UTC).date(),
    )
    event: CloudEvent[AttendanceV1] = CloudEvent(
        type="nl.lerarenregister.test.attendance", source="urn:test", data=report
    )
    value, headers = encode(event)
    headers.append(sender_header(portal_stack.endpoints.token("provider", report.provider_id)))
    producer = AIOKafkaProducer(
        bootstrap_servers=portal_stack.fleet.kafka_bootstrap, **client_options()
    )
    await producer.start()
    try:
        topic = f"{PORTFOLIO_ATTENDANCE.name}{portal_stack.fleet.topic_suffix}"
        await producer.send_and_wait(topic, value, key=number.encode(), headers=headers)
    finally:
        await producer.stop()

    async def arrived() -> bool:
        return len(await teachers.stored(number)) == 1

    assert await eventually(arrived, timeout=60)
    await page.goto(f"{portal_stack.portal}/mijn-registratie/portfolio")
    row = page.get_by_role("row", name=entry["title"])
    await expect(row).to_contain_text("Gemeld door aanbieder")
    await row.get_by_role("link", name=entry["title"]).click()
    await expect(page.get_by_text("gevalideerd door de opleider")).to_be_visible()
    assert await page.get_by_role("link", name="Wijzigen").count() == 0
    assert await page.get_by_role("link", name="Verwijderen").count() == 0
    assert await page.locator("input[type=file]").count() == 0
    await check(page, portal_stack, "portfolio-activity-provider")
    answer = await page.goto(f"{page.url}/wijzigen")
    assert answer is not None
    assert answer.status == 409
    assert [a["source"] for a in await teachers.stored(number)] == ["provider"]
    await context.close()


async def test_a_share_link_opens_for_anyone_until_it_is_revoked(
    portal_stack: PortalStack, teachers: Teachers, browser: Browser
) -> None:
    context, page, number = await teachers.signed_in(browser)
    await page.goto(f"{portal_stack.portal}/mijn-registratie/portfolio/activiteiten/nieuw")
    await page.get_by_label("Studiedag").check()
    await page.get_by_label("Titel").fill("Studiedag formatief evalueren")
    await page.get_by_label("Datum of eerste dag").fill(datetime.now(UTC).date().isoformat())
    await page.get_by_label("Aantal uren").fill("6")
    await page.get_by_role("button", name="Activiteit opslaan").click()

    await page.goto(f"{portal_stack.portal}/mijn-registratie/delen")
    await expect(page.get_by_text("U heeft geen links die nu werken.")).to_be_visible()
    await check(page, portal_stack, "portfolio-shares")
    await page.get_by_label("Alleen de periode").check()
    await page.get_by_role("button", name="Link maken").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Uw link is gemaakt")
    link = page.get_by_label("Link om te delen")
    assert await link.get_attribute("readonly") is not None
    url = await link.input_value()
    assert url.startswith(f"{portal_stack.portal}/gedeeld/")
    await check(page, portal_stack, "portfolio-share-created")
    [share] = await teachers.stored(number, "/v1/me/shares")
    assert share["view"] == "period"

    stranger = await browser.new_context()  # no session: someone the teacher chose
    shared = await stranger.new_page()
    answer = await shared.goto(url)
    assert answer is not None
    assert answer.headers["referrer-policy"] == "no-referrer"
    await expect(shared.get_by_role("heading", level=1)).to_contain_text("Gedeeld portfolio")
    await expect(shared.get_by_role("row", name="Studiedag formatief evalueren")).to_be_visible()
    await expect(shared.get_by_text(number)).to_be_visible()
    await check(shared, portal_stack, "portfolio-shared")

    await page.goto(f"{portal_stack.portal}/mijn-registratie/delen")
    await page.get_by_role("button", name="Link gemaakt op").click()
    await expect(page.get_by_role("status")).to_contain_text("De link is ingetrokken")
    assert await teachers.stored(number, "/v1/me/shares") == []
    gone = await shared.goto(url)
    assert gone is not None
    assert gone.status == 404
    await expect(shared.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet (meer)")
    await check(shared, portal_stack, "portfolio-shared-gone")
    await stranger.close()
    await context.close()


async def test_the_export_prints_as_a_document_and_downloads_as_json(
    portal_stack: PortalStack, teachers: Teachers, browser: Browser
) -> None:
    context, page, number = await teachers.signed_in(browser)
    await page.goto(f"{portal_stack.portal}/mijn-registratie/portfolio/activiteiten/nieuw")
    await page.get_by_label("Congres of conferentie").check()
    await page.get_by_label("Titel").fill("Onderwijscongres")
    await page.get_by_label("Datum of eerste dag").fill(datetime.now(UTC).date().isoformat())
    await page.get_by_label("Aantal uren").fill("8")
    await page.get_by_role("button", name="Activiteit opslaan").click()

    await page.goto(f"{portal_stack.portal}/mijn-registratie/export")
    await expect(page.get_by_role("row", name="Onderwijscongres")).to_be_visible()
    await check(page, portal_stack, "portfolio-export")
    await page.emulate_media(media="print")
    await expect(page.get_by_role("navigation", name="Mijn registratie")).to_be_hidden()
    await expect(page.get_by_text("Download alles als JSON-bestand")).to_be_hidden()
    await expect(page.get_by_role("row", name="Onderwijscongres")).to_be_visible()
    await page.emulate_media(media="screen")

    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Download alles als JSON-bestand").click()
    download = await download_info.value
    exported = json.loads(await _read(await download.path()))
    assert exported["registration_number"] == number
    assert [a["title"] for a in exported["activities"]] == ["Onderwijscongres"]
    await context.close()


async def test_another_teachers_activity_is_a_not_found_page(
    portal_stack: PortalStack, teachers: Teachers, browser: Browser
) -> None:
    owner, page, number = await teachers.signed_in(browser)
    await page.goto(f"{portal_stack.portal}/mijn-registratie/portfolio/activiteiten/nieuw")
    await page.get_by_role("group", name="Zelfstudie").get_by_label("Vakliteratuur").check()
    await page.get_by_label("Titel").fill("Vakliteratuur lezen")
    await page.get_by_label("Datum of eerste dag").fill("2026-02-01")
    await page.get_by_label("Aantal uren").fill("4")
    await page.get_by_role("button", name="Activiteit opslaan").click()
    mine = page.url.split("?")[0]
    assert "/activiteiten/" in mine

    other, snooper, _ = await teachers.signed_in(browser)
    for path in ("", "/wijzigen", "/verwijderen", "/bewijsstuk"):
        answer = await snooper.goto(mine + path)
        assert answer is not None
        assert answer.status == 404, path
    await expect(snooper.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    await check(snooper, portal_stack, "portfolio-not-found")
    assert [a["title"] for a in await teachers.stored(number)] == ["Vakliteratuur lezen"]
    await other.close()
    await owner.close()

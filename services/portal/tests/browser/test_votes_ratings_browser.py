"""Votes on the criteria and feedback afterwards in a real browser (Debian's Chromium through
Playwright), on the browser tests' fleet (conftest.py, which runs the profession).

A vote is opened with the operators' command (`lr profession vote open`, the fleet's CLI);
three delivered teachers sign in and vote on `/stemmen` (the first sends the empty form first:
the error beside the fieldset; the third has the page open in a second tab and votes there once
more: refused, "U heeft al gestemd"). The vote is closed by the profession's own sweep with a
moment past its closing (as the profession's tests do: the sweep's moment is its argument), and
the public results page, linked from "Criteria en aanbod", shows 2 for, 1 against, turnout 3,
adopted. A teacher who attended an accredited activity (the provider's attendance report on
the topic) rates it on its portfolio page once; the second try (a second tab) is refused.

Every page visited is checked with axe-core (0 violations), carries no script, weighs at most
100 KB with its stylesheets, and is screenshot."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from playwright.async_api import Browser, Page, expect

from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.contracts.portfolio import AttendanceV1
from lr_shared.contracts.topics import PORTFOLIO_ATTENDANCE
from lr_shared.kafka import client_options
from lr_shared.signed import sender_header
from lr_tools.testing import eventually

from .conftest import PortalStack, Teachers
from .test_profession_browser import query, visit

pytestmark = pytest.mark.e2e

CHOICES = ("Voor", "Voor", "Tegen")
CLOSE_VOTES = """
import asyncio, sys
from datetime import datetime
from lr_profession.adapters.unit_of_work import SqlUnitOfWork
from lr_profession.application import votes
from lr_profession.bootstrap import vote_rules_of
from lr_profession.settings import Settings
from lr_shared.db import create_engine, create_sessionmaker

async def main(now):
    settings = Settings()
    engine = create_engine(settings.database_url, pool_size=1)
    sessions = create_sessionmaker(engine)
    try:
        print(await votes.sweep(lambda: SqlUnitOfWork(sessions), vote_rules_of(settings), now))
    finally:
        await engine.dispose()

asyncio.run(main(datetime.fromisoformat(sys.argv[1])))
"""
"""The profession's vote sweep (what `lr profession sweep` runs) at a given moment, against
the fleet's profession database."""


@pytest_asyncio.fixture(scope="module")
async def teachers(portal_stack: PortalStack) -> AsyncIterator[Teachers]:
    """Delivered teachers with a current qualified appointment: confirmed, they are
    `registered` (may vote, have a period); the others would stay pre-registered."""
    deliveries = await portal_stack.deliver(teachers=24, seed=2619)
    qualified = {g.code for g in portal_stack.reference.grondslagen if g.qualified}
    today = datetime.now(UTC).date().isoformat()
    rows = list(
        {
            r.values["bsn"]: r
            for d in deliveries
            for r in d.rows
            if r.expected_error is None
            and r.values["benoemingsgrondslag"] in qualified
            and (r.values.get("benoeming_einddatum") or "9999") >= today
        }.values()
    )
    assert len(rows) >= 5
    yield Teachers(portal_stack, rows)


async def registered(stack: PortalStack, number: str) -> None:
    async def known() -> bool:
        sql = "select state from registrations where registration_number = $1"
        rows = await query(stack, sql, number)
        return bool(rows) and rows[0]["state"] == "registered"

    assert await eventually(known, timeout=60)


def open_vote(stack: PortalStack, workdir: Path, closes_at: datetime) -> tuple[str, int]:
    """The operators' command: the criteria in force with the first description changed."""
    criteria = httpx.get(f"{stack.fleet.url('profession')}/v1/criteria").json()["criteria"]
    proposal = [{k: c[k] for k in ("code", "title", "description")} for c in criteria]
    proposal[0]["description"] = "Het aanbod sluit aan op de praktijk van de leraar (voorstel)."
    path = workdir / "proposal.json"
    path.write_text(json.dumps(proposal), encoding="utf-8")
    # The console script (`lr-profession`, what `lr profession` mounts): Fleet.run_cli's
    # `python -m lr_profession.entrypoints.cli` runs nothing, that module has no __main__ guard.
    command = Path(sys.executable).with_name("lr-profession")
    out = subprocess.run(  # noqa: S603 - our own console script
        [str(command), "vote", "open", str(path), "--closes-at", closes_at.isoformat()],
        cwd=stack.fleet.root,
        env=stack.fleet.environment("profession", "profession-cli"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"vote ([0-9a-f-]{36}) on criteria set version (\d+)", out)
    assert found is not None, out
    return found[1], int(found[2])


def close_votes(stack: PortalStack, now: datetime) -> str:
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", CLOSE_VOTES, now.isoformat()],
        cwd=stack.fleet.root,
        env=stack.fleet.environment("profession", "profession-cli"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout


async def votes_on(page: Page, stack: PortalStack, choice: str, *, shots: bool) -> None:
    await page.get_by_role("link", name="Stemmen", exact=True).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Stemmen over de criteria")
    await expect(page.get_by_text(re.compile("Stemmen kan tot"))).to_be_visible()
    await expect(page.get_by_text(re.compile(r"\(voorstel\)"))).to_be_visible()
    ballot = page.get_by_role("group", name=re.compile("^Uw stem over versie"))
    if shots:
        await visit(page, stack, "votes-ballot")
        await page.get_by_role("button", name="Stem uitbrengen").click()
        await expect(page.locator("#fout-keuze")).to_have_text(
            "Fout: Kies voor, tegen of onthouding."
        )
        summary = page.locator("#foutoverzicht")
        link = summary.get_by_role("link", name="Kies voor, tegen of onthouding.")
        await expect(link).to_have_attribute("href", "#veld-keuze")
        await expect(ballot).to_have_attribute("aria-describedby", "fout-keuze")
        await visit(page, stack, "votes-ballot-error")
    await ballot.get_by_label(choice, exact=True).check()
    await page.get_by_role("button", name="Stem uitbrengen").click()
    await expect(page.get_by_text(re.compile("Uw stem is uitgebracht"))).to_be_visible()
    await expect(page.get_by_text("U heeft gestemd.")).to_be_visible()
    await expect(page.get_by_role("button", name="Stem uitbrengen")).to_have_count(0)
    # Nothing of the choice in the address the browser was sent to.
    assert page.url.endswith("/stemmen?gelukt=gestemd"), page.url
    if shots:
        await visit(page, stack, "votes-voted")


async def test_three_teachers_vote_once_each_and_the_public_sees_the_tally(
    portal_stack: PortalStack,
    teachers: Teachers,
    browser: Browser,
    tmp_path: Path,
) -> None:
    stack = portal_stack
    signed_in = [await teachers.signed_in(browser) for _ in CHOICES]
    for _, _, number in signed_in:
        await registered(stack, number)
    closes_at = datetime.now(UTC) + timedelta(days=7)
    vote_id, version = await asyncio.to_thread(open_vote, stack, tmp_path, closes_at)
    twin = await signed_in[2][0].new_page()
    await twin.goto(f"{stack.portal}/stemmen")
    for n, ((_, page, _), choice) in enumerate(zip(signed_in, CHOICES, strict=True)):
        await votes_on(page, stack, choice, shots=n == 0)
    # The third teacher's second tab still shows the form: a second ballot is refused.
    await twin.get_by_role("group", name=re.compile("^Uw stem")).get_by_label("Voor").check()
    await twin.get_by_role("button", name="Stem uitbrengen").click()
    await expect(
        twin.get_by_text(re.compile("U heeft al gestemd over dit voorstel"))
    ).to_be_visible()
    await expect(twin.get_by_text("U heeft gestemd.")).to_be_visible()
    await visit(twin, stack, "votes-already-voted")
    # The proposal's own page (a long proposal is read there).
    await twin.goto(f"{stack.portal}/stemmen/{vote_id}")
    await expect(twin.get_by_role("heading", level=1)).to_have_text(
        f"Voorstel: criteriaset versie {version}"
    )
    await visit(twin, stack, "votes-proposal")
    # The profession holds three ballots and, on its roll, no registration number.
    [tally] = await query(
        stack,
        "select sum(count) as n from vote_tally where vote_id = $1",
        uuid.UUID(vote_id),
    )
    assert tally["n"] == 3

    # Closing: the profession's sweep at a moment past closes_at.
    print(await asyncio.to_thread(close_votes, stack, closes_at + timedelta(minutes=1)))
    public = await browser.new_context(locale="nl-NL")
    visitor = await public.new_page()
    await visitor.goto(f"{stack.portal}/criteria-en-aanbod")
    await visitor.get_by_role("link", name="Uitslagen van de stemmingen").click()
    await expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Uitslagen van de stemmingen"
    )
    row = visitor.locator("tr", has=visitor.get_by_role("rowheader", name=f"Versie {version}"))
    cells = await row.locator("td").all_inner_texts()
    assert cells[1:] == ["2", "1", "0", "3", "Aangenomen"], cells
    await visit(visitor, stack, "votes-results")
    await visitor.goto(f"{stack.portal}/stemmen/uitslagen?lang=en")
    await expect(visitor.get_by_role("heading", level=1)).to_have_text("Results of the votes")
    await visit(visitor, stack, "votes-results-en")
    async with httpx.AsyncClient(base_url=stack.fleet.url("profession")) as client:
        held = (await client.get(f"/v1/votes/{vote_id}")).json()
    assert held["result"]["turnout"] == 3
    # A teacher's page shows the result too, and no vote open any more.
    page = signed_in[0][1]
    await page.goto(f"{stack.portal}/stemmen")
    await expect(page.get_by_text("Er is nu geen stemming open.")).to_be_visible()
    await visit(page, stack, "votes-closed")
    await public.close()
    for context, _, _ in signed_in:
        await context.close()


async def test_a_teacher_rates_an_accredited_activity_she_attended_once(
    portal_stack: PortalStack, teachers: Teachers, browser: Browser, tmp_path: Path
) -> None:
    stack = portal_stack
    code = f"PV{uuid.uuid4().hex[:6].upper()}-A1"
    provider_id = f"PV{uuid.uuid4().hex[:6]}"
    title = f"Feedback geven in de klas {code}"
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text(
        "activity_code,provider_id,provider_name,title,type,subtype,register_hours,core\n"
        f"{code},{provider_id},Academie Feedback,{title},course,,6,true\n",
        encoding="utf-8",
    )
    await asyncio.to_thread(stack.fleet.run_cli, "portfolio", "catalogue", "load", str(catalogue))
    context, page, number = await teachers.signed_in(browser)
    report = AttendanceV1(
        attendance_id=f"A-{uuid.uuid4().hex[:8]}",
        provider_id=provider_id,
        activity_code=code,
        registration_number=number,
        attended_on=datetime.now(UTC).date(),
    )
    event: CloudEvent[AttendanceV1] = CloudEvent(
        type="nl.lerarenregister.test.attendance", source="urn:test", data=report
    )
    value, headers = encode(event)
    headers.append(sender_header(stack.endpoints.token("provider", report.provider_id)))
    producer = AIOKafkaProducer(bootstrap_servers=stack.fleet.kafka_bootstrap, **client_options())
    await producer.start()
    try:
        topic = f"{PORTFOLIO_ATTENDANCE.name}{stack.fleet.topic_suffix}"
        await producer.send_and_wait(topic, value, key=number.encode(), headers=headers)
    finally:
        await producer.stop()

    async def arrived() -> bool:
        return any(a["activity_code"] == code for a in await teachers.stored(number))

    assert await eventually(arrived, timeout=60)
    await page.goto(f"{stack.portal}/mijn-registratie/portfolio")
    await page.get_by_role("link", name=title).click()
    await expect(page.get_by_role("heading", name="Beoordeel deze activiteit")).to_be_visible()
    twin = await context.new_page()
    await twin.goto(page.url)
    await visit(page, stack, "ratings-form")
    await page.get_by_role("button", name="Beoordeling versturen").click()
    await expect(page.locator("#fout-rating")).to_have_text(
        "Fout: Kies een beoordeling van 1 tot 5."
    )
    await expect(
        page.locator("#foutoverzicht").get_by_role("link", name="Kies een beoordeling van 1 tot 5.")
    ).to_have_attribute("href", "#veld-rating")
    await visit(page, stack, "ratings-form-error")
    group = page.get_by_role("group", name=re.compile("^Uw beoordeling"))
    await group.get_by_label("4", exact=True).check()
    await page.get_by_label("Toelichting (niet verplicht)").fill("Direct toepasbaar in mijn klas.")
    await page.get_by_role("button", name="Beoordeling versturen").click()
    await expect(page.get_by_text("Uw beoordeling is verstuurd. Dank u wel.")).to_be_visible()
    await expect(page.get_by_text("4 van 5")).to_be_visible()
    await expect(page.get_by_text("Direct toepasbaar in mijn klas.")).to_be_visible()
    await expect(page.get_by_role("button", name="Beoordeling versturen")).to_have_count(0)
    await visit(page, stack, "ratings-done")
    # The second tab still has the form: sent again, it is refused and nothing changes.
    await (
        twin.get_by_role("group", name=re.compile("^Uw beoordeling"))
        .get_by_label("1", exact=True)
        .check()
    )
    await twin.get_by_role("button", name="Beoordeling versturen").click()
    await expect(
        twin.get_by_text(re.compile("U heeft deze activiteit al beoordeeld"))
    ).to_be_visible()
    await expect(twin.get_by_text("4 van 5")).to_be_visible()
    await visit(twin, stack, "ratings-refused")
    [held] = [a for a in await teachers.stored(number) if a["activity_code"] == code]
    assert held["my_rating"]["rating"] == 4
    # Below 5 ratings the public catalogue shows no average.
    await page.goto(f"{stack.portal}/criteria-en-aanbod?aanbieder={provider_id}")
    row = page.locator("tr", has=page.get_by_text(title))
    await expect(row.locator("td").last).to_have_text("-")
    await context.close()

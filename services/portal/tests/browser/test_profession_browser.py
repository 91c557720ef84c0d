"""Teacher panels in a real browser (Debian's Chromium through Playwright), on the browser tests'
fleet (conftest.py), which runs the profession beside the other services (docs/profession.md).

A training provider that is itself a school board signs in through the development sign-in and
submits an offer (first with hours the profession refuses: the error beside its field). Three
delivered teachers of another board confirm, join the panel on their preferences page and each
review the offer; a teacher employed by the provider's board joins too and is never offered it.
The provider's page then shows the decision with the register hours the profession decided and
each reviewer's reasons, without the reviewers; the public page shows the activity in the
catalogue with those hours. A second offer is rejected and appealed once.

Every page is checked with axe-core (WCAG 2.1 A and AA, 0 violations), carries no script, weighs
at most 100 KB with its stylesheets, and is screenshot. What the pages show is asserted against
what the profession and the portfolio hold."""

from __future__ import annotations

import re
import statistics
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Page, expect

from lr_intake.devdata.deliveries import GeneratedRow
from lr_shared.auth import DEV_IDP_KEY_FILE, DEV_IDP_KID, ISSUER_OF, PROVIDER_NAME_CLAIM, mint_token
from lr_tools.testing import eventually

from .conftest import PortalStack, Teachers, check

pytestmark = pytest.mark.e2e

PAGE_LIMIT = 100_000
PROPOSALS = (Decimal("10"), Decimal("12.5"), Decimal("20"))
"""The hours each reviewer proposes for the first offer (planned: 16)."""
PLANNED = Decimal("16")


@dataclass
class Reviewer:
    number: str
    context: BrowserContext
    page: Page


@dataclass
class Panel:
    stack: PortalStack
    board: str
    """The provider's board: the employee works there, the reviewers do not."""
    reviewers: list[Reviewer]
    employee: Reviewer
    provider_id: str
    provider_name: str

    def provider_token(self) -> str:
        return mint_token(
            (self.stack.fleet.keys / DEV_IDP_KEY_FILE).read_bytes(),
            kid=DEV_IDP_KID,
            issuer=ISSUER_OF["provider"],
            subject=self.provider_id,
            kind="provider",
            extra_claims={PROVIDER_NAME_CLAIM: self.provider_name},
        )

    async def profession(self, path: str, token: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with httpx.AsyncClient(base_url=self.stack.fleet.url("profession")) as client:
            response = await client.get(path, headers=headers)
            response.raise_for_status()
            return response.json()

    async def query(self, sql: str, *args: object) -> list[asyncpg.Record]:
        return await query(self.stack, sql, *args)


async def query(stack: PortalStack, sql: str, *args: object) -> list[asyncpg.Record]:
    """What the profession's database holds."""
    fleet = stack.fleet
    url = f"{fleet.postgres_url.rsplit('/', 1)[0]}/{fleet.databases['profession']}"
    conn = await asyncpg.connect(url)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def visit(page: Page, stack: PortalStack, name: str) -> None:
    """The page's weight (its HTML and stylesheets), then the shared check: no script of its
    own, a screenshot, axe (which adds its script: one visit per document)."""
    content = await page.content()
    assets = re.findall(r'href="(/static/[^"]+)"', content)
    async with httpx.AsyncClient(base_url=stack.portal) as client:
        sizes = [len((await client.get(asset)).content) for asset in assets]
    html = len(content.encode())
    assert html + sum(sizes) <= PAGE_LIMIT, f"{name}: {html} + {sum(sizes)} bytes"
    await check(page, stack, name)


def boards_of(rows: list[GeneratedRow]) -> dict[str, set[str]]:
    """Per teacher (BSN), the boards of her accepted rows."""
    found: dict[str, set[str]] = {}
    for row in rows:
        if row.expected_error is None:
            found.setdefault(row.values["bsn"], set()).add(row.values["bevoegd_gezag"])
    return found


async def joins_the_panel(
    stack: PortalStack, teachers: Teachers, browser: Browser, shot: str | None = None
) -> Reviewer:
    """A delivered teacher signs in, confirms, and joins a panel on her preferences page."""
    context, page, number = await teachers.signed_in(browser)

    async def registered_in_profession() -> bool:
        sql = "select state from registrations where registration_number = $1"
        rows = await query(stack, sql, number)
        return bool(rows) and rows[0]["state"] == "registered"

    assert await eventually(registered_in_profession, timeout=60)
    await page.get_by_role("link", name="Voorkeuren").click()
    heading = page.get_by_role("heading", name="Meedoen in een lerarenpanel")
    section = page.locator("section", has=heading)
    await expect(section).to_be_visible()
    group = section.get_by_role("group", name=re.compile("^Sector"))
    await group.get_by_role("radio").first.check()
    await section.get_by_label("Vakken (niet verplicht)").fill("rekenen, taal")
    await section.get_by_role("button", name="Meedoen").click()
    await expect(page.get_by_text("U doet mee in het lerarenpanel.")).to_be_visible()
    await expect(section.get_by_text(re.compile("U doet mee voor"))).to_be_visible()
    if shot:
        await visit(page, stack, shot)
    sql = "select subjects from panel_members where registration_number = $1"
    assert [list(r["subjects"]) for r in await query(stack, sql, number)] == [["rekenen", "taal"]]
    return Reviewer(number, context, page)


@pytest_asyncio.fixture(scope="module")
async def panel(portal_stack: PortalStack, browser: Browser) -> AsyncIterator[Panel]:
    deliveries = await portal_stack.deliver(teachers=18, seed=1903, boards=2)
    rows = [r for d in deliveries for r in d.rows]
    board = deliveries[0].board
    boards = boards_of(rows)
    unique = {r.values["bsn"]: r for r in rows if r.expected_error is None}
    at_board = [r for bsn, r in unique.items() if board in boards[bsn]]
    elsewhere = [r for bsn, r in unique.items() if board not in boards[bsn]]
    assert len(at_board) >= 2
    assert len(elsewhere) >= 5
    employee = await joins_the_panel(portal_stack, Teachers(portal_stack, at_board), browser)
    pool = Teachers(portal_stack, elsewhere)
    reviewers = [
        await joins_the_panel(portal_stack, pool, browser, "profession-panel-opt-in" if n else None)
        for n in (True, False, False)
    ]
    provider_id = f"P{uuid.uuid4().hex[:8]}"
    try:
        yield Panel(portal_stack, board, reviewers, employee, provider_id, "Academie Penta")
    finally:
        for reviewer in (*reviewers, employee):
            await reviewer.context.close()


async def provider_signs_in(browser: Browser, panel: Panel) -> tuple[BrowserContext, Page]:
    stack = panel.stack
    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    await page.goto(f"{stack.portal}/aanbieders")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen voor aanbieders")
    await visit(page, stack, "profession-provider-signin")
    await page.get_by_role("link", name="Inloggen voor ontwikkeling").click()
    await expect(page.get_by_text("Alleen voor ontwikkeling en testen.")).to_be_visible()
    await visit(page, stack, "profession-provider-signin-dev")
    await page.get_by_label("Aanbieder-id").fill(panel.provider_id)
    await page.get_by_label("Naam van de aanbieder").fill(panel.provider_name)
    await page.get_by_label(re.compile("^Bevoegd gezag")).fill(panel.board)
    await page.get_by_role("button", name="Inloggen").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Mijn aanvragen")
    return context, page


async def fill_offer(page: Page, title: str, hours: str) -> None:
    await page.get_by_role("link", name="Nieuwe aanvraag").first.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nieuwe aanvraag tot accreditatie"
    )
    await page.get_by_label(re.compile("^Titel")).fill(title)
    await page.get_by_label("Omschrijving").fill(
        "Formatief evalueren in de klas.\nDrie bijeenkomsten met opdrachten in de eigen les."
    )
    await page.get_by_label("Soort activiteit").select_option("course")
    for sector in ("Primair onderwijs (PO)", "Voortgezet onderwijs (VO)", "Middelbaar"):
        await page.get_by_label(re.compile(re.escape(sector))).check()
    await page.get_by_label("Geplande uren").fill(hours)
    await page.get_by_label("Deze activiteit gaat over het primaire proces (lesgeven)").check()
    await page.get_by_label("Op vaste data").check()
    await page.get_by_label("Begindatum").fill("2027-03-15")
    await page.get_by_label("Einddatum").fill("2027-05-31")


async def submits_an_offer(page: Page, panel: Panel, title: str, shots: bool) -> str:
    """The provider submits an offer (the first time with hours the profession refuses);
    returns the request's id."""
    stack = panel.stack
    await fill_offer(page, title, "16,3")
    if shots:
        await visit(page, stack, "profession-offer-new")
    await page.get_by_role("button", name="Aanvraag indienen").click()
    error = "Vul de uren in halve uren in, bijvoorbeeld 12 of 12,5."
    await expect(page.locator("#fout-hours")).to_have_text(f"Fout: {error}")
    await expect(page.locator("#foutoverzicht").get_by_role("link", name=error)).to_have_attribute(
        "href", "#veld-hours"
    )
    await expect(page.get_by_label(re.compile("^Titel"))).to_have_value(title)  # values kept
    if shots:
        await visit(page, stack, "profession-offer-error")
    stored = await panel.query("select id from accreditation_requests where title = $1", title)
    assert stored == []
    await page.get_by_label("Geplande uren").fill(f"{PLANNED}")
    await page.get_by_role("button", name="Aanvraag indienen").click()
    await expect(page.get_by_text(re.compile("Uw aanvraag is ingediend"))).to_be_visible()
    [row] = await panel.query(
        "select id, state, provider_board, planned_hours, core, sectors, on_demand, start_date "
        "from accreditation_requests "
        "where title = $1",
        title,
    )
    assert row["provider_board"] == panel.board
    assert row["planned_hours"] == PLANNED
    assert row["core"] is True
    assert list(row["sectors"]) == ["PO", "VO", "MBO"]
    assert (row["on_demand"], f"{row['start_date']}") == (False, "2027-03-15")
    assert str(row["id"]) in page.url
    return str(row["id"])


async def reviews_the_offer(
    reviewer: Reviewer,
    panel: Panel,
    title: str,
    *,
    verdict: str,
    hours: Decimal | None,
    shot: str | None = None,
    twin: Page | None = None,
) -> None:
    """The reviewer finds the offer under "Mijn beoordelingen" and reviews it. With `shot`
    the empty form is sent first (the errors beside their fields); with `twin` the same form
    is open in a second tab and sent there once more after the first was sent."""
    page, stack = reviewer.page, panel.stack
    criteria = (await panel.profession("/v1/criteria"))["criteria"]
    await page.get_by_role("link", name="Mijn beoordelingen").first.click()
    open_reviews = page.locator("table", has=page.get_by_text("Nog te doen"))
    await open_reviews.get_by_role("link", name=title).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Beoordeling: {title}")
    await expect(page.get_by_text(panel.provider_name)).to_be_visible()
    for criterion in criteria:  # the offer's page shows the criteria set it is scored with
        await expect(page.get_by_text(criterion["description"])).to_be_visible()
    if shot:
        await visit(page, stack, f"{shot}-offer")
    await page.get_by_role("link", name="Beoordeling invullen").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Beoordelen: {title}")
    if twin is not None:
        await twin.goto(page.url)
    if shot:
        await visit(page, stack, shot)
        await page.get_by_role("button", name="Beoordeling versturen").click()
        first = criteria[0]["title"]
        error = f"Geef {first} een score en licht die toe."
        await expect(page.locator("#fout-1")).to_have_text("Fout: Kies een score en licht die toe.")
        await expect(page.get_by_role("group", name=first)).to_have_attribute(
            "aria-describedby", "fout-1"
        )
        summary = page.locator("#foutoverzicht")
        await expect(summary.get_by_role("link", name=error)).to_have_attribute("href", "#veld-s1")
        verdict_error = summary.get_by_role("link", name="Kies goedkeuren of afwijzen.")
        await expect(verdict_error).to_have_attribute("href", "#veld-verdict")
        await visit(page, stack, f"{shot}-errors")
    for n, criterion in enumerate(criteria, start=1):
        group = page.get_by_role("group", name=criterion["title"])
        await group.get_by_label(str(3 + n % 3), exact=True).check()
        await group.get_by_label("Toelichting").fill(
            f"Onderbouwing {n}: {criterion['title'].lower()} is in orde."
        )
    verdicts = page.get_by_role("group", name=re.compile("^Oordeel"))
    await verdicts.get_by_label("Goedkeuren" if verdict == "approve" else "Afwijzen").check()
    if hours is not None:
        await page.get_by_label("Voorgestelde registeruren").fill(shown(hours))
    await page.get_by_role("button", name="Beoordeling versturen").click()
    await expect(page.get_by_text(re.compile("Uw beoordeling is verstuurd"))).to_be_visible()
    await expect(page.get_by_role("heading", name="Uw beoordeling")).to_be_visible()
    if shot:
        await visit(page, stack, f"{shot}-done")
    if twin is not None:
        await twin.get_by_role("button", name="Beoordeling versturen").click()
        await expect(twin.get_by_text("U heeft deze beoordeling al verstuurd.")).to_be_visible()
        await visit(twin, stack, "profession-review-sent-twice")
    [stored] = await panel.query(
        "select r.verdict, r.proposed_hours from reviews r "
        "join accreditation_requests a on a.id = r.request_id "
        "where a.title = $1 and r.registration_number = $2 and r.state = 'submitted'",
        title,
        reviewer.number,
    )
    assert (stored["verdict"], stored["proposed_hours"]) == (verdict, hours)


def decided(proposals: tuple[Decimal, ...], planned: Decimal) -> Decimal:
    """docs/profession.md's rule, to check the profession's figure: the median of the
    proposals to the nearest half hour (a quarter up), never above the planned hours."""
    median = Decimal(str(statistics.median(proposals)))
    halves = (median * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 2
    return min(halves, planned)


def shown(hours: Decimal) -> str:
    return f"{hours.normalize():f}".replace(".", ",")


async def test_a_panel_of_three_teachers_accredits_an_offer_and_it_enters_the_catalogue(
    panel: Panel, browser: Browser
) -> None:
    stack = panel.stack
    title = f"Formatief evalueren {uuid.uuid4().hex[:6]}"
    provider, page = await provider_signs_in(browser, panel)
    request_id = await submits_an_offer(page, panel, title, shots=True)
    await visit(page, stack, "profession-request-in-review")
    await expect(page.get_by_text(re.compile("0 van 3 beoordelingen zijn binnen"))).to_be_visible()

    # The panel: the three teachers of the other board, never the provider's employee.
    assigned = await panel.query(
        "select registration_number from reviews where request_id = $1", uuid.UUID(request_id)
    )
    assert {r["registration_number"] for r in assigned} == {r.number for r in panel.reviewers}
    [employee] = await panel.query(
        "select boards from registrations where registration_number = $1", panel.employee.number
    )
    assert panel.board in employee["boards"]
    await panel.employee.page.goto(f"{stack.portal}/mijn-registratie/beoordelingen")
    await expect(panel.employee.page.get_by_text("U heeft nu niets te beoordelen.")).to_be_visible()
    await expect(panel.employee.page.get_by_text(title)).to_have_count(0)
    await visit(panel.employee.page, stack, "profession-reviews-empty")

    first, second, third = panel.reviewers
    await reviews_the_offer(
        first, panel, title, verdict="approve", hours=PROPOSALS[0], shot="profession-review-form"
    )
    twin = await second.context.new_page()
    await reviews_the_offer(second, panel, title, verdict="approve", hours=PROPOSALS[1], twin=twin)
    await twin.close()
    await second.page.goto(f"{stack.portal}/mijn-registratie/beoordelingen")
    done = second.page.locator("table", has=second.page.get_by_text(title))
    await expect(done).to_contain_text("Goedkeuren")
    await visit(second.page, stack, "profession-reviews")
    await reviews_the_offer(third, panel, title, verdict="approve", hours=PROPOSALS[2])

    # The decision, as the profession holds it and as the provider's page shows it.
    async def accepted() -> bool:
        rows = await panel.query(
            "select state from accreditation_requests where id = $1", uuid.UUID(request_id)
        )
        return bool(rows[0]["state"] == "accepted")

    assert await eventually(accepted, timeout=30)
    held = await panel.profession(
        f"/v1/accreditation-requests/{request_id}", panel.provider_token()
    )
    hours = Decimal(held["register_hours"])
    assert hours == decided(PROPOSALS, PLANNED)
    await page.goto(f"{stack.portal}/aanbieders/aanvragen/{request_id}")
    await expect(page.locator(".utrecht-alert--ok")).to_contain_text(
        f"geaccrediteerd met {shown(hours)} registeruren"
    )
    await expect(page.get_by_text(held["activity_code"]).first).to_be_visible()
    reviews = page.locator("table", has=page.get_by_role("columnheader", name="Beoordelaar"))
    for n in (1, 2, 3):
        row = reviews.locator("tr", has=page.get_by_role("rowheader", name=f"Beoordelaar {n}"))
        await expect(row).to_contain_text("Goedkeuren")
    cells = await reviews.locator("tbody td:nth-child(3)").all_inner_texts()
    assert sorted(cells) == sorted(shown(p) for p in PROPOSALS)
    content = await page.content()
    for reviewer in (*panel.reviewers, panel.employee):
        assert reviewer.number not in content  # no reviewer identity
    await visit(page, stack, "profession-request-accepted")
    # Each reviewer's scores and reasons, on a page of their own, without the reviewer.
    await page.get_by_role("link", name="Toelichting van beoordelaar 2").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Scores en toelichting van beoordelaar 2"
    )
    for n, criterion in enumerate((await panel.profession("/v1/criteria"))["criteria"], 1):
        row = page.locator("tr", has=page.get_by_role("rowheader", name=criterion["title"]))
        await expect(row).to_contain_text(f"Onderbouwing {n}:")
        await expect(row.locator("td").first).to_have_text(str(3 + n % 3))
    content = await page.content()
    for reviewer in (*panel.reviewers, panel.employee):
        assert reviewer.number not in content
    await visit(page, stack, "profession-request-reasons")
    await page.get_by_role("link", name="Mijn aanvragen").first.click()
    row = page.locator("tr", has=page.get_by_role("link", name=title))
    await expect(row).to_contain_text("Geaccrediteerd")
    await expect(row).to_contain_text(shown(hours))
    await visit(page, stack, "profession-requests")

    # The public page, without a session: the criteria in force and the activity's hours.
    public = await browser.new_context(locale="nl-NL")
    visitor = await public.new_page()
    await visitor.goto(stack.portal)
    await visitor.get_by_role("link", name="Criteria en aanbod").click()
    criteria = await panel.profession("/v1/criteria")
    await expect(visitor.get_by_text(f"Versie {criteria['version']}, geldig sinds")).to_be_visible()
    for criterion in criteria["criteria"]:
        await expect(visitor.get_by_text(criterion["description"])).to_be_visible()
    await visitor.get_by_label("Aanbieder-id").fill(panel.provider_id)
    await visitor.get_by_role("button", name="Toon aanbod").click()
    listed = visitor.locator("tr", has=visitor.get_by_text(title))

    async def in_catalogue() -> bool:
        if await listed.count():
            return True
        await visitor.reload()
        return False

    assert await eventually(in_catalogue, timeout=60, interval=1)
    await expect(listed).to_contain_text(shown(hours))
    await expect(listed).to_contain_text(held["activity_code"])
    await expect(listed).to_contain_text("Cursus of training")
    await visit(visitor, stack, "profession-criteria-catalogue")
    async with httpx.AsyncClient(base_url=stack.fleet.url("portfolio")) as client:
        items = (
            await client.get("/v1/catalogue", params={"provider_id": panel.provider_id})
        ).json()
    [entry] = [i for i in items["items"] if i["activity_code"] == held["activity_code"]]
    assert Decimal(entry["register_hours"]) == hours
    assert entry["criteria_version"] == criteria["version"]
    await visitor.goto(f"{stack.portal}/criteria-en-aanbod?lang=en&aanbieder={panel.provider_id}")
    await expect(visitor.get_by_role("heading", level=1)).to_have_text("Criteria and offer")
    await visit(visitor, stack, "profession-criteria-catalogue-en")
    await public.close()
    await provider.close()


async def csrf_of(page: Page) -> str:
    value = await page.locator('input[name="csrf_token"]').first.get_attribute("value")
    assert value
    return value


async def test_a_rejected_offer_is_appealed_once(panel: Panel, browser: Browser) -> None:
    stack = panel.stack
    title = f"Schrijven in de bovenbouw {uuid.uuid4().hex[:6]}"
    provider, page = await provider_signs_in(browser, panel)
    request_id = await submits_an_offer(page, panel, title, shots=False)
    for reviewer in panel.reviewers:
        await reviews_the_offer(reviewer, panel, title, verdict="reject", hours=None)
    await page.reload()
    await expect(page.locator(".utrecht-alert--warning")).to_contain_text("afgewezen")
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Beoordelaar 3"))
    await expect(row).to_contain_text("Afwijzen")
    await visit(page, stack, "profession-request-rejected")
    appeal = page.get_by_role("button", name="Bezwaar maken (één keer)")
    token = await csrf_of(page)
    await appeal.click()
    await expect(page.get_by_text(re.compile("Uw bezwaar is ingediend"))).to_be_visible()
    await expect(appeal).to_have_count(0)
    # Nobody else may review it (the three reviewed it, the employee works for the provider):
    # round 2 waits for a panel.
    [row] = await panel.query(
        "select state, round from accreditation_requests where id = $1", uuid.UUID(request_id)
    )
    assert (row["state"], row["round"]) == ("awaiting_panel", 2)
    await expect(page.get_by_text(re.compile("Wacht op een panel"))).to_be_visible()
    await visit(page, stack, "profession-request-appealed")
    # A second appeal (the form sent again) is refused with the page as it stands.
    again = await page.request.post(
        f"{stack.portal}/aanbieders/aanvragen/{request_id}/bezwaar", form={"csrf_token": token}
    )
    assert again.status == 409
    assert "Bezwaar kan één keer" in await again.text()
    [row] = await panel.query(
        "select round from accreditation_requests where id = $1", uuid.UUID(request_id)
    )
    assert row["round"] == 2
    await provider.close()

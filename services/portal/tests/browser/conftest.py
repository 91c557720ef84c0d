"""Browser-test infrastructure for the portal: the six services as processes (a fleet with the
portal and the profession, its own databases, topics and SMTP sink), Debian's Chromium through
Playwright, axe-core from the pinned npm package, and screenshots.

- `portal_stack` (session): the fleet with reference data loaded, its mail sink and endpoints;
  `deliver(...)` uploads a delivery the way boards do (the main job's helpers).
- `browser` (session): Chromium from /usr/bin/chromium (LR_CHROMIUM overrides).
- `assert_accessible(page)`: axe-core, WCAG 2.1 A and AA rules: 0 violations.
- `shoot(page, name)`: a full-page screenshot under the test run's folder; with
  LR_PORTAL_SCREENSHOTS=<dir> also there (docs/img/portal/ is made that way).
- `check(page, stack, name)`: a page without script of its own: screenshot and axe.
- `Teachers`: delivered teachers handed out one at a time, signed in and confirmed.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from lr_intake.adapters.reference_files import write_reference
from lr_intake.devdata.deliveries import GeneratedRow
from lr_intake.devdata.reference import generate_reference
from lr_intake.domain.reference import ReferenceSet
from lr_shared.auth import REGISTRY_ISSUER, REGISTRY_KEY_FILE, REGISTRY_KID, mint_token
from lr_tools.fleet import PORTAL, PROFESSION, SERVICES, Fleet
from lr_tools.mailsink import MailSink
from lr_tools.mainjob.deliveries import Delivery, plan, refresh, upload_all
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.paths import Paths
from lr_tools.testing import StackEndpoints, eventually

ROOT = Paths.discover().root
AXE = ROOT / "services" / "portal" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("LR_CHROMIUM", "/usr/bin/chromium")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
    .violations.map(v => `${v.id} (${v.impact}): ${v.help}; `
        + v.nodes.map(n => n.target.join(' ')).join(', '))"""


async def assert_accessible(page: Page) -> None:
    """axe-core's WCAG 2.1 A and AA rules on the page as it is now: 0 violations."""
    assert AXE.is_file(), "run `npm ci` in services/portal (make install does)"
    # Evaluated, not added as a <script>: the portal's Content-Security-Policy refuses inline
    # scripts, and an evaluation from the test is not the page's.
    await page.evaluate(AXE.read_text())
    violations = await page.evaluate(AXE_RUN, WCAG)
    assert violations == [], f"{page.url}: {violations}"


@dataclass
class PortalStack:
    fleet: Fleet
    mail: MailSink
    endpoints: Endpoints
    reference: ReferenceSet
    shots: Path

    @property
    def portal(self) -> str:
        return self.fleet.url(PORTAL)

    async def deliver(self, *, teachers: int, seed: int, boards: int = 1) -> list[Delivery]:
        """Upload a delivery (one per board) as boards do and wait until intake has finished
        it."""
        deliveries = plan(self.reference, teachers=teachers, boards=boards, seed=seed)
        await upload_all(self.endpoints, deliveries)

        async def finished() -> bool:
            return await refresh(self.endpoints, deliveries) == len(deliveries)

        assert await eventually(finished, timeout=120, interval=0.5)
        return deliveries

    def mails_to(self, address: str) -> list[EmailMessage]:
        found = []
        for path in sorted(self.mail.directory.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            if address.lower() in str(message["To"]).lower():
                found.append(message)
        return found

    async def mail_to(self, address: str, timeout: float = 120) -> EmailMessage:
        async def arrived() -> bool:
            return bool(self.mails_to(address))

        assert await eventually(arrived, timeout=timeout, interval=0.5), f"no mail to {address}"
        return self.mails_to(address)[0]


def link_in(message: EmailMessage) -> str:
    """The portal link in a mail's plain-text part."""
    part = message.get_body(("plain",))
    assert isinstance(part, EmailMessage)
    found = re.search(r"https?://\S+", part.get_content())
    assert found is not None
    return found[0].rstrip(".,)")


def teachers_in(deliveries: list[Delivery]) -> list[GeneratedRow]:
    """One accepted row per teacher with an e-mail address, in delivery order."""
    seen: set[str] = set()
    rows = []
    for delivery in deliveries:
        for row in delivery.rows:
            bsn = row.values["bsn"]
            if row.expected_error is None and row.values.get("email") and bsn not in seen:
                seen.add(bsn)
                rows.append(row)
    return rows


@pytest_asyncio.fixture(scope="session")
async def portal_stack(
    stack: StackEndpoints, dev_keys: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[PortalStack]:
    workdir = tmp_path_factory.mktemp("portal-fleet")
    mail = MailSink(host="127.0.0.1", port=0, directory=workdir / "mail")
    await mail.start()
    fleet = Fleet(
        root=ROOT,
        workdir=workdir,
        postgres_url=stack.postgres_url,
        kafka_bootstrap=stack.kafka_bootstrap,
        smtp_port=mail.port,
        keys=dev_keys,
    )
    # The reference set is written first, where the fleet points the portal's development board
    # sign-in (its picker of boards and payroll bureaus reads it at start); intake loads it once
    # it runs.
    reference = generate_reference(seed=17, boards=6, bureaus=1)
    write_reference(workdir / "reference", reference)
    try:
        # Six services starting at once on a busy 2-core machine can take minutes.
        await fleet.open((*SERVICES, PROFESSION, PORTAL), ready_timeout=300)
        fleet.run_cli("intake", "reference", "load", str(workdir / "reference"))
        endpoints = Endpoints(
            intake=fleet.url("intake"),
            registry=fleet.url("registry"),
            portfolio=fleet.url("portfolio"),
            notifications=fleet.url("notifications"),
            kafka_bootstrap=fleet.kafka_bootstrap,
            keys=fleet.keys,
            topic_suffix=fleet.topic_suffix,
        )
        shots = workdir / "screenshots"
        shots.mkdir()
        yield PortalStack(fleet, mail, endpoints, reference, shots)
    finally:
        fleet.stop()
        await mail.stop()
        await fleet.delete_topics()
        await fleet.drop_databases()


@pytest_asyncio.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield chromium
        finally:
            await chromium.close()


async def shoot(page: Page, stack: PortalStack, name: str) -> Path:
    path = stack.shots / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    extra = os.environ.get("LR_PORTAL_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - once, tiny
        await page.screenshot(path=str(Path(extra) / f"{name}.png"), full_page=True)
    return path


class Teachers:
    """Teachers a board delivered for these tests, handed out one per test."""

    def __init__(self, stack: PortalStack, rows: list[GeneratedRow]) -> None:
        self.stack = stack
        self.rows = rows

    def token(self, number: str) -> str:
        return mint_token(
            (self.stack.fleet.keys / REGISTRY_KEY_FILE).read_bytes(),
            kid=REGISTRY_KID,
            issuer=REGISTRY_ISSUER,
            subject=number,
            kind="register",
        )

    async def stored(self, number: str, path: str = "/v1/me/activities") -> Any:
        """What the portfolio holds for this teacher."""
        headers = {"Authorization": f"Bearer {self.token(number)}"}
        async with httpx.AsyncClient(base_url=self.stack.fleet.url("portfolio")) as client:
            return (await client.get(path, headers=headers)).json()

    async def signed_in(self, browser: Browser) -> tuple[BrowserContext, Page, str]:
        """The next teacher signs in and confirms their data; returned once the portfolio knows
        their period."""
        while True:
            # A teacher whose delivered appointments have all ended has nothing to confirm.
            row = self.rows.pop(0)
            context = await browser.new_context(locale="nl-NL")
            page = await context.new_page()
            await page.goto(f"{self.stack.portal}/mijn-registratie/bevestigen")
            await sign_in(page, row.values["bsn"])
            confirm = page.get_by_role("button", name="Mijn gegevens kloppen")
            if await confirm.count():
                break
            await context.close()
        found = re.search(r"LR[0-9]{8}", await page.content())
        assert found is not None
        number = found[0]
        await confirm.click()
        await expect(page.get_by_text("U heeft uw gegevens bevestigd")).to_be_visible()

        async def period_known() -> bool:
            return bool((await self.stored(number, "/v1/me/progress"))["periods"])

        assert await eventually(period_known, timeout=60)
        return context, page, number


async def check(page: Page, stack: PortalStack, name: str) -> None:
    """No script of the page's own, 0 axe violations, and a screenshot."""
    assert await page.locator("script").count() == 0, name
    await shoot(page, stack, name)
    await assert_accessible(page)


async def sign_in(page: Page, bsn: str) -> None:
    """The development sign-in from wherever the page is (the sign-in choice or a page that
    sent the visitor there)."""
    if "/inloggen/ontwikkeling" not in page.url:
        await page.get_by_role("link", name="Inloggen voor ontwikkeling").click()
    await page.get_by_label("BSN").fill(bsn)
    await page.get_by_role("button", name="Inloggen").click()

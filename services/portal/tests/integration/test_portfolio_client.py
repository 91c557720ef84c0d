"""The portal's portfolio client against a real portfolio service (in this process, on its own
database and topics): what it returns, and which typed refusal each error becomes."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from lr_portal.adapters.portfolio import (
    ActivityInput,
    EvidenceRejectedError,
    InvalidActivityError,
    NotEditableError,
    PortfolioClient,
)
from lr_portal.domain.errors import NotFoundError, ServiceUnavailableError, SignInRequiredError
from lr_portfolio.application import catalogue
from lr_portfolio.bootstrap import Container
from lr_portfolio.domain.activities import ActivityType
from lr_portfolio.domain.catalogue import CatalogueEntry
from lr_portfolio.entrypoints.app import create_app
from lr_portfolio.settings import Settings
from lr_shared.auth import (
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    REGISTRY_ISSUER,
    REGISTRY_KEY_FILE,
    REGISTRY_KID,
    mint_token,
)
from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.contracts.portfolio import AttendanceV1
from lr_shared.contracts.registry import RegistrationV1
from lr_shared.contracts.topics import (
    PORTFOLIO_ATTENDANCE,
    PORTFOLIO_PROGRESS,
    PRIVACY_ERASURE_CONFIRMATIONS,
    PRIVACY_ERASURE_REQUESTS,
    REGISTRY_REGISTRATIONS,
    Topic,
)
from lr_shared.kafka import client_options
from lr_shared.signed import sender_header
from lr_tools.fleet import free_port
from lr_tools.stack.privileges import create_service_database, service_url
from lr_tools.stack.topics import delete_topics
from lr_tools.testing import StackEndpoints, eventually, serve_in_process

pytestmark = pytest.mark.integration

TOPICS = (
    REGISTRY_REGISTRATIONS,
    PORTFOLIO_ATTENDANCE,
    PORTFOLIO_PROGRESS,
    PRIVACY_ERASURE_REQUESTS,
    PRIVACY_ERASURE_CONFIRMATIONS,
)
PDF = b"%PDF-1.4\n" + b"bewijs " * 2000 + b"\n%%EOF\n"
ENTRY = CatalogueEntry(
    activity_code="P0042-A017",
    provider_id="P0042",
    provider_name="Fontys Lerarenopleiding",
    title="Cursus formatief evalueren",
    type=ActivityType.COURSE,
    subtype=None,
    register_hours=Decimal(16),
    core=True,
)


@dataclass
class Portfolio:
    client: PortfolioClient
    container: Container
    settings: Settings
    keys: Path
    producer: AIOKafkaProducer

    def token(self, number: str) -> str:
        return mint_token(
            (self.keys / REGISTRY_KEY_FILE).read_bytes(),
            kid=REGISTRY_KID,
            issuer=REGISTRY_ISSUER,
            subject=number,
            kind="register",
        )

    async def produce(self, topic: Topic, key: str, body: AttendanceV1 | RegistrationV1) -> None:
        event: CloudEvent[AttendanceV1 | RegistrationV1] = CloudEvent(
            type="nl.lerarenregister.test.event", source="urn:test", data=body
        )
        value, headers = encode(event)
        if isinstance(body, AttendanceV1):  # signed by its provider, as the portfolio asks
            token = mint_token(
                (self.keys / DEV_IDP_KEY_FILE).read_bytes(),
                kid=DEV_IDP_KID,
                issuer=DEV_IDP_ISSUER,
                subject=body.provider_id,
                kind="provider",
            )
            headers.append(sender_header(token))
        await self.producer.send_and_wait(
            self.settings.topic(topic.name), value, key=key.encode(), headers=headers
        )

    async def register(self, number: str, start: date, end: date) -> None:
        body = RegistrationV1(
            registration_number=number,
            state="registered",
            voorletters="J.",
            achternaam="Jansen",
            sectors=["PO"],
            qualified=True,
            period_start=start,
            period_end=end,
            updated_at=datetime.now(UTC),
        )
        await self.produce(REGISTRY_REGISTRATIONS, number, body)

        async def known() -> bool:
            return (await self.client.progress(self.token(number))).current is not None

        assert await eventually(known, timeout=30)


async def create_topics(bootstrap: str, suffix: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options())
    await admin.start()
    try:
        new = [NewTopic(f"{t.name}{suffix}", 1, 1, topic_configs=t.config()) for t in TOPICS]
        new += [NewTopic(f"{t.name}{suffix}.dlq", 1, 1) for t in TOPICS]
        await admin.create_topics(new)
    finally:
        await admin.close()


@pytest_asyncio.fixture(scope="module")
async def portfolio(
    stack: StackEndpoints, kafka_bootstrap: str, dev_keys: Path
) -> AsyncIterator[Portfolio]:
    """One portfolio for the module (its own database and topics): every test is a teacher of
    its own, so they cannot see each other's data."""
    name, suffix = f"t_{uuid.uuid4().hex[:12]}", f".t{uuid.uuid4().hex[:10]}"
    await create_service_database(stack.postgres_url, name, "portfolio")
    await create_topics(kafka_bootstrap, suffix)
    settings = Settings(
        environment="test",
        database_url=service_url(stack.postgres_url, "portfolio", name),
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_suffix=suffix,
        jwks_file=dev_keys / "jwks.json",
        evidence_max_bytes=64 * 1024,
        db_pool_size=2,
    )
    app = create_app(settings)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, **client_options())
    await producer.start()
    try:
        async with serve_in_process(app) as http:
            client = PortfolioClient(http)
            yield Portfolio(client, app.state.container, settings, dev_keys, producer)
    finally:
        await producer.stop()
        await delete_topics(kafka_bootstrap, suffix=suffix)
        admin = await asyncpg.connect(stack.postgres_url)
        await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()


def new_number() -> str:
    return f"LR{random.randint(0, 99_999_999):08d}"


def course(**changes: object) -> ActivityInput:
    values: dict[str, object] = {
        "type": "inside_school",
        "subtype": "intervision",
        "title": "Intervisie bovenbouw",
        "start_date": date(2026, 1, 12),
        "end_date": date(2026, 3, 2),
        "hours": Decimal("12.5"),
        "core": True,
        "provider": "",
        "subject": "rekenen",
    }
    values.update(changes)
    return ActivityInput(**values)  # type: ignore[arg-type]


async def test_a_teacher_adds_reads_changes_and_deletes_an_activity(portfolio: Portfolio) -> None:
    me = portfolio.token(new_number())
    client = portfolio.client
    created = await client.create_activity(me, course())
    assert (created.type, created.subtype, created.hours) == (
        "inside_school",
        "intervision",
        Decimal("12.5"),
    )
    assert created.editable
    assert created.source == "teacher"
    assert [a.id for a in await client.activities(me)] == [created.id]

    changed = await client.update_activity(me, created.id, course(title="Intervisie", core=False))
    assert (changed.title, changed.core) == ("Intervisie", False)
    assert (await client.activity(me, created.id)).title == "Intervisie"

    await client.delete_activity(me, created.id)
    assert await client.activities(me) == []
    with pytest.raises(NotFoundError):
        await client.activity(me, created.id)


async def test_every_broken_rule_comes_back_as_a_field_problem(portfolio: Portfolio) -> None:
    me = portfolio.token(new_number())
    bad = course(
        subtype=None, title=" ", hours=Decimal("1.234"), end_date=date(2025, 1, 1), subject="x"
    )
    with pytest.raises(InvalidActivityError) as refused:
        await portfolio.client.create_activity(me, bad)
    fields = {(p.field, p.code) for p in refused.value.problems}
    assert fields == {
        ("subtype", "required"),
        ("title", "required"),
        ("hours", "precision"),
        ("end_date", "order"),
    }


async def test_another_teachers_activity_and_share_are_not_found(portfolio: Portfolio) -> None:
    owner, other = portfolio.token(new_number()), portfolio.token(new_number())
    client = portfolio.client
    activity = await client.create_activity(owner, course())
    share = await client.create_share(owner, expires_at=datetime.now(UTC) + timedelta(days=3))
    with pytest.raises(NotFoundError):
        await client.activity(other, activity.id)
    with pytest.raises(NotFoundError):
        await client.update_activity(other, activity.id, course(title="Gekaapt"))
    with pytest.raises(NotFoundError):
        await client.delete_activity(other, activity.id)
    with pytest.raises(NotFoundError):
        await client.put_evidence(other, activity.id, "x.pdf", PDF)
    with pytest.raises(NotFoundError):
        await client.revoke_share(other, share.id)
    assert (await client.activity(owner, activity.id)).title == "Intervisie bovenbouw"
    assert [s.id for s in await client.shares(owner)] == [share.id]


async def test_evidence_goes_up_and_streams_back_unchanged(portfolio: Portfolio) -> None:
    me = portfolio.token(new_number())
    client = portfolio.client
    activity = await client.create_activity(me, course())
    stored = await client.put_evidence(me, activity.id, "certificaat één.pdf", PDF)
    assert (stored.content_type, stored.size) == ("application/pdf", len(PDF))

    download = await client.open_evidence(me, activity.id)
    assert download.filename == "certificaat één.pdf"
    assert download.content_type == "application/pdf"
    assert download.sha256 == stored.sha256
    received = b"".join([chunk async for chunk in download.chunks()])
    assert received == PDF
    evidence = (await client.activity(me, activity.id)).evidence
    assert evidence is not None
    assert evidence.sha256 == stored.sha256


async def test_evidence_that_is_too_large_or_not_a_document_is_refused_by_reason(
    portfolio: Portfolio,
) -> None:
    me = portfolio.token(new_number())
    client = portfolio.client
    activity = await client.create_activity(me, course())
    with pytest.raises(EvidenceRejectedError) as unsupported:
        await client.put_evidence(me, activity.id, "notes.txt", b"just some text")
    assert unsupported.value.reason == "unsupported"
    with pytest.raises(EvidenceRejectedError) as too_large:
        await client.put_evidence(me, activity.id, "big.pdf", b"%PDF-" + b"0" * 200_000)
    assert too_large.value.reason == "too_large"
    with pytest.raises(InvalidActivityError) as empty:
        await client.put_evidence(me, activity.id, "leeg.pdf", b"")
    assert [(p.field, p.code) for p in empty.value.problems] == [("file", "empty")]
    with pytest.raises(NotFoundError):
        await client.open_evidence(me, activity.id)
    assert (await client.activity(me, activity.id)).evidence is None


async def test_a_provider_reported_activity_cannot_be_changed(portfolio: Portfolio) -> None:
    await catalogue.load(portfolio.container.uow, [ENTRY])
    number = new_number()
    me = portfolio.token(number)
    await portfolio.register(number, date(2024, 8, 1), date(2028, 7, 31))
    report = AttendanceV1(
        attendance_id="NSO-1",
        provider_id="P0042",
        activity_code="P0042-A017",
        registration_number=number,
        attended_on=date(2026, 2, 3),
    )
    await portfolio.produce(PORTFOLIO_ATTENDANCE, number, report)

    async def arrived() -> bool:
        return len(await portfolio.client.activities(me)) == 1

    assert await eventually(arrived, timeout=30)
    [reported] = await portfolio.client.activities(me)
    assert (reported.source, reported.editable) == ("provider", False)
    with pytest.raises(NotEditableError):
        await portfolio.client.update_activity(me, reported.id, course())
    with pytest.raises(NotEditableError):
        await portfolio.client.delete_activity(me, reported.id)


async def test_progress_export_and_a_period_share_show_the_teachers_hours(
    portfolio: Portfolio,
) -> None:
    number = new_number()
    me = portfolio.token(number)
    client = portfolio.client
    await portfolio.register(number, date(2024, 8, 1), date(2028, 7, 31))
    await client.create_activity(
        me, course(title="Oud", start_date=date(2023, 1, 5), end_date=None)
    )
    await client.create_activity(me, course(hours=Decimal(20)))

    current = (await client.progress(me)).current
    assert current is not None
    assert (current.total_hours, current.core_hours) == (Decimal(20), Decimal(20))
    assert current.missing_total_hours == Decimal(140)

    exported = await client.export(me)
    assert exported.registration_number == number
    assert sorted(a.title for a in exported.activities) == ["Intervisie bovenbouw", "Oud"]
    assert b'"registration_number"' in await client.export_json(me)

    expires = datetime.now(UTC) + timedelta(days=14)
    share = await client.create_share(me, expires_at=expires, period_start=date(2026, 1, 1))
    assert (share.view, share.period_start) == ("period", date(2024, 8, 1))
    shown = await client.shared_view(share.token)
    assert [a.title for a in shown.activities] == ["Intervisie bovenbouw"]
    assert shown.name == "J. Jansen"


async def test_a_revoked_or_unknown_share_link_is_not_found(portfolio: Portfolio) -> None:
    me = portfolio.token(new_number())
    client = portfolio.client
    share = await client.create_share(me, expires_at=datetime.now(UTC) + timedelta(days=1))
    assert (await client.shared_view(share.token)).activities == []
    await client.revoke_share(me, share.id)
    assert await client.shares(me) == []
    for token in (share.token, "made-up", "x" * 500):
        with pytest.raises(NotFoundError):
            await client.shared_view(token)


async def test_a_share_expiring_too_late_is_a_field_problem(portfolio: Portfolio) -> None:
    me = portfolio.token(new_number())
    with pytest.raises(InvalidActivityError) as refused:
        await portfolio.client.create_share(me, expires_at=datetime.now(UTC) + timedelta(days=400))
    assert [(p.field, p.code) for p in refused.value.problems] == [("expires_at", "too_far")]


async def test_a_refused_token_asks_for_a_new_sign_in(portfolio: Portfolio) -> None:
    with pytest.raises(SignInRequiredError):
        await portfolio.client.activities("not-a-token")


async def test_an_unreachable_portfolio_is_unavailable() -> None:
    client = PortfolioClient.connect(f"http://127.0.0.1:{free_port()}", timeout=2)
    try:
        with pytest.raises(ServiceUnavailableError):
            await client.activities("any")
        with pytest.raises(ServiceUnavailableError):
            await client.open_evidence("any", uuid.uuid4())
    finally:
        await client.close()

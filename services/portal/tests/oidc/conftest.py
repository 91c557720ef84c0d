"""DigiD through OpenID Connect against a real OpenID provider (provider.mjs, panva's
oidc-provider) and a real registry, both on free ports on 127.0.0.1, with the portal served
on the port the provider redirects back to.

One provider, registry and portal per module (each with its own databases and topics); every
test signs in as a teacher of its own.
"""

from __future__ import annotations

import asyncio
import base64
import json
import random
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import asyncpg
import httpx
import pytest_asyncio
import uvicorn
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from fastapi import FastAPI

from lr_portal.entrypoints.app import create_app as create_portal
from lr_portal.settings import Settings as PortalSettings
from lr_registry.entrypoints.app import create_app as create_registry
from lr_registry.settings import Settings as RegistrySettings
from lr_shared.auth import DEV_IDP_ISSUER, DEV_IDP_KEY_FILE, DEV_IDP_KID, mint_token
from lr_shared.bsn import keyed_hash
from lr_shared.cloudevents import CloudEvent, encode, event_type, source
from lr_shared.contracts import topics
from lr_shared.contracts.intake import AppointmentV1
from lr_shared.kafka import client_options
from lr_tools.fleet import free_port
from lr_tools.stack.topics import delete_topics
from lr_tools.testing import StackEndpoints, eventually, service_database

from .provider import CLIENT_ID, CLIENT_SECRET, OpenIdProvider, provider_process

HASH_KEY = "test-hash-key-0123456789"
ENCRYPTION_KEY = base64.b64encode(bytes(range(32))).decode()
REGISTRY_TOPICS = (
    topics.INTAKE_APPOINTMENTS,
    topics.REFERENCE_SCHOOLS,
    topics.PORTFOLIO_PROGRESS,
    topics.PRIVACY_ERASURE_CONFIRMATIONS,
    topics.PRIVACY_ERASURE_REQUESTS,
    topics.REGISTRY_EVENTS,
    topics.REGISTRY_REGISTRATIONS,
    topics.REGISTRY_CONTACTS,
    topics.REGISTRY_CORRECTION_REQUESTS,
)


@asynccontextmanager
async def served(app: FastAPI, port: int) -> AsyncIterator[str]:
    """An app on a real port in this event loop (the provider redirects a browser to it)."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("server stopped before it started")
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


def database(stack: StackEndpoints, service: str) -> AbstractAsyncContextManager[str]:
    """A new database owned by, and reached as, the service's role; dropped afterwards."""
    return service_database(stack, service)


async def create_topics(bootstrap: str, suffix: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options())
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(f"{t.name}{suffix}", 1, 1, topic_configs=t.config()) for t in REGISTRY_TOPICS]
        )
    finally:
        await admin.close()


def random_bsn() -> str:
    while True:
        digits = [random.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and any(digits):
            return "".join(map(str, digits)) + str(last)


@dataclass
class DigidWorld:
    """The provider, the registry and the portal of one test module."""

    provider: OpenIdProvider
    portal_url: str
    portal_dsn: str
    registry_url: str
    registry_settings: RegistrySettings
    dev_keys: Path
    producer: AIOKafkaProducer

    async def delivered_teacher(self) -> tuple[str, str]:
        """A teacher the registry knows (delivered by a board): (BSN, registration number)."""
        bsn = random_bsn()
        appointment = AppointmentV1(
            delivery_id=uuid.uuid4(),
            row_number=2,
            bsn=bsn,
            achternaam="Jansen",
            tussenvoegsel="",
            voorletters="J.P.",
            geslacht="V",
            geboortedatum=date(1985, 3, 14),
            email="j.jansen@example.org",
            bevoegd_gezag="41234",
            brin="12AB",
            brin_volgnummer="00",
            sector="PO",
            functie="leraar",
            benoemingsgrondslag="PO-BEV",
            qualified=True,
            onderwijsterrein=None,
            benoeming_begindatum=date(2025, 8, 1),
            benoeming_einddatum=None,
            dienstverband_begindatum=date(2025, 8, 1),
            dienstverband_einddatum=None,
        )
        event = CloudEvent(
            type=event_type("test", "event"), source=source("test"), data=appointment
        )
        value, headers = encode(event)
        await self.producer.send_and_wait(
            self.registry_settings.topic(topics.INTAKE_APPOINTMENTS.name),
            value,
            key=keyed_hash(bsn, HASH_KEY.encode()).encode(),
            headers=headers,
        )
        dev_token = mint_token(
            (self.dev_keys / DEV_IDP_KEY_FILE).read_bytes(),
            kid=DEV_IDP_KID,
            issuer=DEV_IDP_ISSUER,
            subject=bsn,
            kind="identity",
        )
        number: list[str] = []
        async with httpx.AsyncClient(base_url=self.registry_url) as registry:

            async def known() -> bool:
                response = await registry.post(
                    "/v1/me/token", headers={"Authorization": f"Bearer {dev_token}"}
                )
                if response.status_code == 200:
                    number.append(response.json()["registration_number"])
                return bool(number)

            assert await eventually(known, timeout=30), "the registry never knew the teacher"
        return bsn, number[0]

    async def sessions(self) -> list[dict[str, Any]]:
        connection = await asyncpg.connect(self.portal_dsn.replace("+asyncpg", ""))
        try:
            return [dict(row) for row in await connection.fetch("select * from sessions")]
        finally:
            await connection.close()

    async def signed_in_sessions(self) -> list[dict[str, Any]]:
        return [s for s in await self.sessions() if s["registration_number"] is not None]

    async def pending_sign_ins(self) -> list[dict[str, Any]]:
        connection = await asyncpg.connect(self.portal_dsn.replace("+asyncpg", ""))
        try:
            return [dict(r) for r in await connection.fetch("select * from pending_sign_ins")]
        finally:
            await connection.close()


@pytest_asyncio.fixture(scope="module")
async def digid(
    stack: StackEndpoints, kafka_bootstrap: str, dev_keys: Path, tmp_path_factory: Any
) -> AsyncIterator[DigidWorld]:
    portal_port, provider_port = free_port(), free_port()
    redirect = f"http://127.0.0.1:{portal_port}/inloggen/digid/terug"
    with provider_process(provider_port, redirect) as provider:
        jwks_file = tmp_path_factory.mktemp("oidc") / "provider-jwks.json"
        jwks_file.write_text(json.dumps(provider.jwks()))
        suffix = f".t{uuid.uuid4().hex[:10]}"
        await create_topics(kafka_bootstrap, suffix)
        producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, **client_options())
        await producer.start()
        try:
            async with (
                database(stack, "registry") as registry_dsn,
                database(stack, "portal") as portal_dsn,
            ):
                registry_settings = RegistrySettings(
                    environment="test",
                    database_url=registry_dsn,
                    kafka_bootstrap_servers=kafka_bootstrap,
                    topic_suffix=suffix,
                    jwks_file=dev_keys / "jwks.json",
                    register_signing_key_file=dev_keys / "registry-signing-key.pem",
                    bsn_hash_key=HASH_KEY,
                    bsn_encryption_key=ENCRYPTION_KEY,
                    scheduler_enabled=False,
                    db_pool_size=2,
                    oidc_identity_issuer=provider.issuer,
                    oidc_identity_audience=CLIENT_ID,
                    oidc_identity_jwks_file=jwks_file,
                )
                async with served(create_registry(registry_settings), free_port()) as registry:
                    portal_settings = PortalSettings(
                        # Development: its cookies are not Secure, so they travel over the
                        # plain http://127.0.0.1 of the test. No development sign-in key.
                        environment="development",
                        database_url=portal_dsn,
                        registry_url=registry,
                        # Nothing listens there: these tests stop at the overview's door.
                        portfolio_url=f"http://127.0.0.1:{free_port()}",
                        oidc_issuer=provider.issuer,
                        oidc_client_id=CLIENT_ID,
                        oidc_client_secret=CLIENT_SECRET,
                        oidc_redirect_url=redirect,
                        db_pool_size=2,
                    )
                    async with served(create_portal(portal_settings), portal_port) as portal:
                        yield DigidWorld(
                            provider,
                            portal,
                            portal_dsn,
                            registry,
                            registry_settings,
                            dev_keys,
                            producer,
                        )
        finally:
            await producer.stop()
            await delete_topics(kafka_bootstrap, suffix=suffix)


@dataclass
class Browser:
    """A visitor's browser without JavaScript: one cookie jar, redirects followed by hand so
    a test can stop at (or tamper with) the portal's callback."""

    client: httpx.AsyncClient
    visited: list[str]

    async def get(self, url: str) -> httpx.Response:
        self.visited.append(url)
        return await self.client.get(url)

    async def to_callback(self, start: str, callback: str = "/inloggen/digid/terug") -> str:
        """Follow the redirects from `start` through the provider to the portal's callback;
        return the callback's URL without opening it."""
        url = start
        for _ in range(10):
            if callback in url:
                return url
            response = await self.get(url)
            assert response.is_redirect, f"{url} answered {response.status_code}"
            url = urljoin(str(response.url), response.headers["location"])
        raise AssertionError("no callback after 10 redirects")

    async def follow(self, url: str) -> httpx.Response:
        """Open `url` and follow redirects to the page at the end."""
        for _ in range(10):
            response = await self.get(url)
            if not response.is_redirect:
                return response
            url = urljoin(str(response.url), response.headers["location"])
        raise AssertionError("more than 10 redirects")


@pytest_asyncio.fixture
async def browser() -> AsyncIterator[Browser]:
    async with httpx.AsyncClient(timeout=20) as client:
        yield Browser(client, [])


def page_text(response: httpx.Response) -> str:
    """The page's words, without its markup."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))

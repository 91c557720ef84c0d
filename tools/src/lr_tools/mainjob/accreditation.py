"""A small accreditation round (docs/profession.md): the teachers who signed in join a panel, a
training provider submits an offer, the panel reviews it, the decision enters the portfolio's
catalogue and one teacher's attendance adds exactly the decided hours to her progress.

Teachers of earlier runs may still be on a panel of the same stack: the round's teachers leave
their panel at the end, so that the next run's round is reviewed by its own teachers. A panel
that holds someone else's review waits for her; the summary says so.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer

from lr_shared.auth import PROVIDER_NAME_CLAIM
from lr_shared.cloudevents import CloudEvent, encode, event_type, source
from lr_shared.contracts.portfolio import AttendanceV1
from lr_shared.contracts.topics import PORTFOLIO_ATTENDANCE
from lr_shared.kafka import client_options
from lr_shared.signed import sender_header
from lr_tools.mainjob.deliveries import Delivery
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.mainjob.teachers import TeacherVisit, visit

PROVIDER_ID = "MAINJOB-NSO"
PROVIDER_NAME = "Nationale Scholingsorganisatie (ontwikkeling)"
SECTORS = ("PO", "VO", "MBO")
PROPOSALS = ("12", "16", "14")
"""The three reviewers' proposed hours: the decision is their median, 14."""


@dataclass
class RoundResult:
    sector: str | None = None
    panel: int = 0
    outcome: str = "not decided"
    register_hours: str | None = None
    activity_code: str | None = None
    in_catalogue: bool = False
    hours_before: str | None = None
    hours_after: str | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class _Teacher:
    number: str
    headers: dict[str, str]


async def _eventually(check: Callable[[], Awaitable[bool]], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return True
        await asyncio.sleep(0.5)
    return False


async def run_round(
    endpoints: Endpoints,
    profession: str,
    visits: list[TeacherVisit],
    deliveries: Iterable[Delivery] = (),
    *,
    max_extra_visits: int = 40,
) -> RoundResult:
    """`visits` are the teachers who signed in; when fewer than three of them are registered in
    one sector, more delivered teachers sign in and confirm (at most `max_extra_visits`)."""
    result = RoundResult()
    async with httpx.AsyncClient(timeout=30) as client:
        panel = await _panel(client, endpoints, profession, visits, deliveries, max_extra_visits)
        result.sector = panel[0][0] if panel else None
        members = [teacher for _, teacher in panel]
        result.panel = len(members)
        if len(members) < len(PROPOSALS):
            result.problems.append(
                f"accreditation: {len(members)} registered teachers of one sector joined a "
                f"panel; a round needs {len(PROPOSALS)}"
            )
            for teacher in members:
                await client.delete(f"{profession}/v1/me/panel-membership", headers=teacher.headers)
            return result
        try:
            await _review(client, endpoints, profession, members, result)
            if result.activity_code is not None:
                await _attend(client, endpoints, members[0], result)
        finally:
            for teacher in members:
                await client.delete(f"{profession}/v1/me/panel-membership", headers=teacher.headers)
    return result


async def _panel(
    client: httpx.AsyncClient,
    endpoints: Endpoints,
    profession: str,
    visits: list[TeacherVisit],
    deliveries: Iterable[Delivery],
    max_extra_visits: int,
) -> list[tuple[str, _Teacher]]:
    """Three registered teachers of one sector, each opted in for it; nobody else of the round
    stays opted in (anyone opted in could be assigned the round's review)."""
    joined: dict[str, list[_Teacher]] = {}

    async def add(bsn: str) -> list[tuple[str, _Teacher]] | None:
        teacher = await _sign_in(client, endpoints, bsn)
        sector = await _join_one(client, profession, teacher)
        if sector is None:
            return None
        joined.setdefault(sector, []).append(teacher)
        if len(joined[sector]) < len(PROPOSALS):
            return None
        return [(sector, t) for t in joined[sector]]

    async def done(panel: list[tuple[str, _Teacher]]) -> list[tuple[str, _Teacher]]:
        members = {id(t) for _, t in panel}
        for others in joined.values():
            for teacher in others:
                if id(teacher) not in members:
                    await client.delete(
                        f"{profession}/v1/me/panel-membership", headers=teacher.headers
                    )
        return panel

    seen = {v.bsn for v in visits}
    for v in visits:
        if v.state_after_confirm == "registered" and (panel := await add(v.bsn)):
            return await done(panel)
    extra = 0
    for row in (row for d in deliveries for row in d.rows if row.expected_error is None):
        bsn = row.values["bsn"]
        if bsn in seen or extra >= max_extra_visits:
            continue
        seen.add(bsn)
        extra += 1
        visited = await visit(endpoints, bsn, row.values["achternaam"])
        registered = visited is not None and visited.state_after_confirm == "registered"
        if registered and (panel := await add(bsn)):
            return await done(panel)
    largest = max(joined.values(), key=len, default=[])
    return await done([(s, t) for s, ts in joined.items() if ts is largest for t in ts])


async def _sign_in(client: httpx.AsyncClient, endpoints: Endpoints, bsn: str) -> _Teacher:
    exchanged = await client.post(
        f"{endpoints.registry}/v1/me/token",
        headers={"Authorization": f"Bearer {endpoints.token('identity', bsn)}"},
    )
    exchanged.raise_for_status()
    body = exchanged.json()
    return _Teacher(
        body["registration_number"], {"Authorization": f"Bearer {body['access_token']}"}
    )


async def _join_one(client: httpx.AsyncClient, profession: str, teacher: _Teacher) -> str | None:
    for sector in SECTORS:
        status = await _put_membership(client, profession, teacher, sector)
        if status < 300:
            return sector
    return None


async def _put_membership(
    client: httpx.AsyncClient, profession: str, teacher: _Teacher, sector: str
) -> int:
    """The answer to joining for `sector`, once it is no longer 409 (or the last 409)."""
    statuses: list[int] = []

    async def answered() -> bool:
        response = await client.put(
            f"{profession}/v1/me/panel-membership",
            headers=teacher.headers,
            json={"sector": sector, "subjects": []},
        )
        statuses.append(response.status_code)
        return response.status_code != 409

    await _eventually(answered, timeout=30)
    return statuses[-1]


async def _review(
    client: httpx.AsyncClient,
    endpoints: Endpoints,
    profession: str,
    panel: list[_Teacher],
    result: RoundResult,
) -> None:
    provider = {
        "Authorization": "Bearer "
        + endpoints.token(
            "provider", PROVIDER_ID, extra_claims={PROVIDER_NAME_CLAIM: PROVIDER_NAME}
        )
    }
    submitted = await client.post(
        f"{profession}/v1/accreditation-requests",
        headers=provider,
        json={
            "offer_reference": f"MAINJOB-{uuid.uuid4().hex[:12]}",
            "title": "Formatief evalueren in de praktijk",
            "description": "Vier bijeenkomsten over feedback die het leren vooruithelpt, met "
            "opdrachten in de eigen klas.",
            "type": "course",
            "sectors": [result.sector],
            "planned_hours": "16",
            "core": True,
            "on_demand": True,
        },
    )
    submitted.raise_for_status()
    request_id = submitted.json()["id"]
    for teacher, hours in zip(panel, PROPOSALS, strict=True):
        review = await _assigned(client, profession, teacher, request_id)
        if review is None:
            result.problems.append(
                "accreditation: a teacher outside this round (of an earlier run) holds one of its "
                "reviews; the request waits for her"
            )
            return
        scores = [
            {"criterion": c["code"], "score": 4, "reason": "Sluit aan bij de praktijk in de klas."}
            for c in review["criteria"]["criteria"]
        ]
        sent = await client.post(
            f"{profession}/v1/me/reviews/{review['id']}",
            headers=teacher.headers,
            json={"scores": scores, "verdict": "approve", "proposed_hours": hours},
        )
        sent.raise_for_status()
    decided = await client.get(
        f"{profession}/v1/accreditation-requests/{request_id}", headers=provider
    )
    decided.raise_for_status()
    body = decided.json()
    result.outcome = body["state"]
    result.register_hours = body["register_hours"]
    result.activity_code = body["activity_code"]

    async def listed() -> bool:
        found = await client.get(
            f"{endpoints.portfolio}/v1/catalogue", params={"provider_id": PROVIDER_ID}
        )
        return found.is_success and any(
            e["activity_code"] == result.activity_code for e in found.json()["items"]
        )

    result.in_catalogue = await _eventually(listed)
    if not result.in_catalogue:
        result.problems.append("accreditation: the decision did not reach the catalogue")


async def _assigned(
    client: httpx.AsyncClient, profession: str, teacher: _Teacher, request_id: str
) -> dict[str, Any] | None:
    found: dict[str, Any] = {}

    async def open_review() -> bool:
        mine = await client.get(f"{profession}/v1/me/reviews", headers=teacher.headers)
        mine.raise_for_status()
        for item in mine.json()["items"]:
            if str(item["offer"]["request_id"]) == request_id and item["state"] == "open":
                found.update(item)
                return True
        return False

    return found if await _eventually(open_review, timeout=20) else None


async def _attend(
    client: httpx.AsyncClient, endpoints: Endpoints, teacher: _Teacher, result: RoundResult
) -> None:
    """The provider reports that one reviewer attended the activity (she may: reviewing it did
    not earn her the hours)."""
    result.hours_before = await _total(client, endpoints, teacher)
    report = AttendanceV1(
        attendance_id=f"MAINJOB-{uuid.uuid4().hex[:12]}",
        provider_id=PROVIDER_ID,
        activity_code=str(result.activity_code),
        registration_number=teacher.number,
        attended_on=date.today(),
    )
    event = CloudEvent(
        type=event_type("mainjob", "attendance"), source=source("mainjob"), data=report
    )
    value, headers = encode(event)
    # Signed as a provider signs its records: the portfolio counts it only under this token.
    token = endpoints.token(
        "provider", PROVIDER_ID, extra_claims={PROVIDER_NAME_CLAIM: PROVIDER_NAME}
    )
    headers.append(sender_header(token))
    producer = AIOKafkaProducer(bootstrap_servers=endpoints.kafka_bootstrap, **client_options())
    await producer.start()
    try:
        await producer.send_and_wait(
            endpoints.topic(PORTFOLIO_ATTENDANCE.name),
            value,
            key=teacher.number.encode(),
            headers=headers,
        )
    finally:
        await producer.stop()
    expected = Decimal(result.hours_before or 0) + Decimal(result.register_hours or 0)

    async def raised() -> bool:
        total = await _total(client, endpoints, teacher)
        return total is not None and Decimal(total) == expected

    if await _eventually(raised):
        result.hours_after = str(expected)
    else:
        result.hours_after = await _total(client, endpoints, teacher)
        result.problems.append("accreditation: the attendance did not add the decided hours")


async def _total(client: httpx.AsyncClient, endpoints: Endpoints, teacher: _Teacher) -> str | None:
    response = await client.get(f"{endpoints.portfolio}/v1/me/progress", headers=teacher.headers)
    response.raise_for_status()
    current = [p for p in response.json()["periods"] if p.get("current")]
    return str(current[0]["total_hours"]) if current else None

"""The profession's part of the erasure saga, on the real database and broker: the teacher's
panel membership, projection row and name on her reviews go, her open review moves on, her
roll entry is struck while the tally stays, and the erasure is confirmed on the topic."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from lr_profession.domain.votes import voter_mark
from lr_shared.cloudevents import CloudEvent, encode, event_type, source
from lr_shared.contracts import topics
from lr_shared.contracts.privacy import ErasureConfirmationV1, ErasureRequestV1

from .conftest import ROLL_KEY, START, Profession, offer
from .test_votes import ballot, open_vote

pytestmark = pytest.mark.integration


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"reviewer_open_cap": 1}


async def test_an_erasure_request_erases_the_teacher_strikes_her_roll_entry_and_is_confirmed(
    profession: Profession,
) -> None:
    for _ in range(4):
        await profession.panelist("PO")
    response = await profession.client.post(
        "/v1/accreditation-requests", json=offer(), headers=profession.provider("P0042")
    )
    request_id = response.json()["id"]
    erased, other = sorted(await profession.reviewers(request_id))[:2]
    vote_id = await open_vote(profession)
    profession.clock.now = START + timedelta(days=1)
    for number in (erased, other):
        assert (await ballot(profession, number, vote_id, "for")).status_code == 201
    tally = "select choice, count from vote_tally where vote_id = $1 order by choice"
    tally_before = await profession.rows(tally, uuid.UUID(vote_id))

    request = ErasureRequestV1(
        request_id=uuid.uuid4(),
        registration_number=erased,
        requested_at=datetime.now(UTC),
        services=["portfolio", "notifications", "intake", "profession"],
    )
    # No registrations tombstone here: the erasure request alone must do it all.
    event = CloudEvent(
        type=event_type("registry", "erasure-requested"),
        source=source("registry"),
        data=request,
        id=f"erasure-{request.request_id}",
    )
    value, headers = encode(event)
    for _ in range(2):  # the same record twice (same ce_id), as a redelivery brings it
        await profession.producer.send_and_wait(
            profession.topic(topics.PRIVACY_ERASURE_REQUESTS),
            value,
            key=erased.encode(),
            headers=headers,
        )

    records = await profession.messages(topics.PRIVACY_ERASURE_CONFIRMATIONS, 2, timeout=15)
    confirmations = [ErasureConfirmationV1.model_validate_json(r.value) for r in records]
    assert [(c.request_id, c.service, c.registration_number) for c in confirmations] == [
        (request.request_id, "profession", erased)
    ]
    assert dict(records[0].headers)["ce_id"] == f"profession-erasure-{request.request_id}".encode()
    for table in ("registrations", "panel_members", "reviews"):
        assert (
            await profession.value(
                f"select count(*) from {table} where registration_number = $1",  # noqa: S608
                erased,
            )
            == 0
        ), table
    await profession.until(
        "select count(*) from reviews where request_id = $1 and state = 'open'",
        request_id,
        expected=3,
    )
    roll = "select count(*) from vote_voters where vote_id = $1 and voter = $2"
    vote = uuid.UUID(vote_id)
    assert await profession.value(roll, vote, voter_mark(ROLL_KEY.encode(), vote, erased)) == 0
    assert await profession.value(roll, vote, voter_mark(ROLL_KEY.encode(), vote, other)) == 1
    assert await profession.rows(tally, vote) == tally_before
    again = await ballot(profession, erased, vote_id, "against")
    assert again.status_code == 409
    assert again.json()["code"] == "not-registered"

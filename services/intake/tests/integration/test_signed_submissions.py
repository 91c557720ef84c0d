"""Forged submissions on the real broker and database: a batch without its sender's valid board
token goes to the dead-letter topic; with a valid token it is the token's sender's, and a body
claiming another board is a rejected delivery. None of them becomes an appointment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lr_intake.domain import codes
from lr_shared.contracts.intake import AppointmentV1
from lr_shared.contracts.topics import INTAKE_APPOINTMENTS, INTAKE_SUBMISSIONS
from lr_shared.signed import SENDER_HEADER
from lr_tools.testing import consume

from .conftest import Service, stored_counts
from .test_kafka_channel import publish, reports, submission

pytestmark = pytest.mark.integration

TOPIC = INTAKE_SUBMISSIONS.name


async def appointments(service: Service, count: int, timeout: float) -> list[AppointmentV1]:
    records = await consume(
        service.settings.kafka_bootstrap_servers,
        service.topic(INTAKE_APPOINTMENTS.name),
        count=count,
        timeout=timeout,
    )
    return [AppointmentV1.model_validate_json(r.value) for r in records]


async def test_a_forged_submission_never_becomes_an_appointment(intake: Service) -> None:
    board, other = (b.bevoegd_gezag for b in intake.reference.boards[:2])
    # All on one key: one partition, taken in order, so the last batch comes last.
    unsigned, _ = submission(intake, board, board, "forged-unsigned", 0.0)
    expired, _ = submission(intake, board, board, "forged-expired", 0.0)
    impostor, _ = submission(intake, board, board, "forged-impostor", 0.0)
    foreign, _ = submission(intake, other, board, "forged-foreign", 0.0)
    genuine, good = submission(intake, board, board, "genuine", 0.0)
    await publish(intake, TOPIC, board, unsigned, signed=False)
    # A token of the board that expired: issued two hours ago for one hour.
    stale = intake.token(board, now=datetime.now(UTC) - timedelta(hours=2))
    await publish(intake, TOPIC, board, expired, token=stale)
    # The other board's valid token under a body that says it is `board`'s.
    await publish(intake, TOPIC, board, impostor, token=intake.token(other))
    # The board's own valid token, delivering for a board it may not deliver for.
    await publish(intake, TOPIC, board, foreign, token=intake.token(board))
    await publish(intake, TOPIC, board, genuine, token=intake.token(board))

    by_reference = {r.delivery_reference: r for r in await reports(intake, 3)}
    assert set(by_reference) == {"forged-impostor", "forged-foreign", "genuine"}
    impostor_report = by_reference["forged-impostor"]
    assert impostor_report.status == "rejected"
    assert impostor_report.rejection_code == codes.SUBMITTER_NOT_SENDER
    assert impostor_report.submitted_by == other  # the token's board, not the body's
    assert by_reference["forged-foreign"].status == "rejected"
    assert by_reference["forged-foreign"].rejection_code == codes.NO_MANDATE
    assert by_reference["genuine"].rows_accepted == good

    dead = await consume(
        intake.settings.kafka_bootstrap_servers,
        f"{intake.topic(TOPIC)}.dlq",
        count=2,
        timeout=30,
    )
    reasons = [dict(r.headers)["dlq_reason"].decode() for r in dead]
    assert reasons == [
        "invalid sender token: no authorization header",
        "invalid sender token: ExpiredSignatureError",
    ]
    assert all(SENDER_HEADER not in dict(r.headers) for r in dead)  # no credential kept there

    published = await appointments(intake, good + 1, timeout=5)
    assert len(published) == good
    assert {a.delivery_id for a in published} == {by_reference["genuine"].delivery_id}
    counts = await stored_counts(intake)
    assert counts["appointments"] == good
    assert counts["deliveries"] == 3  # the genuine one and the two rejected; no DLQ'd one


async def test_a_bureau_delivers_for_the_boards_its_token_names(intake: Service) -> None:
    """Not for the boards the reference data gives it: the token is the mandate, as on HTTP."""
    bureau, board = intake.reference.mandates[0]
    batch, good = submission(intake, board, bureau, "bureau-token-1", 0.0)
    again = batch.model_copy(update={"delivery_reference": "bureau-token-2"})
    await publish(intake, TOPIC, board, batch, token=intake.token(bureau, [board]))
    await publish(intake, TOPIC, board, again, token=intake.token(bureau))  # no boards named
    by_reference = {r.delivery_reference: r for r in await reports(intake, 2)}
    assert by_reference["bureau-token-1"].rows_accepted == good
    assert by_reference["bureau-token-2"].rejection_code == codes.NO_MANDATE
    assert len(await appointments(intake, good + 1, timeout=5)) == good

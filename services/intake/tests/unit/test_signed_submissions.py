"""A Kafka submission is its token's sender's: who sent it and the boards it may deliver for
come from the token, not from the body (fake ports; the real broker in
tests/integration/test_signed_submissions.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, cast

from lr_intake.application.deliveries import Intake, receive_submission
from lr_intake.domain import codes
from lr_intake.domain.delivery import Delivery, DeliveryOutcome
from lr_intake.entrypoints.subscribers import to_batch
from lr_shared.auth import Principal
from lr_shared.contracts.intake import SubmissionRecordV1, SubmissionV1

NOW = datetime(2026, 8, 20, 12, 0, tzinfo=UTC)
BUREAU = Principal(kind="board", subject="40001", boards=frozenset({"40001", "41234"}))


def submission(bevoegd_gezag: str, submitted_by: str) -> SubmissionV1:
    return SubmissionV1(
        delivery_reference="afas-1",
        bevoegd_gezag=bevoegd_gezag,
        submitted_by=submitted_by,
        records=[SubmissionRecordV1(bevoegd_gezag=bevoegd_gezag, bsn="123456782")],
    )


class FakeWork:
    """Just enough of the unit of work for a refused batch: what was reported."""

    def __init__(self) -> None:
        self.reported: list[DeliveryOutcome] = []
        self.committed = False
        self.deliveries = self
        self.outbox = self

    async def __aenter__(self) -> FakeWork:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        return None

    async def claim(self, consumer: str, ids: Sequence[str]) -> set[str]:
        return set(ids)

    async def lock_key(self, submitter: str, key: str) -> None:
        return None

    async def find_by_idempotency_key(self, submitter: str, key: str) -> Delivery | None:
        return None

    async def delivery_report(self, outcome: DeliveryOutcome) -> bytes:
        self.reported.append(outcome)
        return b"{}"

    async def create(self, delivery: Delivery) -> bool:
        return True

    async def save(self, delivery: Delivery, report: bytes | None = None) -> None:
        return None

    async def commit(self) -> None:
        self.committed = True


def intake(work: FakeWork) -> Intake:
    # A refused batch reaches neither the reference data nor the row checks.
    none = cast(Any, None)
    uow = cast(Any, lambda: work)
    return Intake(uow=uow, reference=none, checkers=none, describe=none, clock=lambda: NOW)


def test_the_submitter_and_its_boards_come_from_the_token() -> None:
    batch = to_batch("m-1", submission("41234", "40001"), BUREAU)
    assert batch.submitted_by == "40001"
    assert batch.allowed_boards == {"40001", "41234"}
    assert batch.claimed_by == "40001"


def test_a_body_naming_another_submitter_does_not_make_it_the_submitter() -> None:
    batch = to_batch("m-1", submission("41234", "49999"), BUREAU)
    assert batch.submitted_by == "40001"
    assert batch.claimed_by == "49999"


async def test_a_body_naming_another_submitter_is_a_rejected_delivery() -> None:
    work = FakeWork()
    await receive_submission(intake(work), to_batch("m-1", submission("41234", "49999"), BUREAU))
    [outcome] = work.reported
    assert outcome.delivery.status == "rejected"
    assert outcome.delivery.rejection_code == codes.SUBMITTER_NOT_SENDER
    assert outcome.delivery.submitted_by == "40001"  # the report says who really sent it
    assert work.committed


async def test_a_board_the_token_may_not_deliver_for_is_a_rejected_delivery() -> None:
    work = FakeWork()
    await receive_submission(intake(work), to_batch("m-1", submission("42222", "40001"), BUREAU))
    [outcome] = work.reported
    assert outcome.delivery.status == "rejected"
    assert outcome.delivery.rejection_code == codes.NO_MANDATE
    assert outcome.delivery.bevoegd_gezag == "42222"

"""Correction requests from the registry, kept for the board they concern; the board's answer
back to the registry (lr.intake.correction-answers.v1), and resolutions the registry saw."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from lr_intake.application.ports import CorrectionRequest, Resolution, UnitOfWorkFactory
from lr_intake.domain.corrections import BoardCorrectionRequest, Decision, Status
from lr_shared.contracts.intake import CorrectionAnswerV1

CORRECTIONS_CONSUMER = "correction-requests"
RESOLUTIONS_CONSUMER = "correction-resolutions"


class CorrectionRequestNotFoundError(Exception):
    """No such request for this board (another board's is answered the same way)."""


async def keep_correction_requests(
    uow_factory: UnitOfWorkFactory, items: Sequence[tuple[str, CorrectionRequest]]
) -> None:
    """Store a batch of (message id, request); redelivered messages change nothing."""
    async with uow_factory() as uow:
        new = await uow.claim(CORRECTIONS_CONSUMER, [message_id for message_id, _ in items])
        await uow.corrections.add([request for message_id, request in items if message_id in new])
        await uow.commit()


async def keep_resolutions(
    uow_factory: UnitOfWorkFactory, items: Sequence[tuple[str, Resolution]]
) -> None:
    """Mark requests resolved by a redelivery; redelivered messages change nothing."""
    async with uow_factory() as uow:
        new = await uow.claim(RESOLUTIONS_CONSUMER, [message_id for message_id, _ in items])
        await uow.corrections.resolve([r for message_id, r in items if message_id in new])
        await uow.commit()


async def correction_requests_of_board(
    uow_factory: UnitOfWorkFactory, board: str, status: Status | None, limit: int, offset: int
) -> tuple[list[BoardCorrectionRequest], int]:
    async with uow_factory() as uow:
        return await uow.corrections.list_for_board(board, status, limit, offset)


async def correction_request(
    uow_factory: UnitOfWorkFactory, board: str, request_id: UUID
) -> BoardCorrectionRequest:
    async with uow_factory() as uow:
        found = await uow.corrections.get(board, request_id)
    if found is None:
        raise CorrectionRequestNotFoundError
    return found


async def answer_correction_request(
    uow_factory: UnitOfWorkFactory,
    board: str,
    request_id: UUID,
    decision: Decision,
    reason: str | None,
    answered_by: str,
    now: datetime,
) -> BoardCorrectionRequest:
    """Store the board's answer and publish it to the registry, in one transaction. The same
    answer again changes nothing; another answer raises AnswerConflictError, a resolved request
    AlreadyResolvedError, a rejection without reason ReasonRequiredError."""
    async with uow_factory() as uow:
        found = await uow.corrections.get(board, request_id, lock=True)
        if found is None:
            raise CorrectionRequestNotFoundError
        answer = found.answered(decision, reason, answered_by, now)
        if answer is found.answer:
            return found
        await uow.corrections.answer(request_id, answer)
        await uow.outbox.correction_answer(
            CorrectionAnswerV1(
                request_id=request_id,
                bevoegd_gezag=board,
                registration_number=found.registration_number,
                decision=answer.decision,
                reason=answer.reason,
                answered_at=answer.answered_at,
            )
        )
        await uow.commit()
    return replace(found, answer=answer)

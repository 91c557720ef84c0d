"""Intake's Kafka consumers: board submissions, correction requests and their resolutions,
erasure requests.
Thin: contract in, command out, handler called."""

from __future__ import annotations

from collections.abc import Sequence

from lr_intake.application.corrections import keep_correction_requests, keep_resolutions
from lr_intake.application.deliveries import BatchSubmission, Intake, receive_submission
from lr_intake.application.erasure import erase_teachers
from lr_intake.application.ports import CorrectionRequest, Resolution
from lr_intake.domain.columns import COLUMNS
from lr_shared.auth import Principal
from lr_shared.consumers import Event, Tombstone, subscribe
from lr_shared.contracts.intake import SubmissionV1
from lr_shared.contracts.privacy import ErasureRequestV1
from lr_shared.contracts.registry import CorrectionRequestV1, CorrectionResolvedV1
from lr_shared.contracts.topics import (
    INTAKE_SUBMISSIONS,
    PRIVACY_ERASURE_REQUESTS,
    REGISTRY_CORRECTION_REQUESTS,
    REGISTRY_CORRECTION_RESOLUTIONS,
)
from lr_shared.runtime import Platform


def to_batch(message_id: str, submission: SubmissionV1, sender: Principal) -> BatchSubmission:
    """The batch as its sender's board token vouches for it: who sent it and for which boards
    it may deliver come from the token, as for an upload (`http.upload`)."""
    return BatchSubmission(
        message_id=message_id,
        delivery_reference=submission.delivery_reference,
        bevoegd_gezag=submission.bevoegd_gezag,
        submitted_by=sender.subject,
        allowed_boards=sender.boards,
        records=[
            [getattr(record, column) or "" for column in COLUMNS] for record in submission.records
        ],
        claimed_by=submission.submitted_by,
    )


def register(platform: Platform, intake: Intake) -> None:
    async def submissions(items: Sequence[Event[SubmissionV1] | Tombstone]) -> None:
        for item in items:
            # `signed_by="board"`: the consumer sent every record without a valid token to
            # the dead-letter topic, so each event here has its sender.
            if isinstance(item, Event) and item.sender is not None:
                await receive_submission(intake, to_batch(item.id, item.data, item.sender))

    async def correction_requests(
        items: Sequence[Event[CorrectionRequestV1] | Tombstone],
    ) -> None:
        requests = [
            (
                item.id,
                CorrectionRequest(
                    item.data.request_id,
                    item.data.bevoegd_gezag,
                    item.data.requested_at,
                    item.data.model_dump(mode="json"),
                ),
            )
            for item in items
            if isinstance(item, Event)
        ]
        if requests:
            await keep_correction_requests(intake.uow, requests)

    async def resolutions(items: Sequence[Event[CorrectionResolvedV1] | Tombstone]) -> None:
        resolved = [
            (
                item.id,
                Resolution(item.data.request_id, item.data.delivery_id, item.data.resolved_at),
            )
            for item in items
            if isinstance(item, Event)
        ]
        if resolved:
            await keep_resolutions(intake.uow, resolved)

    async def erasures(items: Sequence[Event[ErasureRequestV1] | Tombstone]) -> None:
        requests = [(item.id, item.data) for item in items if isinstance(item, Event)]
        if requests:
            await erase_teachers(intake.uow, requests, intake.clock())

    subscribe(
        platform,
        INTAKE_SUBMISSIONS,
        group="submissions",
        model=SubmissionV1,
        handler=submissions,
        max_records=20,
        signed_by="board",
    )
    subscribe(
        platform,
        REGISTRY_CORRECTION_REQUESTS,
        group="correction-requests",
        model=CorrectionRequestV1,
        handler=correction_requests,
    )
    subscribe(
        platform,
        REGISTRY_CORRECTION_RESOLUTIONS,
        group="correction-resolutions",
        model=CorrectionResolvedV1,
        handler=resolutions,
    )
    subscribe(
        platform,
        PRIVACY_ERASURE_REQUESTS,
        group="erasure-requests",
        model=ErasureRequestV1,
        handler=erasures,
    )

"""Receiving a delivery: an uploaded file (streamed) or a batch from Kafka.

The HTTP upload is answered synchronously: the rows are checked while the body streams in, and
the 202 goes out once every row's outcome, the accepted appointments and the report are
committed. Publishing them is asynchronous (the outbox relay); until it is done the delivery is
`processing`, then `completed`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID, uuid4

from opentelemetry import trace

from lr_intake.application.metrics import record_delivery
from lr_intake.application.ports import IntakeUnitOfWork, RowCheckers, UnitOfWorkFactory
from lr_intake.application.processing import DeliveryProcessor
from lr_intake.application.reference import ReferenceCache
from lr_intake.domain import codes
from lr_intake.domain.delivery import Delivery, DeliveryOutcome
from lr_intake.domain.fileformat import CsvFile, FileRejectedError, NdjsonFile, Parsed

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

SUBMISSIONS_CONSUMER = "submissions"


@dataclass(frozen=True)
class Intake:
    """What the delivery handlers need: their ports and settings."""

    uow: UnitOfWorkFactory
    reference: ReferenceCache
    checkers: RowCheckers
    clock: Callable[[], datetime]
    chunk_rows: int = 5000
    max_upload_bytes: int = 512 * 1024 * 1024


@dataclass(frozen=True)
class FileUpload:
    submitted_by: str
    bevoegd_gezag: str
    allowed_boards: frozenset[str]
    format: Literal["csv", "ndjson"]
    idempotency_key: str | None = None


@dataclass(frozen=True)
class Received:
    delivery: Delivery
    replayed: bool  # an earlier upload with the same Idempotency-Key


@dataclass(frozen=True)
class BatchSubmission:
    message_id: str
    delivery_reference: str
    bevoegd_gezag: str
    submitted_by: str
    records: Sequence[list[str]]


async def receive_file(
    intake: Intake, upload: FileUpload, chunks: AsyncIterator[bytes]
) -> Received:
    """Read, check and store one uploaded file; a whole-file problem rejects the delivery."""
    now = intake.clock()
    fresh = Delivery(
        id=uuid4(),
        channel="http",
        submitted_by=upload.submitted_by,
        bevoegd_gezag=upload.bevoegd_gezag,
        format=upload.format,
        received_at=now,
        idempotency_key=upload.idempotency_key,
    )
    claimed: Delivery | None = None
    try:
        # One connection for the whole upload: the claim is committed on it at once, then the
        # rows are processed in one transaction (a second checkout cost five round trips).
        async with intake.uow() as uow:
            delivery, replayed = await uow.deliveries.claim(fresh)
            if replayed:
                return Received(delivery, True)
            claimed = delivery
            with tracer.start_as_current_span(
                "intake.delivery", attributes={"delivery.id": str(delivery.id)}
            ):
                result = await _process_file(intake, uow, delivery, upload, chunks)
        if isinstance(result, Received):
            return result
        # The transaction rolled back: nothing of the file is kept, only the rejection.
        return Received(await reject(intake, claimed, result.code, result.message), False)
    except Exception:
        if claimed is not None:
            await _abandon(intake, claimed.id)
        raise


async def _process_file(
    intake: Intake,
    uow: IntakeUnitOfWork,
    delivery: Delivery,
    upload: FileUpload,
    chunks: AsyncIterator[bytes],
) -> Received | FileRejectedError:
    """The upload's rows in the unit of work's transaction; a whole-file problem is returned
    (the caller stores the rejection once this transaction has rolled back)."""
    # The transaction's first statement (it begins it): a concurrent retry with the same key
    # sees this delivery locked, i.e. being read.
    current = await uow.deliveries.lock(delivery.id)
    if current is None or current.status != "received":
        return Received(current or delivery, True)  # a concurrent retry finished it
    delivery = current
    processor = await _processor(intake, uow, delivery, upload.allowed_boards)
    reader = CsvFile() if upload.format == "csv" else NdjsonFile()
    size = 0
    try:
        async for chunk in chunks:
            size += len(chunk)
            if size > intake.max_upload_bytes:
                limit = intake.max_upload_bytes // (1024 * 1024)
                raise FileRejectedError(
                    codes.FILE_TOO_LARGE, codes.file_message(codes.FILE_TOO_LARGE, limit=limit)
                )
            await processor.add(reader.feed(chunk))
        await processor.add(reader.feed(b"", final=True))
        outcome = await processor.finish()
    except FileRejectedError as problem:
        return problem
    finally:
        await processor.settle()  # before the transaction ends
    await uow.commit()
    record_delivery(outcome)
    return Received(outcome.delivery, False)


async def _processor(
    intake: Intake, uow: IntakeUnitOfWork, delivery: Delivery, allowed: frozenset[str]
) -> DeliveryProcessor:
    now = intake.clock()
    reference = await intake.reference.current(uow)
    checker = intake.checkers(reference, allowed, now.date(), delivery.id)
    return DeliveryProcessor(uow, delivery, checker, now=now, chunk_rows=intake.chunk_rows)


async def _abandon(intake: Intake, delivery_id: UUID) -> None:
    """An upload broke off (client gone, database error): forget its `received` row, so that
    a retry with the same key starts afresh."""
    try:
        async with intake.uow() as uow:
            current = await uow.deliveries.lock(delivery_id, wait=False)
            if current is not None and current.status == "received":
                await uow.deliveries.delete(delivery_id)
                await uow.commit()
    except Exception:
        log.exception(
            "could not remove an abandoned delivery", extra={"delivery": str(delivery_id)}
        )


async def reject(intake: Intake, delivery: Delivery, code: str, message: str) -> Delivery:
    """Store the delivery as rejected, with its report, in a transaction of its own."""
    async with intake.uow() as uow:
        rejected = await _store_rejection(uow, delivery, code, message, intake.clock())
        await uow.commit()
    return rejected


async def _store_rejection(
    uow: IntakeUnitOfWork, delivery: Delivery, code: str, message: str, now: datetime
) -> Delivery:
    rejected = delivery.rejected(code, message, now)
    outcome = DeliveryOutcome(rejected, (), False)
    report = await uow.outbox.delivery_report(outcome)
    await uow.deliveries.create(rejected)  # a Kafka batch has no row yet; an upload has one
    await uow.deliveries.save(rejected, report)
    record_delivery(outcome)
    return rejected


async def receive_submission(intake: Intake, batch: BatchSubmission) -> None:
    """One batch from `lr.intake.submissions.v1`, in one transaction with its inbox claim."""
    async with intake.uow() as uow:
        if not await uow.claim(SUBMISSIONS_CONSUMER, [batch.message_id]):
            return
        # One delivery per reference, also when two replicas take it at once (sent twice,
        # to different partitions): the second waits here for the first, then finds it.
        await uow.deliveries.lock_key(batch.submitted_by, batch.delivery_reference)
        existing = await uow.deliveries.find_by_idempotency_key(
            batch.submitted_by, batch.delivery_reference
        )
        if existing is not None:
            # The same reference again: the first delivery's feedback, once more.
            report = await uow.deliveries.report(existing.id)
            if report is not None:
                await uow.outbox.resend_report(existing.id, report)
            await uow.commit()
            return
        now = intake.clock()
        delivery = Delivery(
            id=uuid4(),
            channel="kafka",
            submitted_by=batch.submitted_by,
            bevoegd_gezag=batch.bevoegd_gezag,
            format="kafka",
            received_at=now,
            idempotency_key=batch.delivery_reference,
        )
        with tracer.start_as_current_span(
            "intake.submission", attributes={"delivery.id": str(delivery.id)}
        ):
            await _process_batch(intake, uow, delivery, batch)
        await uow.commit()


async def _process_batch(
    intake: Intake, uow: IntakeUnitOfWork, delivery: Delivery, batch: BatchSubmission
) -> None:
    reference = await intake.reference.current(uow)
    allowed = reference.boards_of(batch.submitted_by)
    now = intake.clock()
    if batch.bevoegd_gezag not in allowed:
        message = codes.file_message(codes.NO_MANDATE)
        await _store_rejection(uow, delivery, codes.NO_MANDATE, message, now)
        return
    if not batch.records:
        message = codes.file_message(codes.FILE_EMPTY)
        await _store_rejection(uow, delivery, codes.FILE_EMPTY, message, now)
        return
    if not await uow.deliveries.create(delivery):
        # An HTTP upload took the same key as its Idempotency-Key in between (uploads do not
        # take the key's lock): it is the delivery of this reference, its report answers both.
        log.warning("a submission's reference was taken by an upload", extra=_ids(batch))
        return
    processor = await _processor(intake, uow, delivery, allowed)
    try:
        await processor.add(Parsed(rows=[(n, values) for n, values in enumerate(batch.records, 1)]))
        record_delivery(await processor.finish())
    finally:
        await processor.settle()  # before the transaction ends


def _ids(batch: BatchSubmission) -> dict[str, str]:
    """What a log line may say of a submission (no personal data)."""
    return {"message_id": batch.message_id, "submitted_by": batch.submitted_by}


async def complete_published(intake: Intake) -> int:
    """Mark deliveries whose messages have all been published as completed."""
    async with intake.uow() as uow:
        done = await uow.deliveries.mark_published(intake.clock())
        await uow.commit()
    return done

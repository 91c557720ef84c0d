"""Receiving a delivery: an uploaded file (streamed) or a batch from Kafka.

The HTTP upload is answered synchronously: the rows are checked while the body streams in, and
the 202 goes out once every row's outcome, the accepted appointments and the report are
committed. Publishing them is asynchronous (the outbox relay); until it is done the delivery is
`processing`, then `completed`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal
from uuid import UUID, uuid4

from opentelemetry import trace

from lr_intake.application.metrics import CHECKS, record_delivery
from lr_intake.application.ports import (
    Describer,
    IntakeUnitOfWork,
    RowCheckers,
    UnitOfWorkFactory,
)
from lr_intake.application.processing import DeliveryProcessor
from lr_intake.application.reference import ReferenceCache
from lr_intake.domain import codes
from lr_intake.domain.changes import NoLongerDelivered
from lr_intake.domain.delivery import MAX_REPORTED_ISSUES, Delivery, DeliveryOutcome
from lr_intake.domain.fileformat import CsvFile, FileRejectedError, NdjsonFile, Parsed
from lr_intake.domain.idempotency import (
    BodyDigest,
    KeyInFlightError,
    KeyReusedError,
    batch_digest,
    same_request,
)

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

SUBMISSIONS_CONSUMER = "submissions"
MAX_CHECK_ISSUES = 10_000  # the issues a dry run answers with (all of them are counted)


@dataclass(frozen=True)
class Intake:
    """What the delivery handlers need: their ports and settings."""

    uow: UnitOfWorkFactory
    reference: ReferenceCache
    checkers: RowCheckers
    describe: Describer
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
class Checked:
    """A dry run's answer: the outcome a delivery of the file would have (its first
    `MAX_CHECK_ISSUES` issues), every issue's code counted, and the appointments of the board
    the file does not hold."""

    outcome: DeliveryOutcome
    issue_codes: Mapping[str, int]
    no_longer_delivered: Sequence[NoLongerDelivered]


@dataclass(frozen=True)
class BatchSubmission:
    """A Kafka batch as its sender's token vouches for it: `submitted_by` and `allowed_boards`
    are the token's (its subject, and the boards it may deliver for), as an upload's are;
    `claimed_by` is what the body says, refused unless it is the token's subject."""

    message_id: str
    delivery_reference: str
    bevoegd_gezag: str
    submitted_by: str
    allowed_boards: frozenset[str]
    records: Sequence[list[str]]
    claimed_by: str | None = None


async def receive_file(
    intake: Intake, upload: FileUpload, chunks: AsyncIterator[bytes]
) -> Received:
    """Read, check and store one uploaded file; a whole-file problem rejects the delivery.

    An Idempotency-Key that made a delivery before answers with that delivery when this is
    the same request again (`domain.idempotency`), and raises `KeyReusedError` when it is not
    (nothing of this one is kept)."""
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
                return await _replay(intake, uow, delivery, upload, chunks)
            claimed = delivery
            with tracer.start_as_current_span(
                "intake.delivery", attributes={"delivery.id": str(delivery.id)}
            ):
                result = await _process_file(intake, uow, delivery, upload, chunks)
        if isinstance(result, Delivery):  # a concurrent retry finished it meanwhile
            return await _replay(intake, None, result, upload, chunks)
        if isinstance(result, Received):
            return result
        # The transaction rolled back: nothing of the file is kept, only the rejection.
        problem, body = result
        rejected = claimed.with_body(body.digest(), body.size)
        return Received(await reject(intake, rejected, problem.code, problem.message), False)
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
) -> Received | Delivery | tuple[FileRejectedError, BodyDigest]:
    """The upload's rows in the unit of work's transaction. A whole-file problem is returned
    with the digest of the whole file (the caller stores the rejection once this transaction
    has rolled back); a delivery another request finished meanwhile is returned as it is."""
    # The transaction's first statement (it begins it): a concurrent retry with the same key
    # sees this delivery locked, i.e. being read.
    current = await uow.deliveries.lock(delivery.id)
    if current is None:
        return Received(delivery, True)  # cannot happen: the claim committed it
    if current.status != "received":
        return current
    delivery = current
    processor = await _processor(intake, uow, delivery, upload.allowed_boards)
    try:
        outcome, body = await _read(intake, processor, upload.format, chunks)
    finally:
        await processor.settle()  # before the transaction ends
    if isinstance(outcome, FileRejectedError):
        return outcome, body
    await uow.commit()
    record_delivery(outcome)
    return Received(outcome.delivery, False)


async def _read(
    intake: Intake, processor: DeliveryProcessor, fmt: str, chunks: AsyncIterator[bytes]
) -> tuple[DeliveryOutcome | FileRejectedError, BodyDigest]:
    """The file through the processor while it streams in, hashed as it comes: the outcome,
    or the whole-file problem (the file then read to its end, hashed only), with the digest.
    A delivery and a dry run read a file the same way."""
    reader = CsvFile() if fmt == "csv" else NdjsonFile()
    body = BodyDigest(intake.max_upload_bytes)
    try:
        async for chunk in chunks:
            if not body.update(chunk):
                raise _too_large(intake)
            await processor.add(reader.feed(chunk))
        await processor.add(reader.feed(b"", final=True))
        return await processor.finish((body.digest(), body.size)), body
    except FileRejectedError as problem:
        return await _rest_of(intake, chunks, body, problem), body


def _too_large(intake: Intake) -> FileRejectedError:
    limit = intake.max_upload_bytes // (1024 * 1024)
    return FileRejectedError(
        codes.FILE_TOO_LARGE, codes.file_message(codes.FILE_TOO_LARGE, limit=limit)
    )


async def _rest_of(
    intake: Intake, chunks: AsyncIterator[bytes], body: BodyDigest, problem: FileRejectedError
) -> FileRejectedError:
    """A file rejected before its end is still read to its end (and hashed, not parsed), so
    that its digest is the whole file's and a retry of it can be told from another file; one
    that turns out to be larger than allowed is rejected as too large."""
    if body.beyond:
        return problem
    async for chunk in chunks:
        if not body.update(chunk):
            return _too_large(intake)
    return problem


async def _replay(
    intake: Intake,
    uow: IntakeUnitOfWork | None,
    stored: Delivery,
    upload: FileUpload,
    chunks: AsyncIterator[bytes],
) -> Received:
    """A known key again: the first delivery when this is its request again; `KeyReusedError`
    when the body (or board, or format) differs. The body is read and hashed, not parsed."""
    if stored.body_sha256 is None and stored.status != "received":
        return Received(stored, True)  # no digest kept (delivered before they were): as before
    limit = stored.body_bytes if stored.body_sha256 is not None else None
    body = BodyDigest(intake.max_upload_bytes if limit is None else limit)
    await _digest_of(intake, chunks, body)
    if stored.status == "received":
        # Still being read by the first request: wait until it has finished, then compare.
        stored = await _finished(intake, uow, stored)
    same = same_request(
        stored,
        channel="http",
        bevoegd_gezag=upload.bevoegd_gezag,
        format=upload.format,
        digest=body.digest(),
        beyond=body.beyond,
    )
    if not same:
        log.info("an idempotency key was reused", extra={"delivery": str(stored.id)})
        raise KeyReusedError(stored.id)
    return Received(stored, True)


async def _digest_of(intake: Intake, chunks: AsyncIterator[bytes], body: BodyDigest) -> None:
    """Hash the body (up to the digest's limit) and read the rest, up to the upload limit."""
    read = 0
    async for chunk in chunks:
        body.update(chunk)
        read += len(chunk)
        if read > intake.max_upload_bytes:
            return


async def _finished(intake: Intake, uow: IntakeUnitOfWork | None, stored: Delivery) -> Delivery:
    """The delivery once the request reading it has ended: its lock is released then."""
    if uow is None:
        async with intake.uow() as own:
            return await _finished(intake, own, stored)
    current = await uow.deliveries.lock(stored.id)
    if current is None or current.status == "received":
        raise KeyInFlightError  # it broke off (and is gone, or free to be taken over)
    return current


async def check_file(intake: Intake, upload: FileUpload, chunks: AsyncIterator[bytes]) -> Checked:
    """A dry run: the file read and checked as a delivery would be, with the same feedback and
    counts and what it would change, and nothing stored, published or locked (the
    Idempotency-Key is not looked at). Its issues come back with it, up to
    `MAX_CHECK_ISSUES`."""
    now = intake.clock()
    check = Delivery(
        id=uuid4(),
        channel="http",
        submitted_by=upload.submitted_by,
        bevoegd_gezag=upload.bevoegd_gezag,
        format=upload.format,
        received_at=now,
    )
    async with intake.uow() as uow:  # rolled back: it writes nothing anyway
        processor = await _processor(
            intake, uow, check, upload.allowed_boards, dry_run=True, head_size=MAX_CHECK_ISSUES
        )
        try:
            outcome, _ = await _read(intake, processor, upload.format, chunks)
        finally:
            await processor.settle()
        if isinstance(outcome, FileRejectedError):
            rejected = check.rejected(outcome.code, outcome.message, intake.clock())
            CHECKS.labels("rejected").inc()
            return Checked(DeliveryOutcome(rejected, (), False), Counter(), [])
    CHECKS.labels("checked").inc()
    return Checked(outcome, processor.issue_codes, processor.no_longer_delivered)


async def _processor(
    intake: Intake,
    uow: IntakeUnitOfWork,
    delivery: Delivery,
    allowed: frozenset[str],
    *,
    dry_run: bool = False,
    head_size: int = MAX_REPORTED_ISSUES,
) -> DeliveryProcessor:
    now = intake.clock()
    reference = await intake.reference.current(uow)
    checker = intake.checkers(reference, allowed, now.date(), delivery.id)
    return DeliveryProcessor(
        uow,
        delivery,
        checker,
        intake.describe,
        now=now,
        chunk_rows=intake.chunk_rows,
        # A file is the board's whole delivery; a Kafka batch is one part of it.
        compare_board=delivery.bevoegd_gezag if delivery.channel == "http" else None,
        dry_run=dry_run,
        head_size=head_size,
    )


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


async def reject(
    intake: Intake,
    delivery: Delivery,
    code: str,
    message: str,
) -> Delivery:
    """Store the delivery as rejected, with its report, in a transaction of its own."""
    async with intake.uow() as uow:
        rejected = await _store_rejection(uow, delivery, code, message, intake.clock())
        await uow.commit()
    return rejected


async def _store_rejection(
    uow: IntakeUnitOfWork,
    delivery: Delivery,
    code: str,
    message: str,
    now: datetime,
    *,
    reported_reference: str | None = None,
) -> Delivery:
    rejected = delivery.rejected(code, message, now)
    outcome = DeliveryOutcome(rejected, (), False, reported_reference)
    report = await uow.outbox.delivery_report(outcome)
    await uow.deliveries.create(rejected)  # a Kafka batch has no row yet; an upload has one
    await uow.deliveries.save(rejected, report)
    record_delivery(outcome)
    return rejected


async def receive_submission(intake: Intake, batch: BatchSubmission) -> None:
    """One batch from `lr.intake.submissions.v1`, in one transaction with its inbox claim.

    Who sent it and for which boards it may deliver are its token's (`BatchSubmission`), as
    for an upload: a body naming another submitter is refused (`INZENDER_ONJUIST`), a board
    the token may not deliver for too (`GEEN_MANDAAT`), each as a rejected delivery whose
    report tells the sender. (A batch without a valid token never gets here: the consumer
    sends it to the dead-letter topic.)

    Its reference again with the same records answers with the first delivery's report once
    more; with other records (or a reference an upload took as its Idempotency-Key) the batch
    is refused: a rejected delivery of its own, `REFERENTIE_HERGEBRUIKT`, reported under that
    reference, so that the board sees that these records were not taken."""
    async with intake.uow() as uow:
        if not await uow.claim(SUBMISSIONS_CONSUMER, [batch.message_id]):
            return
        # One delivery per reference, also when two replicas take it at once (sent twice,
        # to different partitions): the second waits here for the first, then finds it.
        await uow.deliveries.lock_key(batch.submitted_by, batch.delivery_reference)
        existing = await uow.deliveries.find_by_idempotency_key(
            batch.submitted_by, batch.delivery_reference
        )
        digest, size = batch_digest(batch.records)
        now = intake.clock()
        delivery = Delivery(
            id=uuid4(),
            channel="kafka",
            submitted_by=batch.submitted_by,
            bevoegd_gezag=batch.bevoegd_gezag,
            format="kafka",
            received_at=now,
            idempotency_key=batch.delivery_reference,
            body_sha256=digest,
            body_bytes=size,
        )
        if existing is not None:
            same = same_request(
                existing,
                channel="kafka",
                bevoegd_gezag=batch.bevoegd_gezag,
                format="kafka",
                digest=digest,
                beyond=False,
            )
            if same:  # the first delivery's feedback, once more
                report = await uow.deliveries.report(existing.id)
                if report is not None:
                    await uow.outbox.resend_report(existing.id, report)
            else:
                await _refuse_reused(uow, delivery, batch, now)
            await uow.commit()
            return
        with tracer.start_as_current_span(
            "intake.submission", attributes={"delivery.id": str(delivery.id)}
        ):
            await _process_batch(intake, uow, delivery, batch)
        await uow.commit()


async def _refuse_reused(
    uow: IntakeUnitOfWork, delivery: Delivery, batch: BatchSubmission, now: datetime
) -> None:
    """Store the batch as a rejected delivery without the reference (the first delivery keeps
    it), and report it under the reference."""
    log.info("a submission reused the reference of another delivery", extra=_ids(batch))
    unkeyed = replace(delivery, idempotency_key=None)
    message = codes.file_message(codes.REFERENCE_REUSED)
    await _store_rejection(
        uow,
        unkeyed,
        codes.REFERENCE_REUSED,
        message,
        now,
        reported_reference=batch.delivery_reference,
    )


async def _process_batch(
    intake: Intake, uow: IntakeUnitOfWork, delivery: Delivery, batch: BatchSubmission
) -> None:
    allowed = batch.allowed_boards
    now = intake.clock()
    if batch.claimed_by is not None and batch.claimed_by != batch.submitted_by:
        message = codes.file_message(codes.SUBMITTER_NOT_SENDER)
        await _store_rejection(uow, delivery, codes.SUBMITTER_NOT_SENDER, message, now)
        return
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
        # take the key's lock): a file is another request than these records.
        await _refuse_reused(uow, delivery, batch, now)
        return
    processor = await _processor(intake, uow, delivery, allowed)
    try:
        await processor.add(Parsed(rows=[(n, values) for n, values in enumerate(batch.records, 1)]))
        record_delivery(await processor.finish())  # the batch's digest is on the delivery
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

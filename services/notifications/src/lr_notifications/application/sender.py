"""The sender loop: claims due notifications, hands them to SMTP through a bounded set of
workers, and records each outcome moments after the server answered.

Crash safety: a notification is marked `sending` (with its attempt time and a lease) in its own
committed transaction before any byte goes to SMTP; its outcome is recorded right after the
server's reply. A crash in between leaves it `sending`; when the lease runs out it is claimed
again and re-sent with the same Message-ID (the one window SMTP leaves open; see
docs/notifications.md). Rows are claimed with FOR UPDATE SKIP LOCKED, so replicas share work.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from lr_notifications.application.handlers import complete_erasure
from lr_notifications.application.ports import (
    DueNotification,
    Mail,
    Mailer,
    Recorded,
    Renderer,
    SendObserver,
    UnitOfWorkFactory,
)
from lr_notifications.domain.delivery import Outcome, RetryPolicy, SendResult, decide

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SenderConfig:
    concurrency: int = 8
    batch_size: int = 200
    lease: timedelta = timedelta(minutes=5)
    poll_seconds: float = 1.0
    record_every_seconds: float = 0.05
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_pause_seconds: float = 30.0


def outcome_without_sending(due: DueNotification) -> Outcome | None:
    """A claimed notification that cannot be mailed: no contact (yet), or no address."""
    if due.contact is None:
        # The erasure notice never waits: without an address the erasure goes ahead.
        return Outcome("no_address") if due.kind == "erasure" else Outcome("awaiting_contact")
    if not due.contact.email:
        return Outcome("no_address")
    return None


class Sender:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        renderer: Renderer,
        mailer: Mailer,
        observer: SendObserver,
        config: SenderConfig,
        clock: Clock = utc_now,
    ) -> None:
        self._uow_factory = uow_factory
        self._renderer = renderer
        self._mailer = mailer
        self._observer = observer
        self._config = config
        self._clock = clock
        self._queue: asyncio.Queue[tuple[DueNotification, Mail]] = asyncio.Queue(
            maxsize=config.concurrency * 2
        )
        self._recorded: list[Recorded] = []
        self._wake = asyncio.Event()
        self._pause_seconds = 0.0
        self._paused_until = 0.0

    def wake(self) -> None:
        """New notifications were committed: look for due work now instead of at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        tasks = [asyncio.create_task(self._work()) for _ in range(self._config.concurrency)]
        tasks.append(asyncio.create_task(self._record_forever()))
        try:
            await self._claim_forever()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            # Whatever was answered is recorded; what was not stays `sending` until its lease ends.
            with contextlib.suppress(Exception):
                await asyncio.shield(self.flush())

    async def _claim_forever(self) -> None:
        while True:
            await self._wait_out_pause()
            try:
                claimed = await self.claim_once()
            except Exception:
                log.exception("claiming due notifications failed; retrying")
                await self._idle(self._config.poll_seconds * 5)
                continue
            if claimed < self._config.batch_size:
                await self._idle(self._config.poll_seconds)

    async def claim_once(self) -> int:
        """Claim one batch and queue it for the workers; returns how many were claimed."""
        now = self._clock()
        async with self._uow_factory() as uow:
            batch = await uow.notifications.claim_due(
                now, self._config.batch_size, self._config.lease
            )
            # A mail that was with SMTP when its teacher asked for erasure escaped the
            # cancellation; its retry must not go out (only the erasure notice may).
            erased = await uow.erasures.erased(
                sorted({d.registration_number for d in batch if d.kind != "erasure"})
            )
            await uow.commit()
        for due in batch:
            if due.kind != "erasure" and due.registration_number in erased:
                self._recorded.append(Recorded(due, Outcome("cancelled")))
                continue
            unsendable = outcome_without_sending(due)
            if unsendable is not None or due.contact is None:
                self._recorded.append(Recorded(due, unsendable or Outcome("awaiting_contact")))
                continue
            try:
                mail = self._renderer.render(due, due.contact)
            except Exception as exc:  # a broken template must not loop on the same rows
                log.exception("rendering failed", extra={"notification": str(due.id)})
                failed = Outcome("failed", error=f"rendering failed: {type(exc).__name__}")
                self._recorded.append(Recorded(due, failed))
                continue
            await self._queue.put((due, mail))
        return len(batch)

    async def drained(self) -> None:
        """Wait until every queued mail has been answered (its outcome may not be recorded yet)."""
        await self._queue.join()

    async def _work(self) -> None:
        while True:
            due, mail = await self._queue.get()
            try:
                await self._send(due, mail)
            finally:
                self._queue.task_done()

    async def _send(self, due: DueNotification, mail: Mail) -> None:
        if self._clock() >= due.lease_until - self._config.lease / 10:
            # Too late: another replica may claim it now. Leave it to them, unrecorded.
            log.warning("claim expired before sending", extra={"notification": str(due.id)})
            return
        started = time.perf_counter()
        try:
            result = await self._mailer.send(mail)
        except Exception as exc:  # a bug in the mailer must not lose the notification
            log.exception("mailer raised; treating as a temporary failure")
            result = SendResult("temporary", detail=type(exc).__name__)
        elapsed = time.perf_counter() - started
        jitter = random.uniform(0.5, 1.0)  # noqa: S311 - spreading retries, not cryptography
        outcome = decide(result, due.attempts, self._config.retry, self._clock(), jitter)
        self._observer.observe(due.kind, outcome, elapsed)
        self._note_connection(result)
        recipient = mail.recipient if outcome.status == "sent" else None
        self._recorded.append(Recorded(due, outcome, recipient))

    async def _record_forever(self) -> None:
        while True:
            await asyncio.sleep(self._config.record_every_seconds)
            try:
                await self.flush()
            except Exception:
                log.exception("recording outcomes failed; retrying")
                await asyncio.sleep(1.0)

    async def flush(self) -> None:
        """Record the outcomes gathered so far, and finish erasures whose notice is done."""
        if not self._recorded:
            return
        batch, self._recorded = self._recorded, []
        now = self._clock()
        try:
            async with self._uow_factory() as uow:
                await uow.notifications.record(batch, now)
                for item in batch:
                    if item.due.kind == "erasure" and item.outcome.final:
                        await complete_erasure(uow, item.due.registration_number, now)
                await uow.commit()
        except BaseException:
            self._recorded[:0] = batch
            raise

    def _note_connection(self, result: SendResult) -> None:
        """After a lost connection, pause claiming (doubling up to a maximum) so an SMTP
        outage does not spin through the whole backlog."""
        if result.connection_lost:
            self._pause_seconds = min(
                max(self._pause_seconds * 2, self._config.retry.base.total_seconds() / 4, 0.5),
                self._config.max_pause_seconds,
            )
            self._paused_until = time.monotonic() + self._pause_seconds
        elif result.verdict == "accepted":
            self._pause_seconds = 0.0

    async def _wait_out_pause(self) -> None:
        remaining = self._paused_until - time.monotonic()
        if remaining > 0:
            log.warning("mail server unreachable; pausing", extra={"seconds": round(remaining, 1)})
            await asyncio.sleep(remaining)

    async def _idle(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        self._wake.clear()

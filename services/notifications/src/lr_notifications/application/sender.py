"""The sender loop: claims due notifications, hands them to SMTP through a bounded set of
workers, and stores each outcome the moment its SMTP transaction has ended.

Crash safety: a notification is marked `sending` (with its attempt time and a lease) in its own
committed transaction before any byte goes to SMTP. Each worker has a mail's outcome committed
(by the `Outcomes` port, while the next mail's envelope goes out) before that next mail's DATA.
So at any moment at most one mail per worker (and so per SMTP connection) can have been
accepted by the server without its outcome stored: a crash then leaves that mail `sending`, and
when the lease runs out it is claimed again and re-sent with the same Message-ID (the one window
SMTP leaves open; see docs/notifications.md). Rows are claimed with FOR UPDATE SKIP LOCKED, so
replicas share work.
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
    Outcomes,
    Recorded,
    Renderer,
    SendObserver,
    UnitOfWork,
    UnitOfWorkFactory,
)
from lr_notifications.domain.contacts import Contact
from lr_notifications.domain.delivery import Outcome, RetryPolicy, SendResult, decide
from lr_shared import failpoints

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
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_pause_seconds: float = 30.0
    stop_grace_seconds: float = 10.0
    """On shutdown, how long a worker may take to finish the mail in hand and store its outcome."""


async def _finished(task: asyncio.Task[None] | None) -> None:
    if task is not None:
        await task


def outcome_without_sending(due: DueNotification) -> Outcome | None:
    """A claimed notification that cannot be mailed: no contact (yet), or no address."""
    if due.contact is None:
        # The erasure notice never waits: without an address the erasure goes ahead.
        return Outcome("no_address") if due.kind == "erasure" else Outcome("awaiting_contact")
    if not due.contact.email:
        return Outcome("no_address")
    return None


async def record_in(uow: UnitOfWork, items: list[Recorded], now: datetime) -> None:
    """Record outcomes in `uow`, and finish the erasures whose notice is done, with them."""
    await uow.notifications.record(items, now)
    for item in items:
        if item.due.kind == "erasure" and item.outcome.final:
            await complete_erasure(uow, item.due.registration_number, now)


class Sender:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        outcomes: Outcomes,
        renderer: Renderer,
        mailer: Mailer,
        observer: SendObserver,
        config: SenderConfig,
        clock: Clock = utc_now,
    ) -> None:
        self._uow_factory = uow_factory
        self._outcomes = outcomes
        self._renderer = renderer
        self._mailer = mailer
        self._observer = observer
        self._config = config
        self._clock = clock
        # A mail, or the outcome of one that could not be rendered.
        self._queue: asyncio.Queue[tuple[DueNotification, Mail | Outcome]] = asyncio.Queue(
            maxsize=config.concurrency * 2
        )
        self._in_hand: set[asyncio.Task[None] | None] = set()  # workers busy with a mail
        self._stopping = False
        self._wake = asyncio.Event()
        self._pause_seconds = 0.0
        self._paused_until = 0.0

    def wake(self) -> None:
        """New notifications were committed: look for due work now instead of at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        self._stopping = False
        workers = [asyncio.create_task(self.work()) for _ in range(self._config.concurrency)]
        try:
            await self._claim_forever()
        finally:
            await self._stop(workers)
            with contextlib.suppress(Exception):
                await self._outcomes.close()

    async def _stop(self, workers: list[asyncio.Task[None]]) -> None:
        """No mail starts any more; a mail in hand is finished and its outcome stored (within
        the grace time). What is still queued stays `sending` and goes out after its lease."""
        self._stopping = True
        busy = [worker for worker in workers if worker in self._in_hand]
        for worker in workers:
            if worker not in self._in_hand:
                worker.cancel()
        if busy:
            await asyncio.wait(busy, timeout=self._config.stop_grace_seconds)
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)

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
        """Claim one batch and queue it for the workers; returns how many were claimed.

        What cannot be mailed (no contact, no address, an erased teacher) is settled in the
        claim's own transaction; the rest is queued for the workers."""
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
            settled: list[Recorded] = []
            to_send: list[tuple[DueNotification, Contact]] = []
            for due in batch:
                unsendable = outcome_without_sending(due)
                if due.kind != "erasure" and due.registration_number in erased:
                    settled.append(Recorded(due, Outcome("cancelled")))
                elif unsendable is not None or due.contact is None:
                    settled.append(Recorded(due, unsendable or Outcome("awaiting_contact")))
                else:
                    to_send.append((due, due.contact))
            await record_in(uow, settled, now)
            await uow.commit()
        if batch:
            failpoints.hit("sender.after-claim")
        for due, contact in to_send:
            item: Mail | Outcome
            try:
                item = self._renderer.render(due, contact)
            except Exception as exc:  # a broken template must not loop on the same rows
                log.exception("rendering failed", extra={"notification": str(due.id)})
                item = Outcome("failed", error=f"rendering failed: {type(exc).__name__}")
            await self._queue.put((due, item))
        return len(batch)

    async def drained(self) -> None:
        """Wait until every queued mail has been answered and its outcome stored."""
        await self._queue.join()

    async def work(self) -> None:
        """One worker: one mail at a time, on one SMTP connection. A mail's outcome is stored
        while the next mail's envelope (MAIL, RCPT) goes to the server, and always before that
        mail's DATA: so at most one of this worker's mails is ever with the server without its
        outcome stored. A worker waiting for work has stored every outcome."""
        outcomes = self._outcomes
        me = asyncio.current_task()
        storing: asyncio.Task[None] | None = None  # the last outcome, on its way to the database
        try:
            while not self._stopping:
                if storing is not None and self._queue.empty():
                    await storing
                    storing = None
                    self._in_hand.discard(me)
                due, item = await self._queue.get()
                self._in_hand.add(me)
                if self._stopping:  # claimed but not started: it goes out after its lease
                    self._queue.task_done()
                    break
                previous, storing = storing, None
                if isinstance(item, Outcome):  # nothing to send; one statement at a time
                    await _finished(previous)
                    storing = self._store_soon(outcomes, Recorded(due, item))
                else:
                    storing = await self._send(outcomes, due, item, previous)
            if storing is not None:  # stopped: the last outcome is stored before the end
                await storing
                storing = None
        finally:
            if storing is not None:
                storing.cancel()
            self._in_hand.discard(me)

    async def _send(
        self,
        outcomes: Outcomes,
        due: DueNotification,
        mail: Mail,
        previous: asyncio.Task[None] | None,
    ) -> asyncio.Task[None] | None:
        """Send one mail once `previous` (the last outcome) is stored; return its own store."""
        if self._clock() >= due.lease_until - self._config.lease / 10:
            # Too late: another replica may claim it now. Leave it to them, unrecorded.
            log.warning("claim expired before sending", extra={"notification": str(due.id)})
            await _finished(previous)
            self._queue.task_done()
            return None

        async def previous_stored() -> None:
            await _finished(previous)

        started = time.perf_counter()
        try:
            result = await self._mailer.send(mail, before_data=previous_stored)
        except Exception as exc:  # a bug in the mailer must not lose the notification
            log.exception("mailer raised; treating as a temporary failure")
            result = SendResult("temporary", detail=type(exc).__name__)
        await previous_stored()  # also when the server refused the envelope, before DATA
        failpoints.hit("smtp.after-send")
        elapsed = time.perf_counter() - started
        jitter = random.uniform(0.5, 1.0)  # noqa: S311 - spreading retries, not cryptography
        outcome = decide(result, due.attempts, self._config.retry, self._clock(), jitter)
        self._observer.observe(due.kind, outcome, elapsed)
        self._note_connection(result)
        recipient = mail.recipient if outcome.status == "sent" else None
        return self._store_soon(outcomes, Recorded(due, outcome, recipient))

    def _store_soon(self, outcomes: Outcomes, item: Recorded) -> asyncio.Task[None]:
        async def store() -> None:
            try:
                await self._store(outcomes, item)
            finally:
                self._queue.task_done()

        return asyncio.create_task(store())

    async def _store(self, outcomes: Outcomes, item: Recorded) -> None:
        """Store one outcome before this worker's next DATA, however long the database takes to
        come back: a sent mail whose outcome is not stored is sent again after its lease, so the
        worker must not add a second one to it."""
        delay = 0.1
        while True:
            try:
                if item.due.kind == "erasure" and item.outcome.final:
                    # The erasure is finished in the transaction of its notice's outcome.
                    async with self._uow_factory() as uow:
                        await record_in(uow, [item], self._clock())
                        await uow.commit()
                else:
                    await outcomes.store(item, self._clock())
                return
            except Exception:
                log.exception(
                    "storing an outcome failed; retrying", extra={"notification": str(item.due.id)}
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

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

"""Checking a delivery's rows chunk by chunk inside one transaction, whatever the channel.

Per chunk: validate, find repeats, store the issues (COPY), look up which accepted appointments
intake already holds, and record the new or changed ones (their hashes, field digests and key
fields) and write them to the outbox. The caller commits once at the end, so a delivery is
stored whole or not at all. Along the way the delivery is compared with what intake held
before (`domain.changes`): new, changed (which fields), unchanged, and, for a whole file,
which appointments of its board it no longer holds.

A dry run (`dry_run=True`) goes the same way and writes nothing: the issues are kept (up to
`head_size`), the lookups take no locks, and nothing is recorded or put in the outbox.

A chunk's writes run while the next chunk is read and checked (PostgreSQL works while Python
does), and checking yields to the event loop every `_SLICE` rows, so health checks, other
requests and the outbox relay stay responsive during a national-sized upload.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from hashlib import blake2b

from lr_intake.application.ports import (
    Accepted,
    AppointmentDetails,
    Describer,
    IntakeUnitOfWork,
    KnownAppointment,
    RowChecker,
)
from lr_intake.domain import codes
from lr_intake.domain.appointment import Issue
from lr_intake.domain.changes import ChangeSummary, NoLongerDelivered, in_order
from lr_intake.domain.delivery import (
    MAX_REPORTED_ISSUES,
    Counts,
    Delivery,
    DeliveryOutcome,
)
from lr_intake.domain.fileformat import Parsed, Row

OutcomeListener = Callable[[Counts], None]

_SLICE = 1000  # rows checked between two turns of the event loop


def digest(text: str) -> bytes:
    """The 16-byte BLAKE2b digest intake keeps of rows and appointments."""
    return blake2b(text.encode(), digest_size=16).digest()


def _repeat(number: int, code: str, first: int) -> Issue:
    return Issue(number, None, code, "error", codes.row_message(code, first=first))


class DeliveryProcessor:
    """Feeds the rows of one delivery through validation into the unit of work.

    `compare_board`: the board whose appointments a whole file is compared with (None: no
    "no longer delivered", for a Kafka batch). `settle()` must be awaited before the unit of
    work ends (it is, by `finish()`), so that no write is still running on the transaction's
    connection when it commits or rolls back."""

    def __init__(
        self,
        uow: IntakeUnitOfWork,
        delivery: Delivery,
        checker: RowChecker,
        describe: Describer,
        *,
        now: datetime,
        chunk_rows: int = 5000,
        compare_board: str | None = None,
        dry_run: bool = False,
        head_size: int = MAX_REPORTED_ISSUES,
    ) -> None:
        self._uow = uow
        self._delivery = delivery
        self._checker = checker
        self._describe = describe
        self._now = now
        self._chunk_rows = chunk_rows
        self._board = compare_board
        self._dry_run = dry_run
        self._head_size = head_size
        self._rows: list[Row] = []
        self._parse_issues: list[Issue] = []
        # Repeats within the delivery: per accepted appointment identity, its fingerprint and
        # row number (16 + 4 bytes); digests of the rows not accepted (an accepted row's repeat
        # is found by its identity, without hashing every row).
        self._seen_appointments: dict[bytes, bytes] = {}
        self._seen_other: dict[bytes, int] = {}
        self._counts = Counts()
        self._changes = ChangeSummary()
        # The compared board's appointments before this delivery, and how many of them this
        # delivery holds: when they are equal, none is missing and none need be looked up.
        self._board_before: int | None = None
        self._board_kept = 0
        self._head: list[Issue] = []
        self._truncated = False
        self._writing: asyncio.Future[None] | None = None
        self.no_longer_delivered: list[NoLongerDelivered] = []
        self.issue_codes: Counter[str] = Counter()  # every issue's code (kept in a dry run)

    async def add(self, parsed: Parsed) -> None:
        self._rows.extend(parsed.rows)
        self._parse_issues.extend(parsed.issues)
        if len(self._rows) + len(self._parse_issues) >= self._chunk_rows:
            await self._flush()

    async def finish(self, body: tuple[bytes, int] | None = None) -> DeliveryOutcome:
        """Store what is pending and the report, with the body's digest and length; the
        delivery is then `processing` (a dry run stores nothing)."""
        await self._flush()
        await self._written()
        await self._count_board()
        changes = self._changes
        changes.unchanged = self._counts.unchanged
        if self._board is not None:
            self.no_longer_delivered = await self._absent()
            changes.no_longer_delivered = len(self.no_longer_delivered)
        delivery = self._delivery.processed(self._counts, self._now, changes)
        if body is not None:
            delivery = delivery.with_body(*body)
        outcome = DeliveryOutcome(delivery, tuple(self._head), self._truncated)
        if not self._dry_run:
            if self.no_longer_delivered:
                await self._uow.deliveries.add_no_longer_delivered(
                    delivery.id, self.no_longer_delivered
                )
            await self._uow.outbox.save_with_report(outcome)  # one round trip
        return outcome

    async def _count_board(self) -> None:
        """Before the delivery writes its first appointment: how many its board has."""
        if self._board is not None and self._board_before is None:
            self._board_before = await self._uow.appointments.count_of_board(self._board)

    async def _absent(self) -> list[NoLongerDelivered]:
        assert self._board is not None
        if (self._board_before or 0) <= self._board_kept:
            return []
        absent = await self._uow.appointments.absent_of_board(
            self._board, self._delivery.id, self._seen_appointments
        )
        return in_order(absent)

    async def settle(self) -> None:
        """Wait for a running write to end, whatever its outcome (the delivery failed anyway
        when this matters: its error has been or will be raised elsewhere)."""
        writing, self._writing = self._writing, None
        if writing is not None:
            with contextlib.suppress(Exception):
                await writing

    async def _written(self) -> None:
        writing, self._writing = self._writing, None
        if writing is not None:
            await writing

    async def _check(self, rows: list[Row], issues: list[Issue]) -> list[Accepted]:
        """Validate rows, appending their issues; the accepted ones with their keys."""
        accepted: list[Accepted] = []
        for start in range(0, len(rows), _SLICE):
            if start:
                await asyncio.sleep(0)
            self._check_slice(rows[start : start + _SLICE], issues, accepted)
        return accepted

    def _check_slice(self, rows: list[Row], issues: list[Issue], accepted: list[Accepted]) -> None:
        counts, seen_appointments = self._counts, self._seen_appointments
        for (number, values), (record, row_issues) in zip(
            rows, self._checker.check(rows), strict=True
        ):
            if record is None:
                first = self._first_of(values, number)
                if first is None:
                    issues.extend(row_issues)
                else:
                    issues.append(_repeat(number, codes.ROW_DUPLICATE, first))
                continue
            identity, fingerprint = record[1], record[2]
            earlier = seen_appointments.get(identity)
            if earlier is not None:
                first = int.from_bytes(earlier[16:])
                if earlier[:16] == fingerprint:
                    issues.append(_repeat(number, codes.ROW_DUPLICATE, first))
                else:  # the appointment again with other data; this exact row again is a
                    # repeated row, though
                    repeated = self._first_of(values, number)
                    code = codes.APPOINTMENT_DUPLICATE if repeated is None else codes.ROW_DUPLICATE
                    issues.append(_repeat(number, code, repeated or first))
                continue
            seen_appointments[identity] = fingerprint + number.to_bytes(4)
            if row_issues:
                counts.warned += 1
                issues.extend(row_issues)
            accepted.append(record)

    def _first_of(self, values: list[str], number: int) -> int | None:
        """The row number of an earlier row that was not accepted and is identical to this
        one; None (and this row remembered) when there is none."""
        first = self._seen_other.setdefault(digest("\x1f".join(values)), number)
        return None if first == number else first

    async def _flush(self) -> None:
        rows, issues = self._rows, self._parse_issues
        if not rows and not issues:
            return
        self._rows, self._parse_issues = [], []
        unreadable = len(issues)  # one issue per row that could not be read: rows as well
        accepted = await self._check(rows, issues)
        counts = self._counts
        counts.total += len(rows) + unreadable
        counts.accepted += len(accepted)
        counts.rejected = counts.total - counts.accepted
        await self._written()  # one write at a time on the transaction's connection
        self._writing = asyncio.ensure_future(self._write(issues, accepted))

    async def _write(self, issues: list[Issue], accepted: list[Accepted]) -> None:
        uow, delivery_id = self._uow, self._delivery.id
        await self._count_board()
        if accepted:
            accepted = await self._withhold_erased(accepted, issues)
        issues.sort(key=lambda issue: issue.row_number)
        self._keep_head(issues)  # here, not in _flush: writes run one after the other
        if self._dry_run:
            self.issue_codes.update(issue.code for issue in issues)
        else:
            await uow.deliveries.add_issues(delivery_id, issues)
        if not accepted:
            return
        known = await uow.appointments.known([r[1] for r in accepted], lock=not self._dry_run)
        fresh, details, earlier = await self._fresh(accepted, known)
        if self._dry_run:
            written = None
        else:
            written = await uow.appointments.record(delivery_id, fresh, details, self._now)
        changes = self._changes
        for record, detail, before in zip(fresh, details, earlier, strict=True):
            if written is not None and record[1] not in written:
                continue  # another delivery brought the same just before: unchanged after all
            if before is None:
                changes.new += 1
            else:
                changes.add_changed(before.fields, detail.fields)
        published = len(fresh) if written is None else len(written)
        self._counts.unchanged += len(accepted) - published

    async def _withhold_erased(
        self, accepted: list[Accepted], issues: list[Issue]
    ) -> list[Accepted]:
        """Rows of teachers who had their data erased: received (they count as accepted and
        warned, the board's duty is met) but neither recorded nor published, each reported with
        `ERASED_TEACHER` (docs/privacy.md, "Redelivery after erasure")."""
        erased = await self._uow.appointments.erased(sorted({record[4] for record in accepted}))
        if not erased:
            return accepted
        warned = {issue.row_number for issue in issues}
        kept: list[Accepted] = []
        for record in accepted:
            if record[4] not in erased:
                kept.append(record)
                continue
            number = record[0]
            if number not in warned:
                self._counts.warned += 1
            issues.append(
                Issue(
                    number,
                    None,
                    codes.ERASED_TEACHER,
                    "warning",
                    codes.row_message(codes.ERASED_TEACHER),
                )
            )
        self._changes.withheld += len(accepted) - len(kept)
        return kept

    async def _fresh(
        self, accepted: list[Accepted], known: dict[bytes, KnownAppointment]
    ) -> tuple[list[Accepted], list[AppointmentDetails], list[KnownAppointment | None]]:
        """The accepted rows that are new or changed, with their details and what intake held
        of them. Only these are described (their JSON read): an unchanged row costs nothing."""
        fresh: list[Accepted] = []
        details: list[AppointmentDetails] = []
        earlier: list[KnownAppointment | None] = []
        board, describe = self._board, self._describe
        for start in range(0, len(accepted), _SLICE):
            if start:
                await asyncio.sleep(0)
            for record in accepted[start : start + _SLICE]:
                before = known.get(record[1])
                if before is not None:
                    if before.bevoegd_gezag == board:
                        self._board_kept += 1
                    if before.fingerprint == record[2]:
                        continue
                fresh.append(record)
                details.append(describe(record))
                earlier.append(before)
        return fresh, details, earlier

    def _keep_head(self, issues: list[Issue]) -> None:
        room = self._head_size - len(self._head)
        if room > 0:
            self._head.extend(issues[:room])
        if len(issues) > max(room, 0):
            self._truncated = True

"""Checking a delivery's rows chunk by chunk inside one transaction, whatever the channel.

Per chunk: validate, find repeats, store the issues (COPY), record the accepted appointments'
hashes and learn which are new or changed, and write exactly those to the outbox (COPY). The
caller commits once at the end, so a delivery is stored whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from hashlib import blake2b

from lr_intake.application.ports import IntakeUnitOfWork, Pseudonymizer
from lr_intake.domain import codes
from lr_intake.domain.appointment import Appointment, Issue
from lr_intake.domain.delivery import (
    MAX_REPORTED_ISSUES,
    Counts,
    Delivery,
    DeliveryOutcome,
)
from lr_intake.domain.fileformat import Parsed, Row
from lr_intake.domain.reference import ReferenceData
from lr_intake.domain.validation import RowValidator

OutcomeListener = Callable[[Counts], None]


def _digest(text: str) -> bytes:
    return blake2b(text.encode(), digest_size=16).digest()


def _repeat(number: int, code: str, first: int) -> Issue:
    return Issue(number, None, code, "error", codes.row_message(code, first=first))


class DeliveryProcessor:
    """Feeds the rows of one delivery through validation into the unit of work."""

    def __init__(
        self,
        uow: IntakeUnitOfWork,
        delivery: Delivery,
        reference: ReferenceData,
        allowed_boards: frozenset[str],
        *,
        today: date,
        now: datetime,
        pseudonymize: Pseudonymizer,
        chunk_rows: int = 5000,
    ) -> None:
        self._uow = uow
        self._delivery = delivery
        self._validator = RowValidator(reference, allowed_boards, today)
        self._now = now
        self._pseudonymize = pseudonymize
        self._chunk_rows = chunk_rows
        self._rows: list[Row] = []
        self._parse_issues: list[Issue] = []
        self._seen_rows: dict[bytes, int] = {}
        self._seen_appointments: dict[bytes, tuple[int, bytes]] = {}
        self._counts = Counts()
        self._head: list[Issue] = []
        self._truncated = False

    async def add(self, parsed: Parsed) -> None:
        self._rows.extend(parsed.rows)
        self._parse_issues.extend(parsed.issues)
        if len(self._rows) + len(self._parse_issues) >= self._chunk_rows:
            await self._flush()

    async def finish(self) -> DeliveryOutcome:
        """Store what is pending and the report; the delivery is then `processing`."""
        await self._flush()
        delivery = self._delivery.processed(self._counts, self._now)
        outcome = DeliveryOutcome(delivery, tuple(self._head), self._truncated)
        report = await self._uow.outbox.delivery_report(outcome)
        await self._uow.deliveries.save(delivery, report)
        await self._uow.deliveries.set_last_outbox_id(delivery.id, await self._uow.outbox.last_id())
        return outcome

    def _check(
        self, rows: list[Row], issues: list[Issue]
    ) -> list[tuple[Appointment, str, bytes, bytes]]:
        """Validate rows, appending their issues; the accepted ones with their keys."""
        counts = self._counts
        seen_rows, seen_appointments = self._seen_rows, self._seen_appointments
        validate, pseudonymize = self._validator.validate, self._pseudonymize
        accepted: list[tuple[Appointment, str, bytes, bytes]] = []
        for number, values in rows:
            digest = _digest("\x1f".join(values))
            first = seen_rows.get(digest)
            if first is not None:
                issues.append(_repeat(number, codes.ROW_DUPLICATE, first))
                continue
            seen_rows[digest] = number
            appointment, row_issues = validate(number, values)
            if appointment is None:
                issues.extend(row_issues)
                continue
            bsn_key = pseudonymize(appointment.bsn)
            identity = _digest("\x1f".join((bsn_key, *appointment.identity_parts())))
            fingerprint = _digest(appointment.content())
            earlier = seen_appointments.get(identity)
            if earlier is not None:
                same = earlier[1] == fingerprint
                code = codes.ROW_DUPLICATE if same else codes.APPOINTMENT_DUPLICATE
                issues.append(_repeat(number, code, earlier[0]))
                continue
            seen_appointments[identity] = (number, fingerprint)
            if row_issues:
                counts.warned += 1
                issues.extend(row_issues)
            accepted.append((appointment, bsn_key, identity, fingerprint))
        return accepted

    async def _flush(self) -> None:
        rows, issues = self._rows, self._parse_issues
        if not rows and not issues:
            return
        self._rows, self._parse_issues = [], []
        unreadable = len(issues)  # one issue per row that could not be read: rows as well
        accepted = self._check(rows, issues)
        counts = self._counts
        counts.total += len(rows) + unreadable
        counts.accepted += len(accepted)
        counts.rejected = counts.total - counts.accepted
        issues.sort(key=lambda issue: issue.row_number)
        self._keep_head(issues)
        uow, delivery_id = self._uow, self._delivery.id
        await uow.deliveries.add_issues(delivery_id, issues)
        changed = await uow.deliveries.record_appointments(
            delivery_id, [(identity, fp, a.bevoegd_gezag) for a, _, identity, fp in accepted]
        )
        publish = [(a, key) for a, key, identity, _ in accepted if identity in changed]
        counts.unchanged += len(accepted) - len(publish)
        await uow.outbox.appointments(delivery_id, publish, self._now)

    def _keep_head(self, issues: list[Issue]) -> None:
        room = MAX_REPORTED_ISSUES - len(self._head)
        if room > 0:
            self._head.extend(issues[:room])
        if len(issues) > max(room, 0):
            self._truncated = True

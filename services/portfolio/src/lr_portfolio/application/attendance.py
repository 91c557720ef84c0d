"""Attendance reported by training providers: the accredited activity enters the teacher's
portfolio as validated, once per (provider, attendance id), a whole batch in one transaction.
The provider is the one its token names, never the one the report names: a report for another
provider, or for an activity outside the provider's catalogue, does not count."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from lr_portfolio.application.ports import (
    AttendanceRow,
    Clock,
    DeadLetters,
    Metrics,
    UnitOfWork,
    UnitOfWorkFactory,
)
from lr_portfolio.application.progress import Deltas, ProgressContext, record
from lr_portfolio.domain.activities import EARLIEST, MAX_AHEAD
from lr_portfolio.domain.catalogue import CatalogueEntry
from lr_portfolio.domain.progress import ZERO, Hours, Period
from lr_portfolio.domain.registrations import Registration
from lr_shared.consumers import Event, Tombstone
from lr_shared.contracts.portfolio import AttendanceV1
from lr_shared.kafka import Rejected
from lr_shared.signed import REJECTED_PREFIX, without_token


@dataclass(frozen=True)
class AttendanceService:
    """Attendance from its provider: on Kafka (`apply`, every record signed with a provider
    token) or over HTTP (`report`, the provider's token on the request). Either way the
    provider is the token's subject, and a report counts only for an activity of that
    provider's catalogue (the entries whose `provider_id` it is)."""

    uows: UnitOfWorkFactory
    clock: Clock
    progress: ProgressContext
    metrics: Metrics
    dead_letters: DeadLetters

    async def apply(self, items: Sequence[Event[AttendanceV1] | Tombstone]) -> None:
        """A batch from `lr.portfolio.attendance.v1`; what cannot count goes to the DLQ."""
        now = self.clock.now()
        events = _unique([item for item in items if isinstance(item, Event)])
        signed = [(_provider_of(event), event.data) for event in events]
        async with self.uows() as uow:
            # No inbox claim here: (provider_id, attendance_id) is the natural idempotency key,
            # so a redelivered batch inserts nothing and changes no progress. At 10,000 reports
            # a second an inbox row per report would also grow the inbox without bound.
            reasons, inserted = await self._record(uow, signed, now)
            rejected = [
                Rejected(without_token(event.record), reason)
                for event, reason in zip(events, reasons, strict=True)
                if reason is not None
            ]
            if rejected:
                # Before the commit: a failed commit retries the batch, and a dead letter sent
                # twice is harmless, where one never sent would be lost.
                await self.dead_letters.send(rejected)
            await uow.commit()
        self._count(inserted, reasons)

    async def report(self, provider: str, reports: Sequence[AttendanceV1]) -> list[str | None]:
        """Reports a provider sent over HTTP, in one transaction: per report, why it does not
        count (the reason a dead letter would carry), or None when it is taken (or was
        before: reporting it again changes nothing)."""
        now = self.clock.now()
        async with self.uows() as uow:
            reasons, inserted = await self._record(uow, [(provider, r) for r in reports], now)
            await uow.commit()
        self._count(inserted, reasons)
        return reasons

    async def _record(
        self,
        uow: UnitOfWork,
        signed: Sequence[tuple[str | None, AttendanceV1]],
        now: datetime,
    ) -> tuple[list[str | None], Sequence[AttendanceRow]]:
        """Each (provider by its token, report): the reason it does not count, or None; the
        rows inserted and the progress they change, in the caller's transaction."""
        # PostgreSQL text cannot hold a NUL character: such a report would fail every query of
        # the batch, and the batch would be retried for ever, holding up the whole partition.
        reasons: list[str | None] = [_INVALID_TEXT if _has_nul(r) else None for _, r in signed]
        reports = [r for (_, r), reason in zip(signed, reasons, strict=True) if reason is None]
        catalogue = await uow.catalogue.get_many(sorted({r.activity_code for r in reports}))
        known = await uow.registrations.get_many(sorted({r.registration_number for r in reports}))
        rows: list[AttendanceRow] = []
        # A report resent as a new event can share a batch with the first: one row per
        # (provider, attendance), or both would count in the progress of the one activity.
        seen: set[tuple[str, str]] = set()
        for index, (provider, report) in enumerate(signed):
            if reasons[index] is not None:
                continue
            reason = _reason_to_reject(provider, report, catalogue, known, now.date())
            if reason is not None:
                reasons[index] = reason
            elif report.completed and (report.provider_id, report.attendance_id) not in seen:
                seen.add((report.provider_id, report.attendance_id))
                rows.append(_row(report, catalogue[report.activity_code]))
        inserted = await uow.activities.add_attendances(rows, now)
        await record(uow, _deltas(inserted, known), now, self.progress, known=known)
        return reasons, inserted

    def _count(self, inserted: Sequence[AttendanceRow], reasons: Sequence[str | None]) -> None:
        self.metrics.attendance_applied(len(inserted))
        self.metrics.activities_created("provider", len(inserted))
        for reason in reasons:
            if reason is not None:
                self.metrics.attendance_rejected(reason.split(":")[0])


def _provider_of(event: Event[AttendanceV1]) -> str | None:
    """The provider whose token the record carried (the consumer admits no record without)."""
    return event.sender.subject if event.sender is not None else None


_INVALID_TEXT = "invalid text: a NUL character in attendance_id, provider_id or activity_code"


def _has_nul(report: AttendanceV1) -> bool:
    return any(
        "\x00" in text for text in (report.attendance_id, report.provider_id, report.activity_code)
    )


def _unique(events: list[Event[AttendanceV1]]) -> list[Event[AttendanceV1]]:
    seen: set[str] = set()
    unique = []
    for event in events:
        if event.id not in seen:
            seen.add(event.id)
            unique.append(event)
    return unique


_UNSIGNED = f"{REJECTED_PREFIX}: the report came without its provider's token"
_NOT_THE_SENDER = "provider mismatch: provider_id is not the provider of the token"


def _reason_to_reject(
    provider: str | None,
    report: AttendanceV1,
    catalogue: Mapping[str, CatalogueEntry],
    known: Mapping[str, Registration],
    today: date,
) -> str | None:
    if provider is None:
        return _UNSIGNED
    if report.provider_id != provider:
        return _NOT_THE_SENDER
    entry = catalogue.get(report.activity_code)
    if entry is None:
        return "unknown activity: activity_code not in the provider catalogue"
    if entry.provider_id != report.provider_id:
        return "provider mismatch: the activity belongs to another provider"
    if report.registration_number not in known:
        return "unknown registration: registration number not known to the portfolio"
    if report.attended_on < EARLIEST or report.attended_on > today + MAX_AHEAD:
        return "implausible date: attended_on outside 1950 .. one year ahead"
    return None


def _row(report: AttendanceV1, entry: CatalogueEntry) -> AttendanceRow:
    return AttendanceRow(
        attendance_id=report.attendance_id,
        provider_id=report.provider_id,
        entry=entry,
        registration_number=report.registration_number,
        attended_on=report.attended_on,
    )


def _deltas(rows: Sequence[AttendanceRow], known: Mapping[str, Registration]) -> Deltas:
    sums: dict[tuple[str, Period], list[Decimal]] = {}
    for row in rows:
        period = known[row.registration_number].period
        if period is None:
            continue
        key = (row.registration_number, period.containing(row.attended_on))
        hours = row.entry.register_hours
        total = sums.setdefault(key, [ZERO, ZERO])
        total[0] += hours
        if row.entry.core:
            total[1] += hours
    return {key: Hours(total, core) for key, (total, core) in sums.items()}

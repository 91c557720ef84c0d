"""Attendance reported by training providers: the accredited activity enters the teacher's
portfolio as validated, once per (provider, attendance id), a whole batch in one transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lr_portfolio.application.ports import (
    AttendanceRow,
    Clock,
    DeadLetters,
    Metrics,
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


@dataclass(frozen=True)
class AttendanceService:
    uows: UnitOfWorkFactory
    clock: Clock
    progress: ProgressContext
    metrics: Metrics
    dead_letters: DeadLetters

    async def apply(self, items: Sequence[Event[AttendanceV1] | Tombstone]) -> None:
        now = self.clock.now()
        events = _unique([item for item in items if isinstance(item, Event)])
        # PostgreSQL text cannot hold a NUL character: such a report would fail every query of
        # the batch, and the batch would be retried for ever, holding up the whole partition.
        rejected = [Rejected(e.record, _INVALID_TEXT) for e in events if _has_nul(e.data)]
        events = [e for e in events if not _has_nul(e.data)]
        async with self.uows() as uow:
            # No inbox claim here: (provider_id, attendance_id) is the natural idempotency key,
            # so a redelivered batch inserts nothing and changes no progress. At 10,000 reports
            # a second an inbox row per report would also grow the inbox without bound.
            reports = [event.data for event in events]
            catalogue = await uow.catalogue.get_many(sorted({r.activity_code for r in reports}))
            known = await uow.registrations.get_many(
                sorted({r.registration_number for r in reports})
            )
            rows: list[AttendanceRow] = []
            # A report resent as a new event can share a batch with the first: one row per
            # (provider, attendance), or both would count in the progress of the one activity.
            seen: set[tuple[str, str]] = set()
            for event in events:
                report = event.data
                reason = _reason_to_reject(report, catalogue, known, now.date())
                if reason is not None:
                    rejected.append(Rejected(event.record, reason))
                elif report.completed and (report.provider_id, report.attendance_id) not in seen:
                    seen.add((report.provider_id, report.attendance_id))
                    rows.append(_row(report, catalogue[report.activity_code]))
            inserted = await uow.activities.add_attendances(rows, now)
            await record(uow, _deltas(inserted, known), now, self.progress, known=known)
            if rejected:
                # Before the commit: a failed commit retries the batch, and a dead letter sent
                # twice is harmless, where one never sent would be lost.
                await self.dead_letters.send(rejected)
            await uow.commit()
        self.metrics.attendance_applied(len(inserted))
        self.metrics.activities_created("provider", len(inserted))
        for item in rejected:
            self.metrics.attendance_rejected(item.reason.split(":")[0])


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


def _reason_to_reject(
    report: AttendanceV1,
    catalogue: Mapping[str, CatalogueEntry],
    known: Mapping[str, Registration],
    today: date,
) -> str | None:
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

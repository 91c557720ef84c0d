"""Lifecycle handlers: confirmation, portfolio progress, and the time-based scheduler tick."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from lr_registry.application.ports import UnitOfWorkFactory
from lr_registry.application.publishing import Publisher
from lr_registry.application.recording import record
from lr_registry.domain import lifecycle
from lr_registry.domain.calendar import today
from lr_registry.domain.model import Change, Coverage
from lr_shared.contracts.portfolio import ProgressV1

log = logging.getLogger(__name__)

PROGRESS_CONSUMER = "progress"


class RegistrationNotFoundError(Exception):
    """No such registration (or it is not the caller's)."""


async def confirm(
    uow_factory: UnitOfWorkFactory, publisher: Publisher, number: str, now: datetime
) -> Change:
    """The teacher confirms their data.

    Raises RegistrationNotFoundError, or NotPendingError when already confirmed."""
    async with uow_factory() as uow:
        found = await uow.registrations.lock([number])
        if number not in found:
            raise RegistrationNotFoundError(number)
        change = lifecycle.confirm(found[number], now)
        await record(uow, publisher, [change], now)
        await uow.commit()
    return change


async def apply_progress(
    uow_factory: UnitOfWorkFactory,
    publisher: Publisher,
    batch: Sequence[tuple[str, ProgressV1]],
    now: datetime,
) -> None:
    """Store the portfolio's progress per period and follow it (reregistration when met)."""
    async with uow_factory() as uow:
        fresh = await uow.inbox.claim(PROGRESS_CONSUMER, [message_id for message_id, _ in batch])
        stored = await uow.progress.upsert([p for message_id, p in batch if message_id in fresh])
        if stored:
            registrations = await uow.registrations.lock({p.registration_number for p in stored})
            changes = []
            for report in stored:
                reg = registrations.get(report.registration_number)
                if reg is None:
                    continue
                change = lifecycle.record_progress(reg, report.period_end, report.norm_met, now)
                registrations[reg.number] = change.after
                changes.append(change)
            await record(uow, publisher, _merge(changes), now)
        await uow.commit()


def _merge(changes: Sequence[Change]) -> list[Change]:
    """Successive changes of one registration as one (first before, last after)."""
    merged: dict[str, Change] = {}
    for change in changes:
        first = merged.get(change.after.number)
        if first is None:
            merged[change.after.number] = change
        else:
            merged[change.after.number] = Change(
                first.before,
                change.after,
                first.transitions + change.transitions,
                first.notices + change.notices,
            )
    return list(merged.values())


async def tick(
    uow_factory: UnitOfWorkFactory, publisher: Publisher, now: datetime, *, batch_size: int = 500
) -> int:
    """Carry out everything due by `now`; returns how many registrations were looked at.

    Safe with several replicas: each batch is locked with SKIP LOCKED, and every occasion is
    recorded under a unique key before it is announced."""
    total = 0
    while True:
        async with uow_factory() as uow:
            due = await uow.registrations.due(now, batch_size)
            if due:
                # Those with an appointment ended since (not their last): their schools
                # changed, so their coverage is read again and their RegistrationV1 republished.
                day = today(now)
                passed = {
                    r.number for r in due if r.coverage.next_end and r.coverage.next_end < day
                }
                fresh = await uow.appointments.coverage(passed, day)
                changes = [
                    lifecycle.apply_coverage(reg, fresh.get(reg.number, Coverage()), now)
                    if reg.number in passed
                    else lifecycle.advance(reg, now)
                    for reg in due
                ]
                await record(uow, publisher, changes, now, republish=passed)
            await uow.commit()
        total += len(due)
        if len(due) < batch_size:
            return total

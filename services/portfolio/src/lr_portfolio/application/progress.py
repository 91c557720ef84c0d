"""Progress kept by deltas: every change to an activity adds or subtracts its hours from the row
of the period it counts in; only the current period's totals leave the service."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from lr_portfolio.application.outgoing import Norms, Outgoing
from lr_portfolio.application.ports import UnitOfWork
from lr_portfolio.domain.progress import Hours, Period, Progress, totals_by_period
from lr_portfolio.domain.registrations import Registration

Deltas = dict[tuple[str, Period], Hours]


@dataclass(frozen=True)
class ProgressContext:
    """What progress handlers need besides the unit of work."""

    norms: Norms
    outgoing: Outgoing


async def record(
    uow: UnitOfWork,
    deltas: Mapping[tuple[str, Period], Hours],
    now: datetime,
    context: ProgressContext,
    known: Mapping[str, Registration] | None = None,
) -> int:
    """Apply the deltas and publish the new totals of current periods; returns messages sent."""
    changed = {key: hours for key, hours in deltas.items() if not hours.is_zero}
    if not changed:
        return 0
    totals = await uow.progress.apply(changed, now)
    numbers = sorted({number for number, _ in totals})
    registrations = dict(known) if known is not None else {}
    missing = [n for n in numbers if n not in registrations]
    if missing:
        registrations.update(await uow.registrations.get_many(missing))
    changes = []
    for (number, period), hours in totals.items():
        registration = registrations.get(number)
        if registration is None or registration.period != period:
            continue  # Totals of other periods stay inside; the topic keeps one period per key.
        changes.append((number, Progress(period, hours, context.norms.of(registration))))
    await uow.publish(context.outgoing.progress(changes, now))
    return len(changes)


async def recompute(
    uow: UnitOfWork, registrations: list[Registration], now: datetime, context: ProgressContext
) -> None:
    """Rebuild the progress rows of teachers whose period changed, once, from their activities."""
    if not registrations:
        return
    numbers = [r.registration_number for r in registrations]
    entries = await uow.activities.counting_entries(numbers)
    totals: dict[str, dict[Period, Hours]] = {}
    changes = []
    for registration in registrations:
        number = registration.registration_number
        period = registration.period
        own = entries.get(number, [])
        totals[number] = totals_by_period(period, own) if period is not None else {}
        if period is not None and own:
            hours = totals[number].get(period, Hours())
            changes.append((number, Progress(period, hours, context.norms.of(registration))))
    await uow.progress.replace(totals, now)
    await uow.publish(context.outgoing.progress(changes, now))


async def overview(
    uow: UnitOfWork, registration_number: str, norms: Norms
) -> tuple[Registration | None, list[tuple[Progress, bool]]]:
    """Every period with hours, plus the current one even without; (progress, is current)."""
    registrations = await uow.registrations.get_many([registration_number])
    registration = registrations.get(registration_number)
    rows = await uow.progress.of(registration_number)
    current = registration.period if registration else None
    if current is not None:
        rows.setdefault(current, Hours())
    norm = norms.of(registration)
    ordered = sorted(rows.items(), key=lambda item: item[0].start, reverse=True)
    return registration, [(Progress(p, h, norm), p == current) for p, h in ordered]

"""Applying validated appointments from intake: one teacher per BSN, idempotent, in batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from prometheus_client import Counter

from lr_registry.application.corrections import resolve_by_delivery
from lr_registry.application.ports import (
    AppointmentRow,
    Contact,
    Person,
    SchoolRef,
    Snapshot,
    UnitOfWorkFactory,
)
from lr_registry.application.publishing import Publisher
from lr_registry.application.recording import record
from lr_registry.domain import lifecycle
from lr_registry.domain.calendar import today
from lr_registry.domain.model import OPEN_END, Change, Coverage
from lr_shared.contracts.intake import AppointmentV1

CONSUMER = "appointments"

APPLIED = Counter("lr_registry_appointments_applied_total", "Appointment messages applied")


@dataclass(frozen=True)
class IncomingAppointment:
    message_id: str
    data: AppointmentV1


class ApplyAppointments:
    """The handler of `lr.intake.appointments.v1` batches."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        publisher: Publisher,
        hash_bsn: Callable[[str], str],
    ) -> None:
        self._uow = uow
        self._publisher = publisher
        self._hash = hash_bsn

    async def __call__(self, batch: Sequence[IncomingAppointment], now: datetime) -> int:
        async with self._uow() as uow:
            fresh = await uow.inbox.claim(CONSUMER, [m.message_id for m in batch])
            items = [m.data for m in batch if m.message_id in fresh]
            if not items:
                await uow.commit()
                return 0
            # Later messages win: within a batch they are in partition (delivery) order.
            hashes = [self._hash(item.bsn) for item in items]
            people = {h: _person(h, item) for h, item in zip(hashes, items, strict=True)}
            ensured = await uow.teachers.ensure(list(people.values()))
            rows: dict[tuple[object, ...], AppointmentRow] = {}
            for h, item in zip(hashes, items, strict=True):
                row = _row(ensured.numbers[h], item)
                rows[row.identity] = row
            touched = await uow.appointments.upsert(list(rows.values()))
            # A teacher created in this transaction has exactly this batch's appointments, so
            # what is published about them is known without reading it back.
            new = ensured.new
            own = _by_number(r for r in rows.values() if r.registration_number in new)
            day = today(now)
            arriving: dict[str, list[UUID]] = defaultdict(list)
            for h, item in zip(hashes, items, strict=True):
                number = ensured.numbers[h]
                if number not in new and item.delivery_id not in arriving[number]:
                    arriving[number].append(item.delivery_id)
            resolved_in = {n: arriving[n] for n in (touched | ensured.renamed) - new}
            await resolve_by_delivery(uow, self._publisher, resolved_in, now)
            coverage = await uow.appointments.coverage(touched - new, day)
            existing = await uow.registrations.lock(touched - new)
            changes: list[Change] = [
                lifecycle.invite(n, _coverage(own[n], day), now) for n in sorted(new)
            ]
            changes += [
                lifecycle.apply_coverage(reg, coverage.get(n, Coverage()), now)
                for n, reg in existing.items()
            ]
            created = {ensured.numbers[h]: p for h, p in people.items() if h in ensured.numbers}
            names = await uow.schools.names(
                {(r.brin, r.brin_volgnummer) for n in new for r in own[n]}
            )
            await record(
                uow,
                self._publisher,
                changes,
                now,
                republish=(touched | ensured.renamed) - new,
                contacts=new | ensured.renamed,
                known_snapshots={
                    c.after.number: _snapshot(
                        c, created[c.after.number], own[c.after.number], names, day
                    )
                    for c in changes[: len(new)]
                },
                known_contacts={n: _contact(n, created[n]) for n in new},
            )
            await uow.commit()
        APPLIED.inc(len(items))
        return len(items)


def _by_number(rows: Iterable[AppointmentRow]) -> dict[str, list[AppointmentRow]]:
    grouped: dict[str, list[AppointmentRow]] = defaultdict(list)
    for row in rows:
        grouped[row.registration_number].append(row)
    return grouped


def _coverage(rows: Sequence[AppointmentRow], day: date) -> Coverage:
    """As SqlAppointments.coverage computes it: the latest end date (open: OPEN_END), and the
    next one on or after `day`."""
    ends = [(r.benoeming_einddatum or OPEN_END, r.qualified) for r in rows]
    qualified = [end for end, q in ends if q]
    coming = [r.benoeming_einddatum for r in rows if r.benoeming_einddatum is not None]
    return Coverage(
        max((e for e, _ in ends), default=None),
        max(qualified, default=None),
        min((end for end in coming if end >= day), default=None),
    )


def _snapshot(
    change: Change,
    person: Person,
    rows: Sequence[AppointmentRow],
    names: dict[tuple[str, str], str],
    day: date,
) -> Snapshot:
    """The snapshot of a teacher created in this batch, as SqlRegistrations.snapshots reads it:
    active appointments ordered by school, grondslag and start."""
    active = sorted(
        (r for r in rows if (r.benoeming_einddatum or OPEN_END) >= day),
        key=lambda r: (r.brin, r.brin_volgnummer, r.benoemingsgrondslag, r.benoeming_begindatum),
    )
    after = change.after
    return Snapshot(
        number=after.number,
        state=after.state,
        voorletters=person.voorletters,
        tussenvoegsel=person.tussenvoegsel,
        achternaam=person.achternaam,
        period_start=after.period_start,
        period_end=after.period_end,
        qualified=after.coverage.qualified(day),
        schools=tuple(
            SchoolRef(
                r.brin,
                r.brin_volgnummer,
                names.get((r.brin, r.brin_volgnummer)),
                r.bevoegd_gezag,
                r.sector,
                r.qualified,
                r.benoemingsgrondslag,
            )
            for r in active
        ),
    )


def _contact(number: str, person: Person) -> Contact:
    """A new teacher has no preferences yet: the board's address, Dutch."""
    return Contact(
        number, person.voorletters, person.tussenvoegsel, person.achternaam, person.email, "nl"
    )


def _person(bsn_hash: str, item: AppointmentV1) -> Person:
    return Person(
        bsn_hash=bsn_hash,
        bsn=item.bsn,
        voorletters=item.voorletters,
        tussenvoegsel=item.tussenvoegsel,
        achternaam=item.achternaam,
        geslacht=item.geslacht,
        geboortedatum=item.geboortedatum,
        email=str(item.email) if item.email else None,
    )


def _row(number: str, item: AppointmentV1) -> AppointmentRow:
    return AppointmentRow(
        registration_number=number,
        bevoegd_gezag=item.bevoegd_gezag,
        brin=item.brin,
        brin_volgnummer=item.brin_volgnummer,
        benoemingsgrondslag=item.benoemingsgrondslag,
        benoeming_begindatum=item.benoeming_begindatum,
        benoeming_einddatum=item.benoeming_einddatum,
        dienstverband_begindatum=item.dienstverband_begindatum,
        dienstverband_einddatum=item.dienstverband_einddatum,
        sector=item.sector,
        functie=item.functie,
        qualified=item.qualified,
        onderwijsterrein=item.onderwijsterrein,
        delivery_id=item.delivery_id,
    )

"""The registry's compacted registrations, as far as panels need them: state, sectors and the
boards that employ the teacher. Whoever stops being registered, or is erased (a tombstone),
leaves every panel and her open reviews are withdrawn; whoever comes to work for a provider's
board loses her open reviews of that provider's requests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from lr_profession.application.panels import release
from lr_profession.application.ports import UnitOfWorkFactory
from lr_profession.domain.panel import Registration
from lr_profession.domain.reviews import WithdrawalReason, Withdrawn
from lr_shared.consumers import Event, Tombstone
from lr_shared.contracts.registry import RegistrationV1

CONSUMER = "registrations"


def to_registration(message: RegistrationV1) -> Registration:
    return Registration(
        registration_number=message.registration_number,
        state=message.state,
        sectors=tuple(dict.fromkeys(message.sectors)),
        boards=frozenset(school.bevoegd_gezag for school in message.schools),
    )


async def apply(
    uows: UnitOfWorkFactory, items: Sequence[Event[RegistrationV1] | Tombstone], now: datetime
) -> int:
    """Apply a batch; return how many open reviews it withdrew (their panels need filling)."""
    async with uows() as uow:
        fresh = await uow.claim(CONSUMER, [item.id for item in items])
        latest: dict[str, Registration | None] = {}
        for item in items:
            if item.id not in fresh:
                continue
            if isinstance(item, Tombstone):
                latest[item.key] = None
            else:
                latest[item.data.registration_number] = to_registration(item.data)
        erased = sorted(number for number, r in latest.items() if r is None)
        kept = [r for r in latest.values() if r is not None]
        leaving = sorted(r.registration_number for r in kept if not r.registered)
        withdrawn: list[Withdrawn] = []
        withdrawn += await uow.reviews.withdraw_of(erased, WithdrawalReason.ERASED, now)
        withdrawn += await uow.reviews.withdraw_of(leaving, WithdrawalReason.NOT_REGISTERED, now)
        for registration in kept:
            if registration.registered:
                withdrawn += await uow.reviews.withdraw_conflicts(
                    registration.registration_number, sorted(registration.boards), now
                )
        await release(uow, withdrawn, now)
        await uow.members.delete(erased + leaving)
        # An erased reviewer's submitted reviews still count; nobody is named in them.
        await uow.reviews.anonymize(erased)
        await uow.registrations.delete(erased)
        await uow.registrations.upsert(kept, now)
        await uow.commit()
    return len(withdrawn)

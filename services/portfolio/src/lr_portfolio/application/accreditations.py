"""Activities the profession's teacher panels accredited (lr.profession.accreditations.v1):
each enters the provider catalogue with its register hours, or updates its entry. Exactly once
per message (the inbox); the latest message per activity code in a batch wins, as compaction
would have it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lr_portfolio.application.ports import UnitOfWorkFactory
from lr_portfolio.domain.activities import ActivitySubtype, ActivityType
from lr_portfolio.domain.catalogue import CatalogueEntry
from lr_shared.consumers import Event, Tombstone
from lr_shared.contracts.profession import ActivityAccreditedV1

CONSUMER = "accreditations"


def to_entry(message: ActivityAccreditedV1) -> CatalogueEntry:
    return CatalogueEntry(
        activity_code=message.activity_code,
        provider_id=message.provider_id,
        provider_name=message.provider_name,
        title=message.title,
        type=ActivityType(message.type),
        subtype=ActivitySubtype(message.subtype) if message.subtype else None,
        register_hours=message.register_hours,
        core=message.core,
        criteria_version=message.criteria_version,
    )


@dataclass(frozen=True)
class AccreditationService:
    uows: UnitOfWorkFactory

    async def apply(self, items: Sequence[Event[ActivityAccreditedV1] | Tombstone]) -> None:
        # A tombstone (an accreditation withdrawn) is not sent yet: withdrawal is a later
        # slice, and what it does to attendance already recorded is for that slice to decide.
        events = [item for item in items if isinstance(item, Event)]
        async with self.uows() as uow:
            fresh = await uow.claim(CONSUMER, [event.id for event in events])
            latest = {e.data.activity_code: to_entry(e.data) for e in events if e.id in fresh}
            await uow.catalogue.upsert(list(latest.values()))
            await uow.commit()

"""AVG erasure: everything of the teacher goes, and the confirmation is written in the same
transaction, so it is sent if and only if the erasure committed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lr_portfolio.application.outgoing import Outgoing
from lr_portfolio.application.ports import Clock, UnitOfWorkFactory
from lr_portfolio.application.ratings import forget
from lr_shared.consumers import Event, Tombstone
from lr_shared.contracts.privacy import ErasureRequestV1

CONSUMER = "erasure"


@dataclass(frozen=True)
class ErasureService:
    uows: UnitOfWorkFactory
    clock: Clock
    outgoing: Outgoing

    async def apply(self, items: Sequence[Event[ErasureRequestV1] | Tombstone]) -> None:
        now = self.clock.now()
        events = [item for item in items if isinstance(item, Event)]
        async with self.uows() as uow:
            fresh = await uow.claim(CONSUMER, [event.id for event in events])
            requests = [event.data for event in events if event.id in fresh]
            if not requests:
                return
            numbers = sorted({request.registration_number for request in requests})
            await forget(uow, numbers, now, self.outgoing)
            await uow.erase(numbers)
            # Confirmed even when the registry did not list us: erasing is never wrong here.
            messages = [self.outgoing.progress_erased(number) for number in numbers]
            messages += [self.outgoing.erasure_confirmed(request, now) for request in requests]
            await uow.publish(messages)
            await uow.commit()

"""The registry's compacted registrations: each teacher's current period, sectors and name.
A tombstone means the teacher was erased: everything of theirs goes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lr_portfolio.application.ports import Clock, UnitOfWorkFactory
from lr_portfolio.application.progress import ProgressContext, recompute
from lr_portfolio.application.ratings import forget
from lr_portfolio.domain.progress import Period
from lr_portfolio.domain.registrations import Registration
from lr_shared.consumers import Event, Tombstone
from lr_shared.contracts.registry import RegistrationV1

CONSUMER = "registrations"


@dataclass(frozen=True)
class RegistrationService:
    uows: UnitOfWorkFactory
    clock: Clock
    progress: ProgressContext

    async def apply(self, items: Sequence[Event[RegistrationV1] | Tombstone]) -> None:
        now = self.clock.now()
        async with self.uows() as uow:
            fresh = await uow.claim(CONSUMER, [item.id for item in items])
            erased: list[str] = []
            latest: dict[str, Registration] = {}
            for item in items:
                if item.id not in fresh:
                    continue
                if isinstance(item, Tombstone):
                    erased.append(item.key)
                    latest.pop(item.key, None)
                else:
                    latest[item.data.registration_number] = to_registration(item.data)
            if erased:
                await forget(uow, erased, now, self.progress.outgoing)
                await uow.erase(erased)
                await uow.publish([self.progress.outgoing.progress_erased(n) for n in erased])
            before = await uow.registrations.get_many(sorted(latest))
            await uow.registrations.upsert(list(latest.values()), now)
            moved = [
                r for r in latest.values() if self._moved(before.get(r.registration_number), r)
            ]
            await recompute(uow, moved, now, self.progress)
            await uow.commit()

    def _moved(self, old: Registration | None, new: Registration) -> bool:
        """Progress must be rebuilt when the period changed, or the norm with the sectors."""
        if old is None:
            return new.period is not None
        norms = self.progress.norms
        return old.period != new.period or norms.of(old) != norms.of(new)


def to_registration(message: RegistrationV1) -> Registration:
    period = None
    if message.period_start is not None and message.period_end is not None:
        period = Period(message.period_start, message.period_end)
    return Registration(
        registration_number=message.registration_number,
        period=period,
        sectors=tuple(message.sectors),
        voorletters=message.voorletters,
        tussenvoegsel=message.tussenvoegsel,
        achternaam=message.achternaam,
    )

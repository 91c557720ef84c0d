"""What a teacher exports, and what a share shows: the portfolio, whole or for one period."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime

from lr_portfolio.application.outgoing import Norms
from lr_portfolio.application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from lr_portfolio.application.progress import overview
from lr_portfolio.domain import shares as share_rules
from lr_portfolio.domain.activities import Activity
from lr_portfolio.domain.errors import InvalidInputError, NotFoundError, Problem
from lr_portfolio.domain.progress import Period, Progress
from lr_portfolio.domain.registrations import Registration
from lr_portfolio.domain.shares import Share, ShareOpening, ShareView


@dataclass(frozen=True)
class PortfolioView:
    registration_number: str
    registration: Registration | None
    activities: list[Activity]
    progress: list[tuple[Progress, bool]]
    generated_at: datetime
    period: Period | None = None

    def only(self, period: Period) -> PortfolioView:
        """The part of the portfolio that counts in `period`."""
        next_start = period.shifted(1).start
        return replace(
            self,
            activities=[
                a for a in self.activities if period.start <= a.draft.counting_date < next_start
            ],
            progress=[(p, current) for p, current in self.progress if p.period == period],
            period=period,
        )


@dataclass(frozen=True)
class CreatedShare:
    share: Share
    token: str


@dataclass(frozen=True)
class ViewService:
    uows: UnitOfWorkFactory
    clock: Clock
    norms: Norms
    share_max_days: int

    async def portfolio(self, owner: str) -> PortfolioView:
        async with self.uows() as uow:
            return await self._portfolio(uow, owner)

    async def _portfolio(self, uow: UnitOfWork, owner: str) -> PortfolioView:
        activities = await uow.activities.of_teacher(owner)
        registration, progress = await overview(uow, owner, self.norms)
        return PortfolioView(owner, registration, activities, progress, self.clock.now())

    async def create_share(
        self, owner: str, view: ShareView, period_start: date | None, expires_at: datetime
    ) -> CreatedShare:
        now = self.clock.now()
        share_rules.validate_view(view, period_start, now.date())
        share_rules.validate_expiry(expires_at, now, self.share_max_days)
        token = share_rules.new_token()
        async with self.uows() as uow:
            if period_start is not None:
                period_start = await self._period_of(uow, owner, period_start)
            share = Share(uuid.uuid4(), owner, view, period_start, now, expires_at)
            await uow.shares.add(share, share_rules.token_hash(token))
            await uow.commit()
        return CreatedShare(share, token)

    async def shares(self, owner: str) -> list[Share]:
        async with self.uows() as uow:
            return await uow.shares.of_teacher(owner)

    async def revoke_share(self, owner: str, share_id: uuid.UUID) -> None:
        async with self.uows() as uow:
            if not await uow.shares.delete(owner, share_id):
                raise NotFoundError("share")
            await uow.commit()

    async def open_share(self, token: str) -> PortfolioView:
        """The shared view; an unknown, expired or revoked token are all `NotFoundError`.

        The opening is recorded (`share_openings`) in the transaction that read the view and
        committed before the view is returned: nothing is shown that is not recorded, and a
        failed record shows nothing."""
        async with self.uows() as uow:
            share = await uow.shares.by_token_hash(share_rules.token_hash(token))
            now = self.clock.now()
            if share is None or not share.is_open(now):
                raise NotFoundError("share")
            view = await self._portfolio(uow, share.registration_number)
            if share.view == "period" and share.period_start is not None:
                current = view.registration.period if view.registration else None
                if current is None:
                    raise NotFoundError("share")
                view = view.only(current.containing(share.period_start))
            await uow.shares.record_opening(share, now)
            await uow.commit()
        return view

    async def share_openings(
        self, owner: str, limit: int, offset: int
    ) -> tuple[list[ShareOpening], int]:
        """When her share links were opened, newest first (docs/privacy.md)."""
        async with self.uows() as uow:
            return await uow.shares.openings_of(owner, limit, offset)

    @staticmethod
    async def _period_of(uow: UnitOfWork, owner: str, day: date) -> date:
        registration = (await uow.registrations.get_many([owner])).get(owner)
        if registration is None or registration.period is None:
            raise InvalidInputError(
                [Problem("period_start", "no registration period is known yet", "no_period")]
            )
        return registration.period.containing(day).start

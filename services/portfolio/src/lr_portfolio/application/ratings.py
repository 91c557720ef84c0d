"""Feedback afterwards: a teacher rates an accredited activity of her portfolio once; the
catalogue, its provider and (through lr.portfolio.activity-feedback.v1) the panels see the
anonymous aggregate, from FEEDBACK_SHOWN_FROM ratings on.

Every change of an activity's ratings (a rating, an erasure) locks its code, then writes the
new aggregate to the outbox in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from lr_portfolio.application.outgoing import TOPIC_COMMENTS, Outgoing
from lr_portfolio.application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from lr_portfolio.domain.catalogue import CatalogueEntry
from lr_portfolio.domain.errors import AlreadyRatedError, NotFoundError
from lr_portfolio.domain.ratings import Comment, Feedback, Rating, new_rating


@dataclass(frozen=True)
class ProviderFeedback:
    entry: CatalogueEntry
    feedback: Feedback
    comments_total: int | None
    """Comments there are (None below FEEDBACK_SHOWN_FROM ratings, like everything else)."""


@dataclass(frozen=True)
class RatingService:
    uows: UnitOfWorkFactory
    clock: Clock
    outgoing: Outgoing

    async def rate(
        self, owner: str, activity_id: uuid.UUID, rating: int, comment: str | None
    ) -> Rating:
        """Her one rating of an activity her provider reported; a second is AlreadyRatedError
        and changes nothing."""
        now = self.clock.now()
        async with self.uows() as uow:
            activity = await uow.activities.get(owner, activity_id)
            if activity is None:
                raise NotFoundError("activity")
            new = new_rating(activity, rating, comment, now.date())
            await uow.ratings.lock([new.activity_code])
            if not await uow.ratings.add(new):
                raise AlreadyRatedError(new.activity_code)
            await publish_feedback(uow, [new.activity_code], now, self.outgoing)
            await uow.commit()
        return new

    async def of_teacher(self, owner: str) -> dict[str, Rating]:
        """Her own ratings by activity code (only she sees them)."""
        async with self.uows() as uow:
            return await uow.ratings.of_teacher(owner)

    async def for_catalogue(self, activity_codes: Sequence[str]) -> dict[str, Feedback]:
        async with self.uows() as uow:
            summaries = await uow.ratings.summaries(activity_codes)
        return {code: Feedback.of(summary) for code, summary in summaries.items()}

    async def for_provider(
        self, provider_id: str, activity_code: str, offset: int, limit: int
    ) -> ProviderFeedback:
        """The provider's own activity only: another's code is NotFoundError, like an unknown
        one."""
        async with self.uows() as uow:
            entry = (await uow.catalogue.get_many([activity_code])).get(activity_code)
            if entry is None or entry.provider_id != provider_id:
                raise NotFoundError("activity")
            summary = (await uow.ratings.summaries([activity_code]))[activity_code]
            if not Feedback.of(summary).shown:
                return ProviderFeedback(entry, Feedback.of(summary), None)
            comments = await uow.ratings.comments(activity_code, offset, limit)
            total = await uow.ratings.comment_count(activity_code)
        return ProviderFeedback(entry, Feedback.of(summary, tuple(comments)), total)


async def publish_feedback(
    uow: UnitOfWork, activity_codes: Sequence[str], now: datetime, outgoing: Outgoing
) -> None:
    """ActivityFeedbackV1 for each code, as it stands in this transaction (call after locking
    the codes and changing their ratings)."""
    codes = sorted(set(activity_codes))
    if not codes:
        return
    entries = await uow.catalogue.get_many(codes)
    summaries = await uow.ratings.summaries(codes)
    messages = []
    for code in codes:
        entry = entries.get(code)
        if entry is None:  # pragma: no cover - a rated activity came from the catalogue
            continue
        comments: tuple[Comment, ...] = ()
        if Feedback.of(summaries[code]).shown:
            comments = tuple(await uow.ratings.comments(code, 0, TOPIC_COMMENTS))
        messages.append(
            outgoing.feedback(entry.provider_id, Feedback.of(summaries[code], comments), now)
        )
    await uow.publish(messages)


async def forget(
    uow: UnitOfWork, registration_numbers: Sequence[str], now: datetime, outgoing: Outgoing
) -> None:
    """Erasure: these teachers' ratings go, and the aggregates they were part of are published
    again without them."""
    codes = await uow.ratings.codes_of(registration_numbers)
    if not codes:
        return
    await uow.ratings.lock(codes)
    await uow.ratings.delete_of(registration_numbers)
    await publish_feedback(uow, codes, now, outgoing)

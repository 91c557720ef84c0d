"""The portfolio's teacher feedback per accredited activity (lr.portfolio.activity-feedback.v1,
compacted): kept per activity code, shown to the reviewers of a re-accreditation of it. Exactly
once per message (the inbox); within a batch the latest message per code wins."""

from __future__ import annotations

from collections.abc import Sequence

from lr_profession.application.ports import UnitOfWorkFactory
from lr_profession.domain.feedback import ActivityFeedback, FeedbackComment
from lr_shared.consumers import Event, Tombstone
from lr_shared.contracts.portfolio import ActivityFeedbackV1

CONSUMER = "activity-feedback"


def to_feedback(message: ActivityFeedbackV1) -> ActivityFeedback:
    return ActivityFeedback(
        activity_code=message.activity_code,
        ratings_count=message.ratings_count,
        average_rating=message.average_rating,
        distribution=tuple(message.distribution) if message.distribution is not None else None,
        comments=tuple(FeedbackComment(c.text, c.month) for c in message.comments),
        updated_at=message.updated_at,
    )


async def apply(
    uows: UnitOfWorkFactory, items: Sequence[Event[ActivityFeedbackV1] | Tombstone]
) -> None:
    # The portfolio sends no tombstones (an erased rater's feedback is a new aggregate).
    events = [item for item in items if isinstance(item, Event)]
    async with uows() as uow:
        fresh = await uow.claim(CONSUMER, [event.id for event in events])
        latest = {e.data.activity_code: to_feedback(e.data) for e in events if e.id in fresh}
        await uow.feedback.upsert(list(latest.values()))
        await uow.commit()

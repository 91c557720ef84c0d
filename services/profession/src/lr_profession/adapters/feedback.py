"""The portfolio's feedback per activity code, as last received (one row per code)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lr_profession.adapters.tables import activity_feedback
from lr_profession.domain.feedback import ActivityFeedback, FeedbackComment


class SqlFeedback:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def upsert(self, items: Sequence[ActivityFeedback]) -> None:
        if not items:
            return
        rows = [
            {
                "activity_code": f.activity_code,
                "ratings_count": f.ratings_count,
                "average_rating": f.average_rating,
                "distribution": list(f.distribution) if f.distribution is not None else None,
                "comments": [{"text": c.text, "month": c.month} for c in f.comments],
                "updated_at": f.updated_at,
            }
            for f in items
        ]
        statement = insert(activity_feedback)
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["activity_code"],
                set_={k: statement.excluded[k] for k in rows[0] if k != "activity_code"},
                # A message older than the one kept changes nothing.
                where=activity_feedback.c.updated_at <= statement.excluded.updated_at,
            ),
            rows,
        )

    async def get(self, activity_code: str) -> ActivityFeedback | None:
        row = (
            await self._session.execute(
                select(activity_feedback).where(activity_feedback.c.activity_code == activity_code)
            )
        ).first()
        return _feedback(row) if row else None


def _feedback(row: Any) -> ActivityFeedback:
    comments = json.loads(row.comments) if isinstance(row.comments, str) else row.comments
    return ActivityFeedback(
        activity_code=row.activity_code,
        ratings_count=row.ratings_count,
        average_rating=row.average_rating,
        distribution=tuple(row.distribution) if row.distribution is not None else None,
        comments=tuple(FeedbackComment(c["text"], c["month"]) for c in comments),
        updated_at=row.updated_at,
    )

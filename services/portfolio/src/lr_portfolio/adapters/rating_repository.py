"""Ratings of accredited activities in PostgreSQL, and their aggregates (computed on read: a
page of the catalogue is one grouped query on the unique key's leading column)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ARRAY, Text, any_, bindparam, delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lr_portfolio.adapters.tables import activity_ratings
from lr_portfolio.domain.ratings import Comment, Rating, RatingSummary

LOCK_CLASS = 1919
"""The first key of the two-key advisory locks of this table (a key space of its own)."""

_LOCK = text("select pg_advisory_xact_lock(:class_id, hashtext(:code))")


class SqlRatings:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock(self, activity_codes: Sequence[str]) -> None:
        # Sorted, so two transactions locking several codes cannot deadlock.
        for code in sorted(set(activity_codes)):
            await self._session.execute(_LOCK, {"class_id": LOCK_CLASS, "code": code})

    async def add(self, rating: Rating) -> bool:
        statement = (
            insert(activity_ratings)
            .values(
                activity_code=rating.activity_code,
                registration_number=rating.registration_number,
                rating=rating.rating,
                comment=rating.comment,
                rated_at=rating.rated_at,
            )
            .on_conflict_do_nothing(constraint="activity_ratings_once")
            .returning(activity_ratings.c.activity_code)
        )
        return (await self._session.execute(statement)).first() is not None

    async def of_teacher(self, registration_number: str) -> dict[str, Rating]:
        query = select(activity_ratings).where(
            activity_ratings.c.registration_number == registration_number
        )
        return {row.activity_code: _rating(row) for row in await self._session.execute(query)}

    async def codes_of(self, registration_numbers: Sequence[str]) -> list[str]:
        if not registration_numbers:
            return []
        query = (
            select(activity_ratings.c.activity_code)
            .where(activity_ratings.c.registration_number == any_(_texts(registration_numbers)))
            .distinct()
        )
        return [row[0] for row in await self._session.execute(query)]

    async def delete_of(self, registration_numbers: Sequence[str]) -> int:
        if not registration_numbers:
            return 0
        result = await self._session.execute(
            delete(activity_ratings).where(
                activity_ratings.c.registration_number == any_(_texts(registration_numbers))
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def summaries(self, activity_codes: Sequence[str]) -> dict[str, RatingSummary]:
        if not activity_codes:
            return {}
        table = activity_ratings
        columns = [func.count().filter(table.c.rating == n) for n in range(1, 6)]
        query = (
            select(table.c.activity_code, *columns)
            .where(table.c.activity_code == any_(_texts(activity_codes)))
            .group_by(table.c.activity_code)
        )
        found = {
            row[0]: RatingSummary(row[0], (row[1], row[2], row[3], row[4], row[5]))
            for row in await self._session.execute(query)
        }
        return {code: found.get(code, RatingSummary.none(code)) for code in activity_codes}

    async def comments(self, activity_code: str, offset: int, limit: int) -> list[Comment]:
        """Newest first; within a day by text, so the order tells nothing about who."""
        table = activity_ratings
        query = (
            select(table.c.comment, table.c.rated_at)
            .where(table.c.activity_code == activity_code, table.c.comment.is_not(None))
            .order_by(table.c.rated_at.desc(), table.c.comment)
            .offset(offset)
            .limit(limit)
        )
        return [Comment.of(row[0], row[1]) for row in await self._session.execute(query)]

    async def comment_count(self, activity_code: str) -> int:
        table = activity_ratings
        count = await self._session.scalar(
            select(func.count()).where(
                table.c.activity_code == activity_code, table.c.comment.is_not(None)
            )
        )
        return int(count or 0)


def _texts(values: Sequence[str]) -> Any:
    return bindparam(None, list(values), type_=ARRAY(Text))


def _rating(row: Any) -> Rating:
    return Rating(
        activity_code=row.activity_code,
        registration_number=row.registration_number,
        rating=row.rating,
        comment=row.comment,
        rated_at=row.rated_at,
    )

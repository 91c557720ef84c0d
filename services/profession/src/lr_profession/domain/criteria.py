"""The criteria a panel scores an offer with. Criteria sets are versioned: a review keeps the
version in force when it was assigned, and a decision records it. The profession keeps its
own criteria (seed 003); changing them by vote is a later slice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

MIN_SCORE = 1
MAX_SCORE = 5
MAX_REASON = 500


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    description: str


@dataclass(frozen=True)
class CriteriaSet:
    version: int
    in_force_from: datetime
    criteria: tuple[Criterion, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.criteria)


@dataclass(frozen=True)
class Score:
    criterion: str
    score: int
    reason: str


class ScoresDoNotFitError(ValueError):
    """The scores do not name every criterion of the set exactly once, or a score or reason is
    out of bounds."""


def check_scores(criteria: CriteriaSet, scores: Sequence[Score]) -> None:
    named = [s.criterion for s in scores]
    if sorted(named) != sorted(criteria.codes):
        raise ScoresDoNotFitError("score every criterion of the set exactly once")
    for score in scores:
        if not MIN_SCORE <= score.score <= MAX_SCORE:
            raise ScoresDoNotFitError("a score is 1 to 5")
        if not score.reason.strip() or len(score.reason) > MAX_REASON:
            raise ScoresDoNotFitError("a reason is 1 to 500 characters")

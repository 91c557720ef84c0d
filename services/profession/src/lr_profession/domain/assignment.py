"""Who reviews a request: the eligible teachers with the fewest open reviews, ties at random.

Eligible: registered, opted in for one of the request's sectors, not employed by the board that
is the provider, not a reviewer of this request before (an earlier round, a withdrawn review),
and below the cap of open reviews. The database narrows the candidates by the same rule
(adapters/repositories.py); this function is where the rule is decided.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    registration_number: str
    sector: str
    boards: frozenset[str]
    open_reviews: int
    registered: bool = True


@dataclass(frozen=True)
class PanelNeed:
    sectors: frozenset[str]
    provider_board: str | None
    previous_reviewers: frozenset[str]
    needed: int


def is_eligible(candidate: Candidate, need: PanelNeed, cap: int) -> bool:
    return (
        candidate.registered
        and candidate.sector in need.sectors
        and (need.provider_board is None or need.provider_board not in candidate.boards)
        and candidate.registration_number not in need.previous_reviewers
        and candidate.open_reviews < cap
    )


def choose_reviewers(
    candidates: Sequence[Candidate], need: PanelNeed, cap: int, rng: random.Random
) -> list[str]:
    unique = {c.registration_number: c for c in candidates if is_eligible(c, need, cap)}
    pool = list(unique.values())
    rng.shuffle(pool)
    pool.sort(key=lambda c: c.open_reviews)  # stable: equal counts keep their random order
    return [c.registration_number for c in pool[: max(need.needed, 0)]]

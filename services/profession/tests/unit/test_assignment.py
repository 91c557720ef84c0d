"""Who reviews a request (domain/assignment.py): sector, employer, earlier reviewers, the
cap, fewest open reviews first."""

from __future__ import annotations

import random
from collections import Counter

from lr_profession.domain.assignment import Candidate, PanelNeed, choose_reviewers

CAP = 3


def teacher(
    number: str,
    sector: str = "PO",
    boards: tuple[str, ...] = ("41234",),
    open_reviews: int = 0,
    registered: bool = True,
) -> Candidate:
    return Candidate(number, sector, frozenset(boards), open_reviews, registered)


def need(needed: int = 3, board: str | None = "50001", previous: tuple[str, ...] = ()) -> PanelNeed:
    return PanelNeed(frozenset({"PO"}), board, frozenset(previous), needed)


def test_only_teachers_of_the_requests_sector_are_chosen() -> None:
    chosen = choose_reviewers(
        [teacher("a"), teacher("b", "VO"), teacher("c", "MBO"), teacher("d")],
        need(),
        CAP,
        random.Random(1),
    )
    assert sorted(chosen) == ["a", "d"]


def test_a_teacher_employed_by_the_providers_board_is_never_chosen() -> None:
    chosen = choose_reviewers(
        [teacher("a"), teacher("b", boards=("41234", "50001")), teacher("c"), teacher("d")],
        need(),
        CAP,
        random.Random(2),
    )
    assert "b" not in chosen
    assert len(chosen) == 3


def test_a_provider_that_is_no_board_excludes_nobody_by_employer() -> None:
    chosen = choose_reviewers(
        [teacher("a", boards=("50001",))], need(1, board=None), CAP, random.Random(3)
    )
    assert chosen == ["a"]


def test_earlier_reviewers_of_the_request_are_not_chosen_again() -> None:
    chosen = choose_reviewers(
        [teacher(n) for n in "abcdef"], need(previous=("a", "b", "c")), CAP, random.Random(4)
    )
    assert sorted(chosen) == ["d", "e", "f"]


def test_teachers_at_the_cap_or_not_registered_are_passed_by() -> None:
    chosen = choose_reviewers(
        [
            teacher("a", open_reviews=3),
            teacher("b", registered=False),
            teacher("c", open_reviews=2),
        ],
        need(),
        CAP,
        random.Random(5),
    )
    assert chosen == ["c"]


def test_the_least_busy_come_first_and_ties_are_broken_at_random() -> None:
    candidates = [teacher("busy", open_reviews=2)] + [teacher(n, open_reviews=1) for n in "abcd"]
    picks = Counter(
        n
        for seed in range(200)
        for n in choose_reviewers(candidates, need(2), CAP, random.Random(seed))
    )
    assert picks["busy"] == 0
    assert set(picks) == set("abcd")
    assert min(picks.values()) > 50  # each of four equals picked about half the time


def test_never_more_than_needed() -> None:
    chosen = choose_reviewers([teacher(n) for n in "abcdefgh"], need(3), CAP, random.Random(6))
    assert len(chosen) == 3
    assert len(set(chosen)) == 3

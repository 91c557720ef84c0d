"""The adoption rule, the voter roll's keyed hash and what makes a proposal."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lr_profession.domain.criteria import Criterion
from lr_profession.domain.votes import (
    ProposalInvalidError,
    Tally,
    adopted,
    check_proposal,
    notification_key,
    voter_mark,
)

KEY = b"k" * 32
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("votes_for", "against", "abstain", "expected"),
    [
        (3, 2, 0, True),
        (2, 2, 10, False),  # a tie keeps the set in force, however many abstain
        (1, 0, 50, True),  # abstentions count for turnout only
        (0, 0, 0, False),  # nobody voted
        (2, 3, 0, False),
    ],
)
def test_a_proposal_is_adopted_with_more_for_than_against(
    votes_for: int, against: int, abstain: int, expected: bool
) -> None:
    assert adopted(Tally(votes_for, against, abstain)) is expected


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6))
def test_abstentions_never_change_the_outcome(votes_for: int, against: int, abstain: int) -> None:
    tally = Tally(votes_for, against, abstain)
    assert adopted(tally) == adopted(Tally(votes_for, against, 0)) == (votes_for > against)
    assert tally.turnout == votes_for + against + abstain


def test_the_roll_entry_is_the_hmac_of_vote_and_registration_number() -> None:
    vote = uuid.uuid4()
    expected = hmac.new(KEY, vote.bytes + b"LR00012345", hashlib.sha256).digest()
    assert voter_mark(KEY, vote, "LR00012345") == expected
    assert voter_mark(KEY, vote, "LR00012345") == voter_mark(KEY, vote, "LR00012345")


def test_roll_entries_differ_per_teacher_per_vote_and_per_key() -> None:
    vote, other_vote = uuid.uuid4(), uuid.uuid4()
    mark = voter_mark(KEY, vote, "LR00012345")
    assert mark != voter_mark(KEY, vote, "LR00012346")
    # The same teacher in two votes: the entries cannot be matched across votes.
    assert mark != voter_mark(KEY, other_vote, "LR00012345")
    assert mark != voter_mark(b"x" * 32, vote, "LR00012345")
    # Without the key the plain hash does not give it.
    assert mark != hashlib.sha256(vote.bytes + b"LR00012345").digest()
    assert b"LR00012345" not in mark


def test_a_short_roll_key_is_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        voter_mark(b"short", uuid.uuid4(), "LR00012345")


def criterion(code: str = "value_for_education") -> Criterion:
    return Criterion(code, "Waarde voor het onderwijs", "Draagt bij aan het onderwijs.")


def test_a_full_set_with_a_vote_in_the_future_is_a_proposal() -> None:
    closes = NOW + timedelta(days=14)
    check_proposal([criterion("a"), criterion("b")], NOW, closes, NOW)  # raises if refused
    # The same set with one code repeated is not: the check above is the boundary, not a no-op.
    with pytest.raises(ProposalInvalidError):
        check_proposal([criterion("a"), criterion("a")], NOW, closes, NOW)


@pytest.mark.parametrize(
    ("criteria", "opens", "closes"),
    [
        ([], NOW, NOW + timedelta(days=1)),
        ([criterion("a"), criterion("a")], NOW, NOW + timedelta(days=1)),
        ([criterion("Not a code")], NOW, NOW + timedelta(days=1)),
        ([Criterion("a", " ", "x")], NOW, NOW + timedelta(days=1)),
        ([criterion()], NOW + timedelta(days=2), NOW + timedelta(days=1)),
        ([criterion()], NOW - timedelta(days=2), NOW - timedelta(days=1)),
        ([criterion()], NOW.replace(tzinfo=None), NOW.replace(tzinfo=None) + timedelta(days=1)),
    ],
)
def test_what_is_not_a_proposal(
    criteria: list[Criterion], opens: datetime, closes: datetime
) -> None:
    with pytest.raises(ProposalInvalidError):
        check_proposal(criteria, opens, closes, NOW)


def test_one_invitation_mail_per_vote() -> None:
    vote = uuid.uuid4()
    assert notification_key(vote) == f"vote-opened:{vote}"

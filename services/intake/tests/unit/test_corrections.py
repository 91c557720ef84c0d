"""When a board's answer to a correction request is stored, replayed or refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from lr_intake.domain.corrections import (
    AlreadyResolvedError,
    Answer,
    AnswerConflictError,
    BoardCorrectionRequest,
    ReasonRequiredError,
)

AT = datetime(2026, 12, 4, 9, tzinfo=UTC)


def request(**changes: object) -> BoardCorrectionRequest:
    return replace(BoardCorrectionRequest(uuid4(), "41234", "LR00012345", {}, AT), **changes)


def test_an_open_request_takes_either_answer() -> None:
    assert request().status == "open"
    accepted = request().answered("accepted", None, "41234", AT)
    assert accepted == Answer("accepted", None, "41234", AT)
    rejected = request().answered("rejected", "  Klopt.  ", "70001", AT)
    assert rejected.reason == "Klopt."


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_rejection_needs_a_reason(reason: str | None) -> None:
    with pytest.raises(ReasonRequiredError):
        request().answered("rejected", reason, "41234", AT)


def test_the_same_answer_again_is_the_stored_one_and_another_is_refused() -> None:
    stored = Answer("rejected", "Klopt.", "41234", AT)
    answered = request(answer=stored)
    assert answered.status == "rejected"
    assert answered.answered("rejected", "Klopt.", "41234", datetime.now(UTC)) is stored
    with pytest.raises(AnswerConflictError):
        answered.answered("rejected", "Anders.", "41234", AT)
    with pytest.raises(AnswerConflictError):
        answered.answered("accepted", None, "41234", AT)


def test_a_resolved_request_keeps_its_answer_and_takes_no_new_one() -> None:
    resolved = request(resolved_at=AT)
    assert resolved.status == "resolved"
    with pytest.raises(AlreadyResolvedError):
        resolved.answered("accepted", None, "41234", AT)
    assert request(resolved_at=AT, answer=Answer("accepted", None, "x", AT)).status == "resolved"

"""Occasions, addressing and delivery decisions: pure rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from lr_notifications.domain.contacts import Contact, long_date
from lr_notifications.domain.delivery import RetryPolicy, SendResult, decide
from lr_notifications.domain.occasions import (
    Occasion,
    Poison,
    RegistryEvent,
    notification_id,
    occasion_for,
)

NOW = datetime(2026, 8, 1, 9, 0, tzinfo=UTC)


def event(kind: str, **fields: object) -> RegistryEvent:
    values: dict[str, object] = {
        "message_id": "m1",
        "event_kind": kind,
        "registration_number": "LR00000001",
        "notification_key": f"{kind}:2030-08-01",
        "occurred_at": NOW,
        **fields,
    }
    return RegistryEvent(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("event_kind", "mail_kind"),
    [
        ("teacher-invited", "invitation"),
        ("invitation-reminder", "invitation-reminder"),
        ("conditional", "conditional"),
        ("lapsed", "lapsed"),
        ("correction-answered", "correction-answered"),
    ],
)
def test_announced_events_become_an_occasion_of_their_mail_kind(
    event_kind: str, mail_kind: str
) -> None:
    occasion = occasion_for(event(event_kind))
    assert isinstance(occasion, Occasion)
    assert occasion.kind == mail_kind


@pytest.mark.parametrize("kind", ["confirmed", "reregistered", "deregistered", "erasure-completed"])
def test_events_the_teacher_needs_no_mail_for_send_nothing(kind: str) -> None:
    assert occasion_for(event(kind)) is None


def test_reregistration_due_without_a_moment_is_poison() -> None:
    result = occasion_for(event("reregistration-due", period_end=date(2030, 8, 1)))
    assert isinstance(result, Poison)
    assert "moment" in result.reason


def test_an_empty_notification_key_is_poison() -> None:
    assert isinstance(occasion_for(event("lapsed", notification_key="  ")), Poison)


def test_a_notification_key_with_a_nul_character_is_poison() -> None:
    # PostgreSQL text cannot hold it: the batch would fail and be retried for ever.
    assert isinstance(occasion_for(event("lapsed", notification_key="lapsed:\x00")), Poison)


def test_each_answered_correction_request_is_an_occasion_of_its_own() -> None:
    first = occasion_for(event("correction-answered", notification_key="correction-answered:r1"))
    again = occasion_for(
        event("correction-answered", message_id="m2", notification_key="correction-answered:r1")
    )
    second = occasion_for(event("correction-answered", notification_key="correction-answered:r2"))
    assert isinstance(first, Occasion)
    assert isinstance(again, Occasion)
    assert isinstance(second, Occasion)
    assert (first.kind, first.notification_key) == ("correction-answered", "correction-answered:r1")
    # The same request announced twice is one notification; another request is another one.
    assert first.notification_id == again.notification_id
    assert first.notification_id != second.notification_id


@pytest.mark.parametrize("key", ["correction-answered", "correction-answered: ", "lapsed:r1"])
def test_a_correction_answered_key_without_its_request_id_is_poison(key: str) -> None:
    # One key for all of a teacher's requests would mail only the first answer.
    result = occasion_for(event("correction-answered", notification_key=key))
    assert isinstance(result, Poison)
    assert "request id" in result.reason


def test_a_vote_invitation_is_one_occasion_per_teacher_and_vote() -> None:
    closing = date(2027, 1, 15)
    first = occasion_for(
        event("vote-opened", notification_key="vote-opened:v1", period_end=closing)
    )
    second = occasion_for(
        event("vote-opened", notification_key="vote-opened:v2", period_end=closing)
    )
    assert isinstance(first, Occasion)
    assert isinstance(second, Occasion)
    assert (first.kind, first.period_end) == ("vote-opened", closing)
    assert first.notification_id != second.notification_id


@pytest.mark.parametrize(
    ("key", "closing"),
    [
        ("vote-opened", date(2027, 1, 15)),
        ("vote-opened: ", date(2027, 1, 15)),
        ("vote-opened:v1", None),
    ],
)
def test_a_vote_invitation_without_its_vote_or_closing_day_is_poison(
    key: str, closing: date | None
) -> None:
    result = occasion_for(event("vote-opened", notification_key=key, period_end=closing))
    assert isinstance(result, Poison)
    assert "vote id" in result.reason


def test_the_same_occasion_always_has_the_same_notification_id() -> None:
    assert notification_id("LR00000001", "k") == notification_id("LR00000001", "k")
    assert notification_id("LR00000001", "k") != notification_id("LR00000002", "k")


def test_the_full_name_leaves_out_an_empty_tussenvoegsel() -> None:
    assert Contact("LR00000001", "J.", "", "Jansen", None).full_name == "J. Jansen"
    assert Contact("LR00000001", "J.", "de", "Vries", None).full_name == "J. de Vries"


def test_dates_are_written_out_in_the_teachers_language() -> None:
    assert long_date(date(2030, 3, 9), "nl") == "9 maart 2030"
    assert long_date(date(2030, 3, 9), "en") == "9 March 2030"


def test_backoff_doubles_up_to_its_maximum() -> None:
    policy = RetryPolicy(base=timedelta(seconds=30), maximum=timedelta(minutes=5))
    delays = [policy.delay(n).total_seconds() for n in range(1, 7)]
    assert delays == [30, 60, 120, 240, 300, 300]


def test_a_temporary_failure_is_retried_later_and_a_permanent_one_is_final() -> None:
    policy = RetryPolicy(base=timedelta(seconds=10), max_attempts=3)
    retry = decide(SendResult("temporary", 451, "busy"), 1, policy, NOW)
    assert (retry.status, retry.next_attempt_at) == ("pending", NOW + timedelta(seconds=10))
    failed = decide(SendResult("permanent", 550, "no such user"), 1, policy, NOW)
    assert (failed.status, failed.final, failed.code) == ("failed", True, 550)


def test_temporary_failures_beyond_the_maximum_attempts_are_given_up() -> None:
    policy = RetryPolicy(max_attempts=3)
    outcome = decide(SendResult("temporary", 451, "busy"), 3, policy, NOW)
    assert outcome.status == "failed"
    assert outcome.error is not None
    assert outcome.error.startswith("gave up")

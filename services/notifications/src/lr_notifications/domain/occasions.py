"""Which registry events are announced by mail, and the identity of each announcement."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

MailKind = Literal[
    "invitation",
    "invitation-reminder",
    "reregistration-due",
    "conditional",
    "lapsed",
    "erasure",
    "correction-answered",
    "vote-opened",
]
MAIL_KINDS: tuple[MailKind, ...] = (
    "invitation",
    "invitation-reminder",
    "reregistration-due",
    "conditional",
    "lapsed",
    "erasure",
    "correction-answered",
    "vote-opened",
)

# confirmed, reregistered and deregistered are things the teacher did or saw happen in the
# registry's own pages; erasure-completed is announced on the erasure request instead (see
# docs/notifications.md), so none of them sends a mail.
_MAIL_FOR_EVENT: dict[str, MailKind] = {
    "teacher-invited": "invitation",
    "invitation-reminder": "invitation-reminder",
    "reregistration-due": "reregistration-due",
    "conditional": "conditional",
    "lapsed": "lapsed",
    # One per correction request (the key holds the request id): the board answered it, or a
    # later delivery resolved it. The answer itself stays behind sign-in (docs/notifications.md).
    "correction-answered": "correction-answered",
    # Not a registry event: the profession's invitation to an open vote
    # (lr.profession.vote-invitations.v1), one per teacher and vote; period_end is the day the
    # vote closes.
    "vote-opened": "vote-opened",
}

ERASURE_KEY = "erasure"
"""One erasure mail per registration, however many erasure requests arrive."""

_NAMESPACE = uuid.UUID("6f1d2c8e-5b0a-4c55-9a43-0e3e8f7a2b11")
MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class RegistryEvent:
    """A registry event as this service needs it (a command built from RegistryEventV1), or
    another service's announcement built the same way (VoteInvitationV1: `vote-opened`)."""

    message_id: str
    event_kind: str
    registration_number: str
    notification_key: str
    occurred_at: datetime
    period_end: date | None = None
    moment: str | None = None


@dataclass(frozen=True)
class Occasion:
    """One mail owed to one teacher, identified by (registration_number, notification_key)."""

    registration_number: str
    notification_key: str
    kind: MailKind
    occurred_at: datetime
    period_end: date | None = None
    moment: str | None = None

    @property
    def notification_id(self) -> uuid.UUID:
        return notification_id(self.registration_number, self.notification_key)


@dataclass(frozen=True)
class Poison:
    """An event that is valid on the wire but cannot be announced; it goes to the DLQ."""

    message_id: str
    reason: str


def notification_id(registration_number: str, notification_key: str) -> uuid.UUID:
    """Stable id of a notification: the same occasion always has the same id (and Message-ID)."""
    return uuid.uuid5(_NAMESPACE, f"{registration_number}/{notification_key}")


def occasion_for(event: RegistryEvent) -> Occasion | Poison | None:
    """The mail an event asks for, None when it asks for none, Poison when it is malformed."""
    kind = _MAIL_FOR_EVENT.get(event.event_kind)
    if kind is None:
        return None
    key = event.notification_key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or "\x00" in key:
        # A NUL character cannot be stored (PostgreSQL text): the batch would fail for ever.
        return Poison(
            event.message_id,
            "notification_key is empty, longer than 200 characters or holds a NUL character",
        )
    if kind == "reregistration-due" and (event.moment is None or event.period_end is None):
        return Poison(event.message_id, "reregistration-due without moment or period_end")
    if kind == "correction-answered" and not _names_a_request(key):
        # Without the request id every answer of one teacher would share one key: only the
        # first would be mailed and the rest dropped as repeats, silently.
        return Poison(
            event.message_id, "correction-answered without a request id in notification_key"
        )
    if kind == "vote-opened" and (not _names_a_vote(key) or event.period_end is None):
        # One key for every vote would mail only the first vote's invitation.
        return Poison(event.message_id, "vote-opened without a vote id or a closing day")
    return Occasion(
        registration_number=event.registration_number,
        notification_key=key,
        kind=kind,
        occurred_at=event.occurred_at,
        period_end=event.period_end,
        moment=event.moment,
    )


def _names_a_request(key: str) -> bool:
    """`correction-answered:{request_id}`: one notification per correction request."""
    prefix, _, request_id = key.partition(":")
    return prefix == "correction-answered" and bool(request_id.strip())


def _names_a_vote(key: str) -> bool:
    """`vote-opened:{vote_id}`: one invitation per teacher and vote."""
    prefix, _, vote_id = key.partition(":")
    return prefix == "vote-opened" and bool(vote_id.strip())


def erasure_occasion(registration_number: str, requested_at: datetime) -> Occasion:
    return Occasion(registration_number, ERASURE_KEY, "erasure", requested_at)

"""The registration as the lifecycle sees it, and what a change to it produces."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

State = Literal[
    "pending_confirmation",
    "registered",
    "pre_registered",
    "conditional",
    "lapsed",
    "deregistered",
]
Moment = Literal["6m", "12w"]
NoticeKind = Literal[
    "teacher-invited",
    "invitation-reminder",
    "confirmed",
    "reregistration-due",
    "conditional",
    "lapsed",
    "reregistered",
    "deregistered",
    "erasure-completed",
]

OPEN_END = date(9999, 12, 31)
"""The end date of an appointment without one."""

PUBLIC_STATES: frozenset[State] = frozenset(
    {"registered", "pre_registered", "conditional", "lapsed"}
)


@dataclass(frozen=True)
class Coverage:
    """Until when the teacher has an appointment, and a qualified one (inclusive; None: never).

    An appointment counts as active until its end date, also before it begins: a board delivers
    next year's appointments in advance, and the teacher is expected to teach.
    """

    active_until: date | None = None
    qualified_until: date | None = None
    # The next end date of one of the appointments (today or later; None: none ends): the day
    # after it, the teacher's schools change even while the registration stays.
    next_end: date | None = None

    def active(self, day: date) -> bool:
        return self.active_until is not None and self.active_until >= day

    def qualified(self, day: date) -> bool:
        return self.qualified_until is not None and self.qualified_until >= day


@dataclass(frozen=True)
class Registration:
    """One teacher's registration. `notified` holds the occasions already announced, `norm_met`
    the period ends for which the portfolio reported the norm met."""

    number: str
    state: State
    invited_at: datetime
    coverage: Coverage = Coverage()
    confirmed_at: datetime | None = None
    period_start: date | None = None
    period_end: date | None = None
    notified: frozenset[str] = frozenset()
    norm_met: frozenset[date] = frozenset()


@dataclass(frozen=True)
class Transition:
    """A state change, kept in the registration's history."""

    from_state: State | None
    to_state: State
    reason: str
    at: datetime


@dataclass(frozen=True)
class Notice:
    """An occasion to announce (a RegistryEventV1); `key` is its stable identity."""

    kind: NoticeKind
    key: str
    period_end: date | None = None
    moment: Moment | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Change:
    """What one lifecycle step did to a registration (`before` is None for a new one)."""

    before: Registration | None
    after: Registration
    transitions: tuple[Transition, ...] = ()
    notices: tuple[Notice, ...] = ()

    @property
    def is_new(self) -> bool:
        return self.before is None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def publishes(self) -> bool:
        """Whether the public-safe state (state or period) differs from before."""
        before = self.before
        return (
            before is None
            or before.state != self.after.state
            or before.period_start != self.after.period_start
            or before.period_end != self.after.period_end
        )

"""The registration lifecycle (DESIGN.md, "Registration lifecycle") as pure functions.

Every function takes the registration and `now` and returns a `Change`: the new registration,
the state changes for its history and the occasions to announce. Announcing is idempotent:
an occasion whose key is already in `notified` is never announced again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from lr_registry.domain.calendar import add_months, add_years, start_of, today
from lr_registry.domain.errors import NotPendingError
from lr_registry.domain.model import (
    OPEN_END,
    Change,
    Coverage,
    Moment,
    Notice,
    NoticeKind,
    Registration,
    State,
    Transition,
)

PERIOD_YEARS = 4
INVITATION_REMINDER_AFTER = timedelta(weeks=4)
FIRST_REMINDER_MONTHS = 6
SECOND_REMINDER_BEFORE = timedelta(weeks=12)
CONDITIONAL_MONTHS = 6


class _Step:
    """Accumulates transitions and notices while a registration moves."""

    def __init__(self, registration: Registration, now: datetime) -> None:
        self.registration = registration
        self.now = now
        self.today = today(now)
        self.transitions: list[Transition] = []
        self.notices: list[Notice] = []

    def move(self, state: State, reason: str, **fields: Any) -> None:
        self.transitions.append(Transition(self.registration.state, state, reason, self.now))
        self.registration = replace(self.registration, state=state, **fields)

    def notify(
        self,
        kind: NoticeKind,
        key: str,
        *,
        period_end: date | None = None,
        moment: Moment | None = None,
        reason: str | None = None,
    ) -> None:
        if key in self.registration.notified:
            return
        self.notices.append(Notice(kind, key, period_end, moment, reason))
        self.registration = replace(self.registration, notified=self.registration.notified | {key})

    def register(self, reason: str) -> None:
        """Become registered with a period of four years from today."""
        self.move(
            "registered",
            reason,
            period_start=self.today,
            period_end=add_years(self.today, PERIOD_YEARS),
        )

    def renew(self, reason: str) -> None:
        """Registered again for the next period; the cycle keeps its original dates."""
        end = self.registration.period_end
        assert end is not None
        self.move("registered", reason, period_start=end, period_end=add_years(end, PERIOD_YEARS))
        self.notify("reregistered", f"reregistered:{end}", period_end=end, reason=reason)

    def change(self, before: Registration | None) -> Change:
        return Change(before, self.registration, tuple(self.transitions), tuple(self.notices))


def invite(number: str, coverage: Coverage, now: datetime) -> Change:
    """A teacher the register did not know: invited to confirm, unless no appointment is active."""
    # Built directly rather than stepped: this runs for every new teacher of a national delivery.
    if coverage.active(today(now)):
        key = "teacher-invited"
        registration = Registration(
            number, "pending_confirmation", now, coverage, notified=frozenset((key,))
        )
        transition = Transition(None, "pending_confirmation", "appointment data received", now)
        return Change(None, registration, (transition,), (Notice("teacher-invited", key),))
    registration = Registration(number, "deregistered", now, coverage)
    reason = "appointment data received; none active"
    return Change(None, registration, (Transition(None, "deregistered", reason, now),))


def apply_coverage(registration: Registration, coverage: Coverage, now: datetime) -> Change:
    """The teacher's appointments changed (new ones, other end dates)."""
    step = _Step(replace(registration, coverage=coverage), now)
    _advance(step)
    return step.change(registration)


def confirm(registration: Registration, now: datetime) -> Change:
    """The teacher confirms the delivered data."""
    if registration.state != "pending_confirmation":
        raise NotPendingError(registration.state)
    step = _Step(replace(registration, confirmed_at=now), now)
    if registration.coverage.qualified(step.today):
        step.register("confirmed by the teacher")
    else:
        step.move("pre_registered", "confirmed by the teacher; no qualified appointment")
    step.notify("confirmed", "confirmed")
    _advance(step)
    return step.change(registration)


def record_progress(
    registration: Registration, period_end: date, norm_met: bool, now: datetime
) -> Change:
    """The portfolio reports whether the norm is met for the period ending `period_end`."""
    met = registration.norm_met | {period_end} if norm_met else registration.norm_met - {period_end}
    step = _Step(replace(registration, norm_met=met), now)
    current = registration.period_end
    if norm_met and period_end == current and registration.state in ("conditional", "lapsed"):
        step.renew(f"norm met while {registration.state}")
    _advance(step)
    return step.change(registration)


def advance(registration: Registration, now: datetime) -> Change:
    """Everything that is due by `now`: reminders, period ends, expiry, ended appointments.

    Every other function advances too, so after any change `next_due` lies in the future."""
    step = _Step(registration, now)
    _advance(step)
    return step.change(registration)


def _advance(step: _Step) -> None:
    # A registration left alone for long may need several steps (conditional, then lapsed).
    for _ in range(8):
        before = step.registration
        _reconcile(step)
        _due(step)
        if step.registration == before:
            return


def _reconcile(step: _Step) -> None:
    """Follow the appointments: none active ends the registration; a qualified one registers."""
    reg, day = step.registration, step.today
    if reg.state != "deregistered" and not reg.coverage.active(day):
        step.move("deregistered", "no active appointment")
        step.notify("deregistered", f"deregistered:{day}")
    elif reg.state == "deregistered" and reg.coverage.active(day):
        _reactivate(step)
    elif reg.state == "pre_registered" and reg.coverage.qualified(day):
        step.register("qualified appointment received")


def _reactivate(step: _Step) -> None:
    reg, day = step.registration, step.today
    reason = "appointment active again"
    if reg.confirmed_at is None and "teacher-invited" not in reg.notified:
        # Known until now only with ended appointments: this is the first invitation.
        step.move("pending_confirmation", reason, invited_at=step.now)
        step.notify("teacher-invited", "teacher-invited")
    elif reg.confirmed_at is None:
        step.move("pending_confirmation", reason)
    elif _ended_without_norm(reg, day):
        assert reg.period_end is not None
        # The period ended (before or while deregistered) without the norm: that outcome
        # stands, a new appointment does not start a new period. Meeting the norm for it
        # registers the teacher again, the cycle kept (`record_progress`).
        end = reg.period_end
        if day >= add_months(end, CONDITIONAL_MONTHS):
            step.move("lapsed", f"{reason}; the period ended without the norm met")
            step.notify("lapsed", f"lapsed:{end}", period_end=end)
        else:
            step.move("conditional", f"{reason}; the period ended without the norm met")
            step.notify("conditional", f"conditional:{end}", period_end=end)
    elif not reg.coverage.qualified(day):
        step.move("pre_registered", reason)
    elif reg.period_end is not None:
        # Still running, or ended with the norm met: `_due` then starts the next period from
        # the old end.
        step.move("registered", reason)
    else:
        step.register(reason)


def _ended_without_norm(reg: Registration, day: date) -> bool:
    end = reg.period_end
    return end is not None and end <= day and end not in reg.norm_met


def _due(step: _Step) -> None:
    reg, day = step.registration, step.today
    if reg.state == "pending_confirmation":
        if step.now >= reg.invited_at + INVITATION_REMINDER_AFTER:
            step.notify("invitation-reminder", "invitation-reminder")
    elif reg.state == "registered" and reg.period_end is not None:
        end = reg.period_end
        if day >= end:
            if end in reg.norm_met:
                step.renew("norm met; next period")
            else:
                step.move("conditional", "norm not met at period end")
                step.notify("conditional", f"conditional:{end}", period_end=end)
        elif end not in reg.norm_met:
            moment = _reminder_moment(end, day)
            if moment is not None:
                step.notify(
                    "reregistration-due",
                    f"reregistration-due:{end}:{moment}",
                    period_end=end,
                    moment=moment,
                )
    elif reg.state == "conditional" and reg.period_end is not None:
        end = reg.period_end
        if day >= add_months(end, CONDITIONAL_MONTHS):
            step.move("lapsed", "six months conditional without the norm met")
            step.notify("lapsed", f"lapsed:{end}", period_end=end)


def _reminder_moment(end: date, day: date) -> Moment | None:
    """The latest reminder moment reached (a late start skips the six-month reminder)."""
    if day >= end - SECOND_REMINDER_BEFORE:
        return "12w"
    if day >= add_months(end, -FIRST_REMINDER_MONTHS):
        return "6m"
    return None


def next_reminder(registration: Registration) -> datetime | None:
    """When the teacher is next reminded by mail, if nothing changes before: four weeks after
    the invitation while unconfirmed; six months, then twelve weeks before the period ends
    while the norm is not met (a moment already reached is sent at the scheduler's next pass)."""
    reg = registration
    if reg.state == "pending_confirmation" and "invitation-reminder" not in reg.notified:
        return reg.invited_at + INVITATION_REMINDER_AFTER
    if reg.state == "registered" and reg.period_end is not None:
        end = reg.period_end
        if end in reg.norm_met or f"reregistration-due:{end}:12w" in reg.notified:
            return None
        if f"reregistration-due:{end}:6m" in reg.notified:
            return start_of(end - SECOND_REMINDER_BEFORE)
        return start_of(add_months(end, -FIRST_REMINDER_MONTHS))
    return None


def next_due(registration: Registration) -> datetime | None:
    """When `advance` may next have something to do (None: only an outside event can)."""
    reg = registration
    if reg.state == "deregistered":
        return None
    moments: list[datetime] = []
    until, next_end = reg.coverage.active_until, reg.coverage.next_end
    if until is not None and until < OPEN_END:
        moments.append(start_of(until + timedelta(days=1)))
    if next_end is not None and until is not None and next_end < until:
        moments.append(start_of(next_end + timedelta(days=1)))  # a school leaves
    if reg.state == "pending_confirmation" and "invitation-reminder" not in reg.notified:
        moments.append(reg.invited_at + INVITATION_REMINDER_AFTER)
    if reg.state == "registered" and reg.period_end is not None:
        end = reg.period_end
        moments.append(start_of(end))
        if end not in reg.norm_met and f"reregistration-due:{end}:12w" not in reg.notified:
            moments.append(start_of(end - SECOND_REMINDER_BEFORE))
            if f"reregistration-due:{end}:6m" not in reg.notified:
                moments.append(start_of(add_months(end, -FIRST_REMINDER_MONTHS)))
    if reg.state == "conditional" and reg.period_end is not None:
        moments.append(start_of(add_months(reg.period_end, CONDITIONAL_MONTHS)))
    return min(moments, default=None)

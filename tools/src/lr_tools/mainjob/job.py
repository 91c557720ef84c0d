"""The national delivery, stage by stage: generate, upload, validate and publish, register,
invite by e-mail; then a few teachers use the register. Each stage is timed."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lr_intake.domain.reference import ReferenceSet
from lr_tools.console import err_console
from lr_tools.mainjob.deliveries import (
    Delivery,
    expected_teachers,
    issue_codes,
    plan,
    refresh,
    upload_all,
)
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.mainjob.follow import RegistrationTally, notification_stats
from lr_tools.mainjob.teachers import TeacherVisit, visit

STALL_SECONDS = 90.0


@dataclass
class JobResult:
    deliveries: list[Delivery] = field(default_factory=list)
    expected_teachers: int = 0
    codes: Counter[str] = field(default_factory=Counter)
    states: Counter[str] = field(default_factory=Counter)
    invitations_sent: int = 0
    without_address: int = 0
    mails_on_disk: int = 0
    stages: dict[str, float] = field(default_factory=dict)
    visits: list[TeacherVisit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


async def _until(
    label: str, done: Callable[[], Awaitable[tuple[bool, str]]], *, timeout: float
) -> bool:
    """Poll `done` (which also says how far along things are) until true, until the time is
    up, or until nothing has moved for STALL_SECONDS (then waiting longer would not help)."""
    deadline = time.monotonic() + timeout
    last, moved = "", time.monotonic()
    while True:
        finished, status = await done()
        if status != last:
            err_console.print(f"  {label}: {status}")
            last, moved = status, time.monotonic()
        if finished:
            return True
        now = time.monotonic()
        if now > deadline or now - moved > STALL_SECONDS:
            err_console.print(f"  {label}: no progress for {now - moved:.0f} s; giving up")
            return False
        await asyncio.sleep(1.0)


async def run_job(
    endpoints: Endpoints,
    reference: ReferenceSet,
    *,
    teachers: int,
    boards: int,
    seed: int,
    mails_on_disk: Callable[[], int],
    visits: int = 3,
    stage_timeout: float = 600.0,
) -> JobResult:
    result = JobResult()
    started = datetime.now(UTC)
    baseline = await notification_stats(endpoints)
    mails_before = mails_on_disk()

    clock = time.monotonic()
    deliveries = plan(reference, teachers=teachers, boards=boards, seed=seed)
    result.deliveries = deliveries
    expected = expected_teachers(deliveries)
    result.expected_teachers = len(expected)
    rows = sum(len(d.rows) for d in deliveries)
    result.stages["generate"] = time.monotonic() - clock
    err_console.print(
        f"Delivery: {rows} rows for {len(expected)} teachers from {len(deliveries)} boards."
    )

    async with RegistrationTally(endpoints, started) as tally:
        clock = time.monotonic()
        await upload_all(endpoints, deliveries)
        result.stages["upload"] = time.monotonic() - clock

        async def validated() -> tuple[bool, str]:
            finished = await refresh(endpoints, deliveries)
            return finished == len(deliveries), f"{finished}/{len(deliveries)} deliveries done"

        if not await _until("intake", validated, timeout=stage_timeout):
            result.problems.append("not every delivery was completed in time")
        result.stages["validate and publish"] = time.monotonic() - clock

        async def registered() -> tuple[bool, str]:
            # A teacher whose delivered appointments have all ended is deregistered at once.
            counts = tally.counts()
            known = counts["pending_confirmation"] + counts["deregistered"]
            return known >= len(expected), (
                f"{known}/{len(expected)} teachers known: {counts['pending_confirmation']} "
                f"pending confirmation, {counts['deregistered']} without an active appointment"
            )

        if not await _until("registry", registered, timeout=stage_timeout):
            result.problems.append("not every teacher reached the registry in time")
        result.stages["register"] = time.monotonic() - clock

        invited = tally.counts()["pending_confirmation"]

        async def mailed() -> tuple[bool, str]:
            stats = await notification_stats(endpoints)
            sent = _invitations(stats) - _invitations(baseline)
            return sent >= invited, f"{sent}/{invited} invitations sent"

        if not await _until("notifications", mailed, timeout=stage_timeout):
            result.problems.append("not every invited teacher was mailed in time")
        result.stages["invite"] = time.monotonic() - clock
        final = await notification_stats(endpoints)
        result.invitations_sent = _invitations(final, "sent") - _invitations(baseline, "sent")
        result.without_address = _invitations(final, "no_address") - _invitations(
            baseline, "no_address"
        )
        result.mails_on_disk = mails_on_disk() - mails_before

        clock = time.monotonic()
        result.visits = await _visit_some(endpoints, deliveries, visits)
        result.stages["teachers confirm and log"] = time.monotonic() - clock
        await asyncio.sleep(2.0)  # let the confirmations reach the registrations topic
        result.states = tally.counts()

    result.codes = await issue_codes(endpoints, deliveries)
    return result


def _invitations(stats: dict[str, object], outcome: str | None = None) -> int:
    """Invitations handled (sent, or recorded as having no address), or of one outcome."""
    per_kind = stats.get("per_kind", {})
    if not isinstance(per_kind, dict):
        return 0
    invited = per_kind.get("invitation", {})
    if outcome is not None:
        return int(invited.get(outcome, 0))
    return int(invited.get("sent", 0)) + int(invited.get("no_address", 0))


async def _visit_some(
    endpoints: Endpoints, deliveries: list[Delivery], count: int
) -> list[TeacherVisit]:
    """Accepted teachers sign in, confirm, log an activity and look themselves up."""
    visits: list[TeacherVisit] = []
    tried: set[str] = set()
    for row in (row for d in deliveries for row in d.rows if row.expected_error is None):
        if len(visits) >= count:
            break
        if row.values["bsn"] in tried:
            continue
        tried.add(row.values["bsn"])
        done = await visit(endpoints, row.values["bsn"], row.values["achternaam"])
        if done is not None:
            visits.append(done)
    return visits

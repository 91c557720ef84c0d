"""Filling panels: each request lacking reviewers gets the eligible teachers with the fewest
open reviews (domain/assignment.py), one request per transaction.

Two replicas never fill the same request (its row is locked, `skip locked` passes it by) nor
push a teacher over the cap (the chosen teachers' rows are locked and their count re-read under
the lock; one another transaction holds is passed by). A request short of eligible teachers
stays `awaiting_panel` with what it got, and is tried again at the next trigger: a submission,
an opt-in, a withdrawal, or the periodic sweep.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from lr_profession.application.ports import UnitOfWork, UnitOfWorkFactory
from lr_profession.domain.assignment import PanelNeed, choose_reviewers
from lr_profession.domain.offers import AccreditationRequest, RequestState
from lr_profession.domain.reviews import Withdrawn

log = logging.getLogger(__name__)

CANDIDATE_ATTEMPTS = 3
"""Rounds of choose-and-lock per request when chosen teachers were taken meanwhile."""


@dataclass(frozen=True)
class PanelRules:
    panel_size: int
    cap: int
    stall_after: timedelta
    batch_size: int


@dataclass(frozen=True)
class SweepResult:
    withdrawn: int
    assigned: int


async def fill_panels(
    uows: UnitOfWorkFactory,
    rules: PanelRules,
    now: datetime,
    rng: random.Random,
    *,
    only: Sequence[UUID] | None = None,
) -> int:
    """Assign reviewers to requests awaiting a panel (all, or `only` these); return how many
    reviews were assigned."""
    seen: list[UUID] = []
    assigned = 0
    while len(seen) < rules.batch_size:
        async with uows() as uow:
            request = await uow.requests.next_awaiting_panel(seen, only)
            if request is None:
                break
            seen.append(request.id)
            assigned += await _fill_one(uow, request, rules, now, rng)
            await uow.commit()
    return assigned


async def _fill_one(
    uow: UnitOfWork,
    request: AccreditationRequest,
    rules: PanelRules,
    now: datetime,
    rng: random.Random,
) -> int:
    active = await uow.reviews.active(request.id, request.round)
    chosen: list[str] = []
    previous = await uow.reviews.previous_reviewers(request.id)
    for _ in range(CANDIDATE_ATTEMPTS):
        needed = rules.panel_size - active - len(chosen)
        if needed <= 0:
            break
        need = PanelNeed(
            sectors=frozenset(request.offer.sectors),
            provider_board=request.provider.bevoegd_gezag,
            previous_reviewers=frozenset(previous | set(chosen)),
            needed=needed,
        )
        candidates = await uow.members.candidates(
            need, request.id, rules.cap, limit=max(50, 10 * needed)
        )
        picked = choose_reviewers(candidates, need, rules.cap, rng)
        if not picked:
            break
        locked = await uow.members.lock_below_cap(picked, rules.cap)
        chosen += locked
        if len(locked) == len(picked):
            break
        previous |= set(picked)  # taken by another replica meanwhile: try others
    if chosen:
        criteria = await uow.criteria.in_force(now)
        await uow.reviews.assign(request.id, request.round, chosen, criteria.version, now)
        await uow.members.add_open(chosen, +1)
    if active + len(chosen) >= rules.panel_size:
        await uow.requests.set_state(
            [request.id], RequestState.IN_REVIEW, now, from_states=[RequestState.AWAITING_PANEL]
        )
    return len(chosen)


async def release(uow: UnitOfWork, withdrawn: Sequence[Withdrawn], now: datetime) -> None:
    """After reviews were withdrawn: their reviewers hold fewer open reviews, and their
    requests wait for reviewers again."""
    if not withdrawn:
        return
    await uow.requests.set_state(
        [w.request_id for w in withdrawn],
        RequestState.AWAITING_PANEL,
        now,
        from_states=[RequestState.IN_REVIEW],
    )
    await uow.members.add_open(
        [w.registration_number for w in withdrawn if w.registration_number], -1
    )


async def sweep(
    uows: UnitOfWorkFactory, rules: PanelRules, now: datetime, rng: random.Random
) -> SweepResult:
    """Withdraw the reviews open longer than the stall limit, then fill every panel short of
    reviewers (the withdrawn reviewers are not asked again for the same request)."""
    async with uows() as uow:
        stalled = await uow.reviews.withdraw_stalled(now - rules.stall_after, now)
        await release(uow, stalled, now)
        await uow.commit()
    if stalled:
        log.info("stalled reviews withdrawn", extra={"reviews": len(stalled)})
    assigned = await fill_panels(uows, rules, now, rng)
    return SweepResult(withdrawn=len(stalled), assigned=assigned)

"""A training provider's accreditation requests: submit, read its own, appeal a rejection."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from uuid import UUID, uuid4

from lr_profession.application.ports import DecisionRecord, UnitOfWorkFactory
from lr_profession.domain.errors import (
    InvalidInputError,
    NotFoundError,
    OfferReferenceReusedError,
    StateConflictError,
)
from lr_profession.domain.offers import (
    APPEAL_ROUND,
    FIRST_ROUND,
    AccreditationRequest,
    Offer,
    Provider,
    RequestState,
)
from lr_profession.domain.reviews import Review


@dataclass(frozen=True)
class RequestDetail:
    request: AccreditationRequest
    decisions: list[DecisionRecord]
    reviews: list[Review]
    """Submitted reviews of the decided rounds only (nothing while a round is open)."""
    panel_assigned: int
    panel_submitted: int


def fingerprint(offer: Offer) -> str:
    """What makes a resubmission with the same offer reference the same offer."""
    fields = asdict(offer)
    if fields["reaccreditation_of"] is None:
        # Left out when not given: offers stored before the field existed keep their print.
        del fields["reaccreditation_of"]
    body = json.dumps(fields, sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


async def submit(
    uows: UnitOfWorkFactory, provider: Provider, offer: Offer, now: datetime
) -> tuple[AccreditationRequest, bool]:
    """The new request (True), or the one this offer reference made before (False). The same
    reference for another offer is refused."""
    request = AccreditationRequest(
        id=uuid4(),
        provider=provider,
        offer=offer,
        state=RequestState.AWAITING_PANEL,
        round=FIRST_ROUND,
        submitted_at=now,
    )
    print_ = fingerprint(offer)
    async with uows() as uow:
        code = offer.reaccreditation_of
        if code is not None and not await uow.requests.accepted_code_of(provider.provider_id, code):
            raise InvalidInputError(
                "reaccreditation_of",
                "not_your_activity",
                "not an activity code this provider was accredited with",
            )
        if await uow.requests.add(request, print_):
            await uow.commit()
            return request, True
        found = await uow.requests.by_reference(provider.provider_id, offer.offer_reference)
    if found is None:  # pragma: no cover - the conflicting row is there or the insert took
        raise RuntimeError("offer reference neither new nor found")
    existing, existing_print = found
    if existing_print != print_:
        raise OfferReferenceReusedError("this offer reference was used for another offer")
    return existing, False


async def of_provider(
    uows: UnitOfWorkFactory, provider_id: str, offset: int, limit: int
) -> list[AccreditationRequest]:
    async with uows() as uow:
        return await uow.requests.of_provider(provider_id, offset, limit)


async def detail(uows: UnitOfWorkFactory, provider_id: str, request_id: UUID) -> RequestDetail:
    async with uows() as uow:
        request = await uow.requests.get(request_id, provider_id=provider_id)
        if request is None:
            raise NotFoundError
        decisions = await uow.requests.decisions(request_id)
        decided = {d.round for d in decisions}
        reviews = [r for r in await uow.reviews.submitted(request_id) if r.round in decided]
        current = list(await uow.reviews.submitted(request_id, request.round))
        assigned = await uow.reviews.active(request_id, request.round)
    return RequestDetail(request, decisions, reviews, assigned, len(current))


async def appeal(
    uows: UnitOfWorkFactory, provider_id: str, request_id: UUID, now: datetime
) -> AccreditationRequest:
    """Once, after a rejection: a new panel (new reviewers only) reviews it again."""
    async with uows() as uow:
        request = await uow.requests.get(request_id, provider_id=provider_id, lock=True)
        if request is None:
            raise NotFoundError
        if not request.may_appeal:
            raise StateConflictError("only a rejected request may be appealed, and only once")
        await uow.requests.set_state(
            [request_id],
            RequestState.AWAITING_PANEL,
            now,
            from_states=[RequestState.REJECTED],
            round=APPEAL_ROUND,
        )
        changed = await uow.requests.get(request_id, provider_id=provider_id)
        await uow.commit()
    assert changed is not None
    return changed

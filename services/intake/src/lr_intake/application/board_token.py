"""The board-token exchange: a verified eHerkenning ID token in, the board token's grant out
(domain/organisations.py has the rules; the reference tables the facts)."""

from __future__ import annotations

from collections.abc import Mapping

from lr_intake.application.ports import UnitOfWorkFactory
from lr_intake.domain.organisations import Grant, grant_for, read_identity


async def board_grant(
    uow_factory: UnitOfWorkFactory,
    claims: Mapping[str, object],
    *,
    legal_subject_claim: str,
    intermediary_claim: str,
) -> Grant:
    """Raises UnreadableIdentityError, UnknownOrganisationError or NoMandateError."""
    identity = read_identity(
        claims, legal_subject_claim=legal_subject_claim, intermediary_claim=intermediary_claim
    )
    wanted = [identity.legal_subject]
    if identity.intermediary is not None:
        wanted.append(identity.intermediary)
    async with uow_factory() as uow:
        known = await uow.reference.organisations(wanted)
    return grant_for(identity, known)

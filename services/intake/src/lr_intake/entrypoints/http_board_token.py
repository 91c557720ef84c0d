"""The board-token exchange: the eHerkenning broker's ID token (verified by lr_shared.auth as
an `organisation` token: signature, issuer, audience, expiry) in, a board token signed with
intake's own key out. Who the token is for comes from the ID token's KvK numbers and intake's
reference tables (domain/organisations.py). Nothing here logs a KvK number or the person's
pseudonym: only the outcome, and the board or bureau number a token was made for."""

from __future__ import annotations

import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, Field

from lr_intake.adapters.board_tokens import BoardTokens
from lr_intake.application.board_token import board_grant
from lr_intake.application.deliveries import Intake
from lr_intake.domain.organisations import (
    NoMandateError,
    UnknownOrganisationError,
    UnreadableIdentityError,
)
from lr_intake.settings import Settings
from lr_shared.auth import Principal
from lr_shared.http import require_token
from lr_shared.problems import problem_responses

log = logging.getLogger(__name__)

OrganisationToken = Annotated[Principal, Depends(require_token("organisation"))]

UNKNOWN_DETAIL = (
    "No school board or payroll bureau in the register's reference data has the KvK number "
    "the eHerkenning sign-in names."
)
NO_MANDATE_DETAIL = (
    "The payroll bureau signed in for a school board it holds no mandate of in the register's "
    "reference data (its ketenmachtiging and the mandates disagree)."
)
UNREADABLE_DETAIL = "The eHerkenning ID token names no organisation by a KvK number."


class BoardTokenOut(BaseModel):
    access_token: str = Field(description="The board token (a JWT signed by intake, kid intake-1).")
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int = Field(description="Seconds the board token is valid.", examples=[3600])
    organisation_number: str = Field(
        description="The token's subject: the board's number, or the payroll bureau's.",
        examples=["41234"],
    )
    organisation_kind: Literal["board", "payroll_bureau"]
    boards: list[str] = Field(
        description="The boards it may act for besides its own number (`lr_boards`): a "
        "payroll bureau's mandated boards (only the one a ketenmachtiging names), or the other "
        "boards of a legal entity that is the bevoegd gezag of several.",
        examples=[["41235"]],
    )


def build_board_token_router(intake: Intake, settings: Settings, tokens: BoardTokens) -> APIRouter:
    """Served only when the exchange is configured (the LR_EHERKENNING_* settings)."""
    router = APIRouter(prefix="/v1", tags=["board sign-in"])

    @router.post(
        "/board-token",
        responses=problem_responses(
            401,
            403,
            404,
            422,
            503,
            _401="No token, or not a valid ID token of the configured eHerkenning broker "
            "(signature, issuer, audience, expiry). Intake's own, the development IdP's and "
            "DigiD's tokens are refused here.",
            _403=NO_MANDATE_DETAIL,
            _404=UNKNOWN_DETAIL,
            _422=UNREADABLE_DETAIL,
        ),
    )
    async def exchange_board_token(organisation: OrganisationToken) -> BoardTokenOut:
        """Exchange the eHerkenning broker's ID token (as `Authorization: Bearer`, addressed
        to the portal's client id) for a board token.

        The ID token names the organisation by KvK number: the claim
        `urn:etoegang:core:LegalSubjectID` (LR_EHERKENNING_LEGAL_SUBJECT_CLAIM) the organisation
        acted for, and, for a payroll bureau acting for a board through a ketenmachtiging,
        `urn:etoegang:1.9:IntermediateEntityID:KvK` (LR_EHERKENNING_INTERMEDIARY_CLAIM) the
        bureau. A board's KvK number gives the board's token; a bureau's, the bureau's token
        for all its mandated boards; a ketenmachtiging, the bureau's token for that board, which
        must be among the bureau's mandates."""
        try:
            grant = await board_grant(
                intake.uow,
                organisation.claims,
                legal_subject_claim=settings.eherkenning_legal_subject_claim,
                intermediary_claim=settings.eherkenning_intermediary_claim,
            )
        except UnreadableIdentityError:
            log.info("board token refused", extra={"reason": "unreadable"})
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, UNREADABLE_DETAIL) from None
        except UnknownOrganisationError:
            log.info("board token refused", extra={"reason": "unknown"})
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_DETAIL) from None
        except NoMandateError:
            log.info("board token refused", extra={"reason": "no_mandate"})
            raise HTTPException(status.HTTP_403_FORBIDDEN, NO_MANDATE_DETAIL) from None
        log.info(
            "board token issued",
            extra={"bevoegd_gezag": grant.subject, "organisation_kind": grant.kind},
        )
        return BoardTokenOut(
            access_token=tokens.mint(grant),
            expires_in=int(tokens.ttl.total_seconds()),
            organisation_number=grant.subject,
            organisation_kind=grant.kind,
            boards=list(grant.boards),
        )

    return router

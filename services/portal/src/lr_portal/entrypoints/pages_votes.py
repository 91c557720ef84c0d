"""Votes on criteria sets (docs/profession.md, "Votes"): a registered teacher's ballot on
`/stemmen` (the mail `vote-opened` links there), a long proposal on a page of its own, and the
public results of the closed votes.

The ballot is secret, here too: the choice goes from the form to the profession's body and
nowhere else. Nothing is logged on the ballot route, no page echoes a choice (not after an
error, not after a refusal), the redirect after voting carries none (`?gelukt=gestemd`), and
every page is `Cache-Control: no-store` (templating.render). The profession keeps only *that*
she voted (`voted`), which is what the page shows.

These routes are on the public pages' router (pages_public includes this one): `/stemmen` is a
top-level path like the public pages, but it asks for a signed-in teacher (deps.SignedInTeacher:
a visitor who is not signed in is sent to sign-in and back)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lr_portal.adapters.profession import CHOICES, BallotRefusedError, Choice, MyVote, Vote
from lr_portal.entrypoints.deps import ContainerDep, Csrf, CurrentSession, SignedInTeacher
from lr_portal.entrypoints.templating import redirect, render

router = APIRouter(tags=["votes"])

VOTES = "/stemmen"
FIELD = "keuze"
LONG_PROPOSAL = 1_500
"""Characters of criteria (titles and descriptions) from which `/stemmen` shows the titles only
and the descriptions on the vote's own page (the ~9.7 KB of HTML a page may have)."""
CLOSED_ON_PAGE = 5
RESULTS_PAGE_SIZE = 20
REFUSALS = ("already-voted", "vote-not-open", "not-registered")


def proposal_size(vote: Vote) -> int:
    return sum(len(c.title) + len(c.description) for c in vote.criteria)


def _choice(value: object) -> Choice | None:
    return next((c for c in CHOICES if c == value), None)


async def _votes_page(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    *,
    error_vote: UUID | None = None,
    refused: str | None = None,
    status: int = 200,
) -> Response:
    mine = await container.profession.my_votes(me.token)
    closed = [v for v in await container.profession.votes() if v.result is not None]
    return render(
        request,
        "votes/votes.html.j2",
        {
            "may_vote": mine.may_vote,
            "open_votes": mine.items,
            "long_ids": {m.vote.id for m in mine.items if proposal_size(m.vote) > LONG_PROPOSAL},
            "closed": closed[:CLOSED_ON_PAGE],
            "more_closed": len(closed) > CLOSED_ON_PAGE,
            "done": request.query_params.get("gelukt") == "gestemd" and error_vote is None,
            "error_vote": error_vote,
            "refused": refused,
        },
        status=status,
    )


@router.get(VOTES)
async def votes(request: Request, container: ContainerDep, me: SignedInTeacher) -> Response:
    """The open votes (each with her ballot form, or "U heeft gestemd") and the latest
    results."""
    return await _votes_page(request, container, me)


@router.get("/stemmen/uitslagen")
async def results(
    request: Request,
    container: ContainerDep,
    session: CurrentSession,
    pagina: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> Response:
    """Public: every closed vote's tally, newest first."""
    closed = [v for v in await container.profession.votes() if v.result is not None]
    start = (pagina - 1) * RESULTS_PAGE_SIZE
    return render(
        request,
        "votes/results.html.j2",
        {
            "closed": closed[start : start + RESULTS_PAGE_SIZE],
            "page": pagina,
            "has_next": len(closed) > start + RESULTS_PAGE_SIZE,
        },
    )


async def _proposal_page(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    vote_id: UUID,
    *,
    error: bool = False,
    refused: str | None = None,
    status: int = 200,
) -> Response:
    mine = await container.profession.my_votes(me.token)
    found: MyVote | None = next((m for m in mine.items if m.vote.id == vote_id), None)
    vote = found.vote if found else await container.profession.vote(vote_id)
    return render(
        request,
        "votes/proposal.html.j2",
        {
            "vote": vote,
            "voted": bool(found and found.voted),
            "may_vote": mine.may_vote,
            "error": error,
            "refused": refused,
        },
        status=status,
    )


@router.get("/stemmen/{vote_id}")
async def proposal(
    request: Request, container: ContainerDep, me: SignedInTeacher, vote_id: UUID
) -> Response:
    """One vote's proposal in full (each criterion with its description) and the ballot."""
    return await _proposal_page(request, container, me, vote_id)


@router.post("/stemmen/{vote_id}", dependencies=[Csrf])
async def cast(
    request: Request, container: ContainerDep, me: SignedInTeacher, vote_id: UUID
) -> Response:
    """The ballot. Deliberately no log line and no choice in any answer (see the module)."""
    posted = await request.form()
    choice = _choice(posted.get(FIELD))
    on_own_page = posted.get("pagina") == "voorstel"
    if choice is None:
        if on_own_page:
            return await _proposal_page(request, container, me, vote_id, error=True, status=400)
        return await _votes_page(request, container, me, error_vote=vote_id, status=400)
    try:
        await container.profession.cast_ballot(me.token, vote_id, choice)
    except BallotRefusedError as exc:
        refused = exc.code if exc.code in REFUSALS else "vote-not-open"
        if on_own_page:
            return await _proposal_page(
                request, container, me, vote_id, refused=refused, status=409
            )
        return await _votes_page(
            request, container, me, error_vote=vote_id, refused=refused, status=409
        )
    return redirect(f"{VOTES}?gelukt=gestemd")

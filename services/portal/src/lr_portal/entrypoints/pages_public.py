"""The public pages: the start page and "Zoek een leraar" (no sign-in)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lr_portal.entrypoints.deps import CurrentSession
from lr_portal.entrypoints.templating import render

router = APIRouter(tags=["public"])


@router.get("/")
async def home(request: Request, session: CurrentSession) -> Response:
    return render(request, "home.html.j2")

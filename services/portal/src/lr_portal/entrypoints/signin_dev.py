"""The development sign-in (`/inloggen/ontwikkeling`): stands in for DigiD.

The visitor types a BSN (or picks one from the delivered test data); the portal mints an
identity token with the development IdP key, as `lr dev-token teacher` does, and signs in with
it like the DigiD callback does. Absent unless the environment is development and a
development key is configured; in production the settings refuse the key and this page is
answered 404 like any page that does not exist.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from lr_portal.domain.errors import NotFoundError
from lr_portal.domain.session import safe_return_path
from lr_portal.entrypoints.deps import ContainerDep, Csrf, FormSession
from lr_portal.entrypoints.signin import sign_in
from lr_portal.entrypoints.templating import render

router = APIRouter(tags=["sign-in"])


def _page(
    request: Request,
    container: ContainerDep,
    return_to: str,
    *,
    value: str = "",
    error: bool = False,
) -> Response:
    assert container.dev_idp is not None
    errors = {"bsn": "dev.error_bsn"} if error else {}
    return render(
        request,
        "signin_dev.html.j2",
        {
            "return_to": return_to,
            "bsn": value,
            "errors": errors,
            "test_bsns": [(value, value) for value in container.dev_idp.test_bsns()],
        },
        status=400 if error else 200,
    )


@router.get("/inloggen/ontwikkeling")
async def page(
    request: Request,
    container: ContainerDep,
    session: FormSession,
    terug: Annotated[str | None, Query(max_length=300)] = None,
) -> Response:
    if container.dev_idp is None:
        raise NotFoundError
    return _page(request, container, safe_return_path(terug))


@router.post("/inloggen/ontwikkeling", dependencies=[Csrf])
async def submit(
    request: Request,
    container: ContainerDep,
    session: FormSession,
    bsn: Annotated[str, Form(max_length=40)] = "",
    gekozen: Annotated[str, Form(max_length=40)] = "",
    terug: Annotated[str, Form(max_length=300)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    if container.dev_idp is None:
        raise NotFoundError
    typed = (bsn.strip() or gekozen.strip()).replace(" ", "").replace(".", "")
    token = container.dev_idp.identity_token(typed)
    if token is None:
        # The typed value is shown back, as on every form; it is the visitor's own input.
        return _page(request, container, safe_return_path(terug), value=bsn, error=True)
    return await sign_in(request, container, token, terug)

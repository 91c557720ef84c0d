"""Every link a mail of the notifications service carries opens one of the portal's pages
(a GET route of the teacher's part or the public part), so no mail links to a 404."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

from lr_notifications.adapters.templates import DEFAULT_LINK_PATH, LINK_PATHS
from lr_notifications.domain.occasions import MAIL_KINDS
from lr_portal.entrypoints import pages_portfolio, pages_public, pages_teacher


def portal_pages() -> set[str]:
    routers = (pages_teacher.router, pages_portfolio.router, pages_public.router)
    return {
        route.path
        for router in routers
        for route in router.routes
        if isinstance(route, APIRoute) and "GET" in route.methods
    }


@pytest.mark.parametrize("kind", MAIL_KINDS)
def test_the_mail_of_each_kind_links_to_a_portal_page(kind: str) -> None:
    path = LINK_PATHS.get(kind, DEFAULT_LINK_PATH)
    assert path in portal_pages(), f"{kind} links to {path}, which the portal does not serve"

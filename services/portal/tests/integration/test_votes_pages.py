"""The votes' pages with the portal in process: `/stemmen` (where the mail `vote-opened` links)
sends a signed-out visitor to sign-in and back, the public results are the try-again-later page
when the profession does not answer, and a ballot without its CSRF token is refused before
anything is sent. The pages with the real services: tests/browser/test_votes_ratings_browser.py."""

import uuid

import httpx
import pytest

pytestmark = pytest.mark.integration


async def test_the_votes_page_sends_a_signed_out_visitor_to_sign_in_and_back(
    portal: httpx.AsyncClient,
) -> None:
    for path in ("/stemmen", f"/stemmen/{uuid.uuid4()}"):
        response = await portal.get(path)
        assert response.status_code == 303
        location = response.headers["location"]
        assert location.startswith("/inloggen?terug=%2Fstemmen"), location


async def test_the_public_results_say_try_again_later_when_the_profession_is_down(
    portal: httpx.AsyncClient,
) -> None:
    page = await portal.get("/stemmen/uitslagen")
    assert page.status_code == 503
    assert "Probeer het later opnieuw" in page.text


async def test_a_ballot_without_its_csrf_token_is_refused(portal: httpx.AsyncClient) -> None:
    await portal.get("/")
    refused = await portal.post(f"/stemmen/{uuid.uuid4()}", data={"keuze": "for"})
    assert refused.status_code in (303, 403)
    assert "for" not in refused.headers.get("location", "")

"""The teacher panels' pages with the portal in process: the profession (and portfolio) "down"
gives the try-again-later page, the provider pages want a provider's sign-in, the development
provider sign-in exists in development only and refuses bad input beside its fields, a form
without its CSRF token is refused. The pages with the real services: tests/browser/
test_profession_browser.py."""

import re

import httpx
import pytest

from lr_portal.entrypoints.app import create_app
from lr_tools.testing import serve_in_process

from .conftest import PortalFactory

pytestmark = pytest.mark.integration

PRODUCTION = {
    "environment": "production",
    "oidc_issuer": "https://digid.example.test",
    "oidc_client_id": "lr-portal",
    "oidc_redirect_url": "https://portal.example.test/inloggen/digid/terug",
    "dev_idp_key_file": None,
}


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None
    return found[1]


async def test_the_public_criteria_page_says_try_again_later_when_the_profession_is_down(
    portal: httpx.AsyncClient,
) -> None:
    page = await portal.get("/criteria-en-aanbod")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "30"
    assert "Probeer het later opnieuw" in page.text


async def test_the_provider_pages_send_a_signed_out_visitor_to_the_provider_sign_in(
    portal: httpx.AsyncClient,
) -> None:
    for path in ("/aanbieders", "/aanbieders/aanvragen/nieuw"):
        response = await portal.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/aanbieders/inloggen?terug=%2Faanbieders")
    choice = await portal.get("/aanbieders/inloggen")
    assert choice.status_code == 200
    assert 'href="/aanbieders/inloggen/ontwikkeling?terug=/aanbieders"' in choice.text


async def test_the_development_provider_sign_in_shows_each_error_beside_its_field(
    portal: httpx.AsyncClient,
) -> None:
    form = await portal.get("/aanbieders/inloggen/ontwikkeling")
    assert "Alleen voor ontwikkeling en testen" in form.text
    refused = await portal.post(
        "/aanbieders/inloggen/ontwikkeling",
        data={"csrf_token": csrf_of(form), "provider": "-x", "name": "", "board": "123"},
    )
    assert refused.status_code == 400
    assert 'id="fout-provider"' in refused.text
    assert 'id="fout-name"' in refused.text
    assert 'id="fout-board"' in refused.text
    assert 'href="#veld-board"' in refused.text  # the error summary links to the field
    signed_in = await portal.post(
        "/aanbieders/inloggen/ontwikkeling",
        data={"csrf_token": csrf_of(form), "provider": "P0042", "name": "Penta Nova"},
    )
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/aanbieders"
    # The profession is down: the provider's list is the try-again-later page, not a sign-in.
    listing = await portal.get("/aanbieders")
    assert listing.status_code == 503


async def test_a_provider_form_without_its_csrf_token_is_refused(
    portal: httpx.AsyncClient,
) -> None:
    await portal.get("/aanbieders/inloggen/ontwikkeling")
    refused = await portal.post(
        "/aanbieders/inloggen/ontwikkeling", data={"provider": "P0042", "name": "Penta Nova"}
    )
    assert refused.status_code == 403


async def test_in_production_the_development_provider_sign_in_is_not_found(
    portal_settings: PortalFactory,
) -> None:
    async with serve_in_process(create_app(portal_settings(**PRODUCTION))) as portal:
        page = await portal.get("/aanbieders/inloggen/ontwikkeling")
        assert page.status_code == 404
        choice = await portal.get("/aanbieders/inloggen")
        assert "/aanbieders/inloggen/ontwikkeling" not in choice.text
        assert "nog niet beschikbaar" in choice.text

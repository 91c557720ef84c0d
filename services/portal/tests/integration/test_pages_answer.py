"""The portal's own surface: operations endpoints, pages in Dutch and English, errors as pages."""

import re

import httpx
import pytest

pytestmark = pytest.mark.integration


async def test_health_ready_and_metrics(portal: httpx.AsyncClient) -> None:
    assert (await portal.get("/health")).json() == {"status": "ok"}
    ready = await portal.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok"}
    assert "lr_http_request_seconds" in (await portal.get("/metrics")).text


async def test_the_start_page_is_dutch_and_english_on_request(portal: httpx.AsyncClient) -> None:
    dutch = await portal.get("/")
    assert dutch.status_code == 200
    assert '<html lang="nl">' in dutch.text
    assert "Direct naar de inhoud" in dutch.text
    english = await portal.get("/?lang=en")
    assert '<html lang="en">' in english.text
    assert "Skip to content" in english.text
    # The choice is remembered for the next page.
    assert '<html lang="en">' in (await portal.get("/inloggen")).text


async def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(
    portal: httpx.AsyncClient,
) -> None:
    response = await portal.get("/mijn-registratie")
    assert response.status_code == 303
    assert response.headers["location"] == "/inloggen?terug=%2Fmijn-registratie"
    page = await portal.get(response.headers["location"])
    assert 'href="/inloggen/ontwikkeling?terug=/mijn-registratie"' in page.text


async def test_an_unknown_page_is_a_dutch_page(portal: httpx.AsyncClient) -> None:
    response = await portal.get("/bestaat-niet")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Pagina niet gevonden" in response.text


async def test_a_registry_that_does_not_answer_gives_try_again_later(
    portal: httpx.AsyncClient,
) -> None:
    page = await portal.get("/inloggen/ontwikkeling")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    response = await portal.post(
        "/inloggen/ontwikkeling", data={"csrf_token": csrf[1], "bsn": "123456782"}
    )
    assert response.status_code == 503
    assert "Probeer het later opnieuw" in response.text
    assert "Traceback" not in response.text


async def test_a_form_without_the_csrf_token_is_refused(portal: httpx.AsyncClient) -> None:
    await portal.get("/inloggen/ontwikkeling")  # a session, so only the token is missing
    response = await portal.post("/inloggen/ontwikkeling", data={"bsn": "123456782"})
    assert response.status_code == 403
    assert "Formulier verlopen" in response.text


async def test_a_bad_bsn_is_shown_back_beside_its_field(portal: httpx.AsyncClient) -> None:
    page = await portal.get("/inloggen/ontwikkeling")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    response = await portal.post(
        "/inloggen/ontwikkeling", data={"csrf_token": csrf[1], "bsn": "12345"}
    )
    assert response.status_code == 400
    assert 'id="fout-bsn"' in response.text
    assert 'value="12345"' in response.text
    assert 'href="#veld-bsn"' in response.text

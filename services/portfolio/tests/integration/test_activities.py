from __future__ import annotations

import random

import pytest

from .conftest import Portfolio

pytestmark = pytest.mark.integration


def new_number() -> str:
    return f"LR{random.randint(0, 99_999_999):08d}"


def course(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "type": "course",
        "title": "Cursus formatief evalueren",
        "provider": "Fontys",
        "start_date": "2026-01-10",
        "hours": "12.5",
        "core": True,
        "subject": "rekenen",
    }
    body.update(changes)
    return body


async def test_a_teacher_creates_reads_updates_and_deletes_an_activity(
    portfolio: Portfolio,
) -> None:
    me = portfolio.auth(new_number())
    created = await portfolio.client.post("/v1/me/activities", json=course(), headers=me)
    assert created.status_code == 201, created.text
    activity = created.json()
    assert activity["source"] == "teacher"
    assert activity["editable"] is True
    url = f"/v1/me/activities/{activity['id']}"

    read = await portfolio.client.get(url, headers=me)
    assert read.json()["title"] == "Cursus formatief evalueren"

    changed = course(title="Studiedag lezen", type="study_day", hours="6")
    updated = await portfolio.client.put(url, json=changed, headers=me)
    assert updated.status_code == 200
    assert updated.json()["title"] == "Studiedag lezen"
    assert (await portfolio.client.get("/v1/me/activities", headers=me)).json()[0][
        "hours"
    ] == "6.00"

    assert (await portfolio.client.delete(url, headers=me)).status_code == 204
    assert (await portfolio.client.get(url, headers=me)).status_code == 404


async def test_another_teacher_gets_404_on_read_update_delete_and_evidence(
    portfolio: Portfolio,
) -> None:
    owner, other = portfolio.auth(new_number()), portfolio.auth(new_number())
    activity = (
        await portfolio.client.post("/v1/me/activities", json=course(), headers=owner)
    ).json()
    url = f"/v1/me/activities/{activity['id']}"
    pdf = {"file": ("bewijs.pdf", b"%PDF-1.7 certificate", "application/pdf")}
    assert (
        await portfolio.client.put(f"{url}/evidence", files=pdf, headers=owner)
    ).status_code == 200

    assert (await portfolio.client.get(url, headers=other)).status_code == 404
    assert (await portfolio.client.put(url, json=course(), headers=other)).status_code == 404
    assert (await portfolio.client.delete(url, headers=other)).status_code == 404
    assert (await portfolio.client.get(f"{url}/evidence", headers=other)).status_code == 404
    assert (
        await portfolio.client.put(f"{url}/evidence", files=pdf, headers=other)
    ).status_code == 404
    assert (await portfolio.client.get("/v1/me/activities", headers=other)).json() == []
    # The owner's activity is untouched.
    assert (await portfolio.client.get(url, headers=owner)).json()["title"] == activity["title"]


async def test_the_portfolio_accepts_only_register_tokens(portfolio: Portfolio) -> None:
    assert (await portfolio.client.get("/v1/me/activities")).status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert (await portfolio.client.get("/v1/me/activities", headers=bad)).status_code == 401


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hours": "-1"}, "hours"),
        ({"hours": "0"}, "hours"),
        ({"hours": "1000.5"}, "hours"),
        ({"start_date": "1949-12-31"}, "start_date"),
        ({"start_date": "2099-01-01"}, "start_date"),
        ({"end_date": "2026-01-01"}, "end_date"),
        ({"type": "holiday"}, "type"),
        ({"type": "inside_school"}, "subtype"),
        ({"type": "self_study", "subtype": "coaching"}, "subtype"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"hours": "many"}, "hours"),
        ({"title": "Cursus\u0000"}, "title"),
        ({"provider": "Fontys\u0000"}, "provider"),
        ({"subject": "\u0000"}, "subject"),
    ],
)
async def test_each_invalid_field_is_rejected_with_a_clear_error(
    portfolio: Portfolio, changes: dict[str, object], field: str
) -> None:
    me = portfolio.auth(new_number())
    response = await portfolio.client.post("/v1/me/activities", json=course(**changes), headers=me)
    assert response.status_code == 422
    problems = response.json()["errors"]
    assert any(p["loc"][-1] == field and p["msg"] for p in problems), problems


async def test_evidence_is_stored_with_its_hash_and_returned_unchanged(
    portfolio: Portfolio,
) -> None:
    me = portfolio.auth(new_number())
    activity = (await portfolio.client.post("/v1/me/activities", json=course(), headers=me)).json()
    url = f"/v1/me/activities/{activity['id']}/evidence"
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10
    stored = await portfolio.client.put(url, files={"file": ("certificaat.png", png)}, headers=me)
    assert stored.status_code == 200
    assert stored.json()["content_type"] == "image/png"

    fetched = await portfolio.client.get(url, headers=me)
    assert fetched.content == png
    assert fetched.headers["content-type"] == "image/png"
    assert fetched.headers["x-content-sha256"] == stored.json()["sha256"]
    listed = await portfolio.client.get(f"/v1/me/activities/{activity['id']}", headers=me)
    assert listed.json()["evidence"]["size"] == len(png)


async def test_evidence_that_is_not_a_pdf_png_or_jpeg_is_refused(portfolio: Portfolio) -> None:
    me = portfolio.auth(new_number())
    activity = (await portfolio.client.post("/v1/me/activities", json=course(), headers=me)).json()
    url = f"/v1/me/activities/{activity['id']}/evidence"
    fake = {"file": ("bewijs.pdf", b"MZ\x90\x00 an executable", "application/pdf")}
    response = await portfolio.client.put(url, files=fake, headers=me)
    assert response.status_code == 415
    assert "PDF, PNG or JPEG" in response.json()["detail"]


@pytest.mark.parametrize("evidence_max_bytes", [4096])
async def test_oversized_evidence_is_refused(portfolio: Portfolio) -> None:
    me = portfolio.auth(new_number())
    activity = (await portfolio.client.post("/v1/me/activities", json=course(), headers=me)).json()
    url = f"/v1/me/activities/{activity['id']}/evidence"
    big = {"file": ("groot.pdf", b"%PDF-" + b"0" * 5000, "application/pdf")}
    response = await portfolio.client.put(url, files=big, headers=me)
    assert response.status_code == 413
    assert "4096" in response.json()["detail"]
    assert (await portfolio.client.get(url, headers=me)).status_code == 404

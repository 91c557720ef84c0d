"""The board's correction-request pages over HTTP, without a browser: the portal and a real
intake service in this process (test_board_pages.py's stack: each on a database of its own,
intake on topics of its own). The registry's side is played on those topics: a request is
filed on lr.registry.correction-requests.v1 and a resolution on
lr.registry.correction-resolutions.v1, as the registry sends them.

What the pages show is asserted, and what intake stored, asked of intake itself."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from pydantic import BaseModel

from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.contracts.registry import CorrectionRequestV1, CorrectionResolvedV1
from lr_shared.contracts.topics import (
    REGISTRY_CORRECTION_REQUESTS,
    REGISTRY_CORRECTION_RESOLUTIONS,
)
from lr_shared.kafka import client_options
from lr_tools.testing import eventually

from . import test_board_pages as board_pages
from .test_board_pages import BOARD_A, BOARD_B, PAGE_LIMIT, REFERENCE, Stack, Visitor, text

pytestmark = pytest.mark.integration

boards = board_pages.boards
"""The same stack as test_board_pages.py (a stack of this module's own)."""
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SCHOOL = next(s for s in REFERENCE.schools if s.bevoegd_gezag == BOARD_A)


@pytest_asyncio.fixture
async def visitor(boards: Stack) -> AsyncIterator[Visitor]:
    found = Visitor(boards)
    try:
        yield found
    finally:
        await found.close()


def a_number() -> str:
    return f"LR{uuid.uuid4().int % 10**8:08d}"


async def publish(stack: Stack, topic: str, key: str, body: BaseModel, kind: str) -> None:
    value, headers = encode(
        CloudEvent(type=f"nl.lerarenregister.registry.{kind}", source="urn:test", data=body)
    )
    producer = AIOKafkaProducer(bootstrap_servers=stack.kafka, **client_options())
    await producer.start()
    try:
        await producer.send_and_wait(
            f"{topic}{stack.suffix}", value, key=key.encode(), headers=headers
        )
    finally:
        await producer.stop()


async def intake_view(stack: Stack, board: str, request_id: uuid.UUID) -> dict[str, Any]:
    """The request as intake holds it, asked with the board's own token."""
    response = await stack.intake.get(
        f"/v1/boards/{board}/correction-requests/{request_id}",
        headers={"Authorization": f"Bearer {stack.token(board)}"},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def file_request(
    stack: Stack,
    board: str = BOARD_A,
    *,
    explanation: str = "Mijn benoeming loopt tot 31 juli.",
    achternaam: str = "Dijk",
) -> CorrectionRequestV1:
    """A teacher's request, as the registry sends it to intake; back once intake holds it."""
    school = next(s for s in REFERENCE.schools if s.bevoegd_gezag == board)
    request = CorrectionRequestV1(
        request_id=uuid.uuid4(),
        bevoegd_gezag=board,
        registration_number=a_number(),
        voorletters="J.",
        tussenvoegsel="van",
        achternaam=achternaam,
        brin=school.brin,
        brin_volgnummer=school.brin_volgnummer,
        benoemingsgrondslag="PO-PABO",
        benoeming_begindatum=date(2026, 8, 1),
        fields=["benoeming_einddatum"],
        explanation=explanation,
        requested_at=datetime.now(UTC),
    )
    await publish(stack, REGISTRY_CORRECTION_REQUESTS.name, board, request, "correction-requested")

    async def stored() -> bool:
        response = await stack.intake.get(
            f"/v1/boards/{board}/correction-requests/{request.request_id}",
            headers={"Authorization": f"Bearer {stack.token(board)}"},
        )
        return response.status_code == 200

    assert await eventually(stored, timeout=60, interval=0.2)
    return request


async def answer(visitor: Visitor, request_id: uuid.UUID, **form: str) -> httpx.Response:
    path = f"/aanleveren/correctieverzoeken/{request_id}"
    csrf = CSRF.search((await visitor.http.get(path)).text)
    assert csrf is not None
    return await visitor.http.post(path, data={"csrf_token": csrf[1], **form})


def listed_ids(page: httpx.Response) -> list[str]:
    return re.findall(r'href="/aanleveren/correctieverzoeken/([0-9a-f-]{36})"', page.text)


async def test_the_board_lists_filters_and_opens_a_request(boards: Stack, visitor: Visitor) -> None:
    first = await file_request(boards)
    second = await file_request(boards, explanation="Ik werk hier tot de zomer.")
    await visitor.board(BOARD_A)

    # By default the requests still to be answered, newest first, with the total.
    page = await visitor.http.get("/aanleveren/correctieverzoeken")
    assert page.status_code == 200
    shown = listed_ids(page)
    assert shown.index(str(second.request_id)) < shown.index(str(first.request_id))
    caption = re.search(r"Te beantwoorden: verzoeken 1 tot en met (\d+) van (\d+)", text(page))
    assert caption is not None
    assert int(caption[1]) == min(int(caption[2]), 8) == len(shown)
    assert '<option value="open" selected>' in page.text
    for wanted in ("afgewezen", "opgelost"):
        other = await visitor.http.get("/aanleveren/correctieverzoeken", params={"status": wanted})
        assert str(first.request_id) not in listed_ids(other)
    everything = await visitor.http.get("/aanleveren/correctieverzoeken?status=alle")
    assert str(first.request_id) in listed_ids(everything)
    assert (await visitor.http.get("/aanleveren/correctieverzoeken?status=x")).status_code == 400

    opened = await visitor.http.get(f"/aanleveren/correctieverzoeken/{first.request_id}")
    assert opened.status_code == 200
    body = text(opened)
    for expected in (
        "J. van Dijk",
        first.registration_number,
        f"{first.brin} {first.brin_volgnummer}",
        SCHOOL.naam,  # the portal knows the school's name (development's reference files)
        "PO-PABO",
        "01-08-2026",
        "Einddatum benoeming",
        "Mijn benoeming loopt tot 31 juli.",
        "Status: Te beantwoorden",
        "Akkoord: wij leveren de gecorrigeerde gegevens aan",
        "Afwijzen",
    ):
        assert expected in body, expected
    assert 'name="besluit"' in opened.text
    english = await visitor.http.get(
        f"/aanleveren/correctieverzoeken/{first.request_id}", params={"lang": "en"}
    )
    assert '<html lang="en">' in english.text
    assert "Appointment end date" in text(english)
    assert "Agreed: we deliver the corrected data" in text(english)


async def test_an_accepted_answer_reaches_intake_and_the_page_shows_it(
    boards: Stack, visitor: Visitor
) -> None:
    filed = await file_request(boards)
    await visitor.board(BOARD_A)
    sent = await answer(visitor, filed.request_id, besluit="akkoord", reden="")
    assert sent.status_code == 303
    assert sent.headers["location"] == (
        f"/aanleveren/correctieverzoeken/{filed.request_id}?melding=beantwoord"
    )
    stored = await intake_view(boards, BOARD_A, filed.request_id)
    assert stored["status"] == "accepted"
    assert stored["answer"]["decision"] == "accepted"
    assert stored["answer"]["reason"] is None
    assert stored["answer"]["answered_by"] == BOARD_A

    page = await visitor.http.get(sent.headers["location"])
    shown = text(page)
    assert "Uw antwoord is verstuurd." in shown
    assert "Status: Geaccepteerd: u levert de gecorrigeerde gegevens aan" in shown
    assert f"Beantwoord door {BOARD_A}" in shown
    assert "Geen reden gegeven" in shown
    assert 'name="besluit"' not in page.text  # answered once: no form any more
    accepted = await visitor.http.get("/aanleveren/correctieverzoeken?status=geaccepteerd")
    assert str(filed.request_id) in listed_ids(accepted)
    assert str(filed.request_id) not in listed_ids(
        await visitor.http.get("/aanleveren/correctieverzoeken")
    )
    # The same form sent again (a double click) is the same answer: answered as the first.
    again = await visitor.http.post(
        f"/aanleveren/correctieverzoeken/{filed.request_id}",
        data={"csrf_token": await visitor.csrf("/aanleveren"), "besluit": "akkoord"},
    )
    assert again.status_code == 303


async def test_a_rejection_without_a_reason_is_the_form_with_its_error_and_nothing_stored(
    boards: Stack, visitor: Visitor
) -> None:
    filed = await file_request(boards)
    await visitor.board(BOARD_A)
    bare = await answer(visitor, filed.request_id, besluit="afwijzen", reden="   ")
    assert bare.status_code == 400
    assert 'role="alert"' in bare.text
    assert 'href="#veld-reden"' in bare.text
    assert re.search(r'id="fout-reden">.*Schrijf waarom u het verzoek afwijst', bare.text)
    assert 'aria-invalid="true"' in bare.text
    assert re.search(r'value="afwijzen" checked', bare.text), "the choice is kept"
    assert "<title>Fout: Correctieverzoek" in bare.text
    none = await answer(visitor, filed.request_id, besluit="", reden="Iets")
    assert none.status_code == 400
    assert 'href="#veld-besluit"' in none.text
    assert "Kies of u akkoord gaat of het verzoek afwijst." in text(none)
    assert ">Iets</textarea>" in none.text
    too_long = await answer(visitor, filed.request_id, besluit="afwijzen", reden="x" * 2001)
    assert too_long.status_code == 400
    assert "De reden is te lang" in text(too_long)
    stored = await intake_view(boards, BOARD_A, filed.request_id)
    assert (stored["status"], stored["answer"]) == ("open", None)

    rejected = await answer(
        visitor, filed.request_id, besluit="afwijzen", reden="De benoeming loopt door."
    )
    assert rejected.status_code == 303
    stored = await intake_view(boards, BOARD_A, filed.request_id)
    assert stored["answer"]["decision"] == "rejected"
    assert stored["answer"]["reason"] == "De benoeming loopt door."
    page = await visitor.http.get(rejected.headers["location"])
    assert "Status: Afgewezen" in text(page)
    assert "De benoeming loopt door." in text(page)


async def test_an_answer_intake_refuses_is_a_clear_message_on_the_page(
    boards: Stack, visitor: Visitor
) -> None:
    answered, resolved = await file_request(boards), await file_request(boards)
    # Answered meanwhile, elsewhere (another tab, the payroll bureau): accepted.
    direct = await boards.intake.post(
        f"/v1/boards/{BOARD_A}/correction-requests/{answered.request_id}/answer",
        json={"decision": "accepted"},
        headers={"Authorization": f"Bearer {boards.token(BOARD_A)}"},
    )
    assert direct.status_code == 200
    delivery = await boards.deliver(BOARD_A, board_pages.rows_for(BOARD_A, 5, 0.0, seed=4401))
    await publish(
        boards,
        REGISTRY_CORRECTION_RESOLUTIONS.name,
        BOARD_A,
        CorrectionResolvedV1(
            request_id=resolved.request_id,
            bevoegd_gezag=BOARD_A,
            registration_number=resolved.registration_number,
            delivery_id=uuid.UUID(delivery),
            resolved_at=datetime.now(UTC),
        ),
        "correction-resolved",
    )

    async def is_resolved() -> bool:
        return (await intake_view(boards, BOARD_A, resolved.request_id))["status"] == "resolved"

    assert await eventually(is_resolved, timeout=60, interval=0.2)
    await visitor.board(BOARD_A)
    # Both forms as the board saw them before (the page with the form, sent later).
    csrf = await visitor.csrf("/aanleveren")
    late = await visitor.http.post(
        f"/aanleveren/correctieverzoeken/{answered.request_id}",
        data={"csrf_token": csrf, "besluit": "afwijzen", "reden": "Toch niet."},
    )
    assert late.status_code == 409
    shown = text(late)
    assert "Uw antwoord is niet verstuurd" in shown
    assert "Dit verzoek was al beantwoord, met een ander antwoord." in shown
    assert "Status: Geaccepteerd" in shown
    assert "Toch niet." not in shown
    assert (await intake_view(boards, BOARD_A, answered.request_id))["answer"]["reason"] is None
    # A form with an error for a request answered meanwhile: the same message, no form.
    bare = await visitor.http.post(
        f"/aanleveren/correctieverzoeken/{answered.request_id}",
        data={"csrf_token": csrf, "besluit": "afwijzen", "reden": ""},
    )
    assert bare.status_code == 409
    assert "Dit verzoek is al beantwoord." in text(bare)
    assert 'name="besluit"' not in bare.text

    gone = await visitor.http.post(
        f"/aanleveren/correctieverzoeken/{resolved.request_id}",
        data={"csrf_token": csrf, "besluit": "akkoord"},
    )
    assert gone.status_code == 409
    assert "Dit verzoek is al opgelost door een nieuwe levering" in text(gone)
    page = await visitor.http.get(f"/aanleveren/correctieverzoeken/{resolved.request_id}")
    assert "Status: Opgelost door levering" in text(page)
    assert f'href="/aanleveren/leveringen/{delivery}"' in page.text
    assert 'name="besluit"' not in page.text
    assert (await visitor.http.get(f"/aanleveren/leveringen/{delivery}")).status_code == 200
    listed = await visitor.http.get("/aanleveren/correctieverzoeken?status=opgelost")
    assert str(resolved.request_id) in listed_ids(listed)
    assert (await intake_view(boards, BOARD_A, resolved.request_id))["answer"] is None


async def test_another_boards_request_is_the_404_page_and_a_post_without_csrf_is_refused(
    boards: Stack, visitor: Visitor
) -> None:
    theirs = await file_request(boards, BOARD_B)
    ours = await file_request(boards)
    await visitor.board(BOARD_A)
    path = f"/aanleveren/correctieverzoeken/{theirs.request_id}"
    opened = await visitor.http.get(path)
    assert opened.status_code == 404
    assert "Pagina niet gevonden" in text(opened)
    assert str(theirs.request_id) not in listed_ids(
        await visitor.http.get("/aanleveren/correctieverzoeken?status=alle")
    )
    csrf = await visitor.csrf("/aanleveren")
    posted = await visitor.http.post(
        path, data={"csrf_token": csrf, "besluit": "afwijzen", "reden": "Nee."}
    )
    assert posted.status_code == 404
    assert (await intake_view(boards, BOARD_B, theirs.request_id))["answer"] is None
    for wrong in ("niet-een-uuid", str(uuid.uuid4())):
        missing = await visitor.http.get(f"/aanleveren/correctieverzoeken/{wrong}")
        assert missing.status_code == 404
    unguarded = await visitor.http.post(
        f"/aanleveren/correctieverzoeken/{ours.request_id}", data={"besluit": "akkoord"}
    )
    assert unguarded.status_code == 403
    assert (await intake_view(boards, BOARD_A, ours.request_id))["answer"] is None


async def test_the_correction_pages_are_in_dutch_and_english_and_under_100_kb(
    boards: Stack, visitor: Visitor
) -> None:
    long_text = "Mijn benoeming loopt tot 31 juli, zie de brief van de directeur. " * 30
    for _ in range(8):
        filed = await file_request(
            boards, explanation=long_text[:2000], achternaam="Vaart-Hoogendoorn-Wijnbergen"
        )
    await visitor.board(BOARD_A)
    errors = await answer(visitor, filed.request_id, besluit="afwijzen", reden="")
    for path in (
        "/aanleveren/correctieverzoeken",
        "/aanleveren/correctieverzoeken?status=alle",
        f"/aanleveren/correctieverzoeken/{filed.request_id}",
    ):
        for lang in ("nl", "en"):
            page = await visitor.http.get(f"{path}{'&' if '?' in path else '?'}lang={lang}")
            assert page.status_code == 200, path
            assert f'<html lang="{lang}">' in page.text
            assert await board_pages.weight(visitor.http, page) < PAGE_LIMIT, (path, lang)
    assert await board_pages.weight(visitor.http, errors) < PAGE_LIMIT

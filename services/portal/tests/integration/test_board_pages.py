"""The board pages over HTTP, without a browser: the portal and a real intake service in this
process, each on a database of its own (intake on topics of its own too), with a small generated
reference set. Boards sign in through the development board sign-in, as a developer would.

What the pages show is asserted, and what intake stored, asked of intake itself."""

from __future__ import annotations

import base64
import csv
import io
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import unescape
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer

from lr_intake.adapters.reference_files import write_reference
from lr_intake.application.reference import load_reference
from lr_intake.devdata.deliveries import GeneratedRow, generate_rows
from lr_intake.devdata.files import render_delivery
from lr_intake.devdata.reference import generate_reference
from lr_intake.entrypoints.app import create_app as intake_app
from lr_intake.settings import Settings as IntakeSettings
from lr_portal.adapters.intake import IntakeClient
from lr_portal.domain import session as sessions
from lr_portal.entrypoints.app import create_app
from lr_portal.entrypoints.cookies import SESSION_COOKIE
from lr_portal.settings import Settings
from lr_shared.auth import DEV_IDP_ISSUER, DEV_IDP_KEY_FILE, DEV_IDP_KID, mint_token
from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.contracts.registry import CorrectionRequestV1
from lr_shared.contracts.topics import REGISTRY_CORRECTION_REQUESTS
from lr_shared.kafka import client_options
from lr_tools.fleet import free_port
from lr_tools.stack.privileges import create_service_database, service_url
from lr_tools.stack.topics import delete_topics, ensure_topics
from lr_tools.testing import StackEndpoints, as_administrator, eventually, serve_in_process

pytestmark = pytest.mark.integration

REFERENCE = generate_reference(seed=17, boards=6, bureaus=1)
BUREAU = REFERENCE.bureaus[0].nummer
MANDATED = sorted(board for bureau, board in REFERENCE.mandates if bureau == BUREAU)
BOARD_A, BOARD_B = MANDATED[0], MANDATED[1]
BOARD_C = sorted({s.bevoegd_gezag for s in REFERENCE.schools} - {BOARD_A, BOARD_B})[0]
"""Only the dry-run and changes tests deliver for it."""
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
KEY = re.compile(r'name="sleutel" value="([^"]+)"')
PAGE_LIMIT = 100_000


@dataclass
class Stack:
    portal: Any  # the portal's app
    intake: httpx.AsyncClient  # to the intake service in this process
    keys: Path
    settings: Settings
    suffix: str
    kafka: str

    def token(self, number: str, boards: list[str] | None = None) -> str:
        return mint_token(
            (self.keys / DEV_IDP_KEY_FILE).read_bytes(),
            kid=DEV_IDP_KID,
            issuer=DEV_IDP_ISSUER,
            subject=number,
            kind="board",
            boards=boards,
        )

    async def deliver(self, board: str, rows: list[GeneratedRow]) -> str:
        """A delivery made straight at intake, as a board's own system would; its id."""
        response = await self.intake.post(
            "/v1/deliveries",
            content=render_delivery([r.values for r in rows]),
            headers={
                "Authorization": f"Bearer {self.token(board)}",
                "Content-Type": "text/csv",
                "Idempotency-Key": f"test-{uuid.uuid4()}",
            },
        )
        assert response.status_code == 202, response.text
        return str(response.json()["id"])

    async def stored(self, board: str, delivery_id: str) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token(board)}"}
        response = await self.intake.get(f"/v1/deliveries/{delivery_id}", headers=headers)
        body: dict[str, Any] = response.json()
        return body


def rows_for(board: str, count: int, share: float, seed: int) -> list[GeneratedRow]:
    return generate_rows(
        REFERENCE, rows=count, seed=seed, error_share=share, boards=[board], today=date.today()
    )


async def _database(admin_url: str, service: str) -> str:
    """A new database owned by the service's role (dropped by the fixture that made it)."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    await create_service_database(admin_url, name, service)
    return name


@pytest_asyncio.fixture(scope="module")
async def boards(
    stack: StackEndpoints, dev_keys: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Stack]:
    intake_db = await _database(stack.postgres_url, "intake")
    portal_db = await _database(stack.postgres_url, "portal")
    suffix = f".t{uuid.uuid4().hex[:10]}"
    await ensure_topics(stack.kafka_bootstrap, 1, suffix=suffix)
    reference_dir = tmp_path_factory.mktemp("reference")
    write_reference(reference_dir, REFERENCE)
    intake = intake_app(
        IntakeSettings(
            environment="test",
            database_url=service_url(stack.postgres_url, "intake", intake_db),
            kafka_bootstrap_servers=stack.kafka_bootstrap,
            topic_suffix=suffix,
            jwks_file=dev_keys / "jwks.json",
            bsn_hash_key="test-bsn-hash-key-0123456789",  # type: ignore[arg-type]
            bsn_encryption_key=base64.b64encode(bytes(32)).decode(),  # type: ignore[arg-type]
            publish_check_seconds=0.1,
            db_pool_size=2,
        )
    )
    try:
        async with serve_in_process(intake) as intake_http:
            await load_reference(
                intake.state.container.intake.uow, REFERENCE, lambda: datetime.now(UTC)
            )
            settings = Settings(
                environment="development",  # plain-http cookies, as the visitor here uses
                database_url=service_url(stack.postgres_url, "portal", portal_db),
                registry_url=f"http://127.0.0.1:{free_port()}",
                portfolio_url=f"http://127.0.0.1:{free_port()}",
                intake_url="http://intake.invalid",
                dev_idp_key_file=dev_keys / "dev-idp-key.pem",
                dev_reference_dir=reference_dir,
            )
            app = create_app(settings)
            await app.state.container.intake.close()
            app.state.container.intake = IntakeClient(intake_http)
            async with serve_in_process(app):
                yield Stack(app, intake_http, dev_keys, settings, suffix, stack.kafka_bootstrap)
    finally:
        await delete_topics(stack.kafka_bootstrap, suffix=suffix)
        admin = await asyncpg.connect(stack.postgres_url)
        for name in (intake_db, portal_db):
            await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()


class Visitor:
    """One browser: an HTTP client of the portal app keeping its cookies."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=stack.portal), base_url="http://portal"
        )

    async def csrf(self, path: str) -> str:
        page = await self.http.get(path)
        found = CSRF.search(page.text)
        assert found is not None, path
        return found[1]

    async def sign_in(self, **form: str) -> httpx.Response:
        csrf = await self.csrf("/aanleveren/inloggen/ontwikkeling")
        return await self.http.post(
            "/aanleveren/inloggen/ontwikkeling", data={"csrf_token": csrf, **form}
        )

    async def board(self, number: str) -> None:
        signed_in = await self.sign_in(soort="board", nummer=number)
        assert signed_in.status_code == 303
        assert signed_in.headers["location"] == "/aanleveren"

    async def upload_form(self) -> tuple[str, str]:
        form = await self.http.get("/aanleveren/nieuw")
        assert form.status_code == 200
        csrf, key = CSRF.search(form.text), KEY.search(form.text)
        assert csrf is not None
        assert key is not None
        return csrf[1], key[1]

    async def upload(
        self,
        body: bytes | None,
        *,
        name: str = "leraren.csv",
        content_type: str = "text/csv",
        key: str | None = None,
        csrf: str | None = None,
    ) -> httpx.Response:
        form_csrf, form_key = await self.upload_form()
        files = {"bestand": (name, body, content_type)} if body is not None else None
        data = {"csrf_token": csrf if csrf is not None else form_csrf, "sleutel": key or form_key}
        if files is None:
            files = {"bestand": ("", b"", "application/octet-stream")}
        return await self.http.post("/aanleveren/nieuw", data=data, files=files)

    async def close(self) -> None:
        await self.http.aclose()


@pytest_asyncio.fixture
async def visitor(boards: Stack) -> AsyncIterator[Visitor]:
    found = Visitor(boards)
    try:
        yield found
    finally:
        await found.close()


def text(page: httpx.Response) -> str:
    """The page's visible text, tags removed, whitespace folded."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page.text, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def table_rows(page: httpx.Response) -> list[list[str]]:
    """The cells of the body rows of the page's (first) table."""
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", page.text, flags=re.S)
    if body is None:
        return []
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body[1], flags=re.S)
    return [
        [" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in re.findall(
            r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)]
        for row in rows
    ]  # fmt: skip


async def weight(client: httpx.AsyncClient, page: httpx.Response) -> int:
    """The page's HTML plus every stylesheet and script it references, in bytes."""
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
    sizes = [len((await client.get(asset)).content) for asset in assets]
    return len(page.content) + sum(sizes)


def expected_codes(rows: list[GeneratedRow]) -> dict[int, set[str]]:
    """Per CSV row number (the header is row 1): the codes intake must report."""
    found: dict[int, set[str]] = {}
    for number, row in enumerate(rows, start=2):
        codes = {row.expected_error} if row.expected_error else set(row.expected_warnings)
        if codes:
            found[number] = codes
    return found


async def follow(visitor: Visitor, path: str) -> httpx.Response:
    """The delivery's page, once it says the delivery is completed."""
    latest: httpx.Response | None = None

    async def completed() -> bool:
        nonlocal latest
        latest = await visitor.http.get(path)
        return 'data-status="completed"' in latest.text

    assert await eventually(completed, timeout=60, interval=0.2)
    assert latest is not None
    return latest


# --- sign-in ---------------------------------------------------------------------------------


async def test_a_signed_out_visitor_is_sent_to_the_board_sign_in_and_back(
    visitor: Visitor,
) -> None:
    response = await visitor.http.get("/aanleveren/correctieverzoeken")
    assert response.status_code == 303
    assert response.headers["location"] == (
        "/aanleveren/inloggen?terug=%2Faanleveren%2Fcorrectieverzoeken"
    )
    choice = await visitor.http.get(response.headers["location"])
    assert "Inloggen voor schoolbesturen" in text(choice)
    assert 'href="/aanleveren/inloggen/ontwikkeling?terug=/aanleveren/correctieverzoeken"' in (
        choice.text
    )
    page = await visitor.http.get("/aanleveren/inloggen/ontwikkeling")
    assert "Deze pagina vervangt eHerkenning en bestaat niet in productie" in text(page)
    csrf = CSRF.search(page.text)
    assert csrf is not None
    signed_in = await visitor.http.post(
        "/aanleveren/inloggen/ontwikkeling",
        data={
            "csrf_token": csrf[1],
            "soort": "board",
            "nummer": BOARD_A,
            "terug": "/aanleveren/correctieverzoeken",
        },
    )
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/aanleveren/correctieverzoeken"
    assert signed_in.cookies[SESSION_COOKIE]  # a fresh session
    assert (await visitor.http.get("/aanleveren/correctieverzoeken")).status_code == 200


async def test_the_development_sign_in_shows_bad_input_beside_its_fields(
    visitor: Visitor,
) -> None:
    refused = await visitor.sign_in(soort="", nummer="123", besturen="12345 x")
    assert refused.status_code == 400
    for field in ("soort", "nummer", "besturen"):
        assert f'id="fout-{field}"' in refused.text
        assert f'href="#veld-{field}"' in refused.text
    assert 'value="123"' in refused.text
    assert 'role="alert"' in refused.text
    no_mandates = await visitor.sign_in(soort="payroll_bureau", nummer="99999")
    assert no_mandates.status_code == 400
    assert "kennen geen mandaten van dit kantoor" in text(no_mandates)


async def test_a_payroll_bureau_picks_itself_chooses_a_board_and_sees_only_its_deliveries(
    boards: Stack, visitor: Visitor
) -> None:
    delivered_a = await boards.deliver(BOARD_A, rows_for(BOARD_A, 4, 0.0, seed=301))
    delivered_b = await boards.deliver(BOARD_B, rows_for(BOARD_B, 4, 0.0, seed=302))
    page = await visitor.http.get("/aanleveren/inloggen/ontwikkeling")
    assert f'value="payroll_bureau:{BUREAU}"' in page.text
    signed_in = await visitor.sign_in(gekozen=f"payroll_bureau:{BUREAU}")
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/aanleveren/bestuur?terug=%2Faanleveren"
    # Not chosen yet: every board page asks to choose first.
    first = await visitor.http.get("/aanleveren")
    assert first.headers["location"] == "/aanleveren/bestuur?terug=%2Faanleveren"
    choice = await visitor.http.get("/aanleveren/bestuur?terug=%2Faanleveren")
    assert choice.status_code == 200
    for board in MANDATED:
        assert f'value="{board}"' in choice.text
    csrf = CSRF.search(choice.text)
    assert csrf is not None
    nothing = await visitor.http.post("/aanleveren/bestuur", data={"csrf_token": csrf[1]})
    assert nothing.status_code == 400
    assert 'id="fout-bestuur"' in nothing.text
    not_theirs = await visitor.http.post(
        "/aanleveren/bestuur", data={"csrf_token": csrf[1], "nummer": "12345"}
    )
    assert not_theirs.status_code == 400
    assert "U mag niet aanleveren voor dit bestuur" in text(not_theirs)
    tampered = await visitor.http.post(
        "/aanleveren/bestuur", data={"csrf_token": csrf[1], "bestuur": BUREAU}
    )
    assert tampered.status_code == 404
    chosen = await visitor.http.post(
        "/aanleveren/bestuur",
        data={"csrf_token": csrf[1], "bestuur": BOARD_B, "terug": "/aanleveren"},
    )
    assert chosen.status_code == 303
    assert chosen.headers["location"] == "/aanleveren"

    listed = await visitor.http.get("/aanleveren")
    assert f"U levert aan voor bevoegd gezag {BOARD_B}" in text(listed)
    assert f"/aanleveren/leveringen/{delivered_b}" in listed.text
    assert f"/aanleveren/leveringen/{delivered_a}" not in listed.text
    # The bureau's token would let intake show board A's delivery; the portal does not.
    assert (await visitor.http.get(f"/aanleveren/leveringen/{delivered_a}")).status_code == 404
    own = await visitor.http.get(f"/aanleveren/leveringen/{delivered_b}")
    assert own.status_code == 200
    assert "Ander bestuur kiezen" in text(own)


# --- delivering and its feedback -------------------------------------------------------------


async def test_a_board_uploads_a_file_with_bad_rows_and_reads_each_rows_feedback(
    boards: Stack, visitor: Visitor
) -> None:
    await visitor.board(BOARD_A)
    rows = rows_for(BOARD_A, 40, 0.3, seed=303)
    expected = expected_codes(rows)
    bad = sum(1 for r in rows if r.expected_error)
    assert bad >= 8
    body = render_delivery([r.values for r in rows])
    csrf, key = await visitor.upload_form()
    files = {"bestand": ("leraren.csv", body, "application/vnd.ms-excel")}
    uploaded = await visitor.http.post(
        "/aanleveren/nieuw", data={"csrf_token": csrf, "sleutel": key}, files=files
    )
    assert uploaded.status_code == 303, uploaded.text
    location = uploaded.headers["location"]
    assert re.fullmatch(r"/aanleveren/leveringen/[0-9a-f-]{36}\?melding=ontvangen", location)
    delivery_id = location.split("/")[3].split("?")[0]
    stored = await boards.stored(BOARD_A, delivery_id)
    assert stored["delivery_reference"] == key
    assert stored["bevoegd_gezag"] == BOARD_A

    page = await follow(visitor, location)
    assert "Uw bestand is ontvangen." in text(page)
    assert 'role="status" id="status-bericht"' in page.text
    assert (
        f"De levering is verwerkt: {len(rows) - bad} van {len(rows)} rijen geaccepteerd, "
        f"{bad} afgewezen"
    ) in text(page)
    assert "boards.js" not in page.text  # finished: nothing left to follow

    # The same form sent again: intake replays the first delivery, nothing twice.
    again = await visitor.http.post(
        "/aanleveren/nieuw", data={"csrf_token": csrf, "sleutel": key}, files=files
    )
    assert again.status_code == 303
    assert again.headers["location"] == f"/aanleveren/leveringen/{delivery_id}?melding=herhaald"
    replayed = await visitor.http.get(again.headers["location"])
    assert "er is niets dubbel aangeleverd" in text(replayed)
    listed = await visitor.http.get("/aanleveren")
    assert listed.text.count(f"/aanleveren/leveringen/{delivery_id}") == 1

    # Row feedback: exactly the expected codes per row, over every page.
    seen: dict[int, set[str]] = {}
    feedback_path = f"/aanleveren/leveringen/{delivery_id}/meldingen"
    page_number = 1
    while True:
        feedback = await visitor.http.get(feedback_path, params={"pagina": page_number})
        assert feedback.status_code == 200
        assert await weight(visitor.http, feedback) < PAGE_LIMIT
        for row, _column, code, message, severity in table_rows(feedback):
            seen.setdefault(int(row), set()).add(code)
            assert message
            assert severity in ("Fout", "Waarschuwing")
        if 'rel="next"' not in feedback.text:
            break
        page_number += 1
    assert seen == expected

    # Filtered by a code, then by severity.
    code = next(r.expected_error for r in rows if r.expected_error)
    assert code is not None
    by_code = await visitor.http.get(feedback_path, params={"code": code})
    assert {cells[2] for cells in table_rows(by_code)} == {code}
    assert f'<option value="{code}" selected>' in by_code.text
    errors_only = await visitor.http.get(feedback_path, params={"ernst": "fout"})
    assert {cells[4] for cells in table_rows(errors_only)} == {"Fout"}
    wrong = await visitor.http.get(feedback_path, params={"ernst": "ernstig"})
    assert wrong.status_code == 400

    # All of it as intake's CSV, streamed through the portal.
    download = await visitor.http.get(f"{feedback_path}.csv")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    lines = list(csv.reader(io.StringIO(download.text.lstrip("\ufeff")), delimiter=";"))
    assert lines[0] == ["row_number", "column", "code", "severity", "message"]
    from_csv: dict[int, set[str]] = {}
    for line in lines[1:]:
        from_csv.setdefault(int(line[0]), set()).add(line[2])
    assert from_csv == expected
    assert boards.token(BOARD_A)[:20] not in download.text + feedback.text + page.text


async def test_a_corrected_file_is_completed_with_its_counts(
    boards: Stack, visitor: Visitor
) -> None:
    await visitor.board(BOARD_A)
    rows = rows_for(BOARD_A, 12, 0.0, seed=304)
    body = render_delivery([r.values for r in rows], fmt="ndjson")
    uploaded = await visitor.upload(body, name="leraren.ndjson", content_type="")
    assert uploaded.status_code == 303, uploaded.text
    page = await follow(visitor, uploaded.headers["location"])
    assert f"De levering is verwerkt: {len(rows)} van {len(rows)} rijen geaccepteerd, 0" in (
        text(page)
    )
    assert "NDJSON" in text(page)


async def test_bad_input_is_shown_beside_the_file_field_and_a_bad_form_is_refused(
    visitor: Visitor,
) -> None:
    await visitor.board(BOARD_A)
    none = await visitor.upload(None)
    assert none.status_code == 400
    assert 'id="foutoverzicht"' in none.text
    assert 'href="#veld-bestand"' in none.text
    assert 'id="fout-bestand"' in none.text
    assert "Kies een bestand om aan te leveren." in text(none)
    assert KEY.search(none.text) is not None
    spreadsheet = await visitor.upload(b"PK\x03\x04", name="leraren.xlsx", content_type="")
    assert spreadsheet.status_code == 400
    assert "Kies een CSV-bestand (.csv) of een NDJSON-bestand (.ndjson)." in text(spreadsheet)
    tampered = await visitor.upload(b"a;b\n", key="mine")
    assert tampered.status_code == 400
    assert "Dat ging niet goed" in text(tampered)
    no_csrf = await visitor.upload(b"a;b\n", csrf="")
    assert no_csrf.status_code == 403
    assert "Formulier verlopen" in text(no_csrf)


async def test_a_file_intake_rejects_as_a_whole_is_a_page_with_its_message(
    visitor: Visitor,
) -> None:
    await visitor.board(BOARD_A)
    rejected = await visitor.upload(b"bevoegd_gezag;schoenmaat\n12345;42\n")
    assert rejected.status_code == 422
    page = text(rejected)
    assert "Bestand afgewezen" in page
    assert "Onbekende kolom(men) in de kopregel: schoenmaat." in page
    assert "KOLOM_ONBEKEND" in page
    found = re.search(r'href="(/aanleveren/leveringen/[0-9a-f-]{36})"', rejected.text)
    assert found is not None
    delivery = await visitor.http.get(found[1])
    assert "Het bestand is als geheel afgewezen." in text(delivery)


async def test_another_boards_delivery_is_the_404_page(boards: Stack, visitor: Visitor) -> None:
    theirs = await boards.deliver(BOARD_B, rows_for(BOARD_B, 3, 0.0, seed=305))
    await visitor.board(BOARD_A)
    for path in ("", "/meldingen", "/meldingen.csv"):
        response = await visitor.http.get(f"/aanleveren/leveringen/{theirs}{path}")
        assert response.status_code == 404, path
        assert "Pagina niet gevonden" in text(response)
    unknown = await visitor.http.get(f"/aanleveren/leveringen/{uuid.uuid4()}")
    assert unknown.status_code == 404
    garbage = await visitor.http.get("/aanleveren/leveringen/niet-een-id")
    assert garbage.status_code == 404


async def test_a_teacher_sees_no_board_page_and_a_board_no_teacher_page(
    boards: Stack, visitor: Visitor
) -> None:
    container = boards.portal.state.container
    session_id = sessions.new_secret()
    teacher = sessions.signed_in(session_id, container.clock(), "LR00000001", "t", 3600)
    await container.sessions.save(teacher)
    as_teacher = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=boards.portal),
        base_url="http://portal",
        cookies={SESSION_COOKIE: session_id},
    )
    try:
        refused = await as_teacher.get("/aanleveren")
        assert refused.status_code == 303
        assert refused.headers["location"].startswith("/aanleveren/inloggen?")
    finally:
        await as_teacher.aclose()
    await visitor.board(BOARD_A)
    teacher_page = await visitor.http.get("/mijn-registratie")
    assert teacher_page.status_code == 303
    assert teacher_page.headers["location"].startswith("/inloggen?")
    home = await visitor.http.get("/")
    assert 'href="/aanleveren">Aanleveren' in home.text
    assert "Uitloggen" in text(home)


async def test_the_correction_requests_about_the_boards_appointments_are_listed(
    boards: Stack, visitor: Visitor
) -> None:
    request = CorrectionRequestV1(
        request_id=uuid.uuid4(),
        bevoegd_gezag=BOARD_A,
        registration_number="LR12345678",
        voorletters="J.",
        tussenvoegsel="van",
        achternaam="Dijk",
        brin=REFERENCE.schools[0].brin,
        brin_volgnummer=REFERENCE.schools[0].brin_volgnummer,
        benoemingsgrondslag="PO-01",
        benoeming_begindatum=date(2026, 8, 1),
        fields=["benoeming_einddatum"],
        explanation="Mijn benoeming loopt tot 31 juli.",
        requested_at=datetime.now(UTC),
    )
    event: CloudEvent[CorrectionRequestV1] = CloudEvent(
        type="nl.lerarenregister.registry.correction-requested", source="urn:test", data=request
    )
    value, headers = encode(event)
    producer = AIOKafkaProducer(bootstrap_servers=boards.kafka, **client_options())
    await producer.start()
    try:
        topic = f"{REGISTRY_CORRECTION_REQUESTS.name}{boards.suffix}"
        await producer.send_and_wait(topic, value, key=BOARD_A.encode(), headers=headers)
    finally:
        await producer.stop()
    await visitor.board(BOARD_A)

    async def listed() -> bool:
        page = await visitor.http.get("/aanleveren/correctieverzoeken")
        return "LR12345678" in page.text

    assert await eventually(listed, timeout=60, interval=0.5)
    page = await visitor.http.get("/aanleveren/correctieverzoeken")
    shown = text(page)
    assert "J. van Dijk" in shown
    assert "Einddatum benoeming" in shown
    assert "Mijn benoeming loopt tot 31 juli." in shown
    english = await visitor.http.get("/aanleveren/correctieverzoeken?lang=en")
    assert '<html lang="en">' in english.text
    assert "Appointment end date" in text(english)


async def test_every_board_page_is_in_dutch_and_english_and_under_100_kb(
    boards: Stack, visitor: Visitor
) -> None:
    # Nearly every row faulty: every code the generated data knows is in the filter's list.
    delivered = await boards.deliver(BOARD_A, rows_for(BOARD_A, 40, 0.9, seed=306))
    await visitor.board(BOARD_A)
    for path in (
        "/aanleveren",
        "/aanleveren/nieuw",
        f"/aanleveren/leveringen/{delivered}",
        f"/aanleveren/leveringen/{delivered}/meldingen",
        "/aanleveren/correctieverzoeken",
        "/aanleveren/inloggen",
        "/aanleveren/inloggen/ontwikkeling",
    ):
        dutch = await visitor.http.get(path, params={"lang": "nl"})
        assert dutch.status_code == 200, path
        assert '<html lang="nl">' in dutch.text
        assert 'href="#inhoud"' in dutch.text
        assert dutch.text.count("<h1") == 1
        assert await weight(visitor.http, dutch) < PAGE_LIMIT, path
        english = await visitor.http.get(path, params={"lang": "en"})
        assert '<html lang="en">' in english.text, path
        assert await weight(visitor.http, english) < PAGE_LIMIT, path


async def test_an_intake_that_does_not_answer_gives_try_again_later(boards: Stack) -> None:
    settings = boards.settings.model_copy(update={"intake_url": f"http://127.0.0.1:{free_port()}"})
    async with serve_in_process(create_app(settings)) as portal:
        csrf = CSRF.search((await portal.get("/aanleveren/inloggen/ontwikkeling")).text)
        assert csrf is not None
        signed_in = await portal.post(
            "/aanleveren/inloggen/ontwikkeling",
            data={"csrf_token": csrf[1], "soort": "board", "nummer": BOARD_A},
        )
        assert signed_in.status_code == 303
        down = await portal.get("/aanleveren")
        assert down.status_code == 503
        assert "Probeer het later opnieuw" in text(down)
        assert down.headers["Retry-After"] == "30"


async def test_without_intake_or_outside_development_there_is_no_board_sign_in(
    boards: Stack, stack: StackEndpoints
) -> None:
    off = boards.settings.model_copy(update={"intake_url": None})
    async with serve_in_process(create_app(off)) as portal:
        assert (await portal.get("/aanleveren")).status_code == 404
        assert (await portal.get("/aanleveren/inloggen")).status_code == 404
        assert "/aanleveren" not in (await portal.get("/")).text
    production = Settings(
        environment="production",
        # Production refuses the portal role's development password.
        database_url=as_administrator(stack, boards.settings.database_url),
        registry_url="https://registry.example.test",
        portfolio_url="https://portfolio.example.test",
        intake_url="https://intake.example.test",
        oidc_issuer="https://digid.example.test",
        oidc_client_id="lr-portal",
        oidc_redirect_url="https://portal.example.test/inloggen/digid/terug",
        eherkenning_issuer="https://eherkenning.example.test",
        eherkenning_client_id="lr-portal-eh",
        eherkenning_redirect_url="https://portal.example.test/aanleveren/inloggen/eherkenning/terug",
    )
    async with serve_in_process(create_app(production)) as portal:
        page = await portal.get("/aanleveren/inloggen/ontwikkeling")
        assert page.status_code == 404
        assert "Pagina niet gevonden" in text(page)
        refused = await portal.post("/aanleveren/inloggen/ontwikkeling", data={"nummer": "12345"})
        assert refused.status_code in (403, 404)
        choice = await portal.get("/aanleveren/inloggen")
        assert choice.status_code == 200
        assert "/aanleveren/inloggen/ontwikkeling" not in choice.text
        assert "/aanleveren/inloggen/eherkenning?terug=" in choice.text
    with pytest.raises(ValueError, match="development sign-in is refused in production"):
        Settings(
            **{**production.model_dump(), "dev_reference_dir": Path("/tmp")}  # noqa: S108
        )


async def test_the_delivery_page_follows_a_delivery_until_it_is_completed(
    boards: Stack, visitor: Visitor
) -> None:
    """While intake still publishes, the page says so with a link to look again and the
    script that follows it; the status line is the live region the script updates."""
    await visitor.board(BOARD_A)
    rows = rows_for(BOARD_A, 30, 0.0, seed=307)
    uploaded = await visitor.upload(render_delivery([r.values for r in rows]))
    location = uploaded.headers["location"]
    first = await visitor.http.get(location)
    if 'data-status="completed"' not in first.text:  # usually still publishing
        assert "/static/boards.js" in first.text
        assert f'data-follow="{location.split("?")[0]}"' in first.text
        assert "Bekijk de stand van nu" in text(first)
    await follow(visitor, location)
    script = await visitor.http.get("/static/boards.js")
    assert script.status_code == 200


# --- checking without delivering, and what a delivery changed --------------------------------


async def intake_deliveries(boards: Stack, board: str) -> int:
    headers = {"Authorization": f"Bearer {boards.token(board)}"}
    response = await boards.intake.get(f"/v1/boards/{board}/deliveries", headers=headers)
    return len(response.json()["deliveries"])


async def test_a_check_without_delivering_shows_the_outcome_and_keeps_nothing(
    boards: Stack, visitor: Visitor
) -> None:
    await visitor.board(BOARD_C)
    before = await intake_deliveries(boards, BOARD_C)
    upload = await visitor.http.get("/aanleveren/nieuw")
    assert 'href="/aanleveren/nieuw/controleren"' in upload.text
    assert await weight(visitor.http, upload) < PAGE_LIMIT
    rows = rows_for(BOARD_C, 40, 0.3, seed=305)
    expected = expected_codes(rows)
    bad = sum(1 for r in rows if r.expected_error)
    warned = sum(1 for r in rows if not r.expected_error and r.expected_warnings)
    csrf = await visitor.csrf("/aanleveren/nieuw/controleren")
    page = await visitor.http.post(
        "/aanleveren/nieuw/controleren",
        data={"csrf_token": csrf},
        files={"bestand": ("leraren.csv", render_delivery([r.values for r in rows]), "text/csv")},
    )
    assert page.status_code == 200, page.text
    shown = text(page)
    assert "Er is niets aangeleverd." in shown
    assert (
        f"Bij aanleveren zouden {len(rows) - bad} van {len(rows)} rijen worden geaccepteerd, "
        f"{bad} afgewezen, {warned} met een waarschuwing."
    ) in shown
    assert "Wat is er veranderd" in shown
    assert "Ongewijzigde benoemingen 0" in shown
    issues = sum(len(c) for c in expected.values())
    assert f"De eerste 8 van {issues} meldingen" in shown
    cells = table_rows(page)
    assert len(cells) == 8
    first_rows = sorted(expected)
    for row, _column, code, message, _severity in cells:
        assert int(row) in first_rows[:8]
        assert code in expected[int(row)]
        assert message
    assert await weight(visitor.http, page) < PAGE_LIMIT
    assert await intake_deliveries(boards, BOARD_C) == before  # nothing delivered

    none = await visitor.http.post(
        "/aanleveren/nieuw/controleren",
        data={"csrf_token": csrf},
        files={"bestand": ("", b"", "application/octet-stream")},
    )
    assert none.status_code == 400
    assert 'id="fout-bestand"' in none.text
    rejected = await visitor.http.post(
        "/aanleveren/nieuw/controleren",
        data={"csrf_token": csrf},
        files={"bestand": ("leraren.csv", b"foo;bar\n1;2\n", "text/csv")},
    )
    assert rejected.status_code == 200
    assert "Bij aanleveren zou het bestand als geheel worden afgewezen." in text(rejected)
    no_csrf = await visitor.http.post(
        "/aanleveren/nieuw/controleren",
        files={"bestand": ("leraren.csv", b"a\n", "text/csv")},
    )
    assert no_csrf.status_code == 403
    assert await intake_deliveries(boards, BOARD_C) == before


async def test_a_deliverys_page_says_what_it_changed(boards: Stack, visitor: Visitor) -> None:
    rows = rows_for(BOARD_C, 12, 0.0, seed=306)
    first = await boards.deliver(BOARD_C, rows)
    await visitor.board(BOARD_C)
    await follow(visitor, f"/aanleveren/leveringen/{first}")
    changed = [dict(r.values) for r in rows[:-1]]
    changed[0]["achternaam"] = changed[0]["achternaam"] + "-Anders"
    uploaded = await visitor.upload(render_delivery(changed))
    assert uploaded.status_code == 303, uploaded.text
    page = await follow(visitor, uploaded.headers["location"])
    shown = text(page)
    assert "Wat is er veranderd" in shown
    assert "Gewijzigde benoemingen 1" in shown
    assert "Gewijzigde velden: Achternaam (1)." in shown
    assert "Niet meer aangeleverd 1" in shown
    dropped = rows[-1].values
    assert table_rows(page) == [[
        dropped["brin"] + dropped["brin_volgnummer"], dropped["benoemingsgrondslag"],
        "-".join(reversed(dropped["benoeming_begindatum"].split("-"))), str(len(rows) + 1),
    ]]  # fmt: skip
    assert "een rij die ontbreekt beëindigt geen benoeming" in shown
    assert await weight(visitor.http, page) < PAGE_LIMIT

"""A board reads its teachers (list, CSV, bulk check), and nobody else's; every look-up is
recorded and the teacher sees who looked."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from lr_shared.auth import DEV_IDP_ISSUER, DEV_IDP_KID, mint_token
from lr_shared.contracts import topics
from lr_shared.contracts.portfolio import ProgressV1
from lr_shared.contracts.reference import SchoolV1

from .conftest import Registry, appointment, random_bsn

pytestmark = pytest.mark.integration

A, B = "41234", "52345"
BUREAU = "99001"
SCHOOLS = (
    SchoolV1(
        brin="12AB",
        brin_volgnummer="00",
        naam="OBS De Regenboog",
        plaats="Zwolle",
        bevoegd_gezag=A,
        sector="PO",
    ),
    SchoolV1(
        brin="13CD",
        brin_volgnummer="00",
        naam="CBS Het Kompas",
        plaats="Kampen",
        bevoegd_gezag=A,
        sector="PO",
    ),
    SchoolV1(
        brin="34EF",
        brin_volgnummer="00",
        naam="De Vlinder",
        plaats="Deventer",
        bevoegd_gezag=B,
        sector="PO",
    ),
)
PERIOD_END = date(2030, 8, 1)  # four years from the confirmation at START


@dataclass
class World:
    """Board A: Anna (12AB, registered, norm met), Bram (13CD, unconfirmed), Carla (12AB and
    B's 34EF, registered), Eva (her appointment at 12AB ended; now at B's 34EF). Board B:
    Dirk (34EF), Carla and Eva."""

    bsn: dict[str, str]
    number: dict[str, str]


async def world(registry: Registry) -> World:
    for school in SCHOOLS:
        await registry.produce(topics.REFERENCE_SCHOOLS, school.key, school)
    await registry.until("select count(*) = 3 from schools")
    bsn = {name: random_bsn() for name in ("anna", "bram", "carla", "dirk", "eva")}
    at_b = {"bevoegd_gezag": B, "brin": "34EF"}
    await registry.deliver(
        appointment(bsn["anna"], achternaam="Bakker", voorletters="A."),
        appointment(bsn["bram"], achternaam="Aalders", voorletters="B.", brin="13CD"),
        appointment(bsn["carla"], achternaam="Claassen", voorletters="C.", tussenvoegsel="de"),
        appointment(
            bsn["carla"], achternaam="Claassen", voorletters="C.", tussenvoegsel="de", **at_b
        ),
        appointment(bsn["dirk"], achternaam="Dekker", voorletters="D.", **at_b),
        appointment(
            bsn["eva"],
            achternaam="Evers",
            voorletters="E.",
            benoeming_begindatum=date(2024, 8, 1),
            benoeming_einddatum=date(2026, 7, 31),
            qualified=False,
            benoemingsgrondslag="PO-ONB",
            onderwijsterrein="PO",
        ),
        appointment(bsn["eva"], achternaam="Evers", voorletters="E.", **at_b),
    )
    number = {name: await registry.number_of(b) for name, b in bsn.items()}
    await registry.until("select count(*) = 7 from appointments")
    for name in ("anna", "carla", "dirk"):
        response = await registry.client.post(
            "/v1/me/registration/confirm", headers=await registry.sign_in(bsn[name])
        )
        assert response.status_code == 200, response.text
    report = ProgressV1(
        registration_number=number["anna"],
        period_start=date(2026, 8, 1),
        period_end=PERIOD_END,
        total_hours=Decimal(170),
        core_hours=Decimal(110),
        norm_total_hours=Decimal(160),
        norm_core_hours=Decimal(100),
        norm_met=True,
        updated_at=registry.clock.now,
    )
    await registry.produce(topics.PORTFOLIO_PROGRESS, number["anna"], report)
    await registry.until("select count(*) = 1 from progress where norm_met")
    return World(bsn, number)


def board_token(
    registry: Registry, subject: str, boards: list[str] | None = None
) -> dict[str, str]:
    token = mint_token(
        (registry.dev_keys / "dev-idp-key.pem").read_bytes(),
        kid=DEV_IDP_KID,
        issuer=DEV_IDP_ISSUER,
        subject=subject,
        kind="board",
        boards=boards,
    )
    return {"Authorization": f"Bearer {token}"}


async def listed(
    registry: Registry, headers: dict[str, str], board: str = A, **params: Any
) -> httpx.Response:
    return await registry.client.get(
        f"/v1/boards/{board}/registrations", headers=headers, params=params
    )


async def check(
    registry: Registry, headers: dict[str, str], body: str, board: str = A, **params: Any
) -> httpx.Response:
    return await registry.client.post(
        f"/v1/boards/{board}/registrations/check",
        headers={**headers, "Content-Type": "text/csv"},
        content=body.encode(),
        params=params,
    )


def numbers(response: httpx.Response) -> list[str]:
    return [item["registration_number"] for item in response.json()["items"]]


def without_instance(response: httpx.Response) -> dict[str, Any]:
    return {k: v for k, v in response.json().items() if k != "instance"}


async def test_a_board_sees_its_teachers_with_only_its_own_schools(registry: Registry) -> None:
    w = await world(registry)
    response = await listed(registry, board_token(registry, A))
    assert response.status_code == 200, response.text
    page = response.json()
    assert (page["bevoegd_gezag"], page["total"], page["page"]) == (A, 3, 1)
    # By surname: Aalders, Bakker, Claassen. Eva's appointment here has ended; Dirk is B's.
    assert numbers(response) == [w.number["bram"], w.number["anna"], w.number["carla"]]
    bram, anna, carla = page["items"]
    assert anna == {
        "registration_number": w.number["anna"],
        "voorletters": "A.",
        "tussenvoegsel": "",
        "achternaam": "Bakker",
        "schools": [{"brin": "12AB", "brin_volgnummer": "00", "naam": "OBS De Regenboog"}],
        "state": "registered",
        "public_label": "geregistreerd",
        "period_end": PERIOD_END.isoformat(),
        "norm_met": True,
    }
    assert (bram["state"], bram["public_label"], bram["period_end"], bram["norm_met"]) == (
        "pending_confirmation",
        None,
        None,
        None,
    )
    assert bram["schools"] == [{"brin": "13CD", "brin_volgnummer": "00", "naam": "CBS Het Kompas"}]
    # Carla works at A and B: at A she shows with A's school only.
    assert carla["schools"] == [
        {"brin": "12AB", "brin_volgnummer": "00", "naam": "OBS De Regenboog"}
    ]
    assert (carla["tussenvoegsel"], carla["norm_met"]) == ("de", False)
    for secret in (*w.bsn.values(), "1985-03-14", "example.org", "34EF", "De Vlinder"):
        assert secret not in response.text

    as_b = (await listed(registry, board_token(registry, B), board=B)).json()
    assert [i["registration_number"] for i in as_b["items"]] == [
        w.number["carla"],
        w.number["dirk"],
        w.number["eva"],
    ]
    assert as_b["items"][0]["schools"] == [
        {"brin": "34EF", "brin_volgnummer": "00", "naam": "De Vlinder"}
    ]


async def test_a_board_asking_for_another_boards_teachers_gets_404_like_an_unknown_board(
    registry: Registry,
) -> None:
    w = await world(registry)
    as_a = board_token(registry, A)
    foreign = await listed(registry, as_a, board=B)
    unknown = await listed(registry, as_a, board="77777")
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.headers["content-type"] == "application/problem+json"
    assert without_instance(foreign) == without_instance(unknown)
    assert (await listed(registry, as_a, board=B, format="csv")).status_code == 404
    refused = await check(registry, as_a, w.number["dirk"], board=B)
    assert refused.status_code == 404
    assert without_instance(refused) == without_instance(unknown)
    for response in (foreign, refused):
        assert w.number["dirk"] not in response.text
    # Nothing was shown, so nothing is recorded.
    assert await registry.value("select count(*) from board_lookups") == 0


async def test_a_payroll_bureau_sees_the_boards_it_acts_for_and_no_other(
    registry: Registry,
) -> None:
    w = await world(registry)
    bureau = board_token(registry, BUREAU, boards=[A])
    response = await listed(registry, bureau)
    assert response.status_code == 200
    assert set(numbers(response)) == {w.number[n] for n in ("anna", "bram", "carla")}
    assert (await listed(registry, bureau, board=B)).status_code == 404
    found = (await check(registry, bureau, w.number["anna"])).json()
    assert found["found"] == 1


async def test_tokens_of_other_kinds_are_refused(registry: Registry) -> None:
    w = await world(registry)
    teacher = await registry.sign_in(w.bsn["anna"])
    assert (await listed(registry, teacher)).status_code == 401
    assert (await check(registry, teacher, w.number["anna"])).status_code == 401
    assert (await listed(registry, {})).status_code == 401
    lookups = await registry.client.get("/v1/me/lookups", headers=board_token(registry, A))
    assert lookups.status_code == 401


async def test_the_list_filters_by_school_and_state_and_pages_with_a_total(
    registry: Registry,
) -> None:
    w = await world(registry)
    as_a = board_token(registry, A)
    by_school = await listed(registry, as_a, school="13CD")
    assert (numbers(by_school), by_school.json()["total"]) == ([w.number["bram"]], 1)
    registered = await listed(registry, as_a, state="registered")
    assert numbers(registered) == [w.number["anna"], w.number["carla"]]
    both = await listed(registry, as_a, school="12AB", state="pending_confirmation")
    assert (numbers(both), both.json()["total"]) == ([], 0)
    # Another board's school narrows to nothing: its teachers are not this board's.
    assert numbers(await listed(registry, as_a, school="34EF")) == []
    assert (await listed(registry, as_a, school="12ab")).status_code == 422
    assert (await listed(registry, as_a, state="erased")).status_code == 422

    first = (await listed(registry, as_a, page_size=2)).json()
    second = (await listed(registry, as_a, page_size=2, page=2)).json()
    beyond = (await listed(registry, as_a, page_size=2, page=3)).json()
    assert [len(p["items"]) for p in (first, second, beyond)] == [2, 1, 0]
    assert [p["total"] for p in (first, second, beyond)] == [3, 3, 3]
    assert [i["registration_number"] for i in first["items"] + second["items"]] == [
        w.number["bram"],
        w.number["anna"],
        w.number["carla"],
    ]


async def test_a_teacher_at_two_of_the_boards_schools_is_counted_and_listed_once(
    registry: Registry,
) -> None:
    w = await world(registry)
    # Bram's second school sorts before his first.
    await registry.deliver(appointment(w.bsn["bram"], achternaam="Aalders", voorletters="B."))
    await registry.until("select count(*) = 8 from appointments")
    as_a = board_token(registry, A)
    both = [
        {"brin": "12AB", "brin_volgnummer": "00", "naam": "OBS De Regenboog"},
        {"brin": "13CD", "brin_volgnummer": "00", "naam": "CBS Het Kompas"},
    ]
    page = (await listed(registry, as_a, page_size=2)).json()
    assert page["total"] == 3
    assert numbers_of(page) == [w.number["bram"], w.number["anna"]]
    assert page["items"][0]["schools"] == both
    # At one of his schools he still shows with both.
    at_12ab = (await listed(registry, as_a, school="12AB")).json()
    assert numbers_of(at_12ab) == [w.number["bram"], w.number["anna"], w.number["carla"]]
    assert (at_12ab["total"], at_12ab["items"][0]["schools"]) == (3, both)
    text = (await listed(registry, as_a, format="csv")).text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 4  # the header and three teachers
    assert [rows[1][0], *rows[1][4:6]] == [
        w.number["bram"],
        "12AB00 | 13CD00",
        "OBS De Regenboog | CBS Het Kompas",
    ]
    # Past the last page the total stays.
    beyond = (await listed(registry, as_a, school="12AB", page_size=1, page=4)).json()
    assert (beyond["items"], beyond["total"]) == ([], 3)
    registered = (await listed(registry, as_a, state="registered", page_size=1, page=3)).json()
    assert (registered["items"], registered["total"]) == ([], 2)


def numbers_of(page: dict[str, Any]) -> list[str]:
    return [item["registration_number"] for item in page["items"]]


async def test_the_csv_holds_every_teacher_under_dutch_headers(registry: Registry) -> None:
    w = await world(registry)
    as_a = board_token(registry, A)
    by_param = await listed(registry, as_a, format="csv", page_size=1)
    by_accept = await registry.client.get(
        f"/v1/boards/{A}/registrations", headers={**as_a, "Accept": "text/csv"}
    )
    for response in (by_param, by_accept):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert response.headers["content-disposition"] == f'attachment; filename="{A}-leraren.csv"'
    assert by_param.text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(by_param.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "registratienummer",
        "voorletters",
        "tussenvoegsel",
        "achternaam",
        "brin",
        "scholen",
        "status",
        "publieke_status",
        "einde_periode",
        "norm_behaald",
    ]
    pending = ["pending_confirmation", "", "", ""]
    registered = ["registered", "geregistreerd", PERIOD_END.isoformat()]
    regenboog = ["12AB00", "OBS De Regenboog"]
    # All rows, whatever page_size says.
    assert rows[1:] == [
        [w.number["bram"], "B.", "", "Aalders", "13CD00", "CBS Het Kompas", *pending],
        [w.number["anna"], "A.", "", "Bakker", *regenboog, *registered, "ja"],
        [w.number["carla"], "C.", "de", "Claassen", *regenboog, *registered, "nee"],
    ]
    filtered = await listed(registry, as_a, format="csv", state="pending_confirmation")
    assert len(filtered.text.strip().splitlines()) == 2


async def test_a_bulk_check_answers_another_boards_teacher_exactly_as_an_unknown_number(
    registry: Registry,
) -> None:
    w = await world(registry)
    body = "\n".join(
        [
            "registratienummer",
            w.number["anna"],
            w.number["dirk"],  # B's teacher
            "LR99999999",  # nobody's
            w.bsn["dirk"],  # the wrong column pasted
            w.number["eva"],  # her appointment at A has ended
            w.number["carla"].lower(),
            "",
        ]
    )
    response = await check(registry, board_token(registry, A), body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["bevoegd_gezag"], answer["checked"], answer["found"]) == (A, 6, 2)
    anna, dirk, unknown, bsn, eva, carla = answer["lines"]
    assert (anna["line"], anna["found"], anna["code"]) == (2, True, None)
    assert anna["registration"]["achternaam"] == "Bakker"
    assert anna["registration"]["norm_met"] is True
    assert carla["registration"]["schools"] == [
        {"brin": "12AB", "brin_volgnummer": "00", "naam": "OBS De Regenboog"}
    ]
    not_found = {
        "found": False,
        "code": "niet_gevonden",
        "message": "niet gevonden bij dit bevoegd gezag",
        "registration": None,
    }
    for line, number in ((dirk, w.number["dirk"]), (unknown, "LR99999999"), (eva, w.number["eva"])):
        assert line == {**not_found, "line": line["line"], "registration_number": number}
    assert bsn == {
        "line": 5,
        "registration_number": None,
        "found": False,
        "code": "ongeldig_registratienummer",
        "message": "geen geldig registratienummer (LR gevolgd door 8 cijfers)",
        "registration": None,
    }
    for secret in (*w.bsn.values(), "Dekker", "Evers", "De Vlinder", "34EF"):
        assert secret not in response.text

    as_csv = await check(registry, board_token(registry, A), body, format="csv")
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["regel", "gevonden", "registratienummer"]
    assert rows[0][-2:] == ["code", "melding"]
    assert [r[:3] for r in rows[1:]] == [
        ["2", "ja", w.number["anna"]],
        ["3", "nee", w.number["dirk"]],
        ["4", "nee", "LR99999999"],
        ["5", "nee", ""],
        ["6", "nee", w.number["eva"]],
        ["7", "ja", w.number["carla"]],
    ]
    assert rows[2][3:-2] == [""] * 9
    assert rows[2][-2:] == [
        "niet_gevonden",
        "niet gevonden bij dit bevoegd gezag",
    ]
    assert w.bsn["dirk"] not in as_csv.text


async def test_a_bulk_check_takes_5000_numbers_in_one_request_and_refuses_5001(
    registry: Registry,
) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    number = await registry.number_of(bsn)
    others = [f"LR9{i:07d}" for i in range(4999)]
    response = await check(registry, board_token(registry, A), "\r\n".join([number, *others]))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["checked"], answer["found"]) == (5000, 1)
    assert answer["lines"][0]["registration"]["registration_number"] == number
    assert answer["lines"][-1]["line"] == 5000

    too_many = await check(
        registry, board_token(registry, A), "\n".join([number, *others, "LR00000000"])
    )
    assert too_many.status_code == 413
    assert too_many.headers["content-type"] == "application/problem+json"
    assert "maximaal 5000" in too_many.json()["detail"]
    assert "at most 5000" in too_many.json()["detail"]
    huge = await check(registry, board_token(registry, A), "LR00000001" + " " * 1_000_000)
    assert huge.status_code == 413
    # One look-up recorded (the one answered), showing the one teacher.
    assert [tuple(r) for r in await registry.rows("select kind, shown from board_lookups")] == [
        ("check", 1)
    ]


async def test_a_bulk_check_refuses_what_is_not_a_csv_of_numbers(registry: Registry) -> None:
    as_a = board_token(registry, A)
    empty = await check(registry, as_a, "registratienummer\n")
    assert (empty.status_code, empty.headers["content-type"]) == (422, "application/problem+json")
    latin = await registry.client.post(
        f"/v1/boards/{A}/registrations/check",
        headers={**as_a, "Content-Type": "text/csv"},
        content="Schröder".encode("latin-1"),
    )
    assert latin.status_code == 422
    json_body = await registry.client.post(
        f"/v1/boards/{A}/registrations/check", headers=as_a, json=["LR00000001"]
    )
    assert json_body.status_code == 415


async def test_every_look_up_is_recorded_and_the_teacher_sees_which_boards_looked(
    registry: Registry,
) -> None:
    w = await world(registry)
    as_a, bureau = board_token(registry, A), board_token(registry, BUREAU, boards=[A])
    await listed(registry, as_a)
    registry.clock.now += timedelta(hours=1)
    await listed(registry, bureau, format="csv")
    registry.clock.now += timedelta(hours=1)
    await check(registry, as_a, f"{w.number['anna']}\n{w.number['dirk']}\nLR99999999\n")
    registry.clock.now += timedelta(hours=1)
    await listed(registry, board_token(registry, B), board=B, school="34EF")

    lookups = await registry.rows(
        "select id, bevoegd_gezag, actor, kind, shown, at from board_lookups order by id"
    )
    assert [(r["bevoegd_gezag"], r["actor"], r["kind"], r["shown"]) for r in lookups] == [
        (A, A, "list", 3),
        (A, BUREAU, "csv", 3),
        (A, A, "check", 1),
        (B, B, "list", 3),
    ]
    shown = await registry.rows(
        "select lookup_id, registration_number from board_lookup_registrations"
    )
    by_lookup: dict[int, set[str]] = {}
    for row in shown:
        by_lookup.setdefault(row["lookup_id"], set()).add(row["registration_number"])
    ids = [r["id"] for r in lookups]
    at_a = {w.number[n] for n in ("anna", "bram", "carla")}
    assert by_lookup == {
        ids[0]: at_a,
        ids[1]: at_a,
        ids[2]: {w.number["anna"]},  # Dirk was asked for, not shown
        ids[3]: {w.number[n] for n in ("carla", "dirk", "eva")},
    }

    mine = await registry.client.get(
        "/v1/me/lookups", headers=await registry.sign_in(w.bsn["anna"])
    )
    assert mine.status_code == 200
    body = mine.json()
    assert body["total"] == 3
    assert [(i["bevoegd_gezag"], i["kind"], i["naam"]) for i in body["items"]] == [
        (A, "check", None),
        (A, "csv", None),
        (A, "list", None),
    ]
    assert [i["at"] for i in body["items"]] == [
        r["at"].isoformat().replace("+00:00", "Z") for r in reversed(lookups[:3])
    ]
    assert BUREAU not in mine.text  # who at the board looked is not the teacher's to know
    paged = await registry.client.get(
        "/v1/me/lookups",
        headers=await registry.sign_in(w.bsn["anna"]),
        params={"page": 2, "page_size": 2},
    )
    assert [(i["kind"]) for i in paged.json()["items"]] == ["list"]
    dirk = await registry.client.get(
        "/v1/me/lookups", headers=await registry.sign_in(w.bsn["dirk"])
    )
    assert [(i["bevoegd_gezag"], i["kind"]) for i in dirk.json()["items"]] == [(B, "list")]


async def test_erasure_takes_the_teachers_look_up_records_with_her(registry: Registry) -> None:
    w = await world(registry)
    await listed(registry, board_token(registry, A))
    headers = await registry.sign_in(w.bsn["anna"])
    response = await registry.client.post("/v1/me/erasure-request", headers=headers)
    assert response.status_code == 202
    remaining = await registry.rows("select registration_number from board_lookup_registrations")
    assert {r[0] for r in remaining} == {w.number["bram"], w.number["carla"]}
    assert numbers(await listed(registry, board_token(registry, A))) == [
        w.number["bram"],
        w.number["carla"],
    ]


async def test_the_board_routes_are_documented_with_their_problems(registry: Registry) -> None:
    document = (await registry.client.get("/openapi.json")).json()
    listing = document["paths"]["/v1/boards/{bevoegd_gezag}/registrations"]["get"]
    checking = document["paths"]["/v1/boards/{bevoegd_gezag}/registrations/check"]["post"]
    mine = document["paths"]["/v1/me/lookups"]["get"]
    for operation in (listing, checking, mine):
        assert operation["summary"]
        assert "application/problem+json" in operation["responses"]["401"]["content"]
    for operation in (listing, checking):
        assert "application/problem+json" in operation["responses"]["404"]["content"]
        assert "text/csv" in operation["responses"]["200"]["content"]
    assert {"413", "415"} <= set(checking["responses"])
    assert "text/csv" in checking["requestBody"]["content"]

"""The board pages about the board's teachers ("Mijn leraren", the check of registration
numbers) over HTTP, without a browser: the portal in this process against a stand-in for the
registry's board API (docs/boards-registry.md; the real one is exercised by the browser tests),
which records what the portal asked. A board signs in through the development sign-in."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from html import unescape
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import Response

from lr_portal.adapters.registry_boards import RegistryBoardsClient
from lr_portal.entrypoints.app import create_app
from lr_tools.testing import serve_in_process

from .conftest import PortalFactory

pytestmark = pytest.mark.integration

BOARD = "41234"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGE_LIMIT = 100_000


def teacher(n: int, state: str = "registered", brin: str = "12AB") -> dict[str, Any]:
    labels = {"registered": "geregistreerd", "lapsed": "herregistratie verlopen"}
    return {
        "registration_number": f"LR{n:08d}",
        "voorletters": "J.",
        "tussenvoegsel": "van" if n % 2 else "",
        "achternaam": f"Achternaam{n:03d}",
        "schools": [{"brin": brin, "brin_volgnummer": "00", "naam": f"School {brin}"}],
        "state": state,
        "public_label": labels.get(state),
        "period_end": "2030-07-31",
        "norm_met": n % 3 == 0,
    }


TEACHERS = [teacher(n, "lapsed" if n % 5 == 0 else "registered") for n in range(1, 41)]
TEACHERS += [teacher(41, "pending_confirmation", brin="34CD")]


@dataclass
class FakeRegistry:
    """The registry's board API as documented, on a fixed list of this board's teachers."""

    asked: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=lambda: TEACHERS)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/v1/boards/{board}/registrations")
        async def registrations(board: str, request: Request) -> Any:
            self._record(board, request, b"")
            q = request.query_params
            rows = [
                t
                for t in self.rows
                if (not q.get("state") or t["state"] == q["state"])
                and (not q.get("school") or t["schools"][0]["brin"] == q["school"])
            ]
            if q.get("format") == "csv":
                lines = ["registratienummer;achternaam;status"]
                lines += [
                    f"{t['registration_number']};{t['achternaam']};{t['state']}" for t in rows
                ]
                return Response(
                    "\ufeff" + "\r\n".join(lines) + "\r\n", media_type="text/csv; charset=utf-8"
                )
            page, size = int(q.get("page", 1)), int(q.get("page_size", 50))
            items = rows[(page - 1) * size : page * size]
            return {"bevoegd_gezag": board, "page": page, "page_size": size, "total": len(rows),
                    "items": items}  # fmt: skip

        @app.post("/v1/boards/{board}/registrations/check")
        async def check(board: str, request: Request) -> Any:
            body = await request.body()
            self._record(board, request, body)
            if request.headers.get("content-type") != "text/csv":
                raise HTTPException(415, "Use text/csv")
            if b"TE-VEEL" in body:
                raise HTTPException(413, "Te veel registratienummers: maximaal 5000 per "
                                    "verzoek. / Too many registration numbers: at most 5000 "
                                    "per request.")  # fmt: skip
            try:
                text = body.decode()
            except UnicodeDecodeError:
                raise HTTPException(422, "Het bestand is geen UTF-8-tekst. / The file is not "
                                    "UTF-8 text.") from None  # fmt: skip
            known = {t["registration_number"]: t for t in self.rows}
            lines = []
            for number, line in enumerate(text.splitlines(), start=1):
                value = line.strip().upper()
                if value == "REGISTRATIENUMMER":
                    continue
                if not re.fullmatch(r"LR\d{8}", value):
                    lines.append({"line": number, "registration_number": None, "found": False,
                                  "code": "ongeldig_registratienummer",
                                  "message": "geen geldig registratienummer"})  # fmt: skip
                elif value in known:
                    lines.append({"line": number, "registration_number": value, "found": True,
                                  "registration": known[value]})  # fmt: skip
                else:
                    lines.append({"line": number, "registration_number": value, "found": False,
                                  "code": "niet_gevonden",
                                  "message": "niet gevonden bij dit bevoegd gezag"})  # fmt: skip
            if request.query_params.get("format") == "csv":
                return Response("\ufeffregel;gevonden\r\n" + "".join(
                    f"{x['line']};{'ja' if x['found'] else 'nee'}\r\n" for x in lines),
                    media_type="text/csv; charset=utf-8")  # fmt: skip
            return {"bevoegd_gezag": board, "checked": len(lines),
                    "found": sum(x["found"] for x in lines), "lines": lines}  # fmt: skip

        return app

    def _record(self, board: str, request: Request, body: bytes) -> None:
        self.asked.append({
            "board": board, "path": request.url.path, "params": dict(request.query_params),
            "auth": request.headers.get("authorization", ""),
            "content_type": request.headers.get("content-type"), "body": body,
        })  # fmt: skip


@dataclass
class Board:
    http: httpx.AsyncClient
    registry: FakeRegistry

    async def csrf(self, path: str) -> str:
        found = CSRF.search((await self.http.get(path)).text)
        assert found is not None, path
        return found[1]

    async def check(self, body: bytes, **extra: str) -> httpx.Response:
        csrf = await self.csrf("/aanleveren/leraren/controleren")
        return await self.http.post(
            "/aanleveren/leraren/controleren",
            data={"csrf_token": csrf, **extra},
            files={"bestand": ("nummers.csv", body, "text/csv")},
        )


@pytest_asyncio.fixture
async def board(portal_settings: PortalFactory) -> AsyncIterator[Board]:
    fake = FakeRegistry()
    settings = portal_settings(environment="development", intake_url="http://intake.invalid")
    app = create_app(settings)
    async with serve_in_process(fake.app()) as registry_http, serve_in_process(app):
        app.state.container.registry_boards = RegistryBoardsClient(registry_http)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://portal"
        ) as http:
            visitor = Board(http, fake)
            csrf = await visitor.csrf("/aanleveren/inloggen/ontwikkeling")
            signed_in = await http.post(
                "/aanleveren/inloggen/ontwikkeling",
                data={"csrf_token": csrf, "soort": "board", "nummer": BOARD},
            )
            assert signed_in.status_code == 303
            yield visitor


def text(page: httpx.Response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page.text, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def table_rows(page: httpx.Response) -> list[list[str]]:
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
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
    return len(page.content) + sum([len((await client.get(a)).content) for a in assets])


async def test_my_teachers_lists_pages_and_filters_with_the_board_token(board: Board) -> None:
    page = await board.http.get("/aanleveren/leraren")
    assert page.status_code == 200
    assert 'href="/aanleveren/leraren" aria-current="page"' in page.text
    assert "Leraren 1 tot en met 8 van 41" in text(page)
    rows = table_rows(page)
    assert len(rows) == 8
    assert rows[0] == ["LR00000001", "J. van Achternaam001", "12AB00 School 12AB",
                       "geregistreerd", "31-07-2030", "nee"]  # fmt: skip
    assert rows[2][5] == "ja"
    assert rows[4][3] == "herregistratie verlopen"
    asked = board.registry.asked[-1]
    assert asked["board"] == BOARD
    assert asked["auth"].startswith("Bearer ")
    assert asked["params"] == {"page": "1", "page_size": "8"}

    third = await board.http.get("/aanleveren/leraren", params={"pagina": 6})
    assert [r[0] for r in table_rows(third)] == ["LR00000041"]  # 41 = 5 pages of 8 + 1
    assert table_rows(third)[-1][3] == "Wacht op bevestiging"
    assert 'rel="next"' not in third.text
    assert 'rel="prev"' in third.text

    lapsed = await board.http.get("/aanleveren/leraren", params={"status": "lapsed"})
    assert [r[0] for r in table_rows(lapsed)] == [f"LR{n:08d}" for n in range(5, 41, 5)]
    assert 'value="lapsed" selected' in lapsed.text
    assert board.registry.asked[-1]["params"]["state"] == "lapsed"
    assert 'href="/aanleveren/leraren.csv?state=lapsed"' in lapsed.text

    school = await board.http.get("/aanleveren/leraren", params={"school": " 34cd "})
    assert [r[0] for r in table_rows(school)] == ["LR00000041"]
    assert board.registry.asked[-1]["params"]["school"] == "34CD"

    none = await board.http.get("/aanleveren/leraren", params={"school": "99ZZ"})
    assert "Geen leraren die aan dit filter voldoen." in text(none)


async def test_a_bad_brin_is_shown_beside_the_field_and_a_tampered_state_is_400(
    board: Board,
) -> None:
    before = len(board.registry.asked)
    page = await board.http.get("/aanleveren/leraren", params={"school": "ABCD"})
    assert page.status_code == 400
    assert "Er is iets misgegaan" in text(page) or "foutoverzicht" in page.text
    assert 'id="fout-school"' in page.text
    assert 'aria-invalid="true"' in page.text
    assert "<table" not in page.text
    assert len(board.registry.asked) == before  # nothing asked of the registry
    tampered = await board.http.get("/aanleveren/leraren", params={"status": "secret"})
    assert tampered.status_code == 400
    assert (await board.http.get("/aanleveren/leraren.csv?status=x")).status_code == 400


async def test_the_csv_download_is_streamed_through_the_portal(board: Board) -> None:
    download = await board.http.get("/aanleveren/leraren.csv", params={"status": "lapsed"})
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert download.headers["content-disposition"] == f'attachment; filename="{BOARD}-leraren.csv"'
    assert download.headers["cache-control"] == "private, no-store"
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "registratienummer;achternaam;status"
    assert len(lines) == 1 + 8
    assert board.registry.asked[-1]["params"] == {"state": "lapsed", "format": "csv"}
    assert "Bearer" not in download.text


async def test_a_check_shows_found_not_found_and_invalid_per_line(board: Board) -> None:
    body = b"registratienummer\r\nLR00000003\r\nlr99999999\r\n123456789\r\n"
    page = await board.check(body)
    assert page.status_code == 200
    asked = board.registry.asked[-1]
    assert asked["content_type"] == "text/csv"
    assert asked["body"] == body
    assert "3 regels gecontroleerd: 1 gevonden bij dit bevoegd gezag, 1 niet gevonden, " \
        "1 geen geldig registratienummer." in text(page)  # fmt: skip
    assert table_rows(page) == [
        ["2", "LR00000003", "gevonden", "J. van Achternaam003", "geregistreerd"],
        ["3", "LR99999999", "niet gevonden bij dit bevoegd gezag", "-", "-"],
        ["4", "-", "geen geldig registratienummer", "-", "-"],
    ]
    assert "123456789" not in page.text  # the invalid line's text is not echoed
    english = await board.http.post(
        "/aanleveren/leraren/controleren?lang=en",
        data={"csrf_token": await board.csrf("/aanleveren/leraren/controleren")},
        files={"bestand": ("n.csv", body, "text/csv")},
    )
    assert ["3", "LR99999999", "not found at this board", "-", "-"] in table_rows(english)


async def test_a_long_check_shows_its_first_lines_and_downloads_all(board: Board) -> None:
    body = "".join(f"LR{n:08d}\n" for n in range(1, 31)).encode()
    page = await board.check(body)
    assert len(table_rows(page)) == 12
    assert "De eerste 12 van 30 regels" in text(page)
    size = await weight(board.http, page)
    print("weight check result", len(page.content), size)
    assert size < PAGE_LIMIT
    download = await board.check(body, uitvoer="csv")
    assert download.status_code == 200
    assert download.headers["content-disposition"] == f'attachment; filename="{BOARD}-controle.csv"'
    assert len(download.content.decode("utf-8-sig").splitlines()) == 31
    assert board.registry.asked[-1]["params"] == {"format": "csv"}


async def test_the_registrys_refusals_are_shown_on_the_form(board: Board) -> None:
    too_many = await board.check(b"TE-VEEL\n")
    assert too_many.status_code == 413
    assert 'id="foutoverzicht"' in too_many.text
    assert 'id="fout-bestand"' in too_many.text
    assert "Te veel registratienummers: maximaal 5000 per verzoek." in text(too_many)
    assert "Too many" not in text(too_many)
    not_utf8 = await board.check(b"LR\xff\xfe\n")
    assert not_utf8.status_code == 422
    assert "Het bestand is geen UTF-8-tekst." in text(not_utf8)
    no_file = await board.http.post(
        "/aanleveren/leraren/controleren",
        data={"csrf_token": await board.csrf("/aanleveren/leraren/controleren")},
        files={"bestand": ("", b"", "application/octet-stream")},
    )
    assert no_file.status_code == 400
    assert "Kies een bestand" in text(no_file)
    big = await board.check(b"LR00000001\n" * 100_000)
    assert big.status_code == 413
    assert "Het bestand is te groot" in text(big)
    no_csrf = await board.http.post(
        "/aanleveren/leraren/controleren", files={"bestand": ("n.csv", b"LR1", "text/csv")}
    )
    assert no_csrf.status_code == 403
    english = await board.http.post(
        "/aanleveren/leraren/controleren?lang=en",
        data={"csrf_token": await board.csrf("/aanleveren/leraren/controleren")},
        files={"bestand": ("n.csv", b"\xff", "text/csv")},
    )
    assert "The file is not UTF-8 text." in text(english)
    assert "The register could not check this file" in text(english)


async def test_the_pages_are_dutch_and_english_under_100_kb(board: Board) -> None:
    for path in ("/aanleveren/leraren", "/aanleveren/leraren/controleren"):
        for lang in ("nl", "en"):
            page = await board.http.get(path, params={"lang": lang})
            assert page.status_code == 200
            assert f'<html lang="{lang}">' in page.text
            assert page.text.count("<h1") == 1
            size = await weight(board.http, page)
            print("weight", path, lang, len(page.content), size)
            assert size < PAGE_LIMIT, (path, lang)
    # A heavy page: every teacher at three schools with long names, long surnames.
    board.registry.rows = [
        {**teacher(n), "voorletters": "A.B.C.D.", "tussenvoegsel": "van der",
         "achternaam": f"Achternaam-Langenaam{n:03d}",
         "schools": [{"brin": f"{10 + k}AB", "brin_volgnummer": "00",
                      "naam": f"Openbare Basisschool De Regenboogvlinder {k}"} for k in range(3)]}
        for n in range(1, 30)
    ]  # fmt: skip
    heavy = await board.http.get("/aanleveren/leraren", params={"lang": "en"})
    assert len(table_rows(heavy)) == 8
    size = await weight(board.http, heavy)
    print("weight heavy", len(heavy.content), size)
    assert size < PAGE_LIMIT
    board.registry.rows = TEACHERS
    english = await board.http.get("/aanleveren/leraren", params={"lang": "en"})
    assert "My teachers" in text(english)
    assert "geregistreerd (Registered)" in text(english)


async def test_a_signed_out_visitor_is_sent_to_the_board_sign_in(
    portal_settings: PortalFactory,
) -> None:
    app = create_app(portal_settings(environment="development", intake_url="http://x.invalid"))
    async with serve_in_process(app) as portal:
        page = await portal.get("/aanleveren/leraren")
        assert page.status_code == 303
        assert page.headers["location"].startswith("/aanleveren/inloggen")

"""Whatever a board uploads, intake answers it: never a 5xx, never an unhandled exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lr_intake.domain.columns import COLUMNS

from .conftest import Service, upload

pytestmark = pytest.mark.integration

HEADER = ";".join(COLUMNS).encode() + b"\n"
_field = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
_row = st.lists(_field, min_size=0, max_size=20).map(lambda fields: ";".join(fields))
_junk = st.one_of(
    st.binary(max_size=300),
    st.builds(lambda rows: HEADER + "\n".join(rows).encode(), st.lists(_row, max_size=8)),
    st.builds(lambda b: HEADER + b, st.binary(max_size=200)),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=_junk, ndjson=st.booleans())
async def test_random_junk_never_gives_a_server_error(
    intake: Service, body: bytes, ndjson: bool
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    content_type = "application/x-ndjson" if ndjson else "text/csv"
    response = await upload(intake, body, board, content_type=content_type)
    assert response.status_code in (202, 422), response.text


async def test_a_deeply_nested_ndjson_line_is_an_unreadable_row_not_a_server_error(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    body = b'{"bsn": "123456782"}\n' + b"[" * 100_000 + b"\n"
    response = await upload(intake, body, board, content_type="application/x-ndjson")
    assert response.status_code == 202, response.text
    errors = await intake.client.get(
        f"/v1/deliveries/{response.json()['id']}/errors", headers=intake.headers(board)
    )
    assert (2, "RIJ_ONLEESBAAR") in {(i["row_number"], i["code"]) for i in errors.json()["issues"]}

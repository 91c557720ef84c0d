"""An Idempotency-Key sent again: the same file is a retry, another file is refused (422, a
problem) and the first delivery stays as it was; on the real PostgreSQL and Kafka."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from lr_intake.application.reference import load_reference
from lr_intake.devdata.deliveries import generate_rows
from lr_intake.devdata.files import render_delivery
from lr_intake.domain import codes
from lr_intake.entrypoints.app import create_app
from lr_intake.settings import Settings
from lr_shared.contracts.topics import INTAKE_APPOINTMENTS
from lr_tools.testing import consume, serve_in_process

from .conftest import REFERENCE, Service, frozen_now, stored_counts, upload, wait_completed

pytestmark = pytest.mark.integration

KEY_REUSED_TYPE = "tag:lerarenregister.nl,2026:problems/idempotency-key-reused"


def delivery_file(service: Service, board: str, rows: int, seed: int) -> bytes:
    generated = generate_rows(
        service.reference, rows=rows, boards=[board], error_share=0.1, seed=seed,
        today=frozen_now().date(),
    )  # fmt: skip
    return render_delivery([r.values for r in generated])


async def test_a_key_reused_for_another_file_is_refused_and_the_first_delivery_stays(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    first_file = delivery_file(intake, board, 40, seed=1)
    other_file = delivery_file(intake, board, 40, seed=2)
    key = {"Idempotency-Key": "salaris-2026-08-reused"}
    first = await upload(intake, first_file, board, headers=key)
    assert first.status_code == 202
    assert first.json()["file_sha256"] == hashlib.sha256(first_file).hexdigest()
    delivered = await wait_completed(intake, first.json()["id"], board)
    published = await consume(
        intake.settings.kafka_bootstrap_servers, intake.topic(INTAKE_APPOINTMENTS.name),
        count=delivered["rows_accepted"], timeout=15,
    )  # fmt: skip
    before = await stored_counts(intake)

    refused = await upload(intake, other_file, board, headers=key)

    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["type"] == KEY_REUSED_TYPE
    assert problem["code"] == "idempotency-key-reused"
    assert problem["title"] == "Idempotency-Key reused for a different request"
    assert problem["delivery_id"] == first.json()["id"]
    assert "Idempotency-Key is al gebruikt" in problem["detail"]
    assert "Idempotent-Replayed" not in refused.headers
    assert await stored_counts(intake) == before  # no delivery, row, issue or message added
    again = await intake.client.get(
        f"/v1/deliveries/{first.json()['id']}", headers=intake.headers(board)
    )
    assert again.json() == delivered
    records = await consume(
        intake.settings.kafka_bootstrap_servers, intake.topic(INTAKE_APPOINTMENTS.name),
        count=len(published) + 1, timeout=3,
    )  # fmt: skip
    assert len(records) == len(published)


async def test_the_same_bytes_with_the_same_key_are_the_first_delivery_again(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    body = delivery_file(intake, board, 30, seed=3)
    key = {"Idempotency-Key": "salaris-2026-08-same"}
    first = await upload(intake, body, board, headers=key)
    before = await stored_counts(intake)
    again = await upload(intake, body, board, headers=key)
    assert again.status_code == 202
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert await stored_counts(intake) == before
    as_ndjson = await upload(
        intake, body, board, headers=key, content_type="application/x-ndjson"
    )  # the same bytes as another format: another request
    assert as_ndjson.status_code == 422
    assert as_ndjson.json()["code"] == "idempotency-key-reused"


async def test_a_key_whose_file_was_rejected_is_refused_for_another_file(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    key = {"Idempotency-Key": "salaris-2026-08-latin1"}
    rejected = await upload(intake, "achternaam;Jånsen\n".encode("latin-1"), board, headers=key)
    assert rejected.status_code == 422
    assert rejected.json()["rejection_code"] == codes.FILE_NOT_UTF8
    assert rejected.json()["file_sha256"] is not None
    replayed = await upload(intake, "achternaam;Jånsen\n".encode("latin-1"), board, headers=key)
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert replayed.json()["id"] == rejected.json()["id"]
    fixed = await upload(intake, delivery_file(intake, board, 5, seed=4), board, headers=key)
    assert fixed.status_code == 422
    assert fixed.json()["code"] == "idempotency-key-reused"


@pytest_asyncio.fixture
async def small_limit(settings: Settings, dev_keys: Path) -> AsyncIterator[Service]:
    """Intake taking files of at most 1 MB."""
    limited = settings.model_copy(update={"max_upload_mb": 1})
    app = create_app(limited, clock=frozen_now)
    async with serve_in_process(app) as client:
        container = app.state.container
        await load_reference(container.intake.uow, REFERENCE, frozen_now)
        yield Service(client, container, limited, REFERENCE, dev_keys)


async def test_a_file_rejected_as_too_large_is_compared_over_its_first_megabyte(
    small_limit: Service,
) -> None:
    """What was read of it: a retry of the same file is the rejection again, a file within the
    limit with the same key is another file."""
    service = small_limit
    board = service.reference.boards[0].bevoegd_gezag
    small = delivery_file(service, board, 20, seed=5)
    large = small + small.split(b"\n", 1)[1] * (2 * 1024 * 1024 // len(small))
    key = {"Idempotency-Key": "salaris-2026-08-large"}
    first = await upload(service, large, board, headers=key)
    assert first.status_code == 422
    assert first.json()["rejection_code"] == codes.FILE_TOO_LARGE
    assert first.json()["file_bytes"] == 1024 * 1024
    assert first.json()["file_sha256"] == hashlib.sha256(large[: 1024 * 1024]).hexdigest()
    again = await upload(service, large, board, headers=key)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    within = await upload(service, large[: 1024 * 1024 - 1], board, headers=key)
    assert within.status_code == 422
    assert within.json()["code"] == "idempotency-key-reused"

"""The delivery processor with fake ports: repeats within a delivery, counts, chunks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

from lr_intake.adapters.checking import row_checkers
from lr_intake.application.ports import Accepted
from lr_intake.application.processing import DeliveryProcessor
from lr_intake.devdata.deliveries import generate_rows
from lr_intake.devdata.reference import generate_reference
from lr_intake.domain import codes
from lr_intake.domain.appointment import Issue
from lr_intake.domain.columns import COLUMNS
from lr_intake.domain.delivery import Delivery, DeliveryOutcome
from lr_intake.domain.fileformat import Parsed

TODAY = date(2026, 9, 1)
NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)


class FakeWork:
    """Just enough of the unit of work for the processor: what it was asked to store."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.recorded: list[Accepted] = []
        self.known: dict[bytes, bytes] = {}  # identity -> fingerprint, across deliveries
        self.deliveries = self
        self.appointments = self
        self.outbox = self

    async def add_issues(self, delivery_id: UUID, issues: Sequence[Issue]) -> None:
        self.issues.extend(issues)

    async def record(self, delivery_id: UUID, items: Sequence[Accepted], at: datetime) -> int:
        self.recorded.extend(items)
        changed = [r for r in items if self.known.get(r[1]) != r[2]]
        self.known.update((r[1], r[2]) for r in items)
        return len(changed)

    async def delivery_report(self, outcome: DeliveryOutcome) -> bytes:
        return b"{}"

    async def save(self, delivery: Delivery, report: bytes | None = None) -> None:
        pass

    async def save_with_report(self, outcome: DeliveryOutcome) -> None:
        pass


@pytest.fixture(scope="module")
def delivery_rows() -> tuple[Any, str, list[list[str]]]:
    reference = generate_reference(seed=3)
    board = reference.boards[0].bevoegd_gezag
    rows = generate_rows(reference, rows=40, seed=3, error_share=0, boards=[board], today=TODAY)
    values = [[row.values[c] for c in COLUMNS] for row in rows if row.board == board]
    return reference.snapshot(), board, values


async def process(
    work: FakeWork, reference: Any, board: str, rows: list[list[str]], chunk_rows: int = 7
) -> DeliveryOutcome:
    delivery = Delivery(uuid4(), "http", board, board, "csv", NOW)
    processor = DeliveryProcessor(
        work,  # type: ignore[arg-type]
        delivery,
        row_checkers(b"test-key")(reference, frozenset({board}), TODAY, delivery.id),
        now=NOW,
        chunk_rows=chunk_rows,
    )
    await processor.add(Parsed(rows=[(n, list(v)) for n, v in enumerate(rows, 2)]))
    return await processor.finish()


def _errors(work: FakeWork) -> list[tuple[int, str]]:
    return [(i.row_number, i.code) for i in work.issues if i.severity == "error"]


async def test_repeated_rows_are_reported_once_against_their_first_row(
    delivery_rows: tuple[Any, str, list[list[str]]],
) -> None:
    reference, board, rows = delivery_rows
    bad = [*rows[1][:1], "123456789", *rows[1][2:]]  # fails the 11-proof
    other_end = [*rows[2][:14], "2099-12-31", *rows[2][15:]]  # the same appointment again
    # rows 2.. are the generated rows; then: a repeat of row 2, the bad row twice, the changed
    # appointment twice (the second is a repeat of the first, not another duplicate)
    extra = [rows[0], bad, bad, other_end, other_end]
    work = FakeWork()
    outcome = await process(work, reference, board, [*rows, *extra])
    n = len(rows) + 2  # the row number of the first extra row
    assert _errors(work)[-5:] == [
        (n, codes.ROW_DUPLICATE),
        (n + 1, codes.BSN_ELEVEN_PROOF),
        (n + 2, codes.ROW_DUPLICATE),
        (n + 3, codes.APPOINTMENT_DUPLICATE),
        (n + 4, codes.ROW_DUPLICATE),
    ]
    messages = [i.message for i in work.issues if i.row_number in (n, n + 2, n + 3, n + 4)]
    assert "regel 2 " in messages[0]
    assert f"regel {n + 1} " in messages[1]
    assert "regel 4 " in messages[2]
    assert f"regel {n + 3} " in messages[3]
    assert outcome.delivery.counts.total == len(rows) + 5
    assert outcome.delivery.counts.accepted == len(rows) == len(work.recorded)


async def test_a_second_identical_delivery_is_accepted_and_unchanged(
    delivery_rows: tuple[Any, str, list[list[str]]],
) -> None:
    reference, board, rows = delivery_rows
    work = FakeWork()
    first = await process(work, reference, board, rows)
    again = await process(work, reference, board, rows, chunk_rows=1000)
    assert first.delivery.counts.unchanged == 0
    assert again.delivery.counts.accepted == again.delivery.counts.unchanged == len(rows)

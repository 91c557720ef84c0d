"""The delivery processor with fake ports: repeats within a delivery, counts, chunks, what a
delivery changed, and a dry run that writes nothing."""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

from lr_intake.adapters.checking import row_checkers
from lr_intake.adapters.fields import field_describer
from lr_intake.application.ports import (
    SHOWN_SEPARATOR,
    Accepted,
    AppointmentDetails,
    KnownAppointment,
)
from lr_intake.application.processing import DeliveryProcessor
from lr_intake.devdata.deliveries import generate_rows
from lr_intake.devdata.reference import generate_reference
from lr_intake.domain import codes
from lr_intake.domain.appointment import Issue
from lr_intake.domain.changes import NoLongerDelivered
from lr_intake.domain.columns import COLUMNS
from lr_intake.domain.delivery import Delivery, DeliveryOutcome
from lr_intake.domain.fileformat import Parsed
from lr_shared.bsn import keyed_hash

TODAY = date(2026, 9, 1)
NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)


def shown(details: AppointmentDetails) -> list[str]:
    return details.shown.split(SHOWN_SEPARATOR)


class FakeWork:
    """Just enough of the unit of work for the processor: what it was asked to store, and the
    appointments across deliveries (identity -> what intake holds, with its details)."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.recorded: list[Accepted] = []
        self.held: dict[bytes, tuple[KnownAppointment, UUID, int, AppointmentDetails]] = {}
        self.absent: list[NoLongerDelivered] = []
        self.saved: list[DeliveryOutcome] = []
        self.markers: set[bytes] = set()  # erased teachers' keyed BSN hashes
        self.deliveries = self
        self.appointments = self
        self.outbox = self

    async def add_issues(self, delivery_id: UUID, issues: Sequence[Issue]) -> None:
        self.issues.extend(issues)

    async def known(
        self, identities: Sequence[bytes], *, lock: bool
    ) -> dict[bytes, KnownAppointment]:
        return {i: self.held[i][0] for i in identities if i in self.held}

    async def record(
        self,
        delivery_id: UUID,
        items: Sequence[Accepted],
        details: Sequence[AppointmentDetails],
        at: datetime,
    ) -> set[bytes]:
        self.recorded.extend(items)
        changed = set()
        for record, detail in zip(items, details, strict=True):
            held = self.held.get(record[1])
            if held is None or held[0].fingerprint != record[2]:
                changed.add(record[1])
                known = KnownAppointment(record[2], detail.fields, record[3])
                self.held[record[1]] = (known, delivery_id, record[0], detail)
        return changed

    async def erased(self, teachers: Sequence[bytes]) -> set[bytes]:
        return self.markers.intersection(teachers)

    async def count_of_board(self, board: str) -> int:
        return sum(1 for held in self.held.values() if held[0].bevoegd_gezag == board)

    async def absent_of_board(
        self, board: str, delivery_id: UUID, delivered: Container[bytes]
    ) -> list[NoLongerDelivered]:
        return [
            NoLongerDelivered(*shown(d)[:3], date.fromisoformat(shown(d)[3]), last, row)
            for identity, (known, last, row, d) in self.held.items()
            if known.bevoegd_gezag == board and identity not in delivered
        ]

    async def add_no_longer_delivered(
        self, delivery_id: UUID, items: Sequence[NoLongerDelivered]
    ) -> None:
        self.absent.extend(items)

    async def delivery_report(self, outcome: DeliveryOutcome) -> bytes:
        return b"{}"

    async def save(self, delivery: Delivery, report: bytes | None = None) -> None:
        pass

    async def save_with_report(self, outcome: DeliveryOutcome) -> None:
        self.saved.append(outcome)


@pytest.fixture(scope="module")
def delivery_rows() -> tuple[Any, str, list[list[str]]]:
    reference = generate_reference(seed=3)
    board = reference.boards[0].bevoegd_gezag
    rows = generate_rows(reference, rows=40, seed=3, error_share=0, boards=[board], today=TODAY)
    values = [[row.values[c] for c in COLUMNS] for row in rows if row.board == board]
    return reference.snapshot(), board, values


async def process(
    work: FakeWork,
    reference: Any,
    board: str,
    rows: list[list[str]],
    chunk_rows: int = 7,
    *,
    dry_run: bool = False,
) -> DeliveryOutcome:
    delivery = Delivery(uuid4(), "http", board, board, "csv", NOW)
    processor = DeliveryProcessor(
        work,  # type: ignore[arg-type]
        delivery,
        row_checkers(b"test-key")(reference, frozenset({board}), TODAY, delivery.id),
        field_describer(b"test-key"),
        now=NOW,
        chunk_rows=chunk_rows,
        compare_board=board,
        dry_run=dry_run,
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


def _column(name: str) -> int:
    return COLUMNS.index(name)


async def test_a_second_delivery_counts_new_changed_with_their_fields_unchanged_and_missing(
    delivery_rows: tuple[Any, str, list[list[str]]],
) -> None:
    reference, board, rows = delivery_rows
    work = FakeWork()
    first = await process(work, reference, board, rows[:-1])
    again = [list(v) for v in rows[1:]]  # the first one dropped, the last one added
    again[0][_column("benoeming_einddatum")] = "2031-07-31"  # one field of one changed
    had_end = again[0][_column("dienstverband_einddatum")] != ""
    again[0][_column("dienstverband_einddatum")] = ""  # (the appointment may run on now)
    second = await process(work, reference, board, again)

    assert first.delivery.changes is not None
    assert first.delivery.changes.new == len(rows) - 1
    assert first.delivery.changes.no_longer_delivered == 0
    changes = second.delivery.changes
    assert changes is not None
    assert (changes.new, changes.changed, changes.unchanged) == (1, 1, len(rows) - 3)
    expected = {"benoeming_einddatum": 1} | ({"dienstverband_einddatum": 1} if had_end else {})
    assert {name: n for name, n in changes.fields.items() if n} == expected
    assert changes.fields_unknown == 0
    assert changes.no_longer_delivered == 1
    [dropped] = work.absent
    assert (dropped.brin, dropped.benoemingsgrondslag) == (
        rows[0][_column("brin")].upper(),
        rows[0][_column("benoemingsgrondslag")].upper(),
    )
    assert dropped.last_delivery_id == first.delivery.id
    assert dropped.last_row_number == 2


async def test_a_dry_run_counts_as_a_delivery_would_and_writes_nothing(
    delivery_rows: tuple[Any, str, list[list[str]]],
) -> None:
    reference, board, rows = delivery_rows
    work = FakeWork()
    await process(work, reference, board, rows)
    changed = [list(v) for v in rows]
    changed[3][_column("achternaam")] = "Anders"
    stored, recorded = dict(work.held), len(work.recorded)

    checked = await process(work, reference, board, changed[1:], dry_run=True)

    assert work.held == stored
    assert len(work.recorded) == recorded
    assert work.saved[-1].delivery.id != checked.delivery.id  # no report saved for it
    assert checked.delivery.counts.unchanged == len(rows) - 2
    assert checked.delivery.changes is not None
    assert checked.delivery.changes.changed == 1
    assert checked.delivery.changes.fields["achternaam"] == 1
    assert checked.delivery.changes.no_longer_delivered == 1
    assert work.absent == []


async def test_an_erased_teachers_rows_are_received_reported_and_not_passed_on(
    delivery_rows: tuple[Any, str, list[list[str]]],
) -> None:
    reference, board, rows = delivery_rows
    work = FakeWork()
    await process(work, reference, board, rows)
    bsn = rows[0][COLUMNS.index("bsn")]
    hers = [n for n, row in enumerate(rows, 2) if row[COLUMNS.index("bsn")] == bsn]
    work.markers.add(keyed_hash(bsn, b"test-key").encode())
    # Intake erased what it held of her: the identical redelivery must not count as unchanged.
    for identity in [i for i, held in work.held.items() if held[2] in hers]:
        del work.held[identity]
    work.recorded.clear()
    work.issues.clear()

    outcome = await process(work, reference, board, rows)

    counts = outcome.delivery.counts
    withheld = [i for i in work.issues if i.code == codes.ERASED_TEACHER]
    assert [i.row_number for i in withheld] == hers
    assert {i.severity for i in withheld} == {"warning"}
    assert all(r[4] != keyed_hash(bsn, b"test-key").encode() for r in work.recorded)
    assert counts.accepted == len(rows)
    assert counts.unchanged == len(rows) - len(hers)
    assert counts.warned >= len(hers)
    changes = outcome.delivery.changes
    assert changes is not None
    assert (changes.new, changes.changed, changes.withheld) == (0, 0, len(hers))
    assert [i.code for i in outcome.issues if i.row_number in hers] == [codes.ERASED_TEACHER] * len(
        hers
    )

"""The progress messages written by hand are what the ProgressV1 contract and
lr_shared.cloudevents write, byte for byte, and decode as the contract."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lr_portfolio.application.outgoing import Outgoing
from lr_portfolio.domain.progress import Hours, Norm, Period, Progress
from lr_shared.cloudevents import decode
from lr_shared.contracts.portfolio import ProgressV1
from lr_shared.contracts.topics import PORTFOLIO_PROGRESS

NOW = datetime(2026, 9, 1, 8, 15, 30, 250000, tzinfo=UTC)
hours = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)


@given(
    total=hours,
    core=hours,
    norm_total=hours,
    norm_core=hours,
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    now=st.one_of(st.just(NOW), st.just(NOW.replace(microsecond=0))),
)
def test_progress_messages_are_the_contracts_json(
    total: Decimal,
    core: Decimal,
    norm_total: Decimal,
    norm_core: Decimal,
    start: date,
    now: datetime,
) -> None:
    period = Period(start, start + timedelta(days=1460))
    progress = Progress(period, Hours(total, core), Norm(norm_total, norm_core))
    outgoing = Outgoing(topic=lambda name: f"{name}.x")

    [row] = outgoing.progress([("LR12345678", progress)], now)

    expected = ProgressV1(
        registration_number="LR12345678",
        period_start=period.start,
        period_end=period.end,
        total_hours=total,
        core_hours=core,
        norm_total_hours=norm_total,
        norm_core_hours=norm_core,
        norm_met=progress.norm_met,
        updated_at=now,
    )
    assert row.value == expected.model_dump_json().encode()
    assert row.topic == f"{PORTFOLIO_PROGRESS.name}.x"
    assert row.key == b"LR12345678"
    event = decode(row.value, row.record_headers(), ProgressV1)
    assert event.data == expected
    assert event.subject == "LR12345678"
    assert event.type == "nl.lerarenregister.portfolio.progress-changed"
    assert event.time == now


def test_each_message_of_a_batch_has_its_own_id() -> None:
    period = Period(date(2026, 8, 1), date(2030, 7, 31))
    progress = Progress(period, Hours(Decimal(1), Decimal(1)), Norm(Decimal(160), Decimal(100)))
    rows = Outgoing(topic=str).progress([(f"LR{i:08d}", progress) for i in range(500)], NOW)
    ids = {dict(json.loads(row.headers))["ce_id"] for row in rows}
    assert len(ids) == 500

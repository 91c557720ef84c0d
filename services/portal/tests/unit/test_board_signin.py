"""The board sign-in's use cases and the feedback's reading of intake, with fakes for the
session store and intake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from lr_portal.application import board_signin, deliveries
from lr_portal.application.ports import BoardGrant, Uploaded
from lr_portal.domain import session as sessions
from lr_portal.domain.boards import Organisation
from lr_portal.domain.deliveries import (
    AbsentAppointment,
    CorrectionPage,
    CorrectionRequest,
    CorrectionStatus,
    Decision,
    Delivery,
    Issue,
    IssueFilter,
)
from lr_portal.domain.errors import NotFoundError
from lr_portal.domain.session import Session

NOW = datetime(2026, 8, 20, 12, 0, tzinfo=UTC)


class Store:
    def __init__(self) -> None:
        self.saved: dict[str, Session] = {}

    async def get(self, id_hash: str) -> Session | None:
        return self.saved.get(id_hash)

    async def save(self, session: Session) -> None:
        self.saved[session.id_hash] = session

    async def touch(self, id_hash: str, now: datetime) -> None: ...

    async def bump(self, id_hash: str) -> None: ...

    async def delete(self, id_hash: str) -> None:
        self.saved.pop(id_hash, None)

    async def prune(self, idle_before: datetime) -> int:
        return 0


def delivery(board: str = "36002", rejected: int = 0) -> Delivery:
    return Delivery(
        id=uuid4(),
        status="completed",
        bevoegd_gezag=board,
        submitted_by=board,
        format="csv",
        rows_total=10,
        rows_accepted=10 - rejected,
        rows_rejected=rejected,
        rows_warned=0,
        rows_unchanged=0,
        received_at=NOW,
    )


class Intake:
    """Holds one delivery and its issues; counts the pages asked for."""

    def __init__(self, found: Delivery, issues: list[Issue]) -> None:
        self.found = found
        self.all_issues = issues
        self.pages_asked: list[int] = []

    async def upload(
        self,
        token: str,
        board: str,
        *,
        idempotency_key: str,
        content_type: str,
        chunks: AsyncIterator[bytes],
    ) -> Uploaded:
        """Takes the file in (as intake would) and answers with the delivery it holds."""
        async for _ in chunks:
            pass
        return Uploaded(self.found, replayed=False)

    async def delivery(self, token: str, delivery_id: UUID) -> Delivery:
        if delivery_id != self.found.id:
            raise NotFoundError
        return self.found

    async def no_longer_delivered(
        self, token: str, delivery_id: UUID, *, page_size: int
    ) -> list[AbsentAppointment]:
        return []

    async def issues(
        self, token: str, delivery_id: UUID, *, page: int, page_size: int
    ) -> tuple[list[Issue], int]:
        self.pages_asked.append(page)
        start = (page - 1) * page_size
        return self.all_issues[start : start + page_size], len(self.all_issues)

    async def deliveries(
        self, token: str, board: str, *, page: int, page_size: int
    ) -> list[Delivery]:
        return [self.found]

    async def correction_requests(
        self,
        token: str,
        board: str,
        *,
        status: CorrectionStatus | None,
        page: int,
        page_size: int,
    ) -> CorrectionPage:
        return CorrectionPage((), 0, page, page_size)

    async def correction_request(
        self, token: str, board: str, request_id: UUID
    ) -> CorrectionRequest:
        raise NotFoundError

    async def answer_correction_request(
        self, token: str, board: str, request_id: UUID, decision: Decision, reason: str | None
    ) -> CorrectionRequest:
        raise NotFoundError


async def test_signing_in_as_a_board_ends_the_visitors_earlier_session() -> None:
    store = Store()
    teacher = sessions.signed_in("old", NOW, "LR00000001", "register-token", expires_in=600)
    await store.save(teacher)
    grant = BoardGrant("board-token", 3600, Organisation("90000", "payroll_bureau", ("36002",)))
    started = await board_signin.start_board_session(
        store, grant, previous=teacher, new_session_id="new", now=NOW
    )
    assert list(store.saved) == [started.id_hash]
    assert started.csrf_token != teacher.csrf_token
    assert started.acting_board == "36002"  # one mandated board: no choice to make
    assert started.registration_number is None


async def test_a_payroll_bureau_chooses_one_of_its_boards_and_no_other() -> None:
    store = Store()
    grant = BoardGrant("t", 3600, Organisation("90000", "payroll_bureau", ("36002", "79774")))
    started = await board_signin.start_board_session(
        store, grant, previous=None, new_session_id="s", now=NOW
    )
    assert started.acting_board is None
    chosen = await board_signin.choose_board(store, started, "79774")
    assert store.saved[started.id_hash].acting_board == chosen.acting_board == "79774"
    with pytest.raises(NotFoundError):
        await board_signin.choose_board(store, chosen, "12345")


async def test_another_boards_delivery_is_not_found() -> None:
    other = delivery(board="79774")
    intake = Intake(other, [])
    with pytest.raises(NotFoundError):
        await deliveries.delivery_of(intake, "t", other.id, "36002")
    assert await deliveries.delivery_of(intake, "t", other.id, "79774") == other


async def test_feedback_reads_intakes_pages_up_to_the_scan_limit() -> None:
    found = delivery(rejected=10)
    issues = [Issue(n, "bsn", f"CODE_{n % 3}", "error", "m") for n in range(2, 2502)]
    intake = Intake(found, issues)
    page = await deliveries.feedback(
        intake, "t", found, IssueFilter(code="CODE_1"), 2, page_size=10, scan_limit=10_000
    )
    assert sorted(intake.pages_asked) == [1, 2, 3]
    assert page.total == page.scanned == 2500
    assert page.complete
    assert all(i.code == "CODE_1" for i in page.issues)
    assert page.page == 2

    limited = Intake(found, issues)
    partial = await deliveries.feedback(
        limited, "t", found, IssueFilter(), 1, page_size=10, scan_limit=1000
    )
    assert limited.pages_asked == [1]
    assert (partial.scanned, partial.total, partial.complete) == (1000, 2500, False)

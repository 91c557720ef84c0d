"""What the delivery pages ask of intake, on behalf of the board a session acts for.

A payroll bureau's board token covers every board it delivers for, so intake would show it the
delivery of any of them; the pages show the deliveries of the board it acts for only, and any
other is not found, exactly like a delivery that does not exist.
"""

from __future__ import annotations

import asyncio
import math
from uuid import UUID

from lr_portal.application.ports import Intake
from lr_portal.domain.deliveries import (
    AbsentAppointment,
    Delivery,
    Feedback,
    Issue,
    IssueFilter,
    feedback_page,
)
from lr_portal.domain.errors import NotFoundError, ServiceError

SCAN_PAGE_SIZE = 1000
"""Intake's largest page of issues."""


async def delivery_of(intake: Intake, token: str, delivery_id: UUID, board: str) -> Delivery:
    delivery = await intake.delivery(token, delivery_id)
    if not delivery.of_board(board):
        raise NotFoundError
    return delivery


async def no_longer_delivered(
    intake: Intake, token: str, delivery: Delivery, shown: int
) -> list[AbsentAppointment]:
    """The first of the board's appointments a completed delivery did not hold, when its
    summary counts any; none while it is read, or when intake kept no list for it (a delivery
    from before it did: 404; still being read: 409)."""
    changes = delivery.changes
    if not delivery.final or changes is None or not changes.no_longer_delivered:
        return []
    try:
        return await intake.no_longer_delivered(token, delivery.id, page_size=shown)
    except (NotFoundError, ServiceError):
        return []


async def feedback(
    intake: Intake,
    token: str,
    delivery: Delivery,
    wanted: IssueFilter,
    page: int,
    *,
    page_size: int,
    scan_limit: int,
) -> Feedback:
    """One page of the delivery's feedback, filtered by code and severity.

    Intake pages its issues but does not filter them, so the portal reads them (up to
    `scan_limit`, in pages of 1000 asked for at once), filters and pages them itself. A
    delivery with more issues than that shows the first `scan_limit`; its CSV download has all.
    """
    first, total = await intake.issues(token, delivery.id, page=1, page_size=SCAN_PAGE_SIZE)
    wanted_pages = math.ceil(min(total, scan_limit) / SCAN_PAGE_SIZE)
    rest = await asyncio.gather(
        *(
            intake.issues(token, delivery.id, page=n, page_size=SCAN_PAGE_SIZE)
            for n in range(2, wanted_pages + 1)
        )
    )
    issues: list[Issue] = [*first]
    for found, _ in rest:
        issues.extend(found)
    return feedback_page(issues[:scan_limit], total, wanted, page, page_size)

"""Feedback afterwards: an offer that re-accredits the provider's own accepted activity shows
its panel the teachers' feedback on it (lr.portfolio.activity-feedback.v1); naming another
provider's activity is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from lr_shared.contracts import topics
from lr_shared.contracts.portfolio import ActivityFeedbackV1, FeedbackCommentV1

from .conftest import Profession, offer, review_body

pytestmark = pytest.mark.integration

BOARD = "50001"


async def submit(profession: Profession, provider_id: str, **changes: Any) -> Any:
    return await profession.client.post(
        "/v1/accreditation-requests",
        json=offer(**changes),
        headers=profession.provider(provider_id, board=BOARD),
    )


async def accepted_code(profession: Profession, panel: list[str]) -> str:
    """A P0042 offer its panel accepts; its activity code."""
    response = await submit(profession, "P0042")
    assert response.status_code == 201, response.text
    request_id = response.json()["id"]
    for number in panel:
        review_id = await profession.open_review_of(number, request_id)
        done = await profession.client.post(
            f"/v1/me/reviews/{review_id}",
            json=review_body(await profession.criteria_codes(), "approve", "10"),
            headers=profession.teacher(number),
        )
        assert done.status_code == 200, done.text
    found = await profession.client.get(
        f"/v1/accreditation-requests/{request_id}", headers=profession.provider("P0042")
    )
    assert found.json()["state"] == "accepted"
    return str(found.json()["activity_code"])


def feedback(code: str) -> ActivityFeedbackV1:
    return ActivityFeedbackV1(
        activity_code=code,
        provider_id="P0042",
        ratings_count=6,
        average_rating=Decimal("4.17"),
        distribution=[0, 0, 1, 3, 2],
        comments=[
            FeedbackCommentV1(text="Direct toepasbaar in groep 7.", month="2026-11"),
            FeedbackCommentV1(text="Te veel theorie op dag twee.", month="2026-10"),
        ],
        updated_at=datetime(2026, 11, 20, 10, tzinfo=UTC),
    )


async def test_a_re_accreditations_reviewer_sees_the_activitys_feedback(
    profession: Profession,
) -> None:
    panel = sorted([await profession.panelist("PO") for _ in range(3)])
    code = await accepted_code(profession, panel)
    await profession.produce(topics.PORTFOLIO_ACTIVITY_FEEDBACK, code, feedback(code))
    await profession.until(
        "select ratings_count from activity_feedback where activity_code = $1", code, expected=6
    )

    again = await submit(profession, "P0042", reaccreditation_of=code)
    assert again.status_code == 201, again.text
    request_id = again.json()["id"]
    detail = await profession.client.get(
        f"/v1/accreditation-requests/{request_id}", headers=profession.provider("P0042")
    )
    assert detail.json()["reaccreditation_of"] == code

    reviewer = sorted(await profession.reviewers(request_id))[0]
    review_id = await profession.open_review_of(reviewer, request_id)
    shown = await profession.client.get(
        f"/v1/me/reviews/{review_id}", headers=profession.teacher(reviewer)
    )
    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert body["offer"]["reaccreditation_of"] == code
    assert body["feedback"]["activity_code"] == code
    assert body["feedback"]["ratings_count"] == 6
    assert Decimal(body["feedback"]["average_rating"]) == Decimal("4.17")
    assert body["feedback"]["distribution"] == [0, 0, 1, 3, 2]
    assert [c["text"] for c in body["feedback"]["comments"]] == [
        "Direct toepasbaar in groep 7.",
        "Te veel theorie op dag twee.",
    ]
    assert body["feedback"]["comments"][0]["month"] == "2026-11"

    # A first accreditation has no feedback to show.
    first = await submit(profession, "P0042")
    other = sorted(await profession.reviewers(first.json()["id"]))[0]
    first_review = await profession.open_review_of(other, first.json()["id"])
    plain = await profession.client.get(
        f"/v1/me/reviews/{first_review}", headers=profession.teacher(other)
    )
    assert plain.json()["feedback"] is None


async def test_an_offer_re_accrediting_another_providers_activity_is_refused(
    profession: Profession,
) -> None:
    panel = sorted([await profession.panelist("PO") for _ in range(3)])
    code = await accepted_code(profession, panel)

    foreign = await submit(profession, "P0001", reaccreditation_of=code)
    assert foreign.status_code == 422
    assert foreign.json()["errors"][0]["loc"] == ["body", "reaccreditation_of"]
    unknown = await submit(profession, "P0042", reaccreditation_of="PR-9999999")
    assert unknown.status_code == 422
    count = await profession.value("select count(*) from accreditation_requests")
    assert count == 1

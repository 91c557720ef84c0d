"""The messages the portfolio sends, built from domain values; they leave through the outbox."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from lr_portfolio.domain.progress import Norm, Progress, norm_for
from lr_portfolio.domain.ratings import Feedback
from lr_portfolio.domain.registrations import Registration
from lr_shared.cloudevents import CloudEvent, event_type, source
from lr_shared.contracts.portfolio import ActivityFeedbackV1, FeedbackCommentV1
from lr_shared.contracts.privacy import ErasureConfirmationV1, ErasureRequestV1
from lr_shared.contracts.topics import (
    PORTFOLIO_ACTIVITY_FEEDBACK,
    PORTFOLIO_PROGRESS,
    PRIVACY_ERASURE_CONFIRMATIONS,
)
from lr_shared.encoding import Envelope, decimal, moment, new_ids, string
from lr_shared.outbox import OutboxMessage, OutboxRow
from lr_shared.telemetry import current_trace_headers

SERVICE: Literal["portfolio"] = "portfolio"
SOURCE = source(SERVICE)
PROGRESS_CHANGED = event_type(SERVICE, "progress-changed")
FEEDBACK_CHANGED = event_type(SERVICE, "activity-feedback-changed")
TOPIC_COMMENTS = 50
"""The newest comments a feedback message carries (1000 characters each: well below a
record's 1 MB)."""


def progress_json(number: str, progress: Progress, updated_at: str) -> bytes:
    """ProgressV1 as `model_dump_json` writes it; `updated_at` as lr_shared.encoding.moment
    gives it."""
    period, hours, norm = progress.period, progress.hours, progress.norm
    return (
        f'{{"registration_number":{string(number)},'
        f'"period_start":"{period.start.isoformat()}","period_end":"{period.end.isoformat()}",'
        f'"total_hours":{decimal(hours.total)},"core_hours":{decimal(hours.core)},'
        f'"norm_total_hours":{decimal(norm.total_hours)},'
        f'"norm_core_hours":{decimal(norm.core_hours)},'
        f'"norm_met":{"true" if progress.norm_met else "false"},"updated_at":{updated_at}}}'
    ).encode()


@dataclass(frozen=True)
class Norms:
    """The norm per sector (configurable); the default where no sector norm is set."""

    default: Norm
    by_sector: Mapping[str, Norm] = field(default_factory=dict)

    def of(self, registration: Registration | None) -> Norm:
        sectors = registration.sectors if registration is not None else ()
        return norm_for(sectors, self.by_sector, self.default)


@dataclass(frozen=True)
class Outgoing:
    topic: Callable[[str], str]

    def progress(self, changes: Sequence[tuple[str, Progress]], now: datetime) -> list[OutboxRow]:
        """ProgressV1 messages for a batch of teachers, as outbox rows.

        This runs for thousands of teachers per attendance batch, so the envelope is written
        once per batch and the body by hand (`progress_json`, held to the contract byte for byte
        by tests/unit/test_outgoing.py).
        """
        if not changes:
            return []
        topic = self.topic(PORTFOLIO_PROGRESS.name)
        trace = current_trace_headers()
        envelope = Envelope(
            PROGRESS_CHANGED, SOURCE, now, trace.get("traceparent"), trace.get("tracestate")
        )
        updated_at = moment(now)
        return [
            OutboxRow(
                topic,
                number.encode(),
                progress_json(number, progress, updated_at),
                envelope.headers(event_id, number),
            )
            for (number, progress), event_id in zip(changes, new_ids(len(changes)), strict=True)
        ]

    def progress_erased(self, registration_number: str) -> OutboxMessage:
        """A tombstone: the compacted progress topic forgets the erased teacher."""
        return OutboxMessage.tombstone(self.topic(PORTFOLIO_PROGRESS.name), registration_number)

    def erasure_confirmed(self, request: ErasureRequestV1, now: datetime) -> OutboxMessage:
        body = ErasureConfirmationV1(
            request_id=request.request_id,
            registration_number=request.registration_number,
            service=SERVICE,
            erased_at=now,
        )
        event: CloudEvent[BaseModel] = CloudEvent(
            type=event_type(SERVICE, "erasure-confirmed"),
            source=source(SERVICE),
            data=body,
            subject=request.registration_number,
            time=now,
        )
        return OutboxMessage.event(
            self.topic(PRIVACY_ERASURE_CONFIRMATIONS.name), request.registration_number, event
        )

    def feedback(self, provider_id: str, feedback: Feedback, now: datetime) -> OutboxMessage:
        """ActivityFeedbackV1: what anyone may see of an activity's ratings, keyed by its code."""
        body = ActivityFeedbackV1(
            activity_code=feedback.activity_code,
            provider_id=provider_id,
            ratings_count=feedback.count,
            average_rating=feedback.average,
            distribution=list(feedback.distribution) if feedback.distribution else None,
            comments=[
                FeedbackCommentV1(text=c.text, month=c.month)
                for c in feedback.comments[:TOPIC_COMMENTS]
            ],
            updated_at=now,
        )
        event: CloudEvent[BaseModel] = CloudEvent(
            type=FEEDBACK_CHANGED,
            source=SOURCE,
            data=body,
            subject=feedback.activity_code,
            time=now,
        )
        return OutboxMessage.event(
            self.topic(PORTFOLIO_ACTIVITY_FEEDBACK.name), feedback.activity_code, event
        )

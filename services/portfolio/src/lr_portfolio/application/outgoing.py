"""The messages the portfolio sends, built from domain values; they leave through the outbox."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from lr_portfolio.domain.progress import Norm, Progress, norm_for
from lr_portfolio.domain.registrations import Registration
from lr_shared.cloudevents import CloudEvent, event_type, source
from lr_shared.contracts.portfolio import ProgressV1
from lr_shared.contracts.privacy import ErasureConfirmationV1, ErasureRequestV1
from lr_shared.contracts.topics import PORTFOLIO_PROGRESS, PRIVACY_ERASURE_CONFIRMATIONS
from lr_shared.outbox import OutboxMessage

SERVICE: Literal["portfolio"] = "portfolio"
SOURCE = source(SERVICE)


@dataclass(frozen=True)
class Norms:
    """The norm per sector (configurable); the default where no sector norm is set."""

    default: Norm
    by_sector: Mapping[str, Norm] = field(default_factory=dict)

    def of(self, registration: Registration | None) -> Norm:
        sectors = registration.sectors if registration is not None else ()
        return norm_for(sectors, self.by_sector, self.default)


def _like(template: OutboxMessage, key: str, event_id: str, value: bytes) -> OutboxMessage:
    """The template's envelope with another id, subject (the key) and body."""
    replaced = {"ce_id": event_id.encode(), "ce_subject": key.encode()}
    headers = [(name, replaced.get(name, raw)) for name, raw in template.headers]
    return OutboxMessage(template.topic, key.encode(), value, headers)


@dataclass(frozen=True)
class Outgoing:
    topic: Callable[[str], str]

    def progress(
        self, changes: Sequence[tuple[str, Progress]], now: datetime
    ) -> list[OutboxMessage]:
        """ProgressV1 messages for a batch of teachers.

        This runs for thousands of teachers per attendance batch, so the envelope is encoded
        once (by lr_shared) as a template, and only the per-teacher headers (id, subject) and
        the body differ per message.
        """
        if not changes:
            return []
        topic = self.topic(PORTFOLIO_PROGRESS.name)
        batch = uuid.uuid4()
        messages = []
        template: OutboxMessage | None = None
        for index, (number, progress) in enumerate(changes):
            # Built from validated domain values: construct skips a second validation.
            body = ProgressV1.model_construct(
                registration_number=number,
                period_start=progress.period.start,
                period_end=progress.period.end,
                total_hours=progress.hours.total,
                core_hours=progress.hours.core,
                norm_total_hours=progress.norm.total_hours,
                norm_core_hours=progress.norm.core_hours,
                norm_met=progress.norm_met,
                updated_at=now,
            )
            event_id = f"{batch}-{index}"
            if template is None:
                event: CloudEvent[BaseModel] = CloudEvent(
                    type=event_type(SERVICE, "progress-changed"),
                    source=SOURCE,
                    data=body,
                    subject=number,
                    id=event_id,
                    time=now,
                )
                template = OutboxMessage.event(topic, number, event)
                messages.append(template)
                continue
            messages.append(_like(template, number, event_id, body.model_dump_json().encode()))
        return messages

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

"""What the profession publishes: an accredited activity, for the provider catalogue."""

from __future__ import annotations

from lr_profession.application.ports import DecisionRecord
from lr_profession.domain.offers import AccreditationRequest
from lr_shared.cloudevents import CloudEvent, event_type, source
from lr_shared.contracts.profession import ActivityAccreditedV1
from lr_shared.outbox import OutboxMessage

SERVICE = "profession"


def accredited(
    topic: str, request: AccreditationRequest, decision: DecisionRecord, activity_code: str
) -> OutboxMessage:
    assert decision.register_hours is not None
    offer = request.offer
    # Validated, not constructed: the offer's type and subtype are plain strings here (the
    # HTTP model checked them against the contract's names on the way in).
    body = ActivityAccreditedV1.model_validate(
        {
            "activity_code": activity_code,
            "accreditation_id": request.id,
            "provider_id": request.provider.provider_id,
            "provider_name": request.provider.name,
            "title": offer.title,
            "type": offer.type,
            "subtype": offer.subtype,
            "sectors": list(offer.sectors),
            "register_hours": decision.register_hours,
            "core": offer.core,
            "criteria_version": decision.criteria_version,
            "start_date": offer.start_date,
            "end_date": offer.end_date,
            "on_demand": offer.on_demand,
            "accredited_at": decision.decided_at,
        }
    )
    event = CloudEvent(
        type=event_type(SERVICE, "activity-accredited"),
        source=source(SERVICE),
        subject=activity_code,
        data=body,
    )
    return OutboxMessage.event(topic, activity_code, event)

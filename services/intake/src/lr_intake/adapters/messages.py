"""Intake's outgoing messages as outbox rows: the AppointmentV1 JSON and headers of the hot path
(written by `appointments.SqlAppointments`), delivery reports and schools (a few per delivery:
lr_shared's outbox)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from json.encoder import encode_basestring
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from lr_intake.adapters.repositories import changes_json
from lr_intake.domain.appointment import Appointment
from lr_intake.domain.delivery import DeliveryOutcome
from lr_intake.domain.reference import School
from lr_shared import outbox
from lr_shared.cloudevents import CloudEvent, event_type, source
from lr_shared.contracts.intake import CorrectionAnswerV1, DeliveryReportV1, RowIssueV1
from lr_shared.contracts.reference import SchoolV1
from lr_shared.contracts.topics import (
    INTAKE_CORRECTION_ANSWERS,
    INTAKE_DELIVERY_REPORTS,
    REFERENCE_SCHOOLS,
)
from lr_shared.db import raw_connection
from lr_shared.encoding import Envelope
from lr_shared.telemetry import current_trace_headers

SOURCE = source("intake")
APPOINTMENT_TYPE = event_type("intake", "appointment-delivered")
REPORT_TYPE = event_type("intake", "delivery-reported")
SCHOOL_TYPE = event_type("intake", "school-updated")
ANSWER_TYPE = event_type("intake", "correction-answered")

# A delivery's report into the outbox and the delivery, with the report and its id (the last
# outbox row of the delivery), stored in one round trip.
_SAVE_WITH_REPORT = text(
    "with report as (insert into outbox (topic, key, value, headers)"
    " values (:topic, :key, :value, cast(:headers as json)) returning id)"
    " update deliveries set status = :status, rows_total = :rows_total,"
    " rows_accepted = :rows_accepted, rows_rejected = :rows_rejected,"
    " rows_warned = :rows_warned, rows_unchanged = :rows_unchanged,"
    " processed_at = :processed_at, report = :report, body_sha256 = :body_sha256,"
    " body_bytes = :body_bytes, changes = cast(:changes as jsonb),"
    " last_outbox_id = (select id from report) where id = :id"
)


def appointment_body(delivery_id: str, a: Appointment) -> bytes:
    """The AppointmentV1 JSON of an appointment, byte for byte what `model_dump_json()` of the
    model gives (a contract test checks it). Written out by hand: this runs once per accepted
    row, and a dict through `json.dumps` costs several times as much."""
    return (
        f'{{"delivery_id":"{delivery_id}","row_number":{a.row_number},"bsn":{_s(a.bsn)},'
        f'"achternaam":{_s(a.achternaam)},"tussenvoegsel":{_s(a.tussenvoegsel)},'
        f'"voorletters":{_s(a.voorletters)},"geslacht":{_s(a.geslacht)},'
        f'"geboortedatum":"{a.geboortedatum.isoformat()}","email":{_opt(a.email)},'
        f'"bevoegd_gezag":{_s(a.bevoegd_gezag)},"brin":{_s(a.brin)},'
        f'"brin_volgnummer":{_s(a.brin_volgnummer)},"sector":{_s(a.sector)},'
        f'"functie":{_s(a.functie)},"benoemingsgrondslag":{_s(a.benoemingsgrondslag)},'
        f'"qualified":{"true" if a.qualified else "false"},'
        f'"onderwijsterrein":{_opt(a.onderwijsterrein)},'
        f'"benoeming_begindatum":"{a.benoeming_begindatum.isoformat()}",'
        f'"benoeming_einddatum":{_day(a.benoeming_einddatum)},'
        f'"dienstverband_begindatum":"{a.dienstverband_begindatum.isoformat()}",'
        f'"dienstverband_einddatum":{_day(a.dienstverband_einddatum)}}}'
    ).encode()


# A JSON string literal: quotes, backslashes and control characters escaped, other characters
# as they are (what json.dumps(ensure_ascii=False) and pydantic both write). C code.
_s = encode_basestring


def _opt(text: str | None) -> str:
    return "null" if text is None else _s(text)


def _day(day: date | None) -> str:
    return "null" if day is None else f'"{day.isoformat()}"'


def appointment_headers(at: datetime) -> list[tuple[str, str | None]]:
    """The headers of a bundle of AppointmentV1 messages: the same for each, except the ce_id
    (None here; per message `<delivery id>-<row number>`)."""
    trace = current_trace_headers()
    envelope = Envelope(
        APPOINTMENT_TYPE, SOURCE, at, trace.get("traceparent"), trace.get("tracestate")
    )
    return envelope.bundle_headers(subject=False)


class SqlOutbox:
    def __init__(self, session: AsyncSession, topic: Any) -> None:
        self._session = session
        self._topic = topic  # Settings.topic: the physical name of a catalogue topic

    async def delivery_report(self, outcome: DeliveryOutcome) -> bytes:
        report = _report(outcome)
        await self._add_report(outcome.delivery.id, report)
        return report.model_dump_json().encode()

    async def save_with_report(self, outcome: DeliveryOutcome) -> None:
        d = outcome.delivery
        report = _report(outcome)
        row = self._report_message(d.id, report).outbox_row()
        c = d.counts
        await self._session.execute(
            _SAVE_WITH_REPORT,
            {
                "topic": row.topic,
                "key": row.key,
                "value": row.value,
                "headers": row.headers,
                "id": d.id,
                "status": d.status,
                "rows_total": c.total,
                "rows_accepted": c.accepted,
                "rows_rejected": c.rejected,
                "rows_warned": c.warned,
                "rows_unchanged": c.unchanged,
                "processed_at": d.processed_at,
                "report": report.model_dump_json().encode(),
                "body_sha256": d.body_sha256,
                "body_bytes": d.body_bytes,
                "changes": changes_json(d.changes),
            },
        )

    async def resend_report(self, delivery_id: UUID, body: bytes) -> None:
        await self._add_report(delivery_id, DeliveryReportV1.model_validate_json(body))

    async def _add_report(self, delivery_id: UUID, report: DeliveryReportV1) -> None:
        await outbox.add(self._session, [self._report_message(delivery_id, report)])

    def _report_message(self, delivery_id: UUID, report: DeliveryReportV1) -> outbox.OutboxMessage:
        event: CloudEvent[BaseModel] = CloudEvent(
            type=REPORT_TYPE, source=SOURCE, data=report, subject=str(delivery_id)
        )
        return outbox.OutboxMessage.event(
            self._topic(INTAKE_DELIVERY_REPORTS.name), str(delivery_id), event
        )

    async def correction_answer(self, answer: CorrectionAnswerV1) -> None:
        event: CloudEvent[BaseModel] = CloudEvent(
            type=ANSWER_TYPE,
            source=SOURCE,
            data=answer,
            subject=answer.registration_number,
            id=f"correction-answer-{answer.request_id}",  # one answer per request
        )
        topic = self._topic(INTAKE_CORRECTION_ANSWERS.name)
        await outbox.add(
            self._session,
            [outbox.OutboxMessage.event(topic, answer.registration_number, event)],
        )

    async def schools(self, schools: Sequence[School], removed: Sequence[str]) -> None:
        topic = self._topic(REFERENCE_SCHOOLS.name)
        messages = [
            outbox.OutboxMessage.event(
                topic,
                school.key,
                CloudEvent(
                    type=SCHOOL_TYPE,
                    source=SOURCE,
                    subject=school.key,
                    data=SchoolV1(
                        brin=school.brin,
                        brin_volgnummer=school.brin_volgnummer,
                        naam=school.naam,
                        plaats=school.plaats,
                        bevoegd_gezag=school.bevoegd_gezag,
                        sector=school.sector,  # type: ignore[arg-type]
                    ),
                ),
            )
            for school in schools
        ]
        messages += [outbox.OutboxMessage.tombstone(topic, key) for key in removed]
        connection = await raw_connection(self._session)
        await outbox.copy_into_outbox(connection, messages)


def _report(outcome: DeliveryOutcome) -> DeliveryReportV1:
    d = outcome.delivery
    return DeliveryReportV1(
        delivery_id=d.id,
        delivery_reference=outcome.reported_reference or d.idempotency_key,
        bevoegd_gezag=d.bevoegd_gezag,
        submitted_by=d.submitted_by,
        channel=d.channel,
        status="rejected" if d.status == "rejected" else "completed",
        rejection_code=d.rejection_code,
        rejection_message=d.rejection_message,
        rows_total=d.counts.total,
        rows_accepted=d.counts.accepted,
        rows_rejected=d.counts.rejected,
        rows_warned=d.counts.warned,
        issues=[
            RowIssueV1(
                row_number=i.row_number,
                column=i.column,
                code=i.code,
                severity=i.severity,
                message=i.message,
            )
            for i in outcome.issues
        ],
        issues_truncated=outcome.issues_truncated,
        received_at=d.received_at,
        completed_at=d.processed_at or datetime.now(UTC),
    )

"""A teacher's correction requests: filed with the board that delivered the appointment
(lr.registry.correction-requests.v1), answered by the board (lr.intake.correction-answers.v1),
or resolved by a redelivery (told to intake on lr.registry.correction-resolutions.v1). The
first outcome of a request is announced once as a `correction-answered` event, which
notifications mails; the answer itself is read behind sign-in (docs/boards-registry.md)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal

from lr_registry.application.lifecycle import RegistrationNotFoundError
from lr_registry.application.ports import (
    CorrectionRequestRecord,
    RegistryUnitOfWork,
    UnitOfWorkFactory,
)
from lr_registry.application.publishing import Publisher
from lr_registry.domain.corrections import disputed_values, is_resolved
from lr_shared.contracts.intake import CorrectionAnswerV1
from lr_shared.contracts.registry import (
    CorrectionRequestV1,
    CorrectionResolvedV1,
    RegistryEventV1,
)
from lr_shared.contracts.topics import (
    REGISTRY_CORRECTION_REQUESTS,
    REGISTRY_CORRECTION_RESOLUTIONS,
    REGISTRY_EVENTS,
)
from lr_shared.outbox import OutboxMessage

ANSWERS_CONSUMER = "correction-answers"
ANSWERED: Literal["correction-answered"] = "correction-answered"


async def request_correction(
    uow_factory: UnitOfWorkFactory,
    publisher: Publisher,
    number: str,
    appointment_id: int,
    fields: Sequence[str],
    explanation: str,
    now: datetime,
) -> uuid.UUID:
    """File a correction request with the board that delivered the appointment."""
    async with uow_factory() as uow:
        appointment = await uow.appointments.get(number, appointment_id)
        contacts = await uow.teachers.contacts([number])
        person = await uow.corrections.person(number)
        if appointment is None or not contacts or person is None:
            raise RegistrationNotFoundError(number)
        request_id = uuid.uuid4()
        name = contacts[0]
        data = CorrectionRequestV1(
            request_id=request_id,
            bevoegd_gezag=appointment.bevoegd_gezag,
            registration_number=number,
            voorletters=name.voorletters,
            tussenvoegsel=name.tussenvoegsel,
            achternaam=name.achternaam,
            brin=appointment.brin,
            brin_volgnummer=appointment.brin_volgnummer,
            benoemingsgrondslag=appointment.benoemingsgrondslag,
            benoeming_begindatum=appointment.benoeming_begindatum,
            fields=list(fields),
            explanation=explanation,
            requested_at=now,
        )
        disputed = disputed_values(fields, vars(appointment), person)
        await uow.corrections.add(
            request_id, appointment_id, appointment, fields, explanation, disputed, now
        )
        message = publisher.message(
            REGISTRY_CORRECTION_REQUESTS,
            appointment.bevoegd_gezag,
            "correction-requested",
            data,
            now,
        )
        await uow.outbox.add([message])
        await uow.commit()
    return request_id


async def correction_requests(
    uow_factory: UnitOfWorkFactory, number: str
) -> list[CorrectionRequestRecord]:
    async with uow_factory() as uow:
        return await uow.corrections.for_teacher(number)


async def apply_answers(
    uow_factory: UnitOfWorkFactory,
    publisher: Publisher,
    batch: Sequence[tuple[str, CorrectionAnswerV1]],
    now: datetime,
) -> None:
    """Store the boards' answers; the first answer of a request stands (intake gives one)."""
    async with uow_factory() as uow:
        fresh = await uow.inbox.claim(ANSWERS_CONSUMER, [message_id for message_id, _ in batch])
        for message_id, answer in batch:
            if message_id not in fresh:
                continue
            number = answer.registration_number
            outcome = await uow.corrections.answer(
                answer.request_id, number, answer.decision, answer.reason, answer.answered_at
            )
            # An answer about a request the registry does not hold (erased since) is dropped.
            if outcome is not None and outcome.first:
                await uow.outbox.add(
                    [await _announcement(uow, publisher, number, answer.request_id, now)]
                )
        await uow.commit()


async def resolve_by_delivery(
    uow: RegistryUnitOfWork,
    publisher: Publisher,
    arriving: Mapping[str, Sequence[uuid.UUID]],
    now: datetime,
) -> int:
    """In the transaction that applies a batch of appointments: resolve the open requests of
    the teachers it touched (`arriving`: number -> the batch's deliveries for them, in order)
    whose disputed fields all have another value now. Returns how many it resolved."""
    requests = await uow.corrections.open_for(arriving.keys())
    if not requests:
        return 0
    persons, appointments = await uow.corrections.as_delivered(
        {r.registration_number for r in requests}
    )
    messages: list[OutboxMessage] = []
    for request in requests:
        number = request.registration_number
        deliveries = arriving[number]
        if not is_resolved(
            request, persons.get(number), appointments.get(number, []), frozenset(deliveries)
        ):
            continue
        outcome = await uow.corrections.resolve(request.request_id, deliveries[-1], now)
        if outcome is None:
            continue
        resolved = CorrectionResolvedV1(
            request_id=request.request_id,
            bevoegd_gezag=request.bevoegd_gezag,
            registration_number=number,
            delivery_id=deliveries[-1],
            resolved_at=now,
        )
        messages.append(
            publisher.message(
                REGISTRY_CORRECTION_RESOLUTIONS,
                request.bevoegd_gezag,
                "correction-resolved",
                resolved,
                now,
            )
        )
        if outcome.first:
            messages.append(await _announcement(uow, publisher, number, request.request_id, now))
    await uow.outbox.add(messages)
    return len(messages)


async def _announcement(
    uow: RegistryUnitOfWork, publisher: Publisher, number: str, request_id: uuid.UUID, now: datetime
) -> OutboxMessage:
    """The `correction-answered` event of a request's first outcome: notifications mails the
    teacher once (its key names the request). The answer is not in it: the events topic is
    read by other systems; the teacher reads the answer behind sign-in."""
    registration = (await uow.registrations.lock([number])).get(number)
    data = RegistryEventV1(
        event_id=uuid.uuid4(),
        kind=ANSWERED,
        registration_number=number,
        state=None if registration is None else registration.state,
        occurred_at=now,
        notification_key=f"{ANSWERED}:{request_id}",
    )
    return publisher.message(REGISTRY_EVENTS, number, ANSWERED, data, now)

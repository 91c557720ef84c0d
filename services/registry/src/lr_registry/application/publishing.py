"""Turning registry changes into outgoing messages (integration contracts in outbox rows).

The three messages of the hot path (event, registration, contact: one of each per new teacher
of a national delivery) are written as JSON by hand (`encoding`), with their CloudEvents headers
built once per type and batch; the unit tests check them byte for byte against the pydantic
contracts. A batch's messages of one topic are stored as one outbox bundle (`stored`). Rarer
messages go through the contracts (`message`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import groupby
from typing import NamedTuple, TypeVar

from pydantic import BaseModel

from lr_registry.application import encoding
from lr_registry.application.encoding import SchoolJson
from lr_registry.application.ports import Contact, Snapshot
from lr_registry.domain.model import Notice, State
from lr_shared.cloudevents import CloudEvent, event_type, source
from lr_shared.contracts.topics import (
    REGISTRY_CONTACTS,
    REGISTRY_EVENTS,
    REGISTRY_REGISTRATIONS,
    Topic,
)
from lr_shared.encoding import Envelope, moment, new_ids
from lr_shared.outbox import OutboxMessage, OutboxRow, bundle
from lr_shared.telemetry import current_trace_headers

SERVICE = "registry"
_SOURCE = source(SERVICE)

M = TypeVar("M", bound=BaseModel)

Outgoing = OutboxMessage | OutboxRow


class Item(NamedTuple):
    """A hot-path message before it is stored: a row of its own (`Publisher.row`) or part of a
    bundle (`Publisher.stored`)."""

    topic: Topic
    key: str
    kind: str
    value: bytes


class Publisher:
    """Builds outbox messages for this deployment's topic names (`topic_suffix`)."""

    def __init__(self, topic_suffix: str = "") -> None:
        self._suffix = topic_suffix
        self._trace: dict[str, str] | None = None
        self._envelopes: dict[tuple[str, datetime, str | None, str | None], Envelope] = {}
        self._moments: dict[datetime, str] = {}
        self._ids: list[str] = []
        self._topics = {t: self.topic(t) for t in (REGISTRY_EVENTS, REGISTRY_REGISTRATIONS)}
        self._topics[REGISTRY_CONTACTS] = self.topic(REGISTRY_CONTACTS)

    def trace_batch(self) -> None:
        """Stamp the messages built from now on with the current trace, read once: reading it
        per message costs more than building the message. `end_batch` goes back to per message."""
        self._trace = current_trace_headers()

    def end_batch(self) -> None:
        self._trace = None
        self._envelopes.clear()
        self._moments.clear()

    def topic(self, topic: Topic) -> str:
        return f"{topic.name}{self._suffix}"

    def message(
        self, topic: Topic, key: str, kind: str, data: BaseModel, now: datetime
    ) -> OutboxMessage:
        trace = self._trace if self._trace is not None else current_trace_headers()
        event = CloudEvent(
            type=event_type(SERVICE, kind),
            source=_SOURCE,
            data=data,
            subject=key,
            time=now,
            traceparent=trace.get("traceparent"),
            tracestate=trace.get("tracestate"),
        )
        return OutboxMessage.event(self.topic(topic), key, event)

    def tombstone(self, topic: Topic, key: str) -> OutboxMessage:
        return OutboxMessage.tombstone(self.topic(topic), key)

    def event(self, number: str, state: State, notice: Notice, now: datetime) -> OutboxRow:
        return self.row(self.event_item(number, state, notice, now), now)

    def registration(self, snapshot: Snapshot, now: datetime) -> OutboxRow:
        return self.row(self.registration_item(snapshot, now), now)

    def contact(self, contact: Contact, now: datetime) -> OutboxRow:
        return self.row(self.contact_item(contact, now), now)

    def event_item(self, number: str, state: State, notice: Notice, now: datetime) -> Item:
        value = encoding.registry_event(
            self._id(),
            notice.kind,
            number,
            state,
            self._moment(now),
            notice.key,
            notice.period_end,
            notice.moment,
            notice.reason,
        )
        return Item(REGISTRY_EVENTS, number, notice.kind, value)

    def registration_item(self, snapshot: Snapshot, now: datetime) -> Item:
        value = encoding.registration(
            snapshot.number,
            snapshot.state,
            snapshot.voorletters,
            snapshot.tussenvoegsel,
            snapshot.achternaam,
            sorted({s.sector for s in snapshot.schools}),
            _unique_schools(snapshot),
            snapshot.qualified,
            snapshot.period_start,
            snapshot.period_end,
            self._moment(now),
        )
        return Item(REGISTRY_REGISTRATIONS, snapshot.number, "registration", value)

    def contact_item(self, contact: Contact, now: datetime) -> Item:
        value = encoding.contact(
            contact.number,
            contact.voorletters,
            contact.tussenvoegsel,
            contact.achternaam,
            contact.email,
            "en" if contact.language == "en" else "nl",
        )
        return Item(REGISTRY_CONTACTS, contact.number, "contact", value)

    def row(self, item: Item, now: datetime) -> OutboxRow:
        """An item as an outbox row of its own."""
        topic, key, kind, value = item
        envelope = self._envelope(kind, now)
        return OutboxRow(
            self._topics[topic], key.encode(), value, envelope.headers(self._id(), key)
        )

    def stored(self, items: Sequence[Item], now: datetime) -> list[OutboxRow]:
        """Items as outbox rows: each run of one topic as one bundle (a national delivery's
        batch of 5,000 appointments is three rows instead of ~12,000), a lone item as a row.

        The headers are those `row` writes, in the same order; the ce_id and ce_subject differ
        per message, and the ce_type too when a run holds events of several kinds."""
        rows: list[OutboxRow] = []
        for topic, group in groupby(items, key=lambda item: item.topic):
            run = list(group)
            if len(run) == 1:
                rows.append(self.row(run[0], now))
                continue
            mixed = any(item.kind != run[0].kind for item in run)
            headers = self._envelope(run[0].kind, now).bundle_headers(
                subject=True, type_per_message=mixed
            )
            records: list[tuple[bytes, ...]] = []
            for item in run:
                key = item.key.encode()
                ce_type = (_type(item.kind),) if mixed else ()
                records.append((key, item.value, self._id().encode(), *ce_type, key))
            rows.append(bundle(self._topics[topic], headers, records))
        return rows

    def _envelope(self, kind: str, now: datetime) -> Envelope:
        trace = self._trace if self._trace is not None else current_trace_headers()
        parent, state = trace.get("traceparent"), trace.get("tracestate")
        envelope = self._envelopes.get((kind, now, parent, state))
        if envelope is None:
            envelope = Envelope(event_type(SERVICE, kind), _SOURCE, now, parent, state)
            self._envelopes[(kind, now, parent, state)] = envelope
        return envelope

    def _moment(self, now: datetime) -> str:
        text = self._moments.get(now)
        if text is None:
            text = self._moments[now] = moment(now)
        return text

    def _id(self) -> str:
        if not self._ids:
            self._ids = new_ids(1024)
        return self._ids.pop()


def _type(kind: str) -> bytes:
    return event_type(SERVICE, kind).encode()


def _unique_schools(snapshot: Snapshot) -> list[SchoolJson]:
    """One entry per school (brin, volgnummer), in that order; the first appointment's board."""
    seen: dict[tuple[str, str], SchoolJson] = {}
    for school in snapshot.schools:
        key = (school.brin, school.brin_volgnummer)
        if key not in seen:
            seen[key] = SchoolJson(
                school.brin, school.brin_volgnummer, school.naam, school.bevoegd_gezag
            )
    return [seen[key] for key in sorted(seen)]


def flatten(groups: Iterable[Iterable[Outgoing]]) -> list[Outgoing]:
    return [message for group in groups for message in group]

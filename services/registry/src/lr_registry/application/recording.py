"""Persisting lifecycle changes with their outgoing messages, in the caller's transaction."""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from prometheus_client import Counter

from lr_registry.application.ports import Contact, RegistryUnitOfWork, Snapshot
from lr_registry.application.publishing import Item, Publisher
from lr_registry.domain.calendar import today
from lr_registry.domain.model import Change

TRANSITIONS = Counter(
    "lr_registry_state_transitions_total", "Registration state changes", ["from_state", "to_state"]
)
EVENTS = Counter("lr_registry_events_total", "Registry events announced", ["kind"])


async def record(
    uow: RegistryUnitOfWork,
    publisher: Publisher,
    changes: Sequence[Change],
    now: datetime,
    *,
    republish: Collection[str] = (),
    contacts: Collection[str] = (),
    known_snapshots: Mapping[str, Snapshot] | None = None,
    known_contacts: Mapping[str, Contact] | None = None,
) -> None:
    """Save `changes` and write their events, the new RegistrationV1 of every registration whose
    public-safe state changed (or is in `republish`) and the ContactV1 of `contacts`.

    `known_snapshots` and `known_contacts` are those the caller already knows as they are after
    `changes` (teachers it just created); the others are read back from the database."""
    accepted = await uow.registrations.save(changes, now)
    snapshots = dict(known_snapshots or {})
    known = dict(known_contacts or {})
    publisher.trace_batch()
    try:
        messages = _messages(publisher, changes, accepted, now)
        publish = {c.after.number for c in changes if c.publishes} | set(republish)
        if unknown := publish - snapshots.keys():
            for snapshot in await uow.registrations.snapshots(unknown, today(now)):
                snapshots[snapshot.number] = snapshot
        messages += [
            publisher.registration_item(snapshots[n], now)
            for n in sorted(publish)
            if n in snapshots
        ]
        contacts = set(contacts)
        if unknown := contacts - known.keys():
            for contact in await uow.teachers.contacts(unknown):
                known[contact.number] = contact
        messages += [publisher.contact_item(known[n], now) for n in sorted(contacts) if n in known]
        rows = publisher.stored(messages, now)
    finally:
        publisher.end_batch()
    await uow.outbox.add(rows)


def _messages(
    publisher: Publisher, changes: Sequence[Change], accepted: set[tuple[str, str]], now: datetime
) -> list[Item]:
    messages: list[Item] = []
    events: Tally[str] = Tally()
    transitions: Tally[tuple[str, str]] = Tally()
    for change in changes:
        number = change.after.number
        for notice in change.notices:
            if (number, notice.key) in accepted:
                messages.append(publisher.event_item(number, change.after.state, notice, now))
                events[notice.kind] += 1
        for transition in change.transitions:
            transitions[transition.from_state or "none", transition.to_state] += 1
    # Counted per batch: a labelled child costs a lock and a lookup per call.
    for kind, count in events.items():
        EVENTS.labels(kind).inc(count)
    for (before, after), count in transitions.items():
        TRANSITIONS.labels(before, after).inc(count)
    return messages

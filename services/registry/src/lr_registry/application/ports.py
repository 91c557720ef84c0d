"""The ports the registry's handlers work through; adapters implement them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol
from uuid import UUID

from lr_registry.domain.corrections import Delivered, OpenRequest
from lr_registry.domain.model import Change, Coverage, Registration, State
from lr_shared.contracts.portfolio import ProgressV1
from lr_shared.contracts.reference import SchoolV1
from lr_shared.outbox import OutboxMessage, OutboxRow
from lr_shared.ports import Transaction
from lr_shared.shredding import KeyCustody

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Person:
    """Who an appointment is for, as the board delivered it."""

    bsn_hash: str
    bsn: str
    voorletters: str
    tussenvoegsel: str
    achternaam: str
    geslacht: str
    geboortedatum: date
    email: str | None


@dataclass(frozen=True)
class AppointmentRow:
    registration_number: str
    bevoegd_gezag: str
    brin: str
    brin_volgnummer: str
    benoemingsgrondslag: str
    benoeming_begindatum: date
    benoeming_einddatum: date | None
    dienstverband_begindatum: date
    dienstverband_einddatum: date | None
    sector: str
    functie: str
    qualified: bool
    onderwijsterrein: str | None
    delivery_id: UUID

    @property
    def identity(self) -> tuple[str, str, str, str, date]:
        """(teacher, brin, volgnummer, grondslag, begindatum): DESIGN.md's appointment identity."""
        return (
            self.registration_number,
            self.brin,
            self.brin_volgnummer,
            self.benoemingsgrondslag,
            self.benoeming_begindatum,
        )


@dataclass(frozen=True)
class Ensured:
    """Registration numbers per BSN hash; which teachers are new, whose name or address changed."""

    numbers: dict[str, str]
    new: frozenset[str]
    renamed: frozenset[str]


@dataclass(frozen=True)
class SchoolRef:
    brin: str
    brin_volgnummer: str
    naam: str | None
    bevoegd_gezag: str
    sector: str
    qualified: bool
    benoemingsgrondslag: str


@dataclass(frozen=True)
class Snapshot:
    """What the public-safe RegistrationV1 of one registration is built from."""

    number: str
    state: State
    voorletters: str
    tussenvoegsel: str
    achternaam: str
    period_start: date | None
    period_end: date | None
    qualified: bool
    schools: tuple[SchoolRef, ...]


@dataclass(frozen=True)
class Contact:
    number: str
    voorletters: str
    tussenvoegsel: str
    achternaam: str
    email: str | None
    language: str


@dataclass(frozen=True)
class Preferences:
    email: str | None
    language: str
    show_qualifications: bool


@dataclass(frozen=True)
class ErasureRecord:
    request_id: UUID
    registration_number: str
    requested_at: datetime
    services: tuple[str, ...]
    confirmed: dict[str, datetime]
    completed_at: datetime | None


class Inbox(Protocol):
    async def claim(self, consumer: str, message_ids: Sequence[str]) -> set[str]:
        """Record the ids as handled; return those never handled before."""
        ...


class Teachers(Protocol):
    async def ensure(self, people: Sequence[Person]) -> Ensured:
        """Create the teachers not yet known (with a new registration number), update the
        personal data of the others; one teacher per BSN hash."""
        ...

    async def number_for(self, bsn_hash: str) -> str | None: ...

    async def contacts(self, numbers: Collection[str]) -> list[Contact]: ...

    async def set_preferences(self, number: str, preferences: Preferences) -> None: ...

    async def erase(self, number: str) -> str | None:
        """Delete the teacher and everything attached to them (appointments, history, ...);
        return the keyed BSN hash she had (None: not known)."""
        ...


class Appointments(Protocol):
    async def upsert(self, rows: Sequence[AppointmentRow]) -> set[str]:
        """Insert new appointments and apply other end dates; returns the registration numbers
        whose appointments actually changed (an identical redelivery changes nothing)."""
        ...

    async def coverage(self, numbers: Collection[str], day: date) -> dict[str, Coverage]:
        """Per teacher, from the appointments: until when active and qualified, and the next
        end date on or after `day`."""

    async def get(self, number: str, appointment_id: int) -> AppointmentRow | None: ...


class Registrations(Protocol):
    async def lock(self, numbers: Collection[str]) -> dict[str, Registration]:
        """The registrations, locked for this transaction."""
        ...

    async def due(self, now: datetime, limit: int) -> list[Registration]:
        """Registrations with something due by `now`, locked; rows another replica holds are
        skipped, so replicas never work on the same registration."""
        ...

    async def save(self, changes: Sequence[Change], now: datetime) -> set[tuple[str, str]]:
        """Write registrations, history and announced occasions. Returns the (number, key) of
        the occasions recorded now; an occasion recorded before is not returned again."""
        ...

    async def snapshots(self, numbers: Collection[str], today: date) -> list[Snapshot]: ...

    async def deregistered_before(self, cutoff: datetime, limit: int) -> list[str]:
        """Registrations deregistered (and still so) since before `cutoff`, at most `limit`, not
        locked: the retention purge erases each in its own transaction, which checks again
        (docs/privacy.md)."""
        ...


class ProgressReports(Protocol):
    async def upsert(self, reports: Sequence[ProgressV1]) -> list[ProgressV1]:
        """Store the reports of known registrations that are newer than what is stored;
        returns those stored."""
        ...


class Schools(Protocol):
    async def upsert(self, schools: Sequence[SchoolV1]) -> None: ...

    async def names(self, schools: Collection[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Names of the known schools among (brin, brin_volgnummer)."""
        ...

    async def delete(self, keys: Sequence[str]) -> None: ...


@dataclass(frozen=True)
class CorrectionRequestRecord:
    """A teacher's correction request as they see it again later: the board's answer, and
    when a delivery resolved it."""

    request_id: UUID
    appointment_id: int
    brin: str | None
    brin_volgnummer: str | None
    benoemingsgrondslag: str | None
    fields: tuple[str, ...]
    explanation: str
    requested_at: datetime
    decision: str | None = None
    reason: str | None = None
    answered_at: datetime | None = None
    resolved_at: datetime | None = None

    @property
    def status(self) -> str:
        """`sent` (with the board), `accepted`, `rejected`, or `resolved`."""
        if self.resolved_at is not None:
            return "resolved"
        return self.decision or "sent"


@dataclass(frozen=True)
class Outcome:
    """What storing an answer or a resolution did: whether anything changed, and whether it
    was the request's first outcome (the one the teacher is mailed about)."""

    bevoegd_gezag: str
    changed: bool
    first: bool


class Corrections(Protocol):
    async def for_teacher(self, number: str) -> list[CorrectionRequestRecord]:
        """The teacher's correction requests, newest first."""
        ...

    async def add(
        self,
        request_id: UUID,
        appointment_id: int,
        appointment: AppointmentRow,
        fields: Sequence[str],
        explanation: str,
        disputed: Mapping[str, str | None],
        now: datetime,
    ) -> None: ...

    async def person(self, number: str) -> dict[str, object] | None:
        """The teacher's delivered personal fields (domain.corrections.PERSON_FIELDS)."""

    async def open_for(self, numbers: Collection[str]) -> list[OpenRequest]:
        """Unresolved requests of these teachers that record their disputed values."""

    async def as_delivered(
        self, numbers: Collection[str]
    ) -> tuple[dict[str, dict[str, str | None]], dict[str, list[Delivered]]]:
        """These teachers' personal fields and appointments as they stand (stored values)."""

    async def answer(
        self, request_id: UUID, number: str, decision: str, reason: str | None, at: datetime
    ) -> Outcome | None:
        """Store the board's answer (the first answer stands); None: no such request."""

    async def resolve(self, request_id: UUID, delivery_id: UUID, at: datetime) -> Outcome | None:
        """Mark the request resolved by this delivery (once)."""


class Erasures(Protocol):
    async def get(self, number: str) -> ErasureRecord | None: ...

    async def by_reference(self, request_id: UUID) -> ErasureRecord | None: ...

    async def create(self, record: ErasureRecord) -> None: ...

    async def confirm(self, request_id: UUID, service: str, erased_at: datetime) -> None: ...

    async def complete(self, number: str, now: datetime) -> None: ...


class DataKeys(KeyCustody, Protocol):
    """The teachers' data keys (crypto-shredding), kept by the registry."""

    async def destroy_for(self, number: str) -> bool:
        """Destroy this teacher's key, in her erasure's transaction; False when she had none."""
        ...


LookupKind = Literal["list", "csv", "check"]


@dataclass(frozen=True)
class BoardSchool:
    brin: str
    brin_volgnummer: str
    naam: str | None


@dataclass(frozen=True)
class BoardRegistration:
    """A teacher as the board they work for sees them: the public name, this board's schools
    of their active appointments (no other board's), the state, the period's end and whether
    the portfolio reported the norm met for it (None: no period yet). Never a BSN, a birth
    date, an e-mail address or anything from the portfolio but that."""

    number: str
    voorletters: str
    tussenvoegsel: str
    achternaam: str
    schools: tuple[BoardSchool, ...]
    state: State
    period_end: date | None
    norm_met: bool | None


@dataclass(frozen=True)
class BoardFilter:
    school: str | None = None  # a BRIN
    state: State | None = None


@dataclass(frozen=True)
class LookupRecord:
    """A board's look-up as the teacher it showed is told about it."""

    bevoegd_gezag: str
    kind: LookupKind
    at: datetime


class BoardRegistrations(Protocol):
    """The teachers of a board: those with an active appointment (end date absent or not
    passed, `Coverage`) the board delivered."""

    async def listed(
        self, board: str, filters: BoardFilter, day: date, limit: int | None, offset: int
    ) -> tuple[list[BoardRegistration], int]:
        """Ordered by surname, then registration number: `limit` of them (None: all) from
        `offset`, and how many there are in all."""
        ...

    async def of_numbers(
        self, board: str, numbers: Collection[str], day: date
    ) -> dict[str, BoardRegistration]:
        """Those of `numbers` who are teachers of the board, in one statement."""
        ...


class BoardLookups(Protocol):
    async def record(
        self, board: str, actor: str, kind: LookupKind, numbers: Sequence[str], at: datetime
    ) -> None:
        """Record that `actor`, for `board`, was shown the registrations `numbers`."""
        ...

    async def for_teacher(
        self, number: str, limit: int, offset: int
    ) -> tuple[list[LookupRecord], int]:
        """The look-ups that showed this teacher, newest first, and how many in all."""
        ...


class Outbox(Protocol):
    async def add(self, messages: Sequence[OutboxMessage | OutboxRow]) -> None:
        """Write the messages in this transaction (rows ready for COPY, or messages)."""
        ...


class RegistryUnitOfWork(Transaction, Protocol):
    """One transaction over the registry's repositories; rolls back unless committed."""

    inbox: Inbox
    teachers: Teachers
    appointments: Appointments
    registrations: Registrations
    progress: ProgressReports
    schools: Schools
    corrections: Corrections
    erasures: Erasures
    data_keys: DataKeys
    boards: BoardRegistrations
    lookups: BoardLookups
    outbox: Outbox


UnitOfWorkFactory = Callable[[], RegistryUnitOfWork]

"""The registry's tables. Personal data lives only in `teachers`; erasure deletes the teacher
and everything hanging off it, and keeps `erasure_requests` as the minimal record."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    Sequence,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from lr_shared.inbox import inbox_table
from lr_shared.outbox import outbox_table

metadata = MetaData()

registration_numbers = Sequence("registration_number_seq", metadata=metadata, start=1)


def _teacher_fk() -> ForeignKey:
    return ForeignKey("teachers.registration_number", ondelete="CASCADE")


def _now() -> Column[object]:
    return Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now())


teachers = Table(
    "teachers",
    metadata,
    Column("registration_number", Text, primary_key=True),
    Column("bsn_hash", Text, nullable=False, unique=True),
    Column("bsn_encrypted", LargeBinary, nullable=False),
    Column("voorletters", Text, nullable=False),
    Column("tussenvoegsel", Text, nullable=False),
    Column("achternaam", Text, nullable=False),
    Column("geslacht", Text, nullable=False),
    Column("geboortedatum", Date, nullable=False),
    Column("email", Text, nullable=True),
    Column("preferred_email", Text, nullable=True),
    Column("language", Text, nullable=False, server_default="nl"),
    Column("show_qualifications", Boolean, nullable=False, server_default="false"),
    _now(),
    Index(
        "teachers_achternaam_lower",
        text("lower(achternaam) text_pattern_ops"),
        postgresql_using="btree",
    ),
    Index("teachers_by_name", text("lower(achternaam)"), "registration_number"),
)

registrations = Table(
    "registrations",
    metadata,
    Column("registration_number", Text, _teacher_fk(), primary_key=True),
    Column("state", Text, nullable=False),
    Column("invited_at", DateTime(timezone=True), nullable=False),
    Column("confirmed_at", DateTime(timezone=True), nullable=True),
    Column("period_start", Date, nullable=True),
    Column("period_end", Date, nullable=True),
    Column("active_until", Date, nullable=True),
    Column("qualified_until", Date, nullable=True),
    Column("next_due_at", DateTime(timezone=True), nullable=True),
    _now(),
    Index(
        "registrations_next_due", "next_due_at", postgresql_where=text("next_due_at is not null")
    ),
)

appointments = Table(
    "appointments",
    metadata,
    Column("id", BigInteger, Identity(always=False), primary_key=True),
    Column("registration_number", Text, _teacher_fk(), nullable=False),
    Column("bevoegd_gezag", Text, nullable=False),
    Column("brin", Text, nullable=False),
    Column("brin_volgnummer", Text, nullable=False),
    Column("benoemingsgrondslag", Text, nullable=False),
    Column("benoeming_begindatum", Date, nullable=False),
    Column("benoeming_einddatum", Date, nullable=True),
    Column("dienstverband_begindatum", Date, nullable=False),
    Column("dienstverband_einddatum", Date, nullable=True),
    Column("sector", Text, nullable=False),
    Column("functie", Text, nullable=False),
    Column("qualified", Boolean, nullable=False),
    Column("onderwijsterrein", Text, nullable=True),
    Column("delivery_id", Uuid, nullable=False),
    _now(),
    UniqueConstraint(
        "registration_number",
        "brin",
        "brin_volgnummer",
        "benoemingsgrondslag",
        "benoeming_begindatum",
        name="appointments_identity",
    ),
    # A board's teachers (GET /v1/boards/{bevoegd_gezag}/registrations).
    Index(
        "appointments_by_board",
        "bevoegd_gezag",
        "registration_number",
        postgresql_include=["benoeming_einddatum", "brin"],
    ),
)

schools = Table(
    "schools",
    metadata,
    Column("brin", Text, nullable=False),
    Column("brin_volgnummer", Text, nullable=False),
    Column("naam", Text, nullable=False),
    Column("plaats", Text, nullable=False),
    Column("bevoegd_gezag", Text, nullable=False),
    Column("sector", Text, nullable=False),
    _now(),
    PrimaryKeyConstraint("brin", "brin_volgnummer", name="schools_pkey"),
)

history = Table(
    "history",
    metadata,
    Column("id", BigInteger, Identity(always=False), primary_key=True),
    Column("registration_number", Text, _teacher_fk(), nullable=False),
    Column("from_state", Text, nullable=True),
    Column("to_state", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("history_by_registration", "registration_number", "id"),
)

notifications = Table(
    "notifications",
    metadata,
    Column("registration_number", Text, _teacher_fk(), nullable=False),
    Column("notification_key", Text, nullable=False),
    Column("announced_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("registration_number", "notification_key", name="notifications_pkey"),
)

progress = Table(
    "progress",
    metadata,
    Column("registration_number", Text, _teacher_fk(), nullable=False),
    Column("period_end", Date, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("total_hours", Numeric(), nullable=False),
    Column("core_hours", Numeric(), nullable=False),
    Column("norm_met", Boolean, nullable=False),
    _now(),
    PrimaryKeyConstraint("registration_number", "period_end", name="progress_pkey"),
)

correction_requests = Table(
    "correction_requests",
    metadata,
    Column("request_id", Uuid, primary_key=True),
    Column("registration_number", Text, _teacher_fk(), nullable=False),
    Column("appointment_id", BigInteger, nullable=False),
    Column("bevoegd_gezag", Text, nullable=False),
    Column("fields", ARRAY(Text), nullable=False),
    Column("explanation", Text, nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    # The appointment's delivery when the teacher asked (null: asked before migration 0006).
    Column("delivery_id", Uuid, nullable=True),
    # Migration 0008: the disputed values when asked (domain.corrections), the board's answer,
    # and the delivery that resolved the request.
    Column("disputed", JSONB, nullable=True),
    Column("decision", Text, nullable=True),
    Column("reason", Text, nullable=True),
    Column("answered_at", DateTime(timezone=True), nullable=True),
    Column("resolved_at", DateTime(timezone=True), nullable=True),
    Column("resolved_by_delivery", Uuid, nullable=True),
    CheckConstraint(
        "decision is null or decision in ('accepted', 'rejected')",
        name="correction_requests_decision",
    ),
    Index(
        "correction_requests_unresolved",
        "registration_number",
        postgresql_where=text("resolved_at is null"),
    ),
)

data_keys = Table(
    # Crypto-shredding (docs/privacy.md): one data key per teacher, by keyed BSN hash, since intake
    # seals her appointments before the registry has seen her; wrapped with the key-encryption key.
    # Erasure deletes the row; no foreign key, as the key exists before the teacher does.
    "data_keys",
    metadata,
    Column("bsn_hash", Text, primary_key=True),
    Column("key_id", Uuid, nullable=False, unique=True),
    Column("wrapped", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

erasure_requests = Table(
    "erasure_requests",
    metadata,
    Column("registration_number", Text, primary_key=True),
    Column("request_id", Uuid, nullable=False, unique=True),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("services", ARRAY(Text), nullable=False),
    Column("completed_at", DateTime(timezone=True), nullable=True),
)

erasure_confirmations = Table(
    "erasure_confirmations",
    metadata,
    Column("request_id", Uuid, nullable=False),
    Column("service", Text, nullable=False),
    Column("erased_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("request_id", "service", name="erasure_confirmations_pkey"),
)

# Every look-up of teachers by a board, so that a teacher can be told who looked. The header
# names the board and the token's subject (the board or payroll bureau, never a person); a row
# per teacher shown. No foreign keys on those rows: their checks cost more than the insert
# itself (a CSV of 20,000 teachers: ~150 ms of the ~190 ms), and the rows are written in the
# transaction that read those teachers. Erasure deletes the teacher's rows with the teacher.
board_lookups = Table(
    "board_lookups",
    metadata,
    Column("id", BigInteger, Identity(always=False), primary_key=True),
    Column("bevoegd_gezag", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("shown", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    CheckConstraint("kind in ('list', 'csv', 'check')", name="board_lookups_kind"),
)

board_lookup_registrations = Table(
    "board_lookup_registrations",
    metadata,
    Column("registration_number", Text, nullable=False),
    Column("lookup_id", BigInteger, nullable=False),
    PrimaryKeyConstraint(
        "registration_number", "lookup_id", name="board_lookup_registrations_pkey"
    ),
)

inbox = inbox_table(metadata)
outbox = outbox_table(metadata)

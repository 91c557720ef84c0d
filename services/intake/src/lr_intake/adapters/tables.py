"""Intake's tables: deliveries and their per-row issues, the appointments seen (as hashes, for
no-op detection), reference data, correction requests for boards, and the inbox and outbox."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from lr_shared.inbox import inbox_table
from lr_shared.outbox import outbox_table

metadata = MetaData()

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("channel", Text, nullable=False),
    Column("submitted_by", Text, nullable=False),
    Column("bevoegd_gezag", Text, nullable=False),
    Column("idempotency_key", Text),
    Column("format", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("rejection_code", Text),
    Column("rejection_message", Text),
    Column("rows_total", Integer, nullable=False, server_default="0"),
    Column("rows_accepted", Integer, nullable=False, server_default="0"),
    Column("rows_rejected", Integer, nullable=False, server_default="0"),
    Column("rows_warned", Integer, nullable=False, server_default="0"),
    Column("rows_unchanged", Integer, nullable=False, server_default="0"),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("processed_at", DateTime(timezone=True)),
    Column("completed_at", DateTime(timezone=True)),
    Column("last_outbox_id", BigInteger),
    Column("report", LargeBinary),
    # SHA-256 of what was delivered (the file's bytes read, a batch's records) and its length:
    # tells a retry from another request with the same key (domain/idempotency.py).
    Column("body_sha256", LargeBinary),
    Column("body_bytes", BigInteger),
    Column("changes", JSONB),  # domain.changes.ChangeSummary, once processed
    Index(
        "deliveries_idempotency",
        "submitted_by",
        "idempotency_key",
        unique=True,
        postgresql_where=text("idempotency_key is not null"),
    ),
    Index("deliveries_board", "bevoegd_gezag", "received_at"),
    Index("deliveries_submitter", "submitted_by", "received_at"),
    Index("deliveries_processing", "status", postgresql_where=text("status = 'processing'")),
)

delivery_issues = Table(
    "delivery_issues",
    metadata,
    Column("delivery_id", Uuid, nullable=False),
    Column("row_number", Integer, nullable=False),
    Column("column_name", Text),
    Column("code", Text, nullable=False),
    Column("severity", Text, nullable=False),
    Column("message", Text, nullable=False),
    Index("delivery_issues_row", "delivery_id", "row_number"),
)

appointments = Table(
    "appointments",
    metadata,
    # blake2b of (keyed BSN hash, brin, volgnummer, grondslag, begindatum): no BSN is stored.
    Column("identity", LargeBinary, primary_key=True),
    Column("fingerprint", LargeBinary, nullable=False),
    Column("bevoegd_gezag", Text, nullable=False),
    Column("delivery_id", Uuid, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # What a delivery changed (domain/changes.py): the keyed digests of its fields, its key
    # fields without the BSN, and the row of `delivery_id` that brought it. None for an
    # appointment last written before they were kept.
    Column("fields", LargeBinary),
    Column("brin", Text),
    Column("brin_volgnummer", Text),
    Column("benoemingsgrondslag", Text),
    Column("benoeming_begindatum", Date),
    Column("row_number", Integer),
    # The keyed BSN hash (as the Kafka key, hex): how an erasure finds the teacher's rows
    # (migration 0007; None for an appointment last written before).
    Column("teacher", LargeBinary),
    Index("appointments_board", "bevoegd_gezag"),
    Index("appointments_teacher", "teacher"),
)

# Erased teachers (migration 0007): the keyed BSN hash and the day, nothing else. A later
# delivery of one is received and reported, not passed on (docs/privacy.md).
erasure_markers = Table(
    "erasure_markers",
    metadata,
    Column("teacher", LargeBinary, primary_key=True),
    Column("erased_on", Date, nullable=False),
)

# Per delivery, the appointments of its board it no longer holds, in `position` order.
no_longer_delivered = Table(
    "no_longer_delivered",
    metadata,
    Column("delivery_id", Uuid, nullable=False),
    Column("position", Integer, nullable=False),
    Column("brin", Text),
    Column("brin_volgnummer", Text),
    Column("benoemingsgrondslag", Text),
    Column("benoeming_begindatum", Date),
    Column("last_delivery_id", Uuid, nullable=False),
    Column("last_row_number", Integer),
    PrimaryKeyConstraint("delivery_id", "position", name="no_longer_delivered_pkey"),
)

boards = Table(
    "boards",
    metadata,
    Column("bevoegd_gezag", Text, primary_key=True),
    Column("naam", Text, nullable=False),
    Column("plaats", Text, nullable=False),
    Column("kvk", Text),  # migration 0006: eHerkenning finds the board by it
    Index("boards_kvk", "kvk"),
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
    PrimaryKeyConstraint("brin", "brin_volgnummer", name="schools_pkey"),
)

payroll_bureaus = Table(
    "payroll_bureaus",
    metadata,
    Column("nummer", Text, primary_key=True),
    Column("naam", Text, nullable=False),
    Column("kvk", Text),  # migration 0006
    Index("payroll_bureaus_kvk", "kvk"),
)

mandates = Table(
    "mandates",
    metadata,
    Column("bureau", Text, nullable=False),
    Column("bevoegd_gezag", Text, nullable=False),
    PrimaryKeyConstraint("bureau", "bevoegd_gezag", name="mandates_pkey"),
)

grondslagen = Table(
    "grondslagen",
    metadata,
    Column("code", Text, nullable=False),
    Column("sector", Text, nullable=False),
    Column("qualified", Boolean, nullable=False),
    Column("omschrijving", Text, nullable=False),
    PrimaryKeyConstraint("code", "sector", name="grondslagen_pkey"),
)

onderwijsterreinen = Table(
    "onderwijsterreinen",
    metadata,
    Column("code", Text, primary_key=True),
    Column("omschrijving", Text, nullable=False),
)

reference_version = Table(
    "reference_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", BigInteger, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

correction_requests = Table(
    "correction_requests",
    metadata,
    Column("request_id", Uuid, primary_key=True),
    Column("bevoegd_gezag", Text, nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("body", JSONB, nullable=False),
    # The board's answer (migration 0005): who answered is the token's subject, never a person.
    Column("decision", Text, nullable=True),
    Column("reason", Text, nullable=True),
    Column("answered_by", Text, nullable=True),
    Column("answered_at", DateTime(timezone=True), nullable=True),
    # Resolved by a redelivery, as the registry saw it (lr.registry.correction-resolutions.v1).
    Column("resolved_at", DateTime(timezone=True), nullable=True),
    Column("resolved_by", Uuid, nullable=True),
    CheckConstraint(
        "decision is null or decision in ('accepted', 'rejected')",
        name="correction_requests_decision",
    ),
    Index("correction_requests_board", "bevoegd_gezag", "requested_at"),
)

inbox = inbox_table(metadata)
outbox = outbox_table(metadata)

"""The service's tables: contacts, notifications with their outcome, erasure requests, and the
shared inbox and outbox."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID

from lr_shared.inbox import inbox_table
from lr_shared.outbox import outbox_table

metadata = MetaData()

contacts = Table(
    "contacts",
    metadata,
    Column("registration_number", Text, primary_key=True),
    Column("voorletters", Text, nullable=False),
    Column("tussenvoegsel", Text, nullable=False),
    Column("achternaam", Text, nullable=False),
    Column("email", Text, nullable=True),
    Column("language", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("registration_number", Text, nullable=False),
    Column("notification_key", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("period_end", Date, nullable=True),
    Column("moment", Text, nullable=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True), nullable=True),
    Column("last_attempt_at", DateTime(timezone=True), nullable=True),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("recipient", Text, nullable=True),  # personal data: scrubbed on erasure
    Column("smtp_code", Integer, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("registration_number", "notification_key", name="notifications_occasion_key"),
    CheckConstraint(
        "status in ('awaiting_contact', 'pending', 'sending', 'sent', 'failed', 'no_address',"
        " 'cancelled')",
        name="notifications_status_check",
    ),
    Index(
        "notifications_due_idx",
        "next_attempt_at",
        postgresql_where=text("status in ('pending', 'sending')"),
    ),
)

erasure_requests = Table(
    "erasure_requests",
    metadata,
    Column("request_id", UUID(as_uuid=True), primary_key=True),
    Column("registration_number", Text, nullable=False, index=True),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True), nullable=True),
)

inbox = inbox_table(metadata)
outbox = outbox_table(metadata)

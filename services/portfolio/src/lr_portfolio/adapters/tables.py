"""The portfolio's own database. Evidence bytes live in PostgreSQL (bytea), next to their
activity: one backup, and an erasure removes them in the same transaction as everything else."""

from __future__ import annotations

from sqlalchemy import (
    ARRAY,
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
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from lr_shared.inbox import inbox_table
from lr_shared.outbox import outbox_table

metadata = MetaData()

registrations = Table(
    "registrations",
    metadata,
    Column("registration_number", Text, primary_key=True),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("sectors", ARRAY(Text), nullable=False, server_default="{}"),
    Column("voorletters", Text, nullable=False, server_default=""),
    Column("tussenvoegsel", Text, nullable=False, server_default=""),
    Column("achternaam", Text, nullable=False, server_default=""),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

activities = Table(
    "activities",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("registration_number", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("subtype", Text),
    Column("title", Text, nullable=False),
    Column("provider", Text, nullable=False, server_default=""),
    Column("subject", Text, nullable=False, server_default=""),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("hours", Numeric(7, 2), nullable=False),
    Column("core", Boolean, nullable=False),
    Column("source", Text, nullable=False),
    Column("activity_code", Text),
    # A provider's attendance is recorded once: NULLs (teacher's own activities) never collide.
    Column("provider_id", Text),
    Column("attendance_id", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("provider_id", "attendance_id", name="activities_attendance_key"),
    Index("activities_owner", "registration_number"),
)

evidence = Table(
    "evidence",
    metadata,
    Column("activity_id", Uuid, ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    Column("filename", Text, nullable=False),
    Column("content_type", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

progress = Table(
    "progress",
    metadata,
    Column("registration_number", Text, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("total_hours", Numeric(9, 2), nullable=False),
    Column("core_hours", Numeric(9, 2), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("registration_number", "period_start", name="progress_pkey"),
)

shares = Table(
    "shares",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("registration_number", Text, nullable=False),
    Column("token_hash", Text, nullable=False, unique=True),
    Column("view", Text, nullable=False),
    Column("period_start", Date),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("shares_owner", "registration_number"),
)

# Every opening of a share link, for the teacher's "who looked at my data" (docs/privacy.md).
# No foreign key to `shares`: a revoked share is deleted, its openings stay.
share_openings = Table(
    "share_openings",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("registration_number", Text, nullable=False),
    Column("share_id", Uuid, nullable=False),
    Column("view", Text, nullable=False),
    Column("period_start", Date),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Index("share_openings_teacher", "registration_number", "opened_at"),
)

catalogue = Table(
    "catalogue",
    metadata,
    Column("activity_code", Text, primary_key=True),
    Column("provider_id", Text, nullable=False),
    Column("provider_name", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("subtype", Text),
    Column("register_hours", Numeric(7, 2), nullable=False),
    Column("core", Boolean, nullable=False),
    Column("criteria_version", Integer),
)

# Feedback afterwards: one rating per teacher and accredited activity. Aggregated on read (the
# unique key leads with the code); erased with the teacher.
activity_ratings = Table(
    "activity_ratings",
    metadata,
    Column("activity_code", Text, nullable=False),
    Column("registration_number", Text, nullable=False),
    Column("rating", SmallInteger, nullable=False),
    Column("comment", Text),
    Column("rated_at", Date, nullable=False),
    UniqueConstraint("activity_code", "registration_number", name="activity_ratings_once"),
    CheckConstraint("rating between 1 and 5", name="activity_ratings_rating_range"),
    CheckConstraint("char_length(comment) <= 1000", name="activity_ratings_comment_length"),
    Index("activity_ratings_rater", "registration_number"),
)

inbox = inbox_table(metadata)
outbox = outbox_table(metadata)

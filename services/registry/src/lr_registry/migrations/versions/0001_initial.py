"""The registry's tables.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _fk():
    return sa.ForeignKey("teachers.registration_number", ondelete="CASCADE")


def _updated_at():
    return sa.Column("updated_at", TZ, nullable=False, server_default=sa.func.now())


def upgrade() -> None:
    op.execute("create sequence registration_number_seq start 1")
    op.create_table(
        "teachers",
        sa.Column("registration_number", sa.Text, primary_key=True),
        sa.Column("bsn_hash", sa.Text, nullable=False, unique=True),
        sa.Column("bsn_encrypted", sa.LargeBinary, nullable=False),
        sa.Column("voorletters", sa.Text, nullable=False),
        sa.Column("tussenvoegsel", sa.Text, nullable=False),
        sa.Column("achternaam", sa.Text, nullable=False),
        sa.Column("geslacht", sa.Text, nullable=False),
        sa.Column("geboortedatum", sa.Date, nullable=False),
        sa.Column("email", sa.Text),
        sa.Column("preferred_email", sa.Text),
        sa.Column("language", sa.Text, nullable=False, server_default="nl"),
        sa.Column("show_qualifications", sa.Boolean, nullable=False, server_default="false"),
        _updated_at(),
    )
    op.execute(
        "create index teachers_achternaam_lower on teachers (lower(achternaam) text_pattern_ops)"
    )
    op.create_table(
        "registrations",
        sa.Column("registration_number", sa.Text, _fk(), primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("invited_at", TZ, nullable=False),
        sa.Column("confirmed_at", TZ),
        sa.Column("period_start", sa.Date),
        sa.Column("period_end", sa.Date),
        sa.Column("active_until", sa.Date),
        sa.Column("qualified_until", sa.Date),
        sa.Column("next_due_at", TZ),
        _updated_at(),
    )
    op.create_index(
        "registrations_next_due",
        "registrations",
        ["next_due_at"],
        postgresql_where=sa.text("next_due_at is not null"),
    )
    op.create_table(
        "appointments",
        sa.Column("id", sa.BigInteger, sa.Identity(always=False), primary_key=True),
        sa.Column("registration_number", sa.Text, _fk(), nullable=False),
        sa.Column("bevoegd_gezag", sa.Text, nullable=False),
        sa.Column("brin", sa.Text, nullable=False),
        sa.Column("brin_volgnummer", sa.Text, nullable=False),
        sa.Column("benoemingsgrondslag", sa.Text, nullable=False),
        sa.Column("benoeming_begindatum", sa.Date, nullable=False),
        sa.Column("benoeming_einddatum", sa.Date),
        sa.Column("dienstverband_begindatum", sa.Date, nullable=False),
        sa.Column("dienstverband_einddatum", sa.Date),
        sa.Column("sector", sa.Text, nullable=False),
        sa.Column("functie", sa.Text, nullable=False),
        sa.Column("qualified", sa.Boolean, nullable=False),
        sa.Column("onderwijsterrein", sa.Text),
        sa.Column("delivery_id", sa.Uuid, nullable=False),
        _updated_at(),
        sa.UniqueConstraint(
            "registration_number",
            "brin",
            "brin_volgnummer",
            "benoemingsgrondslag",
            "benoeming_begindatum",
            name="appointments_identity",
        ),
    )
    op.create_table(
        "schools",
        sa.Column("brin", sa.Text, nullable=False),
        sa.Column("brin_volgnummer", sa.Text, nullable=False),
        sa.Column("naam", sa.Text, nullable=False),
        sa.Column("plaats", sa.Text, nullable=False),
        sa.Column("bevoegd_gezag", sa.Text, nullable=False),
        sa.Column("sector", sa.Text, nullable=False),
        _updated_at(),
        sa.PrimaryKeyConstraint("brin", "brin_volgnummer", name="schools_pkey"),
    )
    op.create_table(
        "history",
        sa.Column("id", sa.BigInteger, sa.Identity(always=False), primary_key=True),
        sa.Column("registration_number", sa.Text, _fk(), nullable=False),
        sa.Column("from_state", sa.Text),
        sa.Column("to_state", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", TZ, nullable=False),
    )
    op.create_index("history_by_registration", "history", ["registration_number", "id"])
    op.create_table(
        "notifications",
        sa.Column("registration_number", sa.Text, _fk(), nullable=False),
        sa.Column("notification_key", sa.Text, nullable=False),
        sa.Column("announced_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint(
            "registration_number", "notification_key", name="notifications_pkey"
        ),
    )
    op.create_table(
        "progress",
        sa.Column("registration_number", sa.Text, _fk(), nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("total_hours", sa.Numeric(8, 2), nullable=False),
        sa.Column("core_hours", sa.Numeric(8, 2), nullable=False),
        sa.Column("norm_met", sa.Boolean, nullable=False),
        _updated_at(),
        sa.PrimaryKeyConstraint("registration_number", "period_end", name="progress_pkey"),
    )
    op.create_table(
        "correction_requests",
        sa.Column("request_id", sa.Uuid, primary_key=True),
        sa.Column("registration_number", sa.Text, _fk(), nullable=False),
        sa.Column("appointment_id", sa.BigInteger, nullable=False),
        sa.Column("bevoegd_gezag", sa.Text, nullable=False),
        sa.Column("fields", ARRAY(sa.Text), nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("requested_at", TZ, nullable=False),
    )
    op.create_table(
        "erasure_requests",
        sa.Column("registration_number", sa.Text, primary_key=True),
        sa.Column("request_id", sa.Uuid, nullable=False, unique=True),
        sa.Column("requested_at", TZ, nullable=False),
        sa.Column("services", ARRAY(sa.Text), nullable=False),
        sa.Column("completed_at", TZ),
    )
    op.create_table(
        "erasure_confirmations",
        sa.Column("request_id", sa.Uuid, nullable=False),
        sa.Column("service", sa.Text, nullable=False),
        sa.Column("erased_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("request_id", "service", name="erasure_confirmations_pkey"),
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.Text, nullable=False),
        sa.Column("message_id", sa.Text, nullable=False),
        sa.Column("received_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("consumer", "message_id", name="inbox_pkey"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger, sa.Identity(always=False), primary_key=True),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("key", sa.LargeBinary, nullable=False),
        sa.Column("value", sa.LargeBinary),
        sa.Column("headers", JSONB, nullable=False),
        sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
    )


def downgrade() -> None:
    for table in (
        "outbox",
        "inbox",
        "erasure_confirmations",
        "erasure_requests",
        "correction_requests",
        "progress",
        "notifications",
        "history",
        "schools",
        "appointments",
        "registrations",
        "teachers",
    ):
        op.drop_table(table)
    op.execute("drop sequence registration_number_seq")

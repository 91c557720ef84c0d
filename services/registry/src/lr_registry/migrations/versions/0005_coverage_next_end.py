"""Registrations: the next end date among the teacher's appointments, so that the scheduler
republishes the registration when one of several appointments ends (its school leaves the
published RegistrationV1 then, not at the teacher's next change).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("registrations", sa.Column("next_end", sa.Date(), nullable=True))
    op.execute(
        "update registrations r set next_end = a.next_end"
        " from (select registration_number, min(benoeming_einddatum) as next_end"
        " from appointments where benoeming_einddatum >= current_date"
        " group by registration_number) a"
        " where a.registration_number = r.registration_number"
    )
    # Those whose schools change before their last appointment ends are due at once, so that
    # the scheduler sets their next moment by that date.
    op.execute(
        "update registrations set next_due_at = least(coalesce(next_due_at, now()), now())"
        " where state <> 'deregistered' and next_end < active_until"
    )


def downgrade() -> None:
    op.drop_column("registrations", "next_end")

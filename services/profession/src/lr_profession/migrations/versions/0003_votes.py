"""Votes of the registered teachers on proposed criteria sets, with a secret ballot
(docs/profession.md, "Votes: one teacher, one vote, a secret ballot").

`vote_voters` is the roll: who voted, as a keyed hash, nothing else (no time, no choice).
`vote_tally` is the count per choice; there is no table of ballots. `vote_invitations` is the
cursor of the invitations sent when the vote opened.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "votes",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column(
            "proposal_version",
            sa.Integer,
            sa.ForeignKey("criteria_sets.version"),
            nullable=False,
            unique=True,
        ),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("opens_at", TZ, nullable=False),
        sa.Column("closes_at", TZ, nullable=False),
        sa.Column("opened_at", TZ),
        sa.Column("closed_at", TZ),
        sa.Column("adopted", sa.Boolean),
        sa.Column("created_at", TZ, nullable=False),
        sa.CheckConstraint("state in ('scheduled', 'open', 'closed')", name="votes_state"),
        sa.CheckConstraint("opens_at < closes_at", name="votes_opens_before_it_closes"),
    )
    op.create_index(
        "votes_to_open", "votes", ["opens_at"], postgresql_where=sa.text("state = 'scheduled'")
    )
    op.create_index(
        "votes_to_close", "votes", ["closes_at"], postgresql_where=sa.text("state = 'open'")
    )
    op.create_table(
        "vote_voters",
        sa.Column(
            "vote_id", sa.Uuid, sa.ForeignKey("votes.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("voter", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("vote_id", "voter", name="vote_voters_pkey"),
    )
    op.create_table(
        "vote_tally",
        sa.Column(
            "vote_id", sa.Uuid, sa.ForeignKey("votes.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("choice", sa.Text, nullable=False),
        sa.Column("count", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("vote_id", "choice", name="vote_tally_pkey"),
        sa.CheckConstraint("choice in ('for', 'against', 'abstain')", name="vote_tally_choice"),
        sa.CheckConstraint("count >= 0", name="vote_tally_count_not_negative"),
    )
    op.create_table(
        "vote_invitations",
        sa.Column("vote_id", sa.Uuid, sa.ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("after", sa.Text, nullable=False, server_default=""),
        sa.Column("sent", sa.Integer, nullable=False, server_default="0"),
        sa.Column("done", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index(
        "vote_invitations_pending",
        "vote_invitations",
        ["vote_id"],
        postgresql_where=sa.text("not done"),
    )


def downgrade() -> None:
    for table in ("vote_invitations", "vote_tally", "vote_voters", "votes"):
        op.drop_table(table)

"""The profession's tables. `registrations` is its projection of the registry's compacted
topic (state, sectors, employer boards; no name); reviewer identity lives only in `reviews`
and never leaves the service."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
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

TZ = DateTime(timezone=True)

activity_codes = Sequence("activity_code_seq", metadata=metadata, start=1)

registrations = Table(
    "registrations",
    metadata,
    Column("registration_number", Text, primary_key=True),
    Column("state", Text, nullable=False),
    Column("sectors", ARRAY(Text), nullable=False),
    Column("boards", ARRAY(Text), nullable=False),
    Column("updated_at", TZ, nullable=False),
)

panel_members = Table(
    "panel_members",
    metadata,
    Column(
        "registration_number",
        Text,
        ForeignKey("registrations.registration_number", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("sector", Text, nullable=False),
    Column("subjects", ARRAY(Text), nullable=False),
    # Kept with every assignment, submission and withdrawal, under the row's lock: two
    # replicas assigning at once see each other's count (the cap holds).
    Column("open_reviews", Integer, nullable=False, server_default="0"),
    Column("opted_in_at", TZ, nullable=False),
    CheckConstraint("open_reviews >= 0", name="panel_members_open_reviews_not_negative"),
    Index("panel_members_sector", "sector", "open_reviews"),
)

criteria_sets = Table(
    "criteria_sets",
    metadata,
    Column("version", Integer, primary_key=True),
    # Null: a proposed set not (yet) in force; the votes of a later slice set it.
    Column("in_force_from", TZ),
    Column("created_at", TZ, nullable=False, server_default=func.now()),
)

criteria = Table(
    "criteria",
    metadata,
    Column("version", Integer, ForeignKey("criteria_sets.version"), nullable=False),
    Column("code", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False),
    PrimaryKeyConstraint("version", "code", name="criteria_pkey"),
)

accreditation_requests = Table(
    "accreditation_requests",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("provider_id", Text, nullable=False),
    Column("provider_name", Text, nullable=False),
    Column("provider_board", Text),
    Column("offer_reference", Text, nullable=False),
    Column("fingerprint", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("subtype", Text),
    Column("sectors", ARRAY(Text), nullable=False),
    Column("planned_hours", Numeric(7, 2), nullable=False),
    Column("core", Boolean, nullable=False),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("on_demand", Boolean, nullable=False),
    Column("state", Text, nullable=False),
    Column("round", Integer, nullable=False, server_default="1"),
    Column("submitted_at", TZ, nullable=False),
    Column("updated_at", TZ, nullable=False),
    Column("decided_at", TZ),
    Column("register_hours", Numeric(7, 2)),
    Column("criteria_version", Integer, ForeignKey("criteria_sets.version")),
    Column("activity_code", Text, unique=True),
    # Feedback afterwards: the provider's own earlier accepted activity this offer re-accredits.
    Column("reaccreditation_of", Text),
    UniqueConstraint("provider_id", "offer_reference", name="accreditation_requests_reference"),
    Index("accreditation_requests_provider", "provider_id", "submitted_at"),
    Index(
        "accreditation_requests_awaiting",
        "updated_at",
        postgresql_where=text("state = 'awaiting_panel'"),
    ),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column(
        "request_id",
        Uuid,
        ForeignKey("accreditation_requests.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("round", Integer, nullable=False),
    # Null once the reviewer was erased: the review still counts, nobody is named.
    Column("registration_number", Text),
    Column("state", Text, nullable=False),  # open | submitted | withdrawn
    Column("criteria_version", Integer, ForeignKey("criteria_sets.version"), nullable=False),
    Column("assigned_at", TZ, nullable=False),
    Column("submitted_at", TZ),
    Column("withdrawn_at", TZ),
    Column("withdrawn_reason", Text),
    Column("verdict", Text),  # approve | reject
    Column("proposed_hours", Numeric(7, 2)),
    Column("scores", JSONB),
    # A teacher reviews a request once at most: reassignment and appeal take new reviewers.
    UniqueConstraint("request_id", "registration_number", name="reviews_one_per_teacher"),
    Index("reviews_reviewer", "registration_number"),
    Index("reviews_round", "request_id", "round"),
    Index("reviews_open", "assigned_at", postgresql_where=text("state = 'open'")),
)

decisions = Table(
    "decisions",
    metadata,
    Column(
        "request_id",
        Uuid,
        ForeignKey("accreditation_requests.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("round", Integer, nullable=False),
    Column("outcome", Text, nullable=False),  # accepted | rejected
    Column("register_hours", Numeric(7, 2)),
    Column("criteria_version", Integer, ForeignKey("criteria_sets.version"), nullable=False),
    Column("decided_at", TZ, nullable=False),
    PrimaryKeyConstraint("request_id", "round", name="decisions_pkey"),
)

# Votes on criteria sets (docs/profession.md, "Votes"). The secret ballot: `vote_voters` holds
# who voted as a keyed hash of (vote, registration number) and nothing else, no time, no
# choice; `vote_tally` holds one count per choice and every ballot rewrites all three rows.
# There is no table of ballots.
votes = Table(
    "votes",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column(
        "proposal_version",
        Integer,
        ForeignKey("criteria_sets.version"),
        nullable=False,
        unique=True,
    ),
    Column("state", Text, nullable=False),  # scheduled | open | closed
    Column("opens_at", TZ, nullable=False),
    Column("closes_at", TZ, nullable=False),
    Column("opened_at", TZ),
    Column("closed_at", TZ),
    Column("adopted", Boolean),
    Column("created_at", TZ, nullable=False),
    CheckConstraint("state in ('scheduled', 'open', 'closed')", name="votes_state"),
    CheckConstraint("opens_at < closes_at", name="votes_opens_before_it_closes"),
    Index("votes_to_open", "opens_at", postgresql_where=text("state = 'scheduled'")),
    Index("votes_to_close", "closes_at", postgresql_where=text("state = 'open'")),
)

vote_voters = Table(
    "vote_voters",
    metadata,
    Column("vote_id", Uuid, ForeignKey("votes.id", ondelete="CASCADE"), nullable=False),
    Column("voter", LargeBinary, nullable=False),
    PrimaryKeyConstraint("vote_id", "voter", name="vote_voters_pkey"),
)

vote_tally = Table(
    "vote_tally",
    metadata,
    Column("vote_id", Uuid, ForeignKey("votes.id", ondelete="CASCADE"), nullable=False),
    Column("choice", Text, nullable=False),
    Column("count", Integer, nullable=False, server_default="0"),
    PrimaryKeyConstraint("vote_id", "choice", name="vote_tally_pkey"),
    CheckConstraint("choice in ('for', 'against', 'abstain')", name="vote_tally_choice"),
    CheckConstraint("count >= 0", name="vote_tally_count_not_negative"),
)

vote_invitations = Table(
    "vote_invitations",
    metadata,
    Column("vote_id", Uuid, ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True),
    # The last registration number invited (the batches go in registration-number order);
    # emptied once every registered teacher was invited.
    Column("after", Text, nullable=False, server_default=""),
    Column("sent", Integer, nullable=False, server_default="0"),
    Column("done", Boolean, nullable=False, server_default=text("false")),
    Index("vote_invitations_pending", "vote_id", postgresql_where=text("not done")),
)

# Feedback afterwards: the portfolio's anonymous aggregate per activity code
# (lr.portfolio.activity-feedback.v1), for the panel of a re-accreditation.
activity_feedback = Table(
    "activity_feedback",
    metadata,
    Column("activity_code", Text, primary_key=True),
    Column("ratings_count", Integer),
    Column("average_rating", Numeric(3, 2)),
    Column("distribution", ARRAY(Integer)),
    Column("comments", JSONB, nullable=False),
    Column("updated_at", TZ, nullable=False),
)

inbox = inbox_table(metadata)
outbox = outbox_table(metadata)

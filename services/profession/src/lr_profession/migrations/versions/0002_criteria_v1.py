"""Criteria set version 1, in force from the start: quality and value for education (seed 003:
"elke cursus of activiteit krijgt punten toegekend op basis van de kwaliteit en waarde voor het
onderwijs"). Later versions come from the profession's votes (a later slice), never by editing
this one: reviews and decisions name the version they used.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CRITERIA = (
    (
        "value_for_education",
        "Waarde voor het onderwijs",
        "Het aanbod sluit aan bij de bekwaamheidseisen en draagt bij aan het onderwijs aan "
        "leerlingen of studenten.",
    ),
    (
        "content_quality",
        "Inhoudelijke kwaliteit",
        "De inhoud is actueel en onderbouwd met onderzoek of beproefde praktijk.",
    ),
    (
        "design",
        "Opzet en werkvormen",
        "Doelen, opbouw en werkvormen passen bij elkaar en bij leraren als doelgroep.",
    ),
    (
        "expertise",
        "Deskundigheid",
        "Wie het aanbod verzorgt, is aantoonbaar deskundig op het onderwerp.",
    ),
    (
        "transfer",
        "Toepassing in de praktijk",
        "Wat de leraar leert, is toe te passen in de eigen klas of school.",
    ),
    (
        "workload",
        "Studielast",
        "De opgegeven uren zijn realistisch voor wat het aanbod vraagt.",
    ),
)


def upgrade() -> None:
    op.execute(
        "insert into criteria_sets (version, in_force_from) values (1, '2026-01-01T00:00:00Z')"
    )
    table = sa.table(
        "criteria",
        sa.column("version", sa.Integer),
        sa.column("code", sa.Text),
        sa.column("position", sa.Integer),
        sa.column("title", sa.Text),
        sa.column("description", sa.Text),
    )
    op.bulk_insert(
        table,
        [
            {"version": 1, "code": c, "position": i, "title": t, "description": d}
            for i, (c, t, d) in enumerate(CRITERIA, start=1)
        ],
    )


def downgrade() -> None:
    op.execute("delete from criteria where version = 1")
    op.execute("delete from criteria_sets where version = 1")

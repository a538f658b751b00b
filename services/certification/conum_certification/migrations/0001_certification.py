"""Conseillers, exam sessions, convocations, Pix results, double certifications, full-title
enrolments, and the outbox and inbox.

Revision 0001, the first, of 2026-11-22.
"""

import sqlalchemy as sa
from alembic import op
from conum_runtime.migrations import create_runtime_tables

revision = "0001"
down_revision = None

TABLES = (
    "full_title_enrolments",
    "double_certifications",
    "pix_results",
    "convocations",
    "exam_sessions",
    "conseillers",
)


def upgrade() -> None:
    create_runtime_tables(op)
    op.create_table(
        "conseillers",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("department", sa.String(3), nullable=True),
        sa.Column("scheme", sa.String(4), nullable=True),
        sa.Column("enrolled_on", sa.Date(), nullable=True),
        sa.Column("path_hours", sa.Integer(), nullable=True),
        sa.Column("training_starts_on", sa.Date(), nullable=True),
        sa.Column("training_planned_end_on", sa.Date(), nullable=True),
        sa.Column("training_completed_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
    )
    op.create_index("ix_conseillers_region", "conseillers", ["region"])
    op.create_table(
        "exam_sessions",
        sa.Column("exam_session_id", sa.String(36), primary_key=True),
        sa.Column("exam_on", sa.Date(), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("certifier", sa.String(50), nullable=False),
    )
    op.create_index("ix_exam_sessions_region", "exam_sessions", ["region"])
    op.create_table(
        "convocations",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column(
            "exam_session_id",
            sa.String(36),
            sa.ForeignKey("exam_sessions.exam_session_id"),
            primary_key=True,
        ),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("exam_on", sa.Date(), nullable=False),
        sa.Column("certifier", sa.String(50), nullable=False),
        sa.Column("result", sa.String(10), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
    )
    op.create_index("ix_convocations_region", "convocations", ["region"])
    op.create_table(
        "pix_results",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("recorded_on", sa.Date(), primary_key=True),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("certified", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_pix_results_region", "pix_results", ["region"])
    op.create_table(
        "double_certifications",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("ccp1_passed_on", sa.Date(), nullable=False),
        sa.Column("pix_certified_on", sa.Date(), nullable=False),
    )
    op.create_index("ix_double_certifications_region", "double_certifications", ["region"])
    op.create_table(
        "full_title_enrolments",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("department", sa.String(3), nullable=False),
        sa.Column("organisation_id", sa.String(50), nullable=False),
        sa.Column("organisation_name", sa.String(200), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
    )
    op.create_index("ix_full_title_enrolments_region", "full_title_enrolments", ["region"])


def downgrade() -> None:
    for table in (*TABLES, "inbox", "outbox"):
        op.drop_table(table)

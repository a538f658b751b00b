"""Positionings, results, history, inquiries, pending withdrawals; the outbox and inbox.

Revision 0001, the first, of 2026-11-22.
"""

import sqlalchemy as sa
from alembic import op
from conum_runtime.migrations import create_runtime_tables

revision = "0001"
down_revision = None

TABLES = (
    "pending_withdrawals",
    "inquiries",
    "positioning_history",
    "positioning_results",
    "positionings",
)


def upgrade() -> None:
    create_runtime_tables(op)
    op.create_table(
        "positionings",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("scheme", sa.String(4), nullable=False),
        sa.Column("structure_id", sa.String(36), nullable=False),
        sa.Column("training_organisation_id", sa.String(50), nullable=False),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.Column("test_on", sa.Date(), nullable=False),
        sa.Column("interview_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("current_result_id", sa.String(36), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_positionings_region", "positionings", ["region"])
    op.create_index("ix_positionings_structure_id", "positionings", ["structure_id"])
    op.create_table(
        "positioning_results",
        sa.Column("result_id", sa.String(36), primary_key=True),
        sa.Column("conseiller_id", sa.String(36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("digital_score", sa.Integer(), nullable=False),
        sa.Column("support_score", sa.Integer(), nullable=False),
        sa.Column("interview_note", sa.Text(), nullable=False),
        sa.Column("rubric_version", sa.String(20), nullable=False),
        sa.Column("path_hours", sa.Integer(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("alternance_days_per_week", sa.Integer(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
    )
    op.create_index(
        "ix_positioning_results_conseiller_id", "positioning_results", ["conseiller_id"]
    )
    op.create_table(
        "positioning_history",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("conseiller_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("by", sa.String(60), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index(
        "ix_positioning_history_conseiller_id", "positioning_history", ["conseiller_id"]
    )
    op.create_table(
        "inquiries",
        sa.Column("inquiry_id", sa.String(36), primary_key=True),
        sa.Column("conseiller_id", sa.String(36), nullable=False),
        sa.Column("result_id", sa.String(36), nullable=False),
        sa.Column("opened_by", sa.String(10), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
    )
    op.create_index("ix_inquiries_conseiller_id", "inquiries", ["conseiller_id"])
    op.create_table(
        "pending_withdrawals",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in (*TABLES, "inbox", "outbox"):
        op.drop_table(table)

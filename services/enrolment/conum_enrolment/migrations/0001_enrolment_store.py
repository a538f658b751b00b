"""Structures, habilitations, conseillers, enrolments, cohorts, attendance, set-aside events,
and the outbox and inbox.

Revision 0001, the first, of 2026-11-22.
"""

import sqlalchemy as sa
from alembic import op
from conum_runtime.migrations import create_runtime_tables

revision = "0001"
down_revision = None


def upgrade() -> None:
    create_runtime_tables(op)
    op.create_table(
        "structures",
        sa.Column("structure_id", sa.String(36), primary_key=True),
        sa.Column("siret", sa.String(14), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("department", sa.String(3), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
    )
    op.create_index("ix_structures_region", "structures", ["region"])
    op.create_table(
        "habilitations",
        sa.Column(
            "structure_id",
            sa.String(36),
            sa.ForeignKey("structures.structure_id"),
            primary_key=True,
        ),
        sa.Column("scheme", sa.String(30), primary_key=True),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=True),
    )
    op.create_table(
        "conseillers",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("first_name", sa.String(200), nullable=False),
        sa.Column("last_name", sa.String(200), nullable=False),
    )
    op.create_table(
        "enrolments",
        sa.Column(
            "conseiller_id",
            sa.String(36),
            sa.ForeignKey("conseillers.conseiller_id"),
            primary_key=True,
        ),
        sa.Column(
            "structure_id", sa.String(36), sa.ForeignKey("structures.structure_id"), nullable=False
        ),
        sa.Column("department", sa.String(3), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("scheme", sa.String(4), nullable=False),
        sa.Column("employment", sa.String(20), nullable=False),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("remote_reason", sa.String(500), nullable=True),
        sa.Column("training_organisation_id", sa.String(50), nullable=False),
        sa.Column("training_organisation_name", sa.String(200), nullable=False),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("path_hours", sa.Integer(), nullable=True),
        sa.Column("path_weeks", sa.Integer(), nullable=True),
        sa.Column("alternance_days_per_week", sa.Integer(), nullable=True),
        sa.Column("path_assigned_on", sa.Date(), nullable=True),
        sa.Column("cohort_id", sa.String(36), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("planned_end_on", sa.Date(), nullable=True),
        sa.Column("attendance_breached", sa.Boolean(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawal_reason", sa.String(100), nullable=True),
    )
    op.create_index("ix_enrolments_region", "enrolments", ["region"])
    op.create_index("ix_enrolments_state", "enrolments", ["state"])
    op.create_index("ix_enrolments_cohort_id", "enrolments", ["cohort_id"])
    op.create_index(
        "ix_enrolments_training_organisation_id", "enrolments", ["training_organisation_id"]
    )
    op.create_table(
        "cohorts",
        sa.Column("cohort_id", sa.String(36), primary_key=True),
        sa.Column("training_organisation_id", sa.String(50), nullable=False),
        sa.Column("training_organisation_name", sa.String(200), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("path_hours", sa.Integer(), nullable=False),
        sa.Column("formed_on", sa.Date(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("referent_id", sa.String(36), nullable=True),
    )
    op.create_index("ix_cohorts_region", "cohorts", ["region"])
    op.create_index("ix_cohorts_training_organisation_id", "cohorts", ["training_organisation_id"])
    op.create_table(
        "cohort_members",
        sa.Column("cohort_id", sa.String(36), sa.ForeignKey("cohorts.cohort_id"), primary_key=True),
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
    )
    op.create_table(
        "attendance_days",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("present", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "ignored_events",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("reason", sa.String(100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_ignored_events_subject", "ignored_events", ["subject"])


def downgrade() -> None:
    for table in (
        "ignored_events",
        "attendance_days",
        "cohort_members",
        "cohorts",
        "enrolments",
        "conseillers",
        "habilitations",
        "structures",
        "inbox",
        "outbox",
    ):
        op.drop_table(table)

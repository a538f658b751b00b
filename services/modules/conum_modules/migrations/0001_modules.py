"""Modules, habilitations, conseillers, sessions and their days, registrations, attendance,
evaluations; the outbox and inbox.

Revision 0001, the first, of 2026-11-23.
"""

import sqlalchemy as sa
from alembic import op
from conum_runtime.migrations import create_runtime_tables

revision = "0001"
down_revision = None

TABLES = (
    "evaluations",
    "attendance",
    "attendance_sheets",
    "registrations",
    "session_days",
    "sessions",
    "enrolments_seen",
    "conseillers",
    "habilitations",
    "modules",
)


def upgrade() -> None:
    create_runtime_tables(op)
    op.create_table(
        "modules",
        sa.Column("module_id", sa.String(36), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("requires_habilitation", sa.String(30), nullable=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
    )
    op.create_table(
        "habilitations",
        sa.Column("structure_id", sa.String(36), primary_key=True),
        sa.Column("scheme", sa.String(30), primary_key=True),
        sa.Column("granted_on", sa.Date(), nullable=False),
    )
    op.create_table(
        "conseillers",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("structure_id", sa.String(36), nullable=True),
        sa.Column("training_organisation_id", sa.String(50), nullable=True),
        sa.Column("scheme", sa.String(4), nullable=True),
        sa.Column("enrolment_id", sa.String(36), nullable=True),
        sa.Column("enrolled_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("convened_for", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_conseillers_region", "conseillers", ["region"])
    op.create_index("ix_conseillers_structure_id", "conseillers", ["structure_id"])
    op.create_table(
        "enrolments_seen",
        sa.Column("enrolment_id", sa.String(36), primary_key=True),
        sa.Column("conseiller_id", sa.String(36), nullable=False),
    )
    op.create_index("ix_enrolments_seen_conseiller_id", "enrolments_seen", ["conseiller_id"])
    op.create_table(
        "sessions",
        sa.Column("session_id", sa.String(36), primary_key=True),
        sa.Column("module_id", sa.String(36), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("hub", sa.String(50), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_sessions_module_id", "sessions", ["module_id"])
    op.create_index("ix_sessions_region", "sessions", ["region"])
    op.create_index("ix_sessions_first_day", "sessions", ["first_day"])
    op.create_table(
        "session_days",
        sa.Column("session_id", sa.String(36), primary_key=True),
        sa.Column("on", sa.Date(), primary_key=True),
        sa.Column("mode", sa.String(10), nullable=False),
    )
    op.create_table(
        "registrations",
        sa.Column("registration_id", sa.String(36), primary_key=True),
        sa.Column("session_id", sa.String(36), nullable=False),
        sa.Column("conseiller_id", sa.String(36), nullable=False),
        sa.Column("module_id", sa.String(36), nullable=True),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("hub", sa.String(50), nullable=False),
        sa.Column("structure_id", sa.String(36), nullable=True),
        sa.Column("training_organisation_id", sa.String(50), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("waitlist_seq", sa.Integer(), nullable=True),
        sa.Column("track", sa.String(12), nullable=True),
        sa.Column("funded", sa.Boolean(), nullable=True),
        sa.Column("funding_year", sa.Integer(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
    )
    op.create_index("ix_registrations_session_id", "registrations", ["session_id"])
    op.create_index("ix_registrations_conseiller_id", "registrations", ["conseiller_id"])
    op.create_index("ix_registrations_region", "registrations", ["region"])
    op.create_table(
        "attendance_sheets",
        sa.Column("session_id", sa.String(36), primary_key=True),
        sa.Column("on", sa.Date(), primary_key=True),
    )
    op.create_table(
        "attendance",
        sa.Column("session_id", sa.String(36), primary_key=True),
        sa.Column("on", sa.Date(), primary_key=True),
        sa.Column("registration_id", sa.String(36), primary_key=True),
        sa.Column("present", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "evaluations",
        sa.Column("session_id", sa.String(36), primary_key=True),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.Column("satisfied_resources_pct", sa.Float(), nullable=False),
        sa.Column("satisfied_overall_pct", sa.Float(), nullable=False),
        sa.Column("mean_self_rated_ability", sa.Float(), nullable=False),
    )
    op.create_index("ix_evaluations_region", "evaluations", ["region"])


def downgrade() -> None:
    for table in (*TABLES, "inbox", "outbox"):
        op.drop_table(table)

"""Facts, conseillers and journeys; structures, cohorts, full-title enrolments; modules,
sessions, registrations; positions applied; the outbox and inbox.

Revision 0001, the first, of 2026-11-23.
"""

import sqlalchemy as sa
from alembic import op
from conum_runtime.migrations import create_runtime_tables

revision = "0001"
down_revision = None

TABLES = (
    "positions",
    "module_registrations",
    "module_sessions",
    "modules",
    "full_title_enrolments",
    "cohorts",
    "structures",
    "journeys",
    "conseillers",
    "facts",
)


def upgrade() -> None:
    create_runtime_tables(op)
    op.create_table(
        "facts",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("conseiller_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("published_at", sa.String(40), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("enrolment_id", sa.String(36), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
    )
    op.create_index("ix_facts_conseiller_id", "facts", ["conseiller_id"])
    op.create_table(
        "conseillers",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("facts", sa.Integer(), nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
    )
    op.create_table(
        "journeys",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("ordinal", sa.Integer(), primary_key=True),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("facts", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(30), nullable=False),
        sa.Column("enrolment_id", sa.String(36), nullable=True),
        sa.Column("department", sa.String(3), nullable=True),
        sa.Column("scheme", sa.String(4), nullable=True),
        sa.Column("structure_id", sa.String(36), nullable=True),
        sa.Column("organisation_id", sa.String(60), nullable=True),
        sa.Column("employment", sa.String(20), nullable=True),
        sa.Column("remote", sa.Boolean(), nullable=True),
        sa.Column("enrolled_on", sa.Date(), nullable=True),
        sa.Column("test_scheduled", sa.Boolean(), nullable=False),
        sa.Column("positioned_on", sa.Date(), nullable=True),
        sa.Column("path_hours", sa.Integer(), nullable=True),
        sa.Column("training_started_on", sa.Date(), nullable=True),
        sa.Column("cohort_id", sa.String(36), nullable=True),
        sa.Column("attendance_breaches", sa.Integer(), nullable=False),
        sa.Column("training_completed_on", sa.Date(), nullable=True),
        sa.Column("ccp1_convened_on", sa.Date(), nullable=True),
        sa.Column("ccp1_passed_on", sa.Date(), nullable=True),
        sa.Column("ccp1_failed_on", sa.Date(), nullable=True),
        sa.Column("pix_certified_on", sa.Date(), nullable=True),
        sa.Column("double_certified_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawal_reason", sa.String(30), nullable=True),
    )
    op.create_index("ix_journeys_current", "journeys", ["current"])
    op.create_index("ix_journeys_region", "journeys", ["region"])
    op.create_table(
        "structures",
        sa.Column("structure_id", sa.String(36), primary_key=True),
        sa.Column("registered_key", sa.String(80), nullable=True),
        sa.Column("region", sa.String(10), nullable=True),
        sa.Column("department", sa.String(3), nullable=True),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("region_hint", sa.String(10), nullable=True),
        sa.Column("habilitation_requested", sa.Boolean(), nullable=False),
        sa.Column("habilitation_granted_on", sa.Date(), nullable=True),
    )
    op.create_index("ix_structures_region", "structures", ["region"])
    op.create_table(
        "cohorts",
        sa.Column("cohort_id", sa.String(36), primary_key=True),
        sa.Column("formed_key", sa.String(80), nullable=True),
        sa.Column("region", sa.String(10), nullable=True),
        sa.Column("organisation_id", sa.String(60), nullable=True),
        sa.Column("path_hours", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("region_hint", sa.String(10), nullable=True),
        sa.Column("referent_designated", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_cohorts_region", "cohorts", ["region"])
    op.create_table(
        "full_title_enrolments",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("department", sa.String(3), nullable=False),
        sa.Column("organisation_id", sa.String(60), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
    )
    op.create_index("ix_full_title_enrolments_region", "full_title_enrolments", ["region"])
    op.create_table(
        "modules",
        sa.Column("module_id", sa.String(36), primary_key=True),
        sa.Column("published_key", sa.String(80), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.Column("requires_habilitation", sa.String(30), nullable=True),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "module_sessions",
        sa.Column("session_id", sa.String(36), primary_key=True),
        sa.Column("scheduled_key", sa.String(80), nullable=True),
        sa.Column("module_id", sa.String(36), nullable=True),
        sa.Column("region", sa.String(10), nullable=True),
        sa.Column("hub", sa.String(60), nullable=True),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("region_hint", sa.String(10), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("evaluated_key", sa.String(80), nullable=True),
        sa.Column("evaluation_region", sa.String(10), nullable=True),
        sa.Column("responses", sa.Integer(), nullable=True),
        sa.Column("satisfied_resources_pct", sa.Float(), nullable=True),
        sa.Column("satisfied_overall_pct", sa.Float(), nullable=True),
        sa.Column("mean_self_rated_ability", sa.Float(), nullable=True),
    )
    op.create_index("ix_module_sessions_region", "module_sessions", ["region"])
    op.create_table(
        "module_registrations",
        sa.Column("registration_id", sa.String(36), primary_key=True),
        sa.Column("conseiller_id", sa.String(36), nullable=False),
        sa.Column("session_id", sa.String(36), nullable=True),
        sa.Column("module_id", sa.String(36), nullable=True),
        sa.Column("region", sa.String(10), nullable=True),
        sa.Column("track", sa.String(20), nullable=True),
        sa.Column("accepted_key", sa.String(80), nullable=True),
        sa.Column("funded", sa.Boolean(), nullable=True),
        sa.Column("funding_year", sa.Integer(), nullable=True),
        sa.Column("waitlisted_key", sa.String(80), nullable=True),
        sa.Column("waitlist_position", sa.Integer(), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("hours", sa.Integer(), nullable=True),
    )
    op.create_index(
        "ix_module_registrations_conseiller_id", "module_registrations", ["conseiller_id"]
    )
    op.create_index("ix_module_registrations_region", "module_registrations", ["region"])
    op.create_table(
        "positions",
        sa.Column("topic", sa.String(200), primary_key=True),
        sa.Column("partition", sa.Integer(), primary_key=True),
        sa.Column("applied_offset", sa.Integer(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_time", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    for table in (*TABLES, "inbox", "outbox"):
        op.drop_table(table)

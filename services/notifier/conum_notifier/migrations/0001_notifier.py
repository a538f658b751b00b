"""Notifications, the modules' sessions, titles and registrations, and the outbox and inbox.

Revision 0001, the first, of 2026-12-01.
"""

import sqlalchemy as sa
from alembic import op
from conum_runtime.migrations import create_runtime_tables

revision = "0001"
down_revision = None


def upgrade() -> None:
    create_runtime_tables(op)
    op.create_table(
        "notifications",
        sa.Column("notification_id", sa.String(36), primary_key=True),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("conseiller_id", sa.String(36), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("registration_id", sa.String(36), nullable=True),
        sa.Column("session_id", sa.String(36), nullable=True),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("reason", sa.String(40), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("event_id", "kind", name="uq_notifications_event_kind"),
    )
    op.create_index("ix_notifications_due", "notifications", ["status", "next_attempt_at"])
    for column in ("conseiller_id", "registration_id", "session_id"):
        op.create_index(f"ix_notifications_{column}", "notifications", [column])
    op.create_table(
        "sessions",
        sa.Column("session_id", sa.String(36), primary_key=True),
        sa.Column("module_id", sa.String(36), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("hub", sa.String(100), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("days", sa.Text(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_sessions_last_day", "sessions", ["last_day"])
    op.create_table(
        "modules",
        sa.Column("module_id", sa.String(36), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
    )
    op.create_table(
        "registrations",
        sa.Column("registration_id", sa.String(36), primary_key=True),
        sa.Column("conseiller_id", sa.String(36), nullable=False),
        sa.Column("session_id", sa.String(36), nullable=False),
        sa.Column("module_id", sa.String(36), nullable=True),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
    )
    op.create_index("ix_registrations_session_id", "registrations", ["session_id"])
    op.create_index("ix_registrations_state", "registrations", ["state"])


def downgrade() -> None:
    for table in ("registrations", "modules", "sessions", "notifications", "inbox", "outbox"):
        op.drop_table(table)

"""Rounds by enrolment: the enrolment of each round and result, and withdrawals kept per
enrolment until it arrives.

Positionings and results recorded before this revision have no enrolment id (their events
carried none); the day's grain decides for them (decision 0016). Kept withdrawals are kept
without an id (``enrolment_key`` empty).

Revision 0002, after 0001, of 2026-11-23.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

COLUMNS = ("conseiller_id", "region", "reason", "withdrawn_on", "received_at")


def _pending_table(name: str, *, keyed_by_enrolment: bool) -> None:
    key = (
        [sa.Column("enrolment_key", sa.String(36), primary_key=True)] if keyed_by_enrolment else []
    )
    op.create_table(
        name,
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        *key,
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )


def _copy(source: str, target: str, extra: dict[str, str], where: str = "") -> None:
    names = ", ".join((*COLUMNS, *extra))
    values = ", ".join((*COLUMNS, *extra.values()))
    op.execute(f"INSERT INTO {target} ({names}) SELECT {values} FROM {source} {where}")


def upgrade() -> None:
    with op.batch_alter_table("positionings") as table:
        table.add_column(sa.Column("enrolment_id", sa.String(36), nullable=True))
        table.add_column(
            sa.Column("earlier_enrolment_ids", sa.Text(), nullable=False, server_default="")
        )
    with op.batch_alter_table("positionings") as table:
        table.alter_column("earlier_enrolment_ids", server_default=None)
    with op.batch_alter_table("positioning_results") as table:
        table.add_column(sa.Column("enrolment_id", sa.String(36), nullable=True))
    _pending_table("pending_withdrawals_by_enrolment", keyed_by_enrolment=True)
    _copy("pending_withdrawals", "pending_withdrawals_by_enrolment", {"enrolment_key": "''"})
    op.drop_table("pending_withdrawals")
    op.rename_table("pending_withdrawals_by_enrolment", "pending_withdrawals")


def downgrade() -> None:
    _pending_table("pending_withdrawals_by_conseiller", keyed_by_enrolment=False)
    _copy(  # those kept without an id: one per conseiller
        "pending_withdrawals", "pending_withdrawals_by_conseiller", {}, "WHERE enrolment_key = ''"
    )
    op.drop_table("pending_withdrawals")
    op.rename_table("pending_withdrawals_by_conseiller", "pending_withdrawals")
    with op.batch_alter_table("positioning_results") as table:
        table.drop_column("enrolment_id")
    with op.batch_alter_table("positionings") as table:
        table.drop_column("earlier_enrolment_ids")
        table.drop_column("enrolment_id")

"""Every enrolment gets an id of its own; a withdrawal's reason is a code, with free text.

Enrolments recorded before this revision get a new id each. A withdrawal reason that is not a
code of the list (free text was accepted before) becomes ``other`` and the text moves to
``withdrawal_detail``.

Revision 0002, after 0001, of 2026-11-23.
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

REASON_CODES = (
    "left_structure",
    "contract_ended",
    "changed_job",
    "health",
    "personal",
    "training_unsuitable",
    "enrolled_by_mistake",
    "other",
)

enrolments = sa.table(
    "enrolments",
    sa.column("conseiller_id", sa.String),
    sa.column("enrolment_id", sa.String),
    sa.column("withdrawal_reason", sa.String),
    sa.column("withdrawal_detail", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("enrolments") as table:
        table.add_column(sa.Column("enrolment_id", sa.String(36), nullable=True))
        table.add_column(sa.Column("withdrawal_detail", sa.String(500), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(enrolments.c.conseiller_id, enrolments.c.withdrawal_reason)
    ).all()
    for conseiller_id, reason in rows:
        values: dict[str, object] = {"enrolment_id": str(uuid.uuid4())}
        if reason is not None and reason not in REASON_CODES:
            values |= {"withdrawal_reason": "other", "withdrawal_detail": reason[:500]}
        connection.execute(
            enrolments.update().where(enrolments.c.conseiller_id == conseiller_id).values(**values)
        )
    with op.batch_alter_table("enrolments") as table:
        table.alter_column("enrolment_id", existing_type=sa.String(36), nullable=False)
        table.create_unique_constraint("uq_enrolments_enrolment_id", ["enrolment_id"])


def downgrade() -> None:
    with op.batch_alter_table("enrolments") as table:
        table.drop_constraint("uq_enrolments_enrolment_id", type_="unique")
        table.drop_column("withdrawal_detail")
        table.drop_column("enrolment_id")

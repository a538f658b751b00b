"""The audit trail of every service (a branch of the runtime's own, applied with the
service's revisions).

Revision runtime_0001, the first, of 2026-11-23.
"""

from collections.abc import Sequence

from alembic import op

from conum_runtime.migrations import create_audit_table

revision: str = "runtime_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("runtime",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_audit_table(op)


def downgrade() -> None:
    op.drop_table("audit")

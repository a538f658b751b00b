"""The positioning unit of work: one transaction over the repositories; events go to the
outbox in it."""

from __future__ import annotations

from conum_runtime.uow import UnitOfWork

from conum_positioning.domain import RubricBook, SchedulingPolicy
from conum_positioning.store.repositories import Inquiries, PendingWithdrawals, Positionings


class PositioningUnitOfWork(UnitOfWork):
    positionings: Positionings
    inquiries: Inquiries
    pending_withdrawals: PendingWithdrawals
    rubrics: RubricBook
    """The rubrics of every version (collaborator)."""
    scheduling: SchedulingPolicy
    """When the test and interview are held after an enrolment (collaborator)."""

    def _open(self) -> None:
        self.positionings = Positionings(self.session)
        self.inquiries = Inquiries(self.session)
        self.pending_withdrawals = PendingWithdrawals(self.session)

"""The positioning unit of work: one transaction over the repositories; events go to the
outbox in it."""

from __future__ import annotations

from collections.abc import Sequence

from conum_contracts.base import EventModel
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
        self.positionings = Positionings(self.statements)
        self.inquiries = Inquiries(self.session)
        self.pending_withdrawals = PendingWithdrawals(self.statements)

    async def prefetch(self, events: Sequence[EventModel]) -> None:
        """The positionings and kept withdrawals of a batch's conseillers, one statement each
        (every event this service consumes is about one conseiller); the positionings are
        locked as the handlers' ``get(lock=True)`` would."""
        conseillers = {getattr(event, "conseiller_id", None) for event in events}
        ids = [conseiller_id for conseiller_id in conseillers if isinstance(conseiller_id, str)]
        await self.positionings.load(ids, lock=True)
        await self.pending_withdrawals.load(ids)

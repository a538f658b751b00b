"""The positioning unit of work: one transaction over the repositories; events go to the
outbox in it."""

from __future__ import annotations

from collections.abc import Sequence

from conum_contracts.base import EventModel
from conum_runtime.uow import UnitOfWork, conseillers_of

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

    async def prefetch(self, events: Sequence[EventModel]) -> None:
        """The positionings and kept withdrawals of a batch's conseillers, one statement each
        (every event this service consumes is about one conseiller); the positionings are
        locked as the handlers' ``get(lock=True)`` would."""
        ids = conseillers_of(events)
        await self.positionings.load(ids, lock=True)
        await self.pending_withdrawals.load(ids)

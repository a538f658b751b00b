"""The enrolment unit of work: one transaction over the repositories; events go to the outbox
in it. Its collaborators are the reference data and the training policy."""

from __future__ import annotations

from collections.abc import Sequence

from conum_contracts.base import EventModel
from conum_runtime.uow import UnitOfWork, conseillers_of

from conum_enrolment.domain import Publication, TrainingPolicy
from conum_enrolment.reference import ReferenceHolder
from conum_enrolment.store.repositories import (
    Attendance,
    Cohorts,
    Enrolments,
    Erasures,
    IgnoredEvents,
    KeyVault,
    StoredKeyVault,
    Structures,
)


class EnrolmentUnitOfWork(UnitOfWork):
    structures: Structures
    enrolments: Enrolments
    cohorts: Cohorts
    attendance: Attendance
    ignored_events: IgnoredEvents
    keys: KeyVault
    """The conseillers' keys (crypto-shredding, decision 0021)."""
    erasures: Erasures
    reference: ReferenceHolder
    """The training organisations and the routing of each scheme, reloadable (collaborator)."""
    policy: TrainingPolicy
    """Cohorts, starts, referent window, attendance threshold (collaborator)."""
    publication: Publication
    """Whether ``conseiller.enrolled`` v1 is still published beside v2 (collaborator)."""

    def _open(self) -> None:
        self.keys = StoredKeyVault(self.session, self.statements)

    async def prefetch(self, events: Sequence[EventModel]) -> None:
        """The enrolments (locked, as the handlers lock them) and attendance days of a
        batch's conseillers, one statement each."""
        ids = conseillers_of(events)
        await self.enrolments.load(ids)
        await self.attendance.load(ids)

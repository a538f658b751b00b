"""The certification unit of work: one transaction over the repositories; events go to the
outbox in it."""

from __future__ import annotations

from collections.abc import Sequence

from conum_contracts.base import EventModel
from conum_runtime.uow import UnitOfWork, conseillers_of

from conum_certification.domain import FullTitleRouting
from conum_certification.store.repositories import (
    Candidates,
    Convocations,
    DoubleCertifications,
    ExamSessions,
    FullTitleEnrolments,
    PixResults,
    RegionFigures,
)


class CertificationUnitOfWork(UnitOfWork):
    candidates: Candidates
    exam_sessions: ExamSessions
    convocations: Convocations
    pix_results: PixResults
    double_certifications: DoubleCertifications
    full_title: FullTitleEnrolments
    figures: RegionFigures
    routing: FullTitleRouting
    """Which organisation runs the full REMN title for a department (collaborator)."""

    async def prefetch(self, events: Sequence[EventModel]) -> None:
        """The training facts of a batch's conseillers, locked, in one statement (every event
        this service consumes is about one conseiller), as the handlers' ``get(lock=True)``
        would read them one by one."""
        await self.candidates.load(conseillers_of(events))

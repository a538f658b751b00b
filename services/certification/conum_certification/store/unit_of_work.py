"""The certification unit of work: one transaction over the repositories; events go to the
outbox in it."""

from __future__ import annotations

from conum_runtime.uow import UnitOfWork

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

    def _open(self) -> None:
        self.candidates = Candidates(self.session)
        self.exam_sessions = ExamSessions(self.session)
        self.convocations = Convocations(self.session)
        self.pix_results = PixResults(self.session)
        self.double_certifications = DoubleCertifications(self.session)
        self.full_title = FullTitleEnrolments(self.session)
        self.figures = RegionFigures(self.session)

"""The certification store: the unit of work over the repositories (SQLModel)."""

from __future__ import annotations

from collections.abc import Callable

from conum_runtime.db import SessionFactory
from conum_runtime.tables import RuntimeTables
from conum_runtime.uow import UnitOfWork

from conum_certification import repositories
from conum_certification.routing import FullTitleRouting
from conum_certification.tables import metadata, runtime

__all__ = ["CertificationUnitOfWork", "metadata", "runtime"]


class CertificationUnitOfWork(UnitOfWork):
    """One transaction over the certification repositories; events go to the outbox."""

    candidates: repositories.Candidates
    exam_sessions: repositories.ExamSessions
    convocations: repositories.Convocations
    pix_results: repositories.PixResults
    double_certifications: repositories.DoubleCertifications
    full_title: repositories.FullTitleEnrolments
    views: repositories.Views

    def __init__(
        self,
        sessions: SessionFactory,
        tables: RuntimeTables,
        service: str,
        on_commit: Callable[[], None] = lambda: None,
        *,
        routing: FullTitleRouting,
    ) -> None:
        super().__init__(sessions, tables, service, on_commit)
        self.routing = routing

    def _open(self) -> None:
        self.candidates = repositories.Candidates(self.session)
        self.exam_sessions = repositories.ExamSessions(self.session)
        self.convocations = repositories.Convocations(self.session)
        self.pix_results = repositories.PixResults(self.session)
        self.double_certifications = repositories.DoubleCertifications(self.session)
        self.full_title = repositories.FullTitleEnrolments(self.session)
        self.views = repositories.Views(self.session)

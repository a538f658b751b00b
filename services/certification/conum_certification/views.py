"""The read side: an exam session, a conseiller's certification record, a region's counts,
each as the caller may see it."""

from __future__ import annotations

from dataclasses import dataclass

from conum_kernel.access import Caller

from conum_certification import domain
from conum_certification.store import CertificationUnitOfWork
from conum_certification.store.repositories import RegionCounts


@dataclass(frozen=True)
class ExamSessionView:
    session: domain.ExamSession
    convocations: list[domain.Convocation]
    """The session's convocations, by conseiller id."""


@dataclass(frozen=True)
class CertificationRecord:
    """Everything about one conseiller's certification (no personal data)."""

    candidate: domain.Candidate
    ccp1: domain.Ccp1Status
    convocations: list[domain.Convocation]
    """Every convocation, the earliest exam first."""
    pix_results: list[domain.PixResult]
    double_certification: domain.DoubleCertification | None
    full_title: domain.FullTitleEnrolment | None


async def exam_session_view(
    uow: CertificationUnitOfWork, exam_session_id: str, caller: Caller
) -> ExamSessionView:
    """A session and its convocations; one the caller may not see does not exist (404)."""
    session = await uow.exam_sessions.get(exam_session_id)
    if session is None or not caller.may_see(session.stake):
        raise domain.UnknownExamSession("no exam session with this id")
    return ExamSessionView(session, await uow.convocations.of_session(exam_session_id))


async def certification_record(
    uow: CertificationUnitOfWork, conseiller_id: str, caller: Caller
) -> CertificationRecord:
    """The conseiller's record, seen by their structure, their training organisation, the
    certifiers who convened them and Pix; for anyone else it does not exist (404)."""
    candidate = await uow.candidates.get(conseiller_id)
    convocations = await uow.convocations.of_conseiller(conseiller_id)
    certifiers = {convocation.certifier for convocation in convocations}
    if candidate is None or not caller.may_see(candidate.stake(certifiers)):
        raise domain.UnknownConseiller("no certification for this conseiller")
    return CertificationRecord(
        candidate=candidate,
        ccp1=domain.ccp1_status(convocations),
        convocations=convocations,
        pix_results=await uow.pix_results.of_conseiller(conseiller_id),
        double_certification=await uow.double_certifications.get(conseiller_id),
        full_title=await uow.full_title.get(conseiller_id),
    )


async def region_counts(uow: CertificationUnitOfWork, caller: Caller, region: str) -> RegionCounts:
    """Conseillers of the region at each step; a regional caller asks for its own (403)."""
    caller.check_region(region)
    return await uow.figures.region_counts(region)

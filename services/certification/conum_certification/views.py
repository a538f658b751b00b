"""The read side: an exam session, a conseiller's certification record, a region's counts,
each as the caller may see it."""

from __future__ import annotations

from dataclasses import dataclass

from conum_kernel.access import Caller
from conum_runtime.key_order import KeyRange, regions_listed, rows_in_key_order

from conum_certification import domain
from conum_certification.store import CertificationUnitOfWork
from conum_certification.store.repositories import RegionCounts
from conum_certification.store.tables import metadata

_CONSEILLERS = metadata.tables["conseillers"]


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


@dataclass(frozen=True)
class Candidates:
    """A page of candidates in the order of their ids; ``next_after`` when more follow."""

    items: list[domain.Candidate]
    next_after: str | None


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


async def in_key_order(uow: CertificationUnitOfWork, caller: Caller, keys: KeyRange) -> Candidates:
    """What the service holds of each conseiller of the caller's regions (training facts of
    the current enrolment), in the order of conseiller ids (the primary key), a page at a
    time: what reconciliation compares (decision 0036)."""
    page = await rows_in_key_order(
        await uow.session.connection(),
        _CONSEILLERS.select(),
        _CONSEILLERS.c.conseiller_id,
        _CONSEILLERS.c.region,
        regions_listed(caller),
        keys,
    )
    candidates = [
        domain.Candidate(
            **(row._asdict() | {"earlier_enrolment_ids": tuple(row.earlier_enrolment_ids.split())})
        )
        for row in page.rows
    ]
    return Candidates(candidates, page.next_after)

"""The read side: what the HTTP API shows of a conseiller's certification and of a region."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from conum_certification import domain
from conum_certification.candidate import TrainingState
from conum_certification.store import CertificationUnitOfWork


class ConvocationOut(BaseModel):
    conseiller_id: str
    exam_session_id: str
    region: str
    exam_on: date
    certifier: str
    result: domain.Ccp1Result | None
    decided_on: date | None


class PixResultOut(BaseModel):
    score: int
    certified: bool
    recorded_on: date


class DoubleCertificationOut(BaseModel):
    ccp1_passed_on: date
    pix_certified_on: date


class OrganisationOut(BaseModel):
    id: str
    name: str


class FullTitleOut(BaseModel):
    conseiller_id: str
    region: str
    department: str
    organisation: OrganisationOut
    hours: int
    weeks: int
    starts_on: date


class ConseillerCertificationOut(BaseModel):
    conseiller_id: str
    region: str
    training: TrainingState
    path_hours: int | None
    ccp1: str  # not_convened, convened, passed, failed
    convocations: list[ConvocationOut]
    pix_results: list[PixResultOut]
    double_certification: DoubleCertificationOut | None
    full_title: FullTitleOut | None


def convocation_out(convocation: domain.Convocation) -> ConvocationOut:
    return ConvocationOut(
        conseiller_id=convocation.conseiller_id,
        exam_session_id=convocation.exam_session_id,
        region=convocation.region,
        exam_on=convocation.exam_on,
        certifier=convocation.certifier,
        result=convocation.result,
        decided_on=convocation.decided_on,
    )


def full_title_out(enrolment: domain.FullTitleEnrolment) -> FullTitleOut:
    return FullTitleOut(
        conseiller_id=enrolment.conseiller_id,
        region=enrolment.region,
        department=enrolment.department,
        organisation=OrganisationOut(
            id=enrolment.organisation.id, name=enrolment.organisation.name
        ),
        hours=enrolment.hours,
        weeks=enrolment.weeks,
        starts_on=enrolment.starts_on,
    )


def ccp1_status(convocations: list[domain.Convocation]) -> str:
    if any(c.result is domain.Ccp1Result.PASSED for c in convocations):
        return "passed"
    if any(c.result is None for c in convocations):
        return "convened"
    return "failed" if convocations else "not_convened"


async def conseiller_certification(
    uow: CertificationUnitOfWork, conseiller_id: str
) -> ConseillerCertificationOut | None:
    candidate = await uow.candidates.get(conseiller_id)
    if candidate is None:
        return None
    convocations = await uow.convocations.of_conseiller(conseiller_id)
    double = await uow.double_certifications.get(conseiller_id)
    full_title = await uow.full_title.get(conseiller_id)
    return ConseillerCertificationOut(
        conseiller_id=conseiller_id,
        region=candidate.region,
        training=candidate.training_state,
        path_hours=candidate.path_hours,
        ccp1=ccp1_status(convocations),
        convocations=[convocation_out(c) for c in convocations],
        pix_results=[
            PixResultOut(score=p.score, certified=p.certified, recorded_on=p.recorded_on)
            for p in await uow.pix_results.of_conseiller(conseiller_id)
        ],
        double_certification=None
        if double is None
        else DoubleCertificationOut(
            ccp1_passed_on=double.ccp1_passed_on, pix_certified_on=double.pix_certified_on
        ),
        full_title=None if full_title is None else full_title_out(full_title),
    )

"""HTTP bodies and answers of the certification service, each answer mapping itself from the
domain or a read model (``of``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any

from conum_runtime.http.fields import (
    PageOut,
    RegionCode,
    RequestBody,
    Slug,
    StrictBool,
    Uuid,
    json_integer,
)
from pydantic import BaseModel, Field

from conum_certification import domain
from conum_certification.handlers.commands import ImportReport, Rejection
from conum_certification.store.repositories import RegionCounts
from conum_certification.views import CertificationRecord, ExamSessionView

PixScore = Annotated[int, Field(ge=0, le=domain.PIX_MAX_SCORE), json_integer]


class ExamSessionIn(RequestBody):
    exam_on: date = Field(description="Day of the exam.")
    region: RegionCode = Field(description="Region of the session and of its conseillers.")
    certifier: Slug = Field(
        description="Certifier holding the session, e.g. `afpa`; a certifier token naming its "
        "certifier holds sessions for it only."
    )


class ConvocationIn(RequestBody):
    conseiller_id: Uuid


class Ccp1ResultIn(RequestBody):
    conseiller_id: Uuid
    result: domain.Ccp1Result
    decided_on: date = Field(description="Day of the jury's decision, not before the exam.")


class PixResultIn(RequestBody):
    conseiller_id: Uuid
    score: PixScore = Field(description="Pix certification score, 0 to 1024 pix.")
    certified: StrictBool = Field(description="Whether the Pix certification was obtained.")
    recorded_on: date = Field(description="Day the result is recorded; one result a day.")


class FullTitleIn(RequestBody):
    conseiller_id: Uuid
    starts_on: date = Field(description="First day of the 17-week track.")


class ConvocationOut(BaseModel):
    conseiller_id: str
    exam_session_id: str
    region: str
    exam_on: date
    certifier: str
    result: domain.Ccp1Result | None
    decided_on: date | None

    @classmethod
    def of(cls, convocation: domain.Convocation) -> ConvocationOut:
        return cls(
            conseiller_id=convocation.conseiller_id,
            exam_session_id=convocation.exam_session_id,
            region=convocation.region,
            exam_on=convocation.exam_on,
            certifier=convocation.certifier,
            result=convocation.result,
            decided_on=convocation.decided_on,
        )


class ExamSessionOut(BaseModel):
    exam_session_id: str
    exam_on: date
    region: str
    certifier: str
    convocations: list[ConvocationOut] = Field(default_factory=list)

    @classmethod
    def of(
        cls, session: domain.ExamSession, convocations: Sequence[domain.Convocation] = ()
    ) -> ExamSessionOut:
        return cls(
            exam_session_id=session.exam_session_id,
            exam_on=session.exam_on,
            region=session.region,
            certifier=session.certifier,
            convocations=[ConvocationOut.of(c) for c in convocations],
        )

    @classmethod
    def of_view(cls, view: ExamSessionView) -> ExamSessionOut:
        return cls.of(view.session, view.convocations)


class PixResultOut(BaseModel):
    score: int
    certified: bool
    recorded_on: date

    @classmethod
    def of(cls, result: domain.PixResult) -> PixResultOut:
        return cls(score=result.score, certified=result.certified, recorded_on=result.recorded_on)


class DoubleCertificationOut(BaseModel):
    ccp1_passed_on: date
    pix_certified_on: date

    @classmethod
    def of(cls, certification: domain.DoubleCertification) -> DoubleCertificationOut:
        return cls(
            ccp1_passed_on=certification.ccp1_passed_on,
            pix_certified_on=certification.pix_certified_on,
        )


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

    @classmethod
    def of(cls, enrolment: domain.FullTitleEnrolment) -> FullTitleOut:
        return cls(
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


class CandidateStateOut(BaseModel):
    """A conseiller's training facts (no personal data): what reconciliation compares."""

    conseiller_id: str
    region: str
    enrolment_id: str | None = Field(
        description="The enrolment the training facts belong to (the current one)."
    )
    training: domain.TrainingState
    path_hours: int | None
    enrolled_on: date | None
    training_starts_on: date | None
    training_planned_end_on: date | None
    training_completed_on: date | None
    withdrawn_on: date | None

    @classmethod
    def of(cls, candidate: domain.Candidate) -> CandidateStateOut:
        """From the store's typed facts: built without validating again (a listing holds up
        to 5,000 of them)."""
        return cls.model_construct(**_training_facts(candidate))


def _training_facts(candidate: domain.Candidate) -> dict[str, Any]:
    return {
        "conseiller_id": candidate.conseiller_id,
        "region": candidate.region,
        "enrolment_id": candidate.enrolment_id,
        "training": candidate.training_state,
        "path_hours": candidate.path_hours,
        "enrolled_on": candidate.enrolled_on,
        "training_starts_on": candidate.training_starts_on,
        "training_planned_end_on": candidate.training_planned_end_on,
        "training_completed_on": candidate.training_completed_on,
        "withdrawn_on": candidate.withdrawn_on,
    }


class CandidateStatePage(PageOut[CandidateStateOut]):
    pass


class ConseillerCertificationOut(CandidateStateOut):
    ccp1: domain.Ccp1Status
    convocations: list[ConvocationOut]
    pix_results: list[PixResultOut]
    double_certification: DoubleCertificationOut | None
    full_title: FullTitleOut | None

    @classmethod
    def of_record(cls, record: CertificationRecord) -> ConseillerCertificationOut:
        double = record.double_certification
        return cls(
            **_training_facts(record.candidate),
            ccp1=record.ccp1,
            convocations=[ConvocationOut.of(c) for c in record.convocations],
            pix_results=[PixResultOut.of(p) for p in record.pix_results],
            double_certification=None if double is None else DoubleCertificationOut.of(double),
            full_title=None if record.full_title is None else FullTitleOut.of(record.full_title),
        )


class RegionCertificationOut(BaseModel):
    """Conseillers of the region at each step; ``failed``: failed and not (yet) passed."""

    region: str
    convened: int
    awaiting_result: int
    passed: int
    failed: int
    pix_certified: int
    double_certified: int
    full_title_enrolled: int

    @classmethod
    def of(cls, region: str, counts: RegionCounts) -> RegionCertificationOut:
        return cls(
            region=region,
            convened=counts.convened,
            awaiting_result=counts.awaiting_result,
            passed=counts.passed,
            failed=counts.failed,
            pix_certified=counts.pix_certified,
            double_certified=counts.double_certified,
            full_title_enrolled=counts.full_title_enrolled,
        )


class RejectionOut(BaseModel):
    row: int = Field(description="The row's number in the spreadsheet (the header is row 1).")
    reason: str = Field(description="Stable code: the refusal's, or the faulty column's.")
    detail: str

    @classmethod
    def of(cls, rejection: Rejection) -> RejectionOut:
        return cls(row=rejection.row, reason=rejection.reason, detail=rejection.detail)


class ImportOut(BaseModel):
    applied: int
    rejected: list[RejectionOut]

    @classmethod
    def of(cls, report: ImportReport) -> ImportOut:
        return cls(applied=report.applied, rejected=[RejectionOut.of(r) for r in report.rejected])

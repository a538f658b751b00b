"""HTTP bodies and answers of the certification service, each answer read from the domain or
a read model (``of``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Self

from conum_runtime.http.answers import Answer
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


class ConvocationOut(Answer[domain.Convocation]):
    conseiller_id: str
    exam_session_id: str
    region: str
    exam_on: date
    certifier: str
    result: domain.Ccp1Result | None
    decided_on: date | None


class ExamSessionOut(Answer[domain.ExamSession]):
    exam_session_id: str
    exam_on: date
    region: str
    certifier: str
    convocations: list[ConvocationOut] = Field(default_factory=list)

    @classmethod
    def of_view(cls, view: ExamSessionView) -> ExamSessionOut:
        return cls.of(view.session, convocations=view.convocations)


class PixResultOut(Answer[domain.PixResult]):
    score: int
    certified: bool
    recorded_on: date


class DoubleCertificationOut(Answer[domain.DoubleCertification]):
    ccp1_passed_on: date
    pix_certified_on: date


class OrganisationOut(Answer[domain.Organisation]):
    id: str
    name: str


class FullTitleOut(Answer[domain.FullTitleEnrolment]):
    conseiller_id: str
    region: str
    department: str
    organisation: OrganisationOut
    hours: int
    weeks: int
    starts_on: date


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
    def of_candidate(cls, candidate: domain.Candidate) -> CandidateStateOut:
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


class ConseillerCertificationOut(CandidateStateOut, Answer[CertificationRecord]):
    ccp1: domain.Ccp1Status
    convocations: list[ConvocationOut]
    pix_results: list[PixResultOut]
    double_certification: DoubleCertificationOut | None
    full_title: FullTitleOut | None

    @classmethod
    def of(cls, source: CertificationRecord, /, *parts: object, **given: Any) -> Self:
        """The record's fields, then its candidate's."""
        candidate = source.candidate
        training = candidate.training_state
        return super().of(source, candidate, *parts, training=training, **given)


class RegionCertificationOut(Answer[RegionCounts]):
    """Conseillers of the region at each step; ``failed``: failed and not (yet) passed."""

    region: str
    convened: int
    awaiting_result: int
    passed: int
    failed: int
    pix_certified: int
    double_certified: int
    full_title_enrolled: int


class RejectionOut(Answer[Rejection]):
    row: int = Field(description="The row's number in the spreadsheet (the header is row 1).")
    reason: str = Field(description="Stable code: the refusal's, or the faulty column's.")
    detail: str


class ImportOut(Answer[ImportReport]):
    applied: int
    rejected: list[RejectionOut]

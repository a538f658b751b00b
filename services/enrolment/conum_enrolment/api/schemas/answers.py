"""What the enrolment service answers: each answer read from the domain or a view (``of``),
and the pages of lists."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Self

from conum_runtime.http.answers import Answer
from conum_runtime.http.fields import PageOut
from pydantic import BaseModel, Field
from sqlalchemy import Row

from conum_enrolment import domain
from conum_enrolment.views import AttendanceView, DepartmentView, EnrolmentView


class ErasureOut(Answer[domain.Erasure]):
    """What is kept of an erasure: no personal data."""

    conseiller_id: str
    reason: domain.ErasureReason
    requested_by: str = Field(description="Role of the caller who asked")
    erased_at: datetime


class OrganisationOut(Answer[domain.TrainingOrganisation]):
    id: str
    name: str


class HabilitationOut(Answer[domain.Habilitation]):
    scheme: domain.HabilitationScheme
    requested_on: date
    granted_on: date | None


class StructureOut(Answer[domain.Structure]):
    structure_id: str
    siret: str
    name: str
    kind: domain.StructureKind
    department: str
    region: str
    habilitations: list[HabilitationOut]

    @classmethod
    def of(cls, source: domain.Structure, /, *parts: object, **given: Any) -> Self:
        department, habilitations = source.department.code, list(source.habilitations.values())
        return super().of(
            source, *parts, department=department, habilitations=habilitations, **given
        )


class PersonOut(Answer[domain.Person]):
    first_name: str
    last_name: str
    email: str


class PathOut(Answer[domain.TrainingPath]):
    hours: int
    weeks: int
    alternance_days_per_week: int
    assigned_on: date


class EnrolmentOut(Answer[domain.Enrolment]):
    conseiller_id: str
    enrolment_id: str = Field(
        description="This enrolment's own id: a re-enrolment after a withdrawal gets a new one."
    )
    structure_id: str
    department: str
    region: str
    scheme: domain.Scheme
    employment: domain.Employment
    remote: bool
    training_organisation: OrganisationOut
    enrolled_on: date
    state: domain.EnrolmentState
    path: PathOut | None
    cohort_id: str | None
    starts_on: date | None
    planned_end_on: date | None
    attendance_breached: bool
    completed_on: date | None
    withdrawn_on: date | None
    withdrawal_reason: domain.WithdrawalReason | None
    withdrawal_detail: str | None
    person: PersonOut | None = Field(
        default=None,
        description="Only for host structures, training organisations, national coordinators",
    )
    person_erased: bool = Field(
        default=False, description="The person's names and e-mail were erased for good"
    )

    @classmethod
    def of(cls, source: domain.Enrolment, /, *parts: object, **given: Any) -> Self:
        """Without ``person`` unless given (only some callers see personal data)."""
        return super().of(source, *parts, department=source.department.code, **given)

    @classmethod
    def of_view(cls, view: EnrolmentView) -> EnrolmentOut:
        return cls.of(view.enrolment, person=view.person, person_erased=view.erased)


class AttendanceOut(Answer[AttendanceView]):
    conseiller_id: str
    days_elapsed: int
    days_present: int
    hours_attended: float
    attendance_rate: float
    attendance_breached: bool
    state: domain.EnrolmentState

    @classmethod
    def of(cls, source: AttendanceView, /, *parts: object, **given: Any) -> Self:
        """The enrolment's fields, then its report's (``rate`` as ``attendance_rate``)."""
        enrolment, report = source.enrolment, source.report
        rate = report.rate
        return super().of(source, enrolment, report, *parts, attendance_rate=rate, **given)


class CohortOut(Answer[domain.Cohort]):
    cohort_id: str
    training_organisation: OrganisationOut
    region: str
    path_hours: int
    formed_on: date
    starts_on: date
    ends_on: date
    conseiller_ids: list[str]
    referent_id: str | None

    @classmethod
    def of(cls, source: domain.Cohort, /, *parts: object, **given: Any) -> Self:
        members = list(source.member_ids)
        return super().of(source, *parts, conseiller_ids=members, **given)


class StructurePage(PageOut[StructureOut]):
    pass


class EnrolmentPage(PageOut[EnrolmentOut]):
    pass


class CohortPage(PageOut[CohortOut]):
    pass


class EnrolmentStateOut(BaseModel):
    """An enrolment as reconciliation compares it: ids, codes and days, no personal data."""

    conseiller_id: str
    enrolment_id: str
    state: domain.EnrolmentState
    region: str
    scheme: domain.Scheme
    structure_id: str
    training_organisation_id: str
    enrolled_on: date
    path_hours: int | None
    starts_on: date | None
    planned_end_on: date | None
    completed_on: date | None
    withdrawn_on: date | None

    @classmethod
    def of(cls, row: Row[Any]) -> EnrolmentStateOut:
        """From the store's typed columns: built without validating again (a listing holds
        up to 5,000 of them)."""
        values = row._asdict()
        values["state"] = domain.EnrolmentState(row.state)
        values["scheme"] = domain.Scheme(row.scheme)
        return cls.model_construct(**values)


class EnrolmentStatePage(PageOut[EnrolmentStateOut]):
    pass


class DepartmentOut(Answer[DepartmentView]):
    code: str
    name: str
    region: str
    region_name: str
    training_organisations: dict[str, OrganisationOut] = Field(
        description="The reference training organisation of each scheme (in person)."
    )

    @classmethod
    def of(cls, source: DepartmentView, /, *parts: object, **given: Any) -> Self:
        department, region = source.department, source.department.region
        organisations = dict(source.organisations)
        return super().of(
            source,
            department,
            *parts,
            region=region.code,
            region_name=region.name,
            training_organisations=organisations,
            **given,
        )


class ReferenceOut(BaseModel):
    """What the reference data in use holds, after a reload."""

    training_organisations: int
    schemes: list[str]


class ContactOut(Answer[domain.Person]):
    """Whom the notifier writes to: personal data, for the ``notifier`` role only."""

    conseiller_id: str
    first_name: str
    last_name: str
    email: str

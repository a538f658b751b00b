"""HTTP bodies and answers of the enrolment API (the OpenAPI document is generated from them)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from conum_enrolment import domain
from conum_enrolment.repositories import Person

Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=320)]
Name = Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S")]
Uuid = Annotated[
    str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StructureIn(Body):
    siret: str = Field(pattern=r"^\d{14}$", description="14 digits, Luhn checksum")
    name: str = Field(min_length=1, max_length=300)
    kind: domain.StructureKind
    department: str = Field(min_length=2, max_length=3, description="INSEE department code")


class HabilitationIn(Body):
    scheme: domain.HabilitationScheme


class HabilitationOut(BaseModel):
    scheme: str
    requested_on: date
    granted_on: date | None


class StructureOut(BaseModel):
    structure_id: str
    siret: str
    name: str
    kind: domain.StructureKind
    department: str
    region: str
    habilitations: list[HabilitationOut]


class PersonIn(Body):
    first_name: Name
    last_name: Name
    email: Email


class PersonOut(BaseModel):
    first_name: str
    last_name: str
    email: str


class EnrolmentIn(Body):
    structure_id: Uuid
    scheme: Literal["2021", "2024"]
    employment: domain.Employment = Field(
        description="`recruited`, or `hiring_promise` (opens POEI with Pôle emploi)"
    )
    remote: bool = False
    remote_impossibility_reason: str | None = Field(
        default=None,
        max_length=500,
        description="Required for remote training; a lockdown is not an impossibility.",
    )
    person: PersonIn


class WithdrawalIn(Body):
    reason: str = Field(
        pattern=r"^[a-z][a-z0-9_]{2,99}$",
        description="A short reason code such as `resigned_from_structure`, never personal details",
    )


class AttendanceIn(Body):
    present: bool


class ReferentIn(Body):
    conseiller_id: Uuid


class PathOut(BaseModel):
    hours: int
    weeks: int
    alternance_days_per_week: int
    assigned_on: date


class EnrolmentOut(BaseModel):
    conseiller_id: str
    structure_id: str
    department: str
    region: str
    scheme: str
    employment: str
    remote: bool
    training_organisation: dict[str, str]
    enrolled_on: date
    state: str
    path: PathOut | None
    cohort_id: str | None
    starts_on: date | None
    planned_end_on: date | None
    attendance_breached: bool
    completed_on: date | None
    withdrawn_on: date | None
    withdrawal_reason: str | None
    person: PersonOut | None = Field(
        default=None, description="Only for host structures, training organisations, national"
    )


class EnrolmentPage(BaseModel):
    items: list[EnrolmentOut]
    next_cursor: str | None


class AttendanceOut(BaseModel):
    conseiller_id: str
    days_elapsed: int
    days_present: int
    hours_attended: float
    attendance_rate: float
    attendance_breached: bool
    state: str


class CohortOut(BaseModel):
    cohort_id: str
    training_organisation: dict[str, str]
    region: str
    path_hours: int
    formed_on: date
    starts_on: date
    ends_on: date
    conseiller_ids: list[str]
    referent_id: str | None


class CohortPage(BaseModel):
    items: list[CohortOut]
    next_cursor: str | None


class StructurePage(BaseModel):
    items: list[StructureOut]
    next_cursor: str | None


class DepartmentOut(BaseModel):
    code: str
    name: str
    region: str
    region_name: str
    training_organisations: dict[str, dict[str, str]]
    full_title_organisation: dict[str, str] | None


def structure_out(structure: domain.Structure) -> StructureOut:
    return StructureOut(
        structure_id=structure.structure_id,
        siret=structure.siret,
        name=structure.name,
        kind=structure.kind,
        department=structure.department.code,
        region=structure.region,
        habilitations=[
            HabilitationOut(
                scheme=h.scheme.value, requested_on=h.requested_on, granted_on=h.granted_on
            )
            for h in structure.habilitations.values()
        ],
    )


def organisation_out(organisation: domain.TrainingOrganisation) -> dict[str, str]:
    return {"id": organisation.id, "name": organisation.name}


def enrolment_out(enrolment: domain.Enrolment, person: Person | None = None) -> EnrolmentOut:
    path = enrolment.path
    return EnrolmentOut(
        conseiller_id=enrolment.conseiller_id,
        structure_id=enrolment.structure_id,
        department=enrolment.department.code,
        region=enrolment.region,
        scheme=enrolment.scheme.value,
        employment=enrolment.employment.value,
        remote=enrolment.remote,
        training_organisation=organisation_out(enrolment.training_organisation),
        enrolled_on=enrolment.enrolled_on,
        state=enrolment.state.value,
        path=PathOut(
            hours=path.hours,
            weeks=path.weeks,
            alternance_days_per_week=path.alternance_days_per_week,
            assigned_on=path.assigned_on,
        )
        if path
        else None,
        cohort_id=enrolment.cohort_id,
        starts_on=enrolment.starts_on,
        planned_end_on=enrolment.planned_end_on,
        attendance_breached=enrolment.attendance_breached,
        completed_on=enrolment.completed_on,
        withdrawn_on=enrolment.withdrawn_on,
        withdrawal_reason=enrolment.withdrawal_reason,
        person=PersonOut(
            first_name=person.first_name, last_name=person.last_name, email=person.email
        )
        if person
        else None,
    )


def cohort_out(cohort: domain.Cohort) -> CohortOut:
    return CohortOut(
        cohort_id=cohort.cohort_id,
        training_organisation=organisation_out(cohort.training_organisation),
        region=cohort.region,
        path_hours=cohort.path_hours,
        formed_on=cohort.formed_on,
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        conseiller_ids=list(cohort.member_ids),
        referent_id=cohort.referent_id,
    )

"""HTTP routes of initial training: attendance days, cohorts and their referent."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from conum_runtime.auth import CurrentActor, Role, require_role
from fastapi import APIRouter, Query

from conum_enrolment import domain, handlers, training_handlers
from conum_enrolment.edge import (
    Policy,
    Scope,
    Today,
    Uow,
    decode_cursor,
    encode_cursor,
    listed_regions,
    organisation_of,
)
from conum_enrolment.schemas import (
    AttendanceIn,
    AttendanceOut,
    CohortOut,
    CohortPage,
    ReferentIn,
    cohort_out,
)

router = APIRouter()


def attendance_out(enrolment: domain.Enrolment, report: domain.AttendanceReport) -> AttendanceOut:
    return AttendanceOut(
        conseiller_id=enrolment.conseiller_id,
        days_elapsed=report.days_elapsed,
        days_present=report.days_present,
        hours_attended=report.hours_attended,
        attendance_rate=report.rate,
        attendance_breached=enrolment.attendance_breached,
        state=enrolment.state.value,
    )


@router.put("/enrolments/{conseiller_id}/attendance/{day}", tags=["attendance"])
async def record_attendance(
    conseiller_id: str,
    day: date,
    body: AttendanceIn,
    actor: CurrentActor,
    scope: Scope,
    uow: Uow,
    today: Today,
    policy: Policy,
) -> AttendanceOut:
    """The training organisation records a training day, present or absent (a second call
    for the same day corrects it)."""
    require_role(actor, Role.TRAINING_ORGANISATION)
    command = training_handlers.RecordAttendance(
        conseiller_id, domain.AttendanceDay(day, body.present)
    )
    async with uow:
        enrolment, outcome = await training_handlers.record_attendance(
            command, uow, scope, today, policy, organisation_of(actor)
        )
    return attendance_out(enrolment, outcome.report)


@router.get("/enrolments/{conseiller_id}/attendance", tags=["attendance"])
async def get_attendance(
    conseiller_id: str, scope: Scope, uow: Uow, policy: Policy
) -> AttendanceOut:
    async with uow:
        enrolment = await handlers.enrolment_of(uow, conseiller_id, scope)
        days = await uow.attendance.days_of(conseiller_id)
    return attendance_out(enrolment, domain.attendance_report(days, policy))


@router.get("/cohorts", tags=["cohorts"])
async def list_cohorts(
    scope: Scope,
    uow: Uow,
    region: str | None = None,
    training_organisation: str | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CohortPage:
    async with uow:
        page = await uow.cohorts.list(
            regions=listed_regions(scope, region),
            training_organisation_id=training_organisation,
            after=decode_cursor(cursor),
            limit=limit,
        )
    return CohortPage(
        items=[cohort_out(c) for c in page.items], next_cursor=encode_cursor(page.next_after)
    )


@router.get("/cohorts/{cohort_id}", tags=["cohorts"])
async def get_cohort(cohort_id: str, scope: Scope, uow: Uow) -> CohortOut:
    async with uow:
        cohort = await uow.cohorts.get(cohort_id)
    if cohort is None or not scope.allows(cohort.region):
        raise domain.UnknownCohort(f"no cohort {cohort_id}")
    return cohort_out(cohort)


@router.post("/cohorts/{cohort_id}/referent", tags=["cohorts"])
async def designate_referent(
    cohort_id: str,
    body: ReferentIn,
    actor: CurrentActor,
    scope: Scope,
    uow: Uow,
    today: Today,
    policy: Policy,
) -> CohortOut:
    """The training organisation records the referent the learners designated."""
    require_role(actor, Role.TRAINING_ORGANISATION)
    command = training_handlers.DesignateReferent(cohort_id, body.conseiller_id)
    async with uow:
        cohort = await training_handlers.designate_referent(
            command, uow, scope, today, policy, organisation_of(actor)
        )
    return cohort_out(cohort)

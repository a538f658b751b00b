"""Initial training: attendance days, cohorts and their referent."""

from __future__ import annotations

from datetime import date

from conum_kernel.access import Role
from conum_runtime.http.dependencies import CurrentCaller, Today, allow
from conum_runtime.http.fields import Cursor, Limit, RegionCode, Slug, Uuid
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router

from conum_enrolment import domain, views
from conum_enrolment.api.routes import Uow
from conum_enrolment.api.schemas import (
    AttendanceIn,
    AttendanceOut,
    CohortOut,
    CohortPage,
    ReferentIn,
)
from conum_enrolment.handlers import commands

router = new_router()


@router.put(
    "/enrolments/{conseiller_id}/attendance/{day}",
    tags=["attendance"],
    responses=problems(403, 404, 409),
    dependencies=[allow(Role.TRAINING_ORGANISATION)],
)
async def record_attendance(
    conseiller_id: Uuid,
    day: date,
    body: AttendanceIn,
    caller: CurrentCaller,
    uow: Uow,
    today: Today,
) -> AttendanceOut:
    """The training organisation records a training day, present or absent (a second call
    for the same day corrects it)."""
    command = commands.RecordAttendance(conseiller_id, domain.AttendanceDay(day, body.present))
    async with uow:
        enrolment, outcome = await commands.record_attendance(command, uow, caller, today)
    return AttendanceOut.of(views.AttendanceView(enrolment, outcome.report))


@router.get("/enrolments/{conseiller_id}/attendance", tags=["attendance"], responses=problems(404))
async def get_attendance(conseiller_id: Uuid, caller: CurrentCaller, uow: Uow) -> AttendanceOut:
    async with uow:
        return AttendanceOut.of(await views.attendance(uow, conseiller_id, caller))


@router.get("/cohorts", tags=["cohorts"], responses=problems(403))
async def list_cohorts(
    caller: CurrentCaller,
    uow: Uow,
    region: RegionCode | None = None,
    training_organisation: Slug | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> CohortPage:
    """The cohorts the caller may see, ordered by id, a page at a time."""
    async with uow:
        page = await views.cohorts(
            uow,
            caller,
            region=region,
            training_organisation=training_organisation,
            after=cursor,
            limit=limit,
        )
    return CohortPage(items=[CohortOut.of(c) for c in page.items], next_cursor=page.next_after)


@router.get("/cohorts/{cohort_id}", tags=["cohorts"], responses=problems(404))
async def get_cohort(cohort_id: Uuid, caller: CurrentCaller, uow: Uow) -> CohortOut:
    async with uow:
        return CohortOut.of(await commands.cohort_for(uow, cohort_id, caller))


@router.post(
    "/cohorts/{cohort_id}/referent",
    tags=["cohorts"],
    responses=problems(403, 404, 409),
    dependencies=[allow(Role.TRAINING_ORGANISATION)],
)
async def designate_referent(
    cohort_id: Uuid, body: ReferentIn, caller: CurrentCaller, uow: Uow, today: Today
) -> CohortOut:
    """The training organisation records the referent the learners designated."""
    command = commands.DesignateReferent(cohort_id, body.conseiller_id)
    async with uow:
        return CohortOut.of(await commands.designate_referent(command, uow, caller, today))

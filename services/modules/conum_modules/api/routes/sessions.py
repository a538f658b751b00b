"""Sessions of the regional hubs: the calendar, and what the hub records of a session."""

from __future__ import annotations

from datetime import date

from conum_kernel.access import Role
from conum_runtime.http.dependencies import CurrentCaller, Today, allow
from conum_runtime.http.fields import Cursor, Limit, RegionCode, Uuid
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router
from fastapi import status

from conum_modules import views
from conum_modules.api.routes import Uow
from conum_modules.api.schemas import (
    AttendanceIn,
    AttendanceOut,
    CancellationIn,
    CompletionOut,
    RegistrationOut,
    SessionIn,
    SessionOut,
    SessionPageOut,
    SurveyIn,
    SurveyOut,
)
from conum_modules.domain import SessionState
from conum_modules.handlers import commands

router = new_router(tags=["sessions"])
HUB = allow(Role.REGIONAL_HUB)


@router.post(
    "/sessions",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 404, 409, 422),
    dependencies=[HUB],
)
async def schedule_session(
    body: SessionIn, caller: CurrentCaller, uow: Uow, today: Today
) -> SessionOut:
    """The hub schedules a session in its region; the days must follow the module's kind."""
    command = commands.ScheduleSession(
        body.module_id, body.region, [day.day() for day in body.days], body.capacity, body.place
    )
    async with uow:
        session = await commands.schedule_session(command, uow, caller, today)
    async with uow:
        return SessionOut.of(await views.session_view(uow, session.session_id, caller))


@router.get("/sessions", responses=problems(403))
async def list_sessions(
    caller: CurrentCaller,
    uow: Uow,
    region: RegionCode | None = None,
    module_id: Uuid | None = None,
    state: SessionState | None = None,
    since: date | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> SessionPageOut:
    """The calendar of the caller's regions, with each session's fill and waiting list."""
    async with uow:
        page = await views.sessions(
            uow,
            caller,
            region=region,
            module_id=module_id,
            state=state,
            since=since,
            after=cursor,
            limit=limit,
        )
    return SessionPageOut.of(page)


@router.get("/sessions/{session_id}", responses=problems(404))
async def get_session(session_id: Uuid, caller: CurrentCaller, uow: Uow) -> SessionOut:
    async with uow:
        return SessionOut.of(await views.session_view(uow, session_id, caller))


@router.post(
    "/sessions/{session_id}/cancellation",
    responses=problems(403, 404, 409),
    dependencies=[HUB],
)
async def cancel_session(
    session_id: Uuid, body: CancellationIn, caller: CurrentCaller, uow: Uow, today: Today
) -> SessionOut:
    """Cancel the session: its registrations are cancelled too."""
    command = commands.CancelSession(session_id, body.reason)
    async with uow:
        await commands.cancel_session(command, uow, caller, today)
    async with uow:
        return SessionOut.of(await views.session_view(uow, session_id, caller))


@router.get(
    "/sessions/{session_id}/registrations",
    responses=problems(403, 404),
    dependencies=[allow(Role.REGIONAL_HUB, Role.NATIONAL_COORDINATOR)],
)
async def list_registrations(
    session_id: Uuid, caller: CurrentCaller, uow: Uow
) -> list[RegistrationOut]:
    """Who holds a seat, who waits (with their position), who cancelled."""
    async with uow:
        found = await views.session_registrations(uow, session_id, caller)
    return [RegistrationOut.of(view) for view in found]


@router.post(
    "/sessions/{session_id}/attendance",
    responses=problems(403, 404, 409, 422),
    dependencies=[HUB],
)
async def record_attendance(
    session_id: Uuid, body: AttendanceIn, caller: CurrentCaller, uow: Uow, today: Today
) -> AttendanceOut:
    """Who attended one day; recording the day again corrects it, until completion."""
    command = commands.RecordAttendance(session_id, body.on, body.present)
    async with uow:
        return AttendanceOut.of(await commands.record_attendance(command, uow, caller, today))


@router.post(
    "/sessions/{session_id}/completion",
    responses=problems(403, 404, 409),
    dependencies=[HUB],
)
async def complete_session(
    session_id: Uuid, caller: CurrentCaller, uow: Uow, today: Today
) -> CompletionOut:
    """After the last day, every day recorded: those present each day completed the module."""
    async with uow:
        return CompletionOut.of(
            await commands.complete_session(
                commands.CompleteSession(session_id), uow, caller, today
            )
        )


@router.post(
    "/sessions/{session_id}/evaluation",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 404, 409, 422),
    dependencies=[HUB],
)
async def evaluate_session(
    session_id: Uuid, body: SurveyIn, caller: CurrentCaller, uow: Uow
) -> SurveyOut:
    """Close the session's satisfaction survey with its answers (once, after completion)."""
    command = commands.EvaluateSession(session_id, [answer.answer() for answer in body.answers])
    async with uow:
        return SurveyOut.of(await commands.evaluate_session(command, uow, caller))

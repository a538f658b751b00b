"""HTTP routes and consumed events of the certification service: translate, authorise,
call a handler."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from datetime import date
from typing import Annotated

from conum_contracts.common import SLUG_PATTERN, UUID_PATTERN
from conum_contracts.enrolment import (
    ConseillerEnrolledV1,
    ConseillerWithdrawnV1,
    TrainingCompletedV1,
    TrainingStartedV1,
)
from conum_contracts.positioning import PathAssignedV1
from conum_runtime.auth import CurrentActor, Role, require_role
from conum_runtime.consumer import EventHandler
from fastapi import APIRouter, Depends, HTTPException, Path, Request, status
from pydantic import BaseModel, ConfigDict, Field

from conum_certification import domain, handlers, imports, projection, refusals, views
from conum_certification.store import CertificationUnitOfWork

EVENT_HANDLERS: dict[type, EventHandler] = {
    ConseillerEnrolledV1: projection.on_conseiller_enrolled,
    TrainingStartedV1: projection.on_training_started,
    TrainingCompletedV1: projection.on_training_completed,
    ConseillerWithdrawnV1: projection.on_conseiller_withdrawn,
    PathAssignedV1: projection.on_path_assigned,
}
"""Routing of consumed events: a literal map from contract to handler."""

_UNPROCESSABLE = status.HTTP_422_UNPROCESSABLE_CONTENT
REFUSAL_STATUS: dict[type[Exception], int] = {
    refusals.UnknownExamSession: status.HTTP_404_NOT_FOUND,
    refusals.UnknownConseiller: _UNPROCESSABLE,
    refusals.WrongRegion: status.HTTP_403_FORBIDDEN,
    refusals.NotTheirSession: status.HTTP_403_FORBIDDEN,
    refusals.AlreadyConvened: status.HTTP_409_CONFLICT,
    refusals.ConvocationPending: status.HTTP_409_CONFLICT,
    refusals.Ccp1AlreadyPassed: status.HTTP_409_CONFLICT,
    refusals.ConvocationMissing: status.HTTP_409_CONFLICT,
    refusals.ResultAlreadyRecorded: status.HTTP_409_CONFLICT,
    refusals.PixResultAlreadyRecorded: status.HTTP_409_CONFLICT,
    refusals.AlreadyInFullTitle: status.HTTP_409_CONFLICT,
}
"""Other refusals (path missing, withdrawn, dates, no organisation…) answer 422."""

CERTIFIERS = (Role.CERTIFIER,)
FULL_TITLE_ROLES = (Role.HOST_STRUCTURE, Role.REGIONAL_HUB, Role.NATIONAL_COORDINATOR)
MAX_IMPORT_BYTES = 1_048_576  # **assumption**: 1 MiB is ample for 5,000 rows

Uuid = Annotated[str, Field(pattern=UUID_PATTERN)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExamSessionIn(Body):
    exam_on: date
    region: str = Field(pattern=r"^FR-[A-Z]{3}$")
    certifier: str = Field(pattern=SLUG_PATTERN, max_length=50, description="e.g. afpa")


class ExamSessionOut(BaseModel):
    exam_session_id: str
    exam_on: date
    region: str
    certifier: str
    convocations: list[views.ConvocationOut] = []


class ConvocationIn(Body):
    conseiller_id: Uuid


class Ccp1ResultIn(Body):
    conseiller_id: Uuid
    result: domain.Ccp1Result
    decided_on: date


class PixResultIn(Body):
    conseiller_id: Uuid
    score: int = Field(ge=0, le=domain.PIX_MAX_SCORE)
    certified: bool
    recorded_on: date


class FullTitleIn(Body):
    conseiller_id: Uuid
    starts_on: date


class RejectionOut(BaseModel):
    row: int
    reason: str
    detail: str


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


class ImportOut(BaseModel):
    applied: int
    rejected: list[RejectionOut]


def new_uow(request: Request) -> CertificationUnitOfWork:
    factory: Callable[[], CertificationUnitOfWork] = request.app.state.new_uow
    return factory()


def region_scope(request: Request, actor: CurrentActor) -> domain.RegionScope:
    """The actor's regions, narrowed to the instance's region for a regional instance; a
    certifier's token that names its certifier (``actor_id``) is bound to its sessions."""
    instance_region: str = request.app.state.host.settings.region
    scope = domain.RegionScope.for_caller(actor.region, instance_region)
    if actor.role is Role.CERTIFIER and actor.actor_id:
        return replace(scope, certifier=actor.actor_id)
    return scope


Uow = Annotated[CertificationUnitOfWork, Depends(new_uow)]
Scope = Annotated[domain.RegionScope, Depends(region_scope)]
router = APIRouter()


def session_out(
    session: domain.ExamSession, convocations: Sequence[domain.Convocation] = ()
) -> ExamSessionOut:
    return ExamSessionOut(
        exam_session_id=session.exam_session_id,
        exam_on=session.exam_on,
        region=session.region,
        certifier=session.certifier,
        convocations=[views.convocation_out(c) for c in convocations],
    )


@router.post("/exam-sessions", status_code=status.HTTP_201_CREATED)
async def create_exam_session(
    body: ExamSessionIn, actor: CurrentActor, scope: Scope, uow: Uow
) -> ExamSessionOut:
    require_role(actor, *CERTIFIERS)
    command = handlers.CreateExamSession(body.exam_on, body.region, body.certifier)
    async with uow:
        return session_out(await handlers.create_exam_session(command, uow, scope))


@router.get("/exam-sessions/{exam_session_id}")
async def get_exam_session(exam_session_id: str, scope: Scope, uow: Uow) -> ExamSessionOut:
    async with uow:
        session = await uow.exam_sessions.get(exam_session_id)
        if session is None or not scope.allows(session.region):
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such exam session")
        return session_out(session, await uow.convocations.of_session(exam_session_id))


@router.post("/exam-sessions/{exam_session_id}/convocations", status_code=status.HTTP_201_CREATED)
async def convene(
    exam_session_id: str, body: ConvocationIn, actor: CurrentActor, scope: Scope, uow: Uow
) -> views.ConvocationOut:
    require_role(actor, *CERTIFIERS)
    command = handlers.Convene(exam_session_id, body.conseiller_id)
    async with uow:
        return views.convocation_out(await handlers.convene(command, uow, scope))


@router.post("/exam-sessions/{exam_session_id}/results", status_code=status.HTTP_201_CREATED)
async def record_ccp1_result(
    exam_session_id: str, body: Ccp1ResultIn, actor: CurrentActor, scope: Scope, uow: Uow
) -> views.ConvocationOut:
    require_role(actor, *CERTIFIERS)
    command = handlers.RecordCcp1Result(
        exam_session_id, body.conseiller_id, body.result, body.decided_on
    )
    async with uow:
        return views.convocation_out(await handlers.record_ccp1_result(command, uow, scope))


@router.post("/pix-results", status_code=status.HTTP_201_CREATED)
async def record_pix_result(
    body: PixResultIn, actor: CurrentActor, scope: Scope, uow: Uow
) -> views.PixResultOut:
    require_role(actor, *CERTIFIERS)
    command = handlers.RecordPixResult(
        body.conseiller_id, body.score, body.certified, body.recorded_on
    )
    async with uow:
        result = await handlers.record_pix_result(command, uow, scope)
    return views.PixResultOut(
        score=result.score, certified=result.certified, recorded_on=result.recorded_on
    )


@router.post("/full-title-enrolments", status_code=status.HTTP_201_CREATED)
async def enrol_in_full_title(
    body: FullTitleIn, actor: CurrentActor, scope: Scope, uow: Uow
) -> views.FullTitleOut:
    require_role(actor, *FULL_TITLE_ROLES)
    command = handlers.EnrolInFullTitle(body.conseiller_id, body.starts_on)
    async with uow:
        return views.full_title_out(await handlers.enrol_in_full_title(command, uow, scope))


@router.post("/imports/results")
async def import_results(
    request: Request, actor: CurrentActor, scope: Scope, uow: Uow
) -> ImportOut:
    """A certifier's CSV of CCP1 and Pix results (see :mod:`conum_certification.imports`)."""
    require_role(actor, *CERTIFIERS)
    if not request.headers.get("content-type", "").startswith("text/csv"):
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "send text/csv")
    raw = await request.body()
    if len(raw) > MAX_IMPORT_BYTES:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, "the file is too large")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise imports.InvalidFile("the file must be UTF-8 text") from None
    async with uow:
        report = await imports.import_results(text, uow, scope)
    return ImportOut(
        applied=report.applied,
        rejected=[
            RejectionOut(row=r.row, reason=r.reason, detail=r.detail) for r in report.rejected
        ],
    )


@router.get("/conseillers/{conseiller_id}/certification")
async def get_conseiller_certification(
    conseiller_id: str, scope: Scope, uow: Uow
) -> views.ConseillerCertificationOut:
    async with uow:
        found = await views.conseiller_certification(uow, conseiller_id)
    if found is None or not scope.allows(found.region):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no certification for this conseiller")
    return found


@router.get("/regions/{region}/certification")
async def get_region_certification(
    region: Annotated[str, Path(pattern=r"^FR-[A-Z]{3}$")], scope: Scope, uow: Uow
) -> RegionCertificationOut:
    scope.check(region)
    async with uow:
        counts = await uow.views.region_counts(region)
    return RegionCertificationOut(region=region, **asdict(counts))

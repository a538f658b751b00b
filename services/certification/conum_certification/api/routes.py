"""HTTP routes of the certification service: translate, authorise, call a use case or a
view."""

from __future__ import annotations

import inspect
from typing import Annotated, Any

from conum_kernel.access import Role
from conum_runtime.http.dependencies import CurrentCaller, allow, unit_of_work
from conum_runtime.http.fields import RegionCode, Uuid
from conum_runtime.http.listings import Keys, listing_route
from conum_runtime.http.problems import ProblemError, problems
from conum_runtime.http.routing import new_router
from fastapi import Depends, Request, status

from conum_certification import views
from conum_certification.api.schemas import (
    CandidateStateOut,
    CandidateStatePage,
    Ccp1ResultIn,
    ConseillerCertificationOut,
    ConvocationIn,
    ConvocationOut,
    ExamSessionIn,
    ExamSessionOut,
    FullTitleIn,
    FullTitleOut,
    ImportOut,
    PixResultIn,
    PixResultOut,
    RegionCertificationOut,
)
from conum_certification.handlers import commands
from conum_certification.handlers.commands import imports
from conum_certification.store import CertificationUnitOfWork

Uow = Annotated[CertificationUnitOfWork, Depends(unit_of_work)]
router = new_router(tags=["certification"])

FULL_TITLE_ROLES = (Role.HOST_STRUCTURE, Role.REGIONAL_HUB, Role.NATIONAL_COORDINATOR)
MAX_IMPORT_BYTES = 1_048_576  # **assumption**: 1 MiB is ample for 5,000 rows
CSV_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": inspect.cleandoc(imports.__doc__ or "").replace("``", "`"),
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


@router.post(
    "/exam-sessions",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403),
    dependencies=[allow(Role.CERTIFIER)],
)
async def create_exam_session(
    body: ExamSessionIn, caller: CurrentCaller, uow: Uow
) -> ExamSessionOut:
    """A certifier opens a CCP1 session in its region, for itself."""
    command = commands.CreateExamSession(body.exam_on, body.region, body.certifier)
    async with uow:
        return ExamSessionOut.of(await commands.create_exam_session(command, uow, caller))


@router.get("/exam-sessions/{exam_session_id}", responses=problems(404))
async def get_exam_session(
    exam_session_id: Uuid, caller: CurrentCaller, uow: Uow
) -> ExamSessionOut:
    """A session and its convocations."""
    async with uow:
        return ExamSessionOut.of_view(await views.exam_session_view(uow, exam_session_id, caller))


@router.post(
    "/exam-sessions/{exam_session_id}/convocations",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 404, 409),
    dependencies=[allow(Role.CERTIFIER)],
)
async def convene(
    exam_session_id: Uuid, body: ConvocationIn, caller: CurrentCaller, uow: Uow
) -> ConvocationOut:
    """The session's certifier convenes a conseiller of its region to CCP1."""
    command = commands.Convene(exam_session_id, body.conseiller_id)
    async with uow:
        return ConvocationOut.of(await commands.convene(command, uow, caller))


@router.post(
    "/exam-sessions/{exam_session_id}/results",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 404, 409),
    dependencies=[allow(Role.CERTIFIER)],
)
async def record_ccp1_result(
    exam_session_id: Uuid, body: Ccp1ResultIn, caller: CurrentCaller, uow: Uow
) -> ConvocationOut:
    """The session's certifier records the jury's decision on a convocation."""
    command = commands.RecordCcp1Result(
        exam_session_id, body.conseiller_id, body.result, body.decided_on
    )
    async with uow:
        return ConvocationOut.of(await commands.record_ccp1_result(command, uow, caller))


@router.post(
    "/pix-results",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 404, 409),
    dependencies=[allow(Role.CERTIFIER)],
)
async def record_pix_result(body: PixResultIn, caller: CurrentCaller, uow: Uow) -> PixResultOut:
    """The Pix certifier records a Pix certification result."""
    command = commands.RecordPixResult(
        body.conseiller_id, body.score, body.certified, body.recorded_on
    )
    async with uow:
        return PixResultOut.of(await commands.record_pix_result(command, uow, caller))


@router.post(
    "/full-title-enrolments",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 404, 409),
    dependencies=[allow(*FULL_TITLE_ROLES)],
)
async def enrol_in_full_title(body: FullTitleIn, caller: CurrentCaller, uow: Uow) -> FullTitleOut:
    """Enrol a conseiller in the full REMN title (140 h over 17 weeks)."""
    command = commands.EnrolInFullTitle(body.conseiller_id, body.starts_on)
    async with uow:
        return FullTitleOut.of(await commands.enrol_in_full_title(command, uow, caller))


@router.post(
    "/imports/results",
    responses=problems(403, 413, 415, 422),
    openapi_extra=CSV_BODY,
    max_body_size=MAX_IMPORT_BYTES,
    dependencies=[allow(Role.CERTIFIER)],
)
async def import_results(request: Request, caller: CurrentCaller, uow: Uow) -> ImportOut:
    """A certifier's CSV of CCP1 and Pix results: the good rows are applied together, the
    others reported with their reason."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "text/csv":
        raise ProblemError(415, "unsupported_media_type", "send the results as text/csv")
    command = commands.ImportResults(imports.decode(await request.body()))
    async with uow:
        return ImportOut.of(await commands.import_results(command, uow, caller))


@router.get("/conseillers/{conseiller_id}/certification", responses=problems(404))
async def get_conseiller_certification(
    conseiller_id: Uuid, caller: CurrentCaller, uow: Uow
) -> ConseillerCertificationOut:
    """A conseiller's certification record: CCP1, Pix, double certification, full title."""
    async with uow:
        record = await views.certification_record(uow, conseiller_id, caller)
    return ConseillerCertificationOut.of(record)


@listing_route(router)
async def list_for_reconciliation(
    caller: CurrentCaller, uow: Uow, keys: Keys
) -> CandidateStatePage:
    """Every conseiller's training facts as `./conum reconcile` compares them, in the order
    of conseiller ids, a page at a time (decision 0036)."""
    async with uow:
        page = await views.in_key_order(uow, caller, keys)
    return CandidateStatePage(
        items=[CandidateStateOut.of_candidate(candidate) for candidate in page.items],
        next_cursor=page.next_after,
    )


@router.get("/regions/{region}/certification", responses=problems(403))
async def get_region_certification(
    region: RegionCode, caller: CurrentCaller, uow: Uow
) -> RegionCertificationOut:
    """Conseillers of a region at each step of certification."""
    async with uow:
        counts = await views.region_counts(uow, caller, region)
    return RegionCertificationOut.of(counts, region=region)

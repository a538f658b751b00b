"""The training organisation's space: the positionings to decide (test and interview results,
reopening), the structures' inquiries, its learners' attendance, its cohorts (attendance sheets,
the referent)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from conum_web.forms import Values, today_iso
from conum_web.journey import journey_of, person_name
from conum_web.problems import explain
from conum_web.services import Api, ServiceProblem
from conum_web.space import MenuItem, Space, has_role
from conum_web.visits import Visit, visitor

SPACE = Space(
    slug="organisme",
    title="Espace organisme de formation",
    menu=(
        MenuItem("Positionnements à décider", "/organisme"),
        MenuItem("Demandes d'explication", "/organisme/demandes"),
        MenuItem("Apprenants", "/organisme/conseillers"),
        MenuItem("Cohortes", "/organisme/cohortes"),
    ),
    serves=has_role("training_organisation"),
)
router = APIRouter(prefix="/organisme", include_in_schema=False)
Here = Annotated[Visit, Depends(visitor(SPACE))]
FIELDS = {
    "digital_score": "Score numérique",
    "support_score": "Score d'accompagnement",
    "interview_note": "Note d'entretien",
    "answer": "Réponse",
    "present": "Présence",
    "day": "Jour de formation",
    "conseiller_id": "Référent",
}
READS_AT_ONCE = 8
"""Positionings read together when gathering the inquiries (no list of them exists)."""


@router.get("")
async def to_decide(visit: Here) -> Response:
    waiting = await visit.api.every("enrolment", "/enrolments", most=500, state="enrolled")
    rows = [(e, person_name(e)) for e in waiting]
    return visit.render("organisme/home.html", page_title="Positionnements à décider", rows=rows)


@router.get("/conseillers")
async def learners(visit: Here) -> Response:
    enrolments = await visit.api.every("enrolment", "/enrolments", most=500)
    rows = [(e, person_name(e)) for e in enrolments]
    return visit.render("organisme/learners.html", page_title="Apprenants", rows=rows)


async def _positionings(api: Api, ids: list[str]) -> list[dict[str, Any]]:
    gate = asyncio.Semaphore(READS_AT_ONCE)

    async def read(conseiller_id: str) -> dict[str, Any] | None:
        async with gate:
            found: dict[str, Any] | None = await api.found(
                "positioning", f"/positionings/{conseiller_id}"
            )
            return found

    found = await asyncio.gather(*(read(i) for i in ids))
    return [p for p in found if p is not None]


@router.get("/demandes")
async def inquiries(visit: Here) -> Response:
    enrolments = await visit.api.every("enrolment", "/enrolments", most=200)
    names = {e["conseiller_id"]: person_name(e) for e in enrolments}
    positionings = await _positionings(visit.api, list(names))
    open_ones = [
        (p["conseiller_id"], names[p["conseiller_id"]], inquiry)
        for p in positionings
        for inquiry in p["inquiries"]
        if inquiry["answer"] is None
    ]
    return visit.render(
        "organisme/inquiries.html",
        page_title="Demandes d'explication",
        rows=open_ones,
        read=len(positionings),
    )


@router.get("/conseillers/{conseiller_id}")
async def conseiller(conseiller_id: UUID, visit: Here) -> Response:
    return await _conseiller_page(visit, str(conseiller_id))


async def _conseiller_page(
    visit: Visit,
    conseiller_id: str,
    problem: ServiceProblem | None = None,
    values: Values | None = None,
) -> Response:
    journey = await journey_of(visit.api, conseiller_id)
    if journey is None:
        raise ServiceProblem(404, "unknown_enrolment", service="enrolment")
    return visit.render(
        "organisme/conseiller.html",
        problem.status if problem else 200,
        page_title=person_name(journey.enrolment),
        journey=journey,
        name=person_name(journey.enrolment),
        values=values or Values.initial({"day": today_iso()}),
        problem=explain(problem, FIELDS) if problem else None,
    )


async def _act(
    visit: Visit, conseiller_id: UUID, send: tuple[str, str, str], body: dict[str, Any], done: str
) -> Response:
    """``send`` is (method, service, path); the page again with the refusal, or a notice."""
    method, service, path = send
    values = Values.of(await visit.form())
    try:
        await visit.api.request(method, service, path, json=body)
    except ServiceProblem as problem:
        return await _conseiller_page(visit, str(conseiller_id), problem, values)
    return visit.redirect(f"/organisme/conseillers/{conseiller_id}", (done, ""))


@router.post("/conseillers/{conseiller_id}/resultat")
async def record_result(conseiller_id: UUID, visit: Here) -> Response:
    values = Values.of(await visit.form())
    body = {
        "digital_score": values.number("digital_score"),
        "support_score": values.number("support_score"),
        "interview_note": values.get("interview_note").strip(),
    }
    send = ("POST", "positioning", f"/positionings/{conseiller_id}/result")
    return await _act(visit, conseiller_id, send, body, "Résultat du positionnement enregistré")


@router.post("/conseillers/{conseiller_id}/reouverture")
async def reopen(conseiller_id: UUID, visit: Here) -> Response:
    values = Values.of(await visit.form())
    send = ("POST", "positioning", f"/positionings/{conseiller_id}/reopenings")
    body = {"reason": values.get("reason").strip()}
    return await _act(visit, conseiller_id, send, body, "Positionnement rouvert")


@router.post("/conseillers/{conseiller_id}/demandes/{inquiry_id}")
async def answer(conseiller_id: UUID, inquiry_id: UUID, visit: Here) -> Response:
    values = Values.of(await visit.form())
    send = ("POST", "positioning", f"/positionings/{conseiller_id}/inquiries/{inquiry_id}/answer")
    body = {"answer": values.get("answer").strip()}
    return await _act(visit, conseiller_id, send, body, "Réponse envoyée")


@router.post("/conseillers/{conseiller_id}/assiduite")
async def attendance(conseiller_id: UUID, visit: Here) -> Response:
    values = Values.of(await visit.form())
    day = values.get("day") or "jour-manquant"
    send = ("PUT", "enrolment", f"/enrolments/{conseiller_id}/attendance/{day}")
    body = {"present": values.get("present") == "oui"}
    return await _act(visit, conseiller_id, send, body, "Présence enregistrée")


@router.get("/cohortes")
async def cohorts(visit: Here) -> Response:
    found = await visit.api.every("enrolment", "/cohorts", most=500)
    return visit.render("organisme/cohorts.html", page_title="Cohortes", cohorts=found)


async def _cohort_page(
    visit: Visit, cohort_id: str, values: Values | None = None, **extra: Any
) -> Response:
    cohort = await visit.api.get("enrolment", f"/cohorts/{cohort_id}")
    members = await asyncio.gather(
        *(visit.api.found("enrolment", f"/enrolments/{m}") for m in cohort["conseiller_ids"])
    )
    names = [
        (m, person_name(e) if e else m)
        for m, e in zip(cohort["conseiller_ids"], members, strict=True)
    ]
    return visit.render(
        "organisme/cohort.html",
        extra.pop("status", 200),
        page_title="Cohorte",
        cohort=cohort,
        members=names,
        values=values or Values.initial({"day": today_iso()}),
        **extra,
    )


@router.get("/cohortes/{cohort_id}")
async def cohort(cohort_id: UUID, visit: Here) -> Response:
    return await _cohort_page(visit, str(cohort_id))


@router.post("/cohortes/{cohort_id}/emargement")
async def attendance_sheet(cohort_id: UUID, visit: Here) -> Response:
    """One day for every member: present when ticked, absent otherwise; each refusal reported."""
    values = Values.of(await visit.form())
    cohort = await visit.api.get("enrolment", f"/cohorts/{cohort_id}")
    present, day = set(values.getlist("present")), values.get("day") or "jour-manquant"

    async def record(member: str) -> tuple[str, Any]:
        try:
            path = f"/enrolments/{member}/attendance/{day}"
            await visit.api.put("enrolment", path, {"present": member in present})
        except ServiceProblem as problem:
            return member, explain(problem, FIELDS)
        return member, None

    outcomes = dict(await asyncio.gather(*(record(m) for m in cohort["conseiller_ids"])))
    refused = {m: why for m, why in outcomes.items() if why is not None}
    if not refused:
        return visit.redirect(f"/organisme/cohortes/{cohort_id}", ("Émargement enregistré", day))
    return await _cohort_page(visit, str(cohort_id), values, status=422, refused=refused)


@router.post("/cohortes/{cohort_id}/referent")
async def designate_referent(cohort_id: UUID, visit: Here) -> Response:
    values = Values.of(await visit.form())
    try:
        body = {"conseiller_id": values.get("conseiller_id")}
        await visit.api.post("enrolment", f"/cohorts/{cohort_id}/referent", body)
    except ServiceProblem as problem:
        return await _cohort_page(
            visit, str(cohort_id), values, status=problem.status, problem=explain(problem, FIELDS)
        )
    return visit.redirect(f"/organisme/cohortes/{cohort_id}", ("Référent désigné", ""))

"""The certifier's space (Afpa for CCP1, Pix for Pix): the region's certification figures, exam
sessions (opening one, convening, recording the jury's results), Pix results, a conseiller's
record, and the import of a results file (CSV) with its report, row by row."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from conum_web.forms import Values, today_iso
from conum_web.problems import FIELD_LABELS, explain, row_reason
from conum_web.services import ServiceProblem
from conum_web.space import MenuItem, Space, has_role
from conum_web.visits import Visit, visitor

SPACE = Space(
    slug="certification",
    title="Espace certificateur",
    menu=(
        MenuItem("Sessions d'examen", "/certification"),
        MenuItem("Importer des résultats", "/certification/import"),
        MenuItem("Résultat Pix", "/certification/pix"),
        MenuItem("Dossier d'un conseiller", "/certification/conseillers"),
    ),
    serves=has_role("certifier"),
)
router = APIRouter(prefix="/certification", include_in_schema=False)
Here = Annotated[Visit, Depends(visitor(SPACE))]
MAX_FILE = 1_048_576
FIELDS = {
    "exam_on": "Date de l'examen",
    "result": "Résultat",
    "decided_on": "Date de la décision",
    "score": "Score Pix",
    "recorded_on": "Date du résultat",
    "certified": "Certifié",
}


@router.get("")
async def home(visit: Here, numero: str | None = None) -> Response:
    if numero:
        return visit.redirect(f"/certification/sessions/{numero.strip()}")
    return await _home_page(visit, Values.initial({"exam_on": ""}))


async def _home_page(
    visit: Visit, values: Values, problem: ServiceProblem | None = None
) -> Response:
    region = visit.person.region
    figures = await visit.api.get("certification", f"/regions/{region}/certification")
    return visit.render(
        "certification/home.html",
        problem.status if problem else 200,
        page_title="Sessions d'examen",
        figures=figures,
        values=values,
        problem=explain(problem, FIELDS) if problem else None,
    )


@router.post("/sessions")
async def open_session(visit: Here) -> Response:
    values = Values.of(await visit.form())
    body = {
        "exam_on": values.get("exam_on"),
        "region": visit.person.region,
        "certifier": visit.person.actor,
    }
    try:
        made = await visit.api.post("certification", "/exam-sessions", body)
    except ServiceProblem as problem:
        return await _home_page(visit, values, problem)
    notice = ("Session d'examen ouverte", f"Numéro : {made['exam_session_id']}")
    return visit.redirect(f"/certification/sessions/{made['exam_session_id']}", notice)


@router.get("/sessions/{session_id}")
async def session(session_id: UUID, visit: Here) -> Response:
    return await _session_page(visit, str(session_id))


async def _session_page(
    visit: Visit,
    session_id: str,
    problem: ServiceProblem | None = None,
    values: Values | None = None,
) -> Response:
    found = await visit.api.get("certification", f"/exam-sessions/{session_id}")
    return visit.render(
        "certification/session.html",
        problem.status if problem else 200,
        page_title=f"Session du {found['exam_on']}",
        session=found,
        pending=[
            (c["conseiller_id"], c["conseiller_id"])
            for c in found["convocations"]
            if not c["result"]
        ],
        values=values or Values.initial({"decided_on": found["exam_on"]}),
        problem=explain(problem, FIELDS) if problem else None,
    )


@router.post("/sessions/{session_id}/convocations")
async def convene(session_id: UUID, visit: Here) -> Response:
    values = Values.of(await visit.form())
    body = {"conseiller_id": values.get("conseiller_id").strip()}
    try:
        await visit.api.post("certification", f"/exam-sessions/{session_id}/convocations", body)
    except ServiceProblem as problem:
        return await _session_page(visit, str(session_id), problem, values)
    return visit.redirect(f"/certification/sessions/{session_id}", ("Conseiller convoqué", ""))


@router.post("/sessions/{session_id}/resultats")
async def record_result(session_id: UUID, visit: Here) -> Response:
    values = Values.of(await visit.form())
    body = {
        "conseiller_id": values.get("conseiller_id"),
        "result": values.get("result"),
        "decided_on": values.get("decided_on"),
    }
    try:
        await visit.api.post("certification", f"/exam-sessions/{session_id}/results", body)
    except ServiceProblem as problem:
        return await _session_page(visit, str(session_id), problem, values)
    return visit.redirect(f"/certification/sessions/{session_id}", ("Résultat enregistré", ""))


def _import_page(visit: Visit, status: int = 200, **context: Any) -> Response:
    return visit.render(
        "certification/import.html", status, page_title="Importer des résultats", **context
    )


@router.get("/import")
async def import_form(visit: Here) -> Response:
    return _import_page(visit)


@router.post("/import")
async def import_results(visit: Here) -> Response:
    form = await visit.form()
    upload = form.get("fichier")
    content = await upload.read(MAX_FILE + 1) if isinstance(upload, UploadFile) else b""
    name = upload.filename if isinstance(upload, UploadFile) else ""
    try:
        if not content:
            raise ServiceProblem(422, "invalid_csv", "no file was sent", service="certification")
        report = await visit.api.request(
            "POST", "certification", "/imports/results", content=content, content_type="text/csv"
        )
    except ServiceProblem as problem:
        return _import_page(visit, problem.status, problem=explain(problem), file_name=name)
    return _import_page(visit, report=report, file_name=name, reasons=_row_reasons(report))


def _row_reasons(report: dict[str, Any]) -> list[tuple[int, str, str]]:
    """Each rejected row: its number, its reason in French, the service's detail."""
    return [
        (rejection["row"], row_reason(rejection["reason"]), rejection.get("detail", ""))
        for rejection in report.get("rejected", [])
    ]


@router.get("/pix")
async def pix_form(visit: Here) -> Response:
    return visit.render(
        "certification/pix.html",
        page_title="Résultat Pix",
        values=Values.initial({"recorded_on": today_iso()}),
    )


@router.post("/pix")
async def record_pix(visit: Here) -> Response:
    values = Values.of(await visit.form())
    body = {
        "conseiller_id": values.get("conseiller_id").strip(),
        "score": values.number("score"),
        "certified": values.checked("certified"),
        "recorded_on": values.get("recorded_on"),
    }
    try:
        await visit.api.post("certification", "/pix-results", body)
    except ServiceProblem as problem:
        return visit.render(
            "certification/pix.html",
            problem.status,
            page_title="Résultat Pix",
            values=values,
            problem=explain(problem, FIELDS),
        )
    return visit.redirect("/certification/pix", ("Résultat Pix enregistré", ""))


@router.get("/conseillers")
async def record(visit: Here, identifiant: str | None = None) -> Response:
    found: dict[str, Any] | None = None
    refused: ServiceProblem | None = None
    if identifiant:
        try:
            path = f"/conseillers/{UUID(identifiant.strip())}/certification"
            found = await visit.api.get("certification", path)
        except ValueError:
            error = {"location": "identifiant", "type": "uuid_parsing"}
            refused = ServiceProblem(422, "invalid_request", errors=[error])
        except ServiceProblem as problem:
            refused = problem
    labels = FIELDS | {"identifiant": FIELD_LABELS["conseiller_id"]}
    return visit.render(
        "certification/record.html",
        refused.status if refused else 200,
        page_title="Dossier d'un conseiller",
        record=found,
        problem=explain(refused, labels) if refused else None,
        values=Values.initial({"identifiant": identifiant or ""}),
    )

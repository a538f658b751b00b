"""The host structure's space: its structures (registration, the Aidants Connect habilitation),
enrolling a conseiller (the routing shown before confirming), following each one's journey,
withdrawing, erasing a person, questioning a positioning, registering to a module session."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from conum_web.forms import Values, without_none
from conum_web.journey import journey_of, person_name
from conum_web.problems import explain
from conum_web.services import ServiceProblem
from conum_web.space import MenuItem, Space, has_role
from conum_web.visits import Visit, visitor

SPACE = Space(
    slug="structure",
    title="Espace structure d'accueil",
    menu=(
        MenuItem("Mes conseillers", "/structure"),
        MenuItem("Inscrire un conseiller", "/structure/inscrire"),
        MenuItem("Mes structures", "/structure/structures"),
    ),
    serves=has_role("host_structure"),
)
router = APIRouter(prefix="/structure", include_in_schema=False)
Here = Annotated[Visit, Depends(visitor(SPACE))]

FIELDS = {
    "first_name": "Prénom",
    "last_name": "Nom",
    "email": "Adresse électronique",
    "structure_id": "Structure",
    "scheme": "Dispositif",
    "employment": "Emploi",
    "remote_impossibility_reason": "Motif de la formation à distance",
    "siret": "SIRET",
    "name": "Nom de la structure",
    "kind": "Type de structure",
    "department": "Département",
    "question": "Question",
}


async def my_structures(visit: Visit) -> list[dict[str, Any]]:
    return await visit.api.every("enrolment", "/structures", most=200)


@router.get("")
async def conseillers(visit: Here) -> Response:
    enrolments = await visit.api.every("enrolment", "/enrolments", most=500)
    rows = [(e, person_name(e)) for e in enrolments]
    return visit.render("structure/home.html", page_title="Mes conseillers", rows=rows)


@router.get("/structures")
async def structures(visit: Here) -> Response:
    found = await my_structures(visit)
    return visit.render("structure/structures.html", page_title="Mes structures", structures=found)


@router.get("/structures/nouvelle")
async def new_structure(visit: Here) -> Response:
    return visit.render(
        "structure/structure_new.html", page_title="Enregistrer une structure", values=Values()
    )


@router.post("/structures/nouvelle")
async def register_structure(visit: Here) -> Response:
    values = Values.of(await visit.form())
    body = {
        "siret": values.get("siret").replace(" ", ""),
        "name": values.get("name").strip(),
        "kind": values.get("kind"),
        "department": values.get("department"),
    }
    try:
        made = await visit.api.post("enrolment", "/structures", body)
    except ServiceProblem as problem:
        return visit.render(
            "structure/structure_new.html",
            problem.status,
            page_title="Enregistrer une structure",
            values=values,
            problem=explain(problem, FIELDS),
        )
    return visit.redirect("/structure/structures", ("Structure enregistrée", made["name"]))


@router.post("/structures/{structure_id}/habilitation")
async def request_habilitation(structure_id: UUID, visit: Here) -> Response:
    await visit.form()
    try:
        await visit.api.post(
            "enrolment", f"/structures/{structure_id}/habilitations", {"scheme": "aidants_connect"}
        )
    except ServiceProblem as problem:
        found = await my_structures(visit)
        return visit.render(
            "structure/structures.html",
            problem.status,
            page_title="Mes structures",
            structures=found,
            problem=explain(problem),
        )
    notice = ("Habilitation demandée", "Aidants Connect : la coordination nationale l'accordera.")
    return visit.redirect("/structure/structures", notice)


@router.get("/inscrire")
async def enrol_form(visit: Here) -> Response:
    return await _enrol_page(visit, Values())


async def _enrol_page(
    visit: Visit, values: Values, problem: ServiceProblem | None = None
) -> Response:
    found = await my_structures(visit)
    options = [(s["structure_id"], f"{s['name']} ({s['department']})") for s in found]
    return visit.render(
        "structure/enrol.html",
        problem.status if problem else 200,
        page_title="Inscrire un conseiller",
        values=values,
        structures=found,
        structure_options=options,
        problem=explain(problem, FIELDS) if problem else None,
    )


def enrolment_body(values: Values) -> dict[str, Any]:
    return without_none(
        {
            "structure_id": values.get("structure_id"),
            "scheme": values.get("scheme"),
            "employment": values.get("employment"),
            "remote": values.checked("remote"),
            "remote_impossibility_reason": values.text("remote_impossibility_reason"),
            "person": {
                "first_name": values.get("first_name").strip(),
                "last_name": values.get("last_name").strip(),
                "email": values.get("email").strip(),
            },
        }
    )


@router.post("/inscrire")
async def enrol(visit: Here) -> Response:
    """First the routing (which organisation will train them), then, confirmed, the enrolment."""
    values = Values.of(await visit.form())
    match values.get("action"):
        case "modifier":
            return await _enrol_page(visit, values)
        case "confirmer":
            try:
                made = await visit.api.post("enrolment", "/enrolments", enrolment_body(values))
            except ServiceProblem as problem:
                return await _enrol_page(visit, values, problem)
            organisation = made["training_organisation"]["name"]
            notice = ("Conseiller inscrit", f"Organisme de formation : {organisation}.")
            return visit.redirect(f"/structure/conseillers/{made['conseiller_id']}", notice)
    return await _routing(visit, values)


async def _routing(visit: Visit, values: Values) -> Response:
    """The organisation the conseiller's department routes the chosen scheme to."""
    if not values.get("structure_id"):
        problem = ServiceProblem(
            422, "invalid_request", errors=[{"location": "structure_id", "type": "missing"}]
        )
        return await _enrol_page(visit, values, problem)
    try:
        structure = await visit.api.get("enrolment", f"/structures/{values.get('structure_id')}")
        department = await visit.api.get(
            "enrolment", f"/reference/departments/{structure['department']}"
        )
    except ServiceProblem as problem:
        return await _enrol_page(visit, values, problem)
    organisation = department["training_organisations"].get(values.get("scheme"))
    return visit.render(
        "structure/enrol_confirm.html",
        page_title="Vérifier l'inscription",
        values=values,
        structure=structure,
        department=department,
        organisation=organisation,
    )


@router.get("/conseillers/{conseiller_id}")
async def conseiller(conseiller_id: UUID, visit: Here) -> Response:
    return await _conseiller_page(visit, conseiller_id)


async def _conseiller_page(
    visit: Visit,
    conseiller_id: UUID | str,
    problem: ServiceProblem | None = None,
    values: Values | None = None,
) -> Response:
    journey = await journey_of(visit.api, str(conseiller_id))
    if journey is None:
        raise ServiceProblem(404, "unknown_enrolment", service="enrolment")
    sessions: list[dict[str, Any]] = []
    if visit.api.has_hub and journey.is_open:
        try:
            sessions = await visit.api.every("hub", "/sessions", most=200, state="scheduled")
        except ServiceProblem as refused:
            journey.refused["sessions"] = explain(refused)
    return visit.render(
        "structure/conseiller.html",
        problem.status if problem else 200,
        page_title=person_name(journey.enrolment),
        journey=journey,
        session_options=[(s["session_id"], session_label(s)) for s in sessions],
        name=person_name(journey.enrolment),
        values=values or Values(),
        problem=explain(problem, FIELDS) if problem else None,
    )


def session_label(session: dict[str, Any]) -> str:
    days = ", ".join(day["on"] for day in session["days"])
    title = session.get("module_title") or "Module"
    return f"{title} — {days} — {session['place']} ({session['seats_free']} places libres)"


async def _act(
    visit: Visit, conseiller_id: UUID, request: tuple[str, str], fields: tuple[str, ...], done: str
) -> Response:
    """Send the form's ``fields`` to ``request`` (service, path); the page again on refusal."""
    values = Values.of(await visit.form())
    service, path = request
    try:
        await visit.api.post(service, path, without_none({f: values.text(f) for f in fields}))
    except ServiceProblem as problem:
        return await _conseiller_page(visit, conseiller_id, problem, values)
    return visit.redirect(f"/structure/conseillers/{conseiller_id}", (done, ""))


@router.post("/conseillers/{conseiller_id}/abandon")
async def withdraw(conseiller_id: UUID, visit: Here) -> Response:
    request = ("enrolment", f"/enrolments/{conseiller_id}/withdrawal")
    return await _act(visit, conseiller_id, request, ("reason", "detail"), "Abandon enregistré")


@router.post("/conseillers/{conseiller_id}/effacement")
async def erase(conseiller_id: UUID, visit: Here) -> Response:
    request = ("enrolment", f"/enrolments/{conseiller_id}/erasure")
    return await _act(visit, conseiller_id, request, ("reason",), "Données personnelles effacées")


@router.post("/conseillers/{conseiller_id}/demande")
async def question(conseiller_id: UUID, visit: Here) -> Response:
    request = ("positioning", f"/positionings/{conseiller_id}/inquiries")
    fields = ("opened_by", "question")
    return await _act(visit, conseiller_id, request, fields, "Demande d'explication envoyée")


@router.post("/conseillers/{conseiller_id}/module")
async def register_to_module(conseiller_id: UUID, visit: Here) -> Response:
    values = Values.of(await visit.form())
    body = {"conseiller_id": str(conseiller_id), "waitlist": True}
    session = values.get("session_id")
    try:
        made = await visit.api.post("hub", f"/sessions/{session}/registrations", body)
    except ServiceProblem as problem:
        return await _conseiller_page(visit, conseiller_id, problem, values)
    place = (
        "inscrit"
        if made["status"] == "accepted"
        else f"en liste d'attente (position {made['position']})"
    )
    notice = ("Inscription à la session", f"Le conseiller est {place}.")
    return visit.redirect(f"/structure/conseillers/{conseiller_id}", notice)

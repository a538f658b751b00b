"""The regional hub's space, on its region's modules instance: the calendar of sessions,
scheduling one, its registrations and waiting list, attendance, completion, the satisfaction
survey, and the region's figures (modules, and the national view of the region)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from conum_web.calendar import month_grid, month_key, parse_month
from conum_web.forms import Values, without_none
from conum_web.problems import Explained, explain
from conum_web.services import ServiceProblem
from conum_web.space import MenuItem, Space, has_role
from conum_web.visits import Visit, visitor

SPACE = Space(
    slug="hub",
    title="Espace hub régional",
    menu=(
        MenuItem("Calendrier des sessions", "/hub"),
        MenuItem("Programmer une session", "/hub/sessions/nouvelle"),
        MenuItem("Chiffres de la région", "/hub/chiffres"),
    ),
    serves=has_role("regional_hub"),
)
router = APIRouter(prefix="/hub", include_in_schema=False)
Here = Annotated[Visit, Depends(visitor(SPACE))]
ANSWER_ROWS = 8
FIELDS = {
    "module_id": "Module",
    "days": "Jours",
    "on": "Date",
    "capacity": "Nombre de places",
    "place": "Lieu",
    "ability": "Capacité ressentie",
}


@router.get("")
async def calendar(visit: Here, mois: str | None = None) -> Response:
    today = date.today()
    first = parse_month(mois, today)
    sessions = await visit.api.every("hub", "/sessions", most=1000)
    entries = [
        (date.fromisoformat(day["on"]), session) for session in sessions for day in session["days"]
    ]
    month = month_grid(first, entries, today)
    shown = {s["session_id"]: s for d, s in entries if month.start <= d <= month.end}
    return visit.render(
        "hub/calendar.html",
        page_title="Calendrier des sessions",
        month=month,
        sessions=list(shown.values()),
        this_month=month_key(today),
    )


async def _modules(visit: Visit) -> list[dict[str, Any]]:
    modules: list[dict[str, Any]] = await visit.api.get("hub", "/modules", state="published")
    return modules


@router.get("/sessions/nouvelle")
async def new_session(visit: Here) -> Response:
    return await _schedule_page(visit, Values())


async def _schedule_page(
    visit: Visit, values: Values, problem: ServiceProblem | None = None
) -> Response:
    modules = await _modules(visit)
    options = [(m["module_id"], f"{m['title']} ({m['hours']} h)") for m in modules]
    return visit.render(
        "hub/session_new.html",
        problem.status if problem else 200,
        page_title="Programmer une session",
        values=values,
        module_options=options,
        problem=explain(problem, FIELDS) if problem else None,
    )


@router.post("/sessions/nouvelle")
async def schedule(visit: Here) -> Response:
    values = Values.of(await visit.form())
    days = [
        {"on": values.get(f"day{n}"), "mode": values.get(f"mode{n}") or "in_person"}
        for n in (1, 2)
        if values.text(f"day{n}")
    ]
    body = {
        "module_id": values.get("module_id"),
        "region": visit.person.region,
        "days": days,
        "capacity": values.number("capacity"),
        "place": values.get("place").strip(),
    }
    try:
        made = await visit.api.post("hub", "/sessions", body)
    except ServiceProblem as problem:
        return await _schedule_page(visit, values, problem)
    month = made["days"][0]["on"][:7]
    notice = ("Session programmée", f"{made['module_title']}, le {made['days'][0]['on']}.")
    return visit.redirect(f"/hub?mois={month}", notice)


@router.get("/sessions/{session_id}")
async def session(session_id: UUID, visit: Here) -> Response:
    return await _session_page(visit, str(session_id))


async def _session_page(
    visit: Visit,
    session_id: str,
    problem: ServiceProblem | None = None,
    values: Values | None = None,
) -> Response:
    found, registrations = await asyncio.gather(
        visit.api.get("hub", f"/sessions/{session_id}"),
        visit.api.get("hub", f"/sessions/{session_id}/registrations"),
    )
    seated = [r for r in registrations if r["status"] in ("accepted", "completed", "missed")]
    waiting = sorted(
        (r for r in registrations if r["status"] == "waitlisted"), key=lambda r: r["position"] or 0
    )
    cancelled = [r for r in registrations if r["status"] == "cancelled"]
    return visit.render(
        "hub/session.html",
        problem.status if problem else 200,
        page_title=found.get("module_title") or "Session",
        session=found,
        seated=seated,
        waiting=waiting,
        cancelled=cancelled,
        values=values or Values(),
        answer_rows=ANSWER_ROWS,
        day_options=[(day["on"], day["on"]) for day in found["days"]],
        problem=explain(problem, FIELDS) if problem else None,
    )


async def _act(
    visit: Visit, session_id: UUID, path: str, body: Any, done: tuple[str, str]
) -> Response:
    values = Values.of(await visit.form())
    try:
        await visit.api.post("hub", path, body(values) if callable(body) else body)
    except ServiceProblem as problem:
        return await _session_page(visit, str(session_id), problem, values)
    return visit.redirect(f"/hub/sessions/{session_id}", done)


@router.post("/sessions/{session_id}/inscriptions")
async def register(session_id: UUID, visit: Here) -> Response:
    def body(values: Values) -> dict[str, Any]:
        return {
            "conseiller_id": values.get("conseiller_id").strip(),
            "waitlist": values.checked("waitlist"),
        }

    path = f"/sessions/{session_id}/registrations"
    return await _act(visit, session_id, path, body, ("Inscription enregistrée", ""))


@router.post("/sessions/{session_id}/inscriptions/{registration_id}/annulation")
async def cancel_registration(session_id: UUID, registration_id: UUID, visit: Here) -> Response:
    path = f"/registrations/{registration_id}/cancellation"
    done = ("Inscription annulée", "La place revient au premier de la liste d'attente.")
    return await _act(visit, session_id, path, None, done)


@router.post("/sessions/{session_id}/emargement")
async def attendance(session_id: UUID, visit: Here) -> Response:
    def body(values: Values) -> dict[str, Any]:
        return {"on": values.get("on"), "present": values.getlist("present")}

    path = f"/sessions/{session_id}/attendance"
    return await _act(visit, session_id, path, body, ("Émargement enregistré", ""))


@router.post("/sessions/{session_id}/cloture")
async def complete(session_id: UUID, visit: Here) -> Response:
    path = f"/sessions/{session_id}/completion"
    return await _act(visit, session_id, path, None, ("Session clôturée", ""))


@router.post("/sessions/{session_id}/annulation")
async def cancel(session_id: UUID, visit: Here) -> Response:
    def body(values: Values) -> dict[str, Any]:
        return {"reason": values.get("reason").strip()}

    path = f"/sessions/{session_id}/cancellation"
    return await _act(visit, session_id, path, body, ("Session annulée", ""))


def survey_answers(values: Values) -> list[dict[str, Any]]:
    """The survey's filled rows (a row left empty is no answer)."""
    answers = []
    for n in range(1, ANSWER_ROWS + 1):
        row = {k: values.text(f"{k}{n}") for k in ("resources", "overall")}
        ability = values.number(f"ability{n}")
        if any(row.values()) or ability is not None:
            answers.append(without_none(row | {"ability": ability}))
    return answers


@router.post("/sessions/{session_id}/satisfaction")
async def evaluate(session_id: UUID, visit: Here) -> Response:
    path = f"/sessions/{session_id}/evaluation"
    body = lambda values: {"answers": survey_answers(values)}  # noqa: E731
    return await _act(visit, session_id, path, body, ("Enquête de satisfaction close", ""))


@router.get("/chiffres")
async def figures(visit: Here, depuis: str | None = None, jusqu: str | None = None) -> Response:
    region = visit.person.region
    params = {"since": depuis, "until": jusqu}
    modules = await visit.api.get("hub", f"/regions/{region}/figures", **params)
    national: dict[str, Any] | None = None
    refused: Explained | None = None
    try:
        national = await visit.api.get("national", f"/national/regions/{region}")
    except ServiceProblem as problem:
        refused = explain(problem)
    return visit.render(
        "hub/figures.html",
        page_title="Chiffres de la région",
        modules=modules,
        national=national,
        national_refused=refused,
        values=Values.initial({"depuis": depuis or "", "jusqu": jusqu or ""}),
    )

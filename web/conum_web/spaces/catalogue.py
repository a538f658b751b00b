"""La Mednum's space: the national catalogue of complementary modules (publishing a module,
withdrawing one), on the modules service's national instance."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from conum_web.forms import Values, without_none
from conum_web.problems import explain
from conum_web.services import ServiceProblem
from conum_web.sessions import Person
from conum_web.space import MenuItem, Space
from conum_web.visits import Visit, visitor

LA_MEDNUM = "la-mednum"


def is_la_mednum(person: Person) -> bool:
    """La Mednum signs in as a national coordinator bound to ``la-mednum``."""
    return person.role == "national_coordinator" and person.actor == LA_MEDNUM


SPACE = Space(
    slug="catalogue",
    title="Espace La Mednum",
    menu=(MenuItem("Catalogue des modules", "/catalogue"),),
    serves=is_la_mednum,
)
router = APIRouter(prefix="/catalogue", include_in_schema=False)
Here = Annotated[Visit, Depends(visitor(SPACE))]
FIELDS = {"title": "Intitulé", "kind": "Type de module", "requires_habilitation": "Habilitation"}


async def _page(visit: Visit, values: Values, problem: ServiceProblem | None = None) -> Response:
    modules = await visit.api.get("catalogue", "/modules")
    return visit.render(
        "catalogue/home.html",
        problem.status if problem else 200,
        page_title="Catalogue des modules",
        modules=modules,
        values=values,
        problem=explain(problem, FIELDS) if problem else None,
    )


@router.get("")
async def catalogue(visit: Here) -> Response:
    return await _page(visit, Values())


@router.post("")
async def publish(visit: Here) -> Response:
    values = Values.of(await visit.form())
    body = without_none(
        {
            "title": values.get("title").strip(),
            "kind": values.get("kind"),
            "requires_habilitation": values.text("requires_habilitation"),
        }
    )
    try:
        made = await visit.api.post("catalogue", "/modules", body)
    except ServiceProblem as problem:
        return await _page(visit, values, problem)
    return visit.redirect("/catalogue", ("Module publié", made["title"]))


@router.post("/{module_id}/retrait")
async def withdraw(module_id: UUID, visit: Here) -> Response:
    await visit.form()
    try:
        made = await visit.api.post("catalogue", f"/modules/{module_id}/withdrawal")
    except ServiceProblem as problem:
        return await _page(visit, Values(), problem)
    notice = ("Module retiré", f"{made['title']} : les sessions déjà programmées ont lieu.")
    return visit.redirect("/catalogue", notice)

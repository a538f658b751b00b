"""The national coordinators' space: a map of regions and the trends per week beside today's
tables, a region's drill-down, any table over a period, the view's freshness.

The map reads the national ``regions`` table. The trends read ``GET /national/trends``, which
the national service does not publish yet: until it does, the page says so (see
:mod:`conum_web.charts` for the answer it expects).
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response

from conum_web.charts import MAP_INDICATORS, Trends, region_map, trends_of
from conum_web.forms import Values
from conum_web.problems import Explained, explain
from conum_web.services import Api, ServiceProblem
from conum_web.sessions import Person
from conum_web.space import MenuItem, Space
from conum_web.spaces.catalogue import is_la_mednum
from conum_web.visits import Visit, visitor

TABLES = {
    "funnel": "Parcours de formation",
    "regions": "Régions",
    "paths": "Positionnés par parcours",
    "withdrawals": "Abandons par motif",
    "durations": "Délais depuis l'inscription",
    "attendance": "Assiduité",
    "departments": "Parcours par département",
    "cohorts": "Cohortes (dispositif 2021)",
    "full_title": "Titre professionnel complet",
    "structures": "Structures d'accueil",
    "modules": "Modules complémentaires",
    "module_catalogue": "Catalogue des modules",
    "mandatory_modules": "Modules obligatoires",
    "satisfaction": "Satisfaction des sessions",
}


def is_coordinator(person: Person) -> bool:
    """A national coordinator, except La Mednum's, whose space is the catalogue."""
    return person.role == "national_coordinator" and not is_la_mednum(person)


SPACE = Space(
    slug="national",
    title="Espace coordination nationale",
    menu=(
        MenuItem("Vue d'ensemble", "/national"),
        MenuItem("Tableaux", "/national/tableaux"),
    ),
    serves=is_coordinator,
)
router = APIRouter(prefix="/national", include_in_schema=False)
Here = Annotated[Visit, Depends(visitor(SPACE))]


def period(values: Values) -> dict[str, str | None]:
    return {"from": values.text("du"), "to": values.text("au")}


async def _trends(
    api: Api, params: dict[str, str | None]
) -> tuple[Trends | None, Explained | None]:
    try:
        return trends_of(await api.get("national", "/national/trends", **params)), None
    except ServiceProblem as problem:
        return None, explain(problem)


@router.get("")
async def overview(
    visit: Here, indicateur: str = "enrolled", du: str | None = None, au: str | None = None
) -> Response:
    values = Values.initial({"indicateur": indicateur, "du": du or "", "au": au or ""})
    params = period(values)
    regions, funnel, freshness = await asyncio.gather(
        visit.api.get("national", "/national/tables/regions", **params),
        visit.api.get("national", "/national/tables/funnel", **params),
        visit.api.get("national", "/national/freshness"),
    )
    trends, trends_refused = await _trends(visit.api, params)
    return visit.render(
        "national/overview.html",
        page_title="Vue d'ensemble",
        values=values,
        map=region_map(regions, indicateur),
        indicators=list(MAP_INDICATORS.items()),
        funnel=funnel,
        freshness=freshness,
        trends=trends,
        trends_refused=trends_refused,
    )


@router.get("/tableaux")
async def tables(
    visit: Here,
    nom: str = "funnel",
    region: str | None = None,
    du: str | None = None,
    au: str | None = None,
) -> Response:
    values = Values.initial({"nom": nom, "region": region or "", "du": du or "", "au": au or ""})
    name = nom if nom in TABLES else "funnel"
    table = await visit.api.get(
        "national", f"/national/tables/{name}", region=region, **period(values)
    )
    return visit.render(
        "national/tables.html",
        page_title=TABLES[name],
        values=values,
        t=table,
        table_choices=list(TABLES.items()),
    )


RegionCode = Annotated[str, Path(pattern=r"^FR-[0-9A-Z]{2,4}$")]


@router.get("/regions/{code}")
async def region(
    code: RegionCode, visit: Here, du: str | None = None, au: str | None = None
) -> Response:
    values = Values.initial({"du": du or "", "au": au or ""})
    found: dict[str, Any] = await visit.api.get(
        "national", f"/national/regions/{code}", **period(values)
    )
    trends, trends_refused = await _trends(visit.api, period(values) | {"region": code})
    return visit.render(
        "national/region.html",
        page_title=found["name"],
        region=found,
        values=values,
        trends=trends,
        trends_refused=trends_refused,
    )

"""The national space against a stand-in national service that answers what the page expects,
``GET /national/trends`` included (the real service does not publish it yet): the map keyed as
the chart draws regions, a line per series, and a table beside each chart."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from conum_devtools.processes import free_port
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .conftest import USERS, application, serving, sign_in

TRENDS = {
    "region": None,
    "period_start": "2026-11-16",
    "period_end": "2026-12-06",
    "weeks": ["2026-11-16", "2026-11-23", "2026-11-30"],
    "series": {
        "enrolled": [4, 7, 5],
        "training_started": [0, 3, 6],
        "ccp1_passed": [0, 0, 2],
        "pix_certified": [0, 1, 1],
    },
}
"""What ``GET /national/trends?from&to&region`` is expected to answer: the Monday of each
week, oldest first, and for each series as many counts as weeks."""

REGIONS = {
    "name": "regions",
    "title": "Régions",
    "columns": [],
    "rows": [
        {
            "region": "FR-NAQ",
            "name": "Nouvelle-Aquitaine",
            "enrolled": 9,
            "in_training": 4,
            "double_certified": 1,
            "withdrawn": 0,
        },
        {
            "region": "FR-LRE",
            "name": "La Réunion",
            "enrolled": 2,
            "in_training": 1,
            "double_certified": 0,
            "withdrawn": 1,
        },
    ],
}
FUNNEL = {
    "name": "funnel",
    "title": "Parcours de formation",
    "columns": [
        {"name": "region", "label": "Région", "type": "string"},
        {"name": "enrolled", "label": "Inscrits", "type": "integer"},
    ],
    "rows": [{"region": "FR-NAQ", "enrolled": 9}],
}


@pytest.fixture(scope="module")
def national() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    asked: list[dict[str, Any]] = []

    async def answer(request: Request) -> JSONResponse:
        asked.append({"path": request.url.path, **request.query_params})
        assert request.headers["authorization"].startswith("Bearer ")
        match request.url.path:
            case "/national/trends":
                return JSONResponse(TRENDS)
            case "/national/tables/regions":
                return JSONResponse(REGIONS)
            case "/national/tables/funnel":
                return JSONResponse(FUNNEL)
        return JSONResponse({"lag": 0, "last_applied_at": "2026-12-04T10:00:00Z", "topics": []})

    app = Starlette(routes=[Route("/national/{rest:path}", answer)])
    with serving(app, free_port()) as url:
        yield url, asked


async def test_the_overview_draws_the_map_and_the_trends_with_their_tables(
    issuer: str, national: tuple[str, list[dict[str, Any]]]
) -> None:
    url, asked = national
    async with application(issuer, national_url=url) as web:
        await sign_in(web, USERS[2])
        page = await web.get("/national", params={"du": "2026-11-16", "au": "2026-12-06"})
    assert page.status_code == 200, page.text
    text = unescape(page.text)
    drawn = text.split("<map-chart data='")[1].split("'")[0]
    assert json.loads(drawn) == {"NAQ": 9, "974": 2}
    assert text.count("<line-chart") == 4
    assert 'x=\'[["2026-11-16", "2026-11-23", "2026-11-30"]]\'' in text
    assert "y='[[4, 7, 5]]'" in text
    assert "<td>2026-11-30</td><td>5</td><td>6</td><td>2</td><td>1</td>" in text
    assert "Tendances pas encore publiées" not in text
    trends = next(a for a in asked if a["path"] == "/national/trends")
    assert (trends["from"], trends["to"]) == ("2026-11-16", "2026-12-06")

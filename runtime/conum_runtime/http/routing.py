"""Routes of every service: the JSON body check, true ``Allow`` headers, and an OpenAPI
document that declares every status an operation can answer.

A service builds its routers with :func:`new_router`. Each route declares the refusals of its
rules (``responses=problems(403, 404, 409)``); :class:`EdgeRoute` adds what the edge itself can
answer: 401 when a token is required, 422 when there are parameters or a body, 400/413/415
when there is a body.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from starlette.responses import Response

from conum_runtime.auth import current_actor
from conum_runtime.http.limits import check_json_body
from conum_runtime.http.problems import FieldError, Problem, problems


class EdgeRoute(APIRoute):
    """A route whose JSON body is checked before it is parsed, and whose OpenAPI operation
    declares the statuses the edge answers by itself."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        super().__init__(path, endpoint, **options)
        edge = problems(*edge_statuses(self))
        self.responses = {**edge, **self.responses}

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()
        if self.body_field is None:
            return handle

        async def checked(request: Request) -> Response:
            await check_json_body(request)
            return await handle(request)

        return checked


def new_router(**options: Any) -> APIRouter:
    return APIRouter(route_class=EdgeRoute, **options)


def edge_statuses(route: APIRoute) -> set[int]:
    statuses = set()
    if _depends_on(route.dependant, current_actor):
        statuses.add(401)
    if route.body_field is not None or _has_parameters(route.dependant):
        statuses.add(422)
    if route.body_field is not None:
        statuses |= {400, 413, 415}
    return statuses


def document_problems(app: FastAPI) -> None:
    """The application's OpenAPI document, with the problem shape among its schemas."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, routes=app.routes, tags=app.openapi_tags
            )
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            template = "#/components/schemas/{model}"
            schemas["FieldError"] = FieldError.model_json_schema(ref_template=template)
            problem = Problem.model_json_schema(ref_template=template)
            problem.pop("$defs", None)
            schemas["Problem"] = problem
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _depends_on(dependant: Dependant, call: Callable[..., Any]) -> bool:
    return any(d.call is call or _depends_on(d, call) for d in dependant.dependencies)


def _has_parameters(dependant: Dependant) -> bool:
    own = (
        dependant.path_params
        or dependant.query_params
        or dependant.header_params
        or dependant.cookie_params
    )
    return bool(own) or any(_has_parameters(d) for d in dependant.dependencies)

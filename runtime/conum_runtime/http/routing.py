"""Routes of every service: the JSON body check, true ``Allow`` headers, and an OpenAPI
document that declares every status an operation can answer.

A service builds its routers with :func:`new_router`. Each route declares who may call it
(``dependencies=[allow(Role.X)]``) and the refusals of its rules (``responses=problems(404,
409)``); :class:`EdgeRoute` adds what the edge itself can answer: 401 when a token is
required, 403 when only some roles may call, 422 when there are parameters or a body,
400/413/415 when there is a body. A query parameter the route does not declare is refused
(422), so that a mistyped filter never silently widens a list.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator, Sequence
from typing import Any

from conum_kernel.access import Role
from fastapi import APIRouter, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from starlette.responses import Response

from conum_runtime.auth import current_actor
from conum_runtime.http.dependencies import RoleCheck
from conum_runtime.http.limits import BodyLimit, check_json_body
from conum_runtime.http.problems import FieldError, Problem, install_problem_handlers, problems
from conum_runtime.telemetry import mark_conseiller


class EdgeRoute(APIRoute):
    """A route whose JSON body is checked before it is parsed, and whose OpenAPI operation
    declares the statuses the edge answers by itself. ``max_body_size=`` sets the route's own
    body limit, kept by the edge (:class:`~conum_runtime.http.limits.BodyLimit`)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        self.body_limit: int | None = options.pop("max_body_size", None)
        super().__init__(path, endpoint, **options)
        self.roles = allowed_roles(self.dependant)
        """The roles that may call the route; ``None``: every authenticated role."""
        edge = problems(*edge_statuses(self))
        self.responses = {**edge, **self.responses}
        if self.roles is not None:
            roles = sorted(role.value for role in self.roles)
            self.openapi_extra = {**(self.openapi_extra or {}), "x-roles": roles}
            self.description = f"{self.description}\n\nRoles: {', '.join(roles)}.".strip()

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()
        known = frozenset(_query_names(self.dependant))
        has_body = self.body_field is not None

        async def checked(request: Request) -> Response:
            conseiller_id = request.path_params.get("conseiller_id")
            if conseiller_id:
                mark_conseiller(str(conseiller_id))
            unknown = sorted(set(request.query_params) - known)
            if unknown:
                raise RequestValidationError(
                    [
                        {"loc": ("query", name), "msg": "unknown parameter", "type": "extra"}
                        for name in unknown
                    ]
                )
            if has_body:
                await check_json_body(request)
            return await handle(request)

        return checked


def new_router(**options: Any) -> APIRouter:
    return APIRouter(route_class=EdgeRoute, **options)


def install_edge(app: FastAPI, routers: Sequence[APIRouter]) -> None:
    """The edge on ``app``, whose routes are ``routers``' (included without prefix): body
    limits, the problem shape for every error, and a document that declares it."""
    limits = [
        (frozenset(route.methods or ()), route.path_regex, route.body_limit)
        for router in routers
        for route in router.routes
        if isinstance(route, EdgeRoute) and route.body_limit is not None
    ]
    app.add_middleware(BodyLimit, limits=limits)
    install_problem_handlers(app)
    document_problems(app)


def allowed_roles(dependant: Dependant) -> frozenset[Role] | None:
    for sub in dependant.dependencies:
        if isinstance(sub.call, RoleCheck):
            return sub.call.roles
    return None


def edge_statuses(route: EdgeRoute) -> set[int]:
    statuses = set()
    if route.roles is not None:
        statuses.add(403)
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


def _query_names(dependant: Dependant) -> Iterator[str]:
    for parameter in dependant.query_params:
        yield parameter.alias
    for sub in dependant.dependencies:
        yield from _query_names(sub)


def _has_parameters(dependant: Dependant) -> bool:
    own = (
        dependant.path_params
        or dependant.query_params
        or dependant.header_params
        or dependant.cookie_params
    )
    return bool(own) or any(_has_parameters(d) for d in dependant.dependencies)

"""Every dependency of every route is a coroutine: FastAPI runs a plain function (or a plain
generator) dependency in a worker thread, a hop per dependency and request that cost more
than the dependencies themselves (decision 0019, third amendment)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conum_runtime.testing.services import service_settings
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from .conftest import SERVICES, TOKENS_JSON, app_factory


def runs_on_the_event_loop(call: Callable[..., Any]) -> bool:
    dunder_call = getattr(call, "__call__", None)  # noqa: B004 (a class instance's method)
    return any(
        inspect.iscoroutinefunction(candidate) or inspect.isasyncgenfunction(candidate)
        for candidate in (call, dunder_call)
    )


def api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """The routes of an application, those of the routers it includes too (FastAPI keeps an
    included router whole, as ``original_router``)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from api_routes(included.routes)


def name_of(call: Callable[..., Any]) -> str:
    return getattr(call, "__qualname__", type(call).__qualname__)


def dependencies_of(dependant: Dependant) -> Iterator[Dependant]:
    for dependency in dependant.dependencies:
        yield dependency
        yield from dependencies_of(dependency)


@pytest.mark.parametrize("service", SERVICES)
def test_no_route_runs_a_dependency_in_a_worker_thread(service: str, tmp_path: Path) -> None:
    settings = service_settings(
        f"sqlite+aiosqlite:///{tmp_path}/{service}.db", "127.0.0.1:9", "unused.", TOKENS_JSON
    )
    app = app_factory(service)(settings)
    threaded = sorted(
        {
            f"{route.path}: {name_of(dependency.call)}"
            for route in api_routes(app.routes)
            for dependency in dependencies_of(route.dependant)
            if dependency.call is not None and not runs_on_the_event_loop(dependency.call)
        }
    )
    assert len(list(api_routes(app.routes))) > 5
    assert not threaded, "\n".join(threaded)


def test_a_plain_function_dependency_is_found() -> None:
    def plain() -> None: ...

    async def coroutine() -> None: ...

    class Checked:
        async def __call__(self) -> None: ...

    assert not runs_on_the_event_loop(plain)
    assert runs_on_the_event_loop(coroutine)
    assert runs_on_the_event_loop(Checked())

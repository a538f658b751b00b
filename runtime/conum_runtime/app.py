"""The one place where a service instance is wired: :func:`create_service_app`.

A service describes itself once (:class:`ServiceDefinition`: its name, tables, revisions, unit
of work, routers and consumed events); its ``app.py`` calls :func:`create_service_app` with its
settings and collaborators, and gets a FastAPI application whose lifespan runs the instance
(:class:`~conum_runtime.host.ServiceHost`), whose errors take the problem shape, and whose
OpenAPI document declares them.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypedDict, TypeVar, Unpack

from fastapi import APIRouter, FastAPI, Request, Response
from opentelemetry.sdk.trace import SpanProcessor
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import MetaData

from conum_runtime import audit_trail, operations
from conum_runtime.consumed import Consumed
from conum_runtime.consumer import EventConsumer
from conum_runtime.host import ServiceHost
from conum_runtime.http.routing import install_edge
from conum_runtime.metrics import HttpLatency
from conum_runtime.settings import ServiceSettings
from conum_runtime.telemetry import instrument_app, quietly
from conum_runtime.uow import UnitOfWork

U = TypeVar("U", bound=UnitOfWork)


@dataclass(frozen=True)
class ServiceDefinition(Generic[U]):
    """What a service is made of, declared once in its ``app.py``; its consumed events'
    handlers take its unit of work (the type checker holds it)."""

    name: str
    """The service's name (``enrolment``): its package, topics' owner and consumer name."""
    metadata: MetaData
    unit_of_work: type[U]
    routers: Sequence[APIRouter]
    consumed: Consumed[U]
    """The consumed events, each with its handler (``handlers.events.CONSUMED``)."""
    title: str = ""
    """The OpenAPI and AsyncAPI documents' title; ``CoNum <name>`` unless said."""
    version: str = "1.0.0"
    on_start: Callable[[Callable[[], U], date], Awaitable[None]] | None = None
    """Work the instance does once it has started (its store migrated, its broker and relay
    running), given a unit-of-work factory and today: e.g. publishing reference data."""
    migrations: Path = field(init=False)
    """The directory of the service's Alembic revisions: ``migrations`` in its package."""

    def __post_init__(self) -> None:
        package = importlib.import_module(self.unit_of_work.__module__.split(".")[0])
        assert package.__file__ is not None
        object.__setattr__(self, "migrations", Path(package.__file__).parent / "migrations")
        if not self.title:
            object.__setattr__(self, "title", f"CoNum {self.name}")


class Hosting(TypedDict, total=False):
    """How an instance is hosted, the same for every service's ``create_app``: its clock
    (tests fix the day) and extra span processors (tests read spans back)."""

    clock: Callable[[], date]
    span_processors: tuple[SpanProcessor, ...]


async def live(_request: Request) -> Response:
    """Liveness: the process answers (no authentication, no personal data)."""
    return Response(b"ok", media_type="text/plain")


async def ready(request: Request) -> Response:
    """Readiness: the instance has started (migrated, broker connected) and its store answers."""
    host: ServiceHost = request.app.state.host
    with quietly():  # a probe makes no trace
        answers = await host.is_ready()
    if not answers:
        return Response(b"not ready", status_code=503, media_type="text/plain")
    return Response(b"ready", media_type="text/plain")


async def metrics_endpoint(request: Request) -> Response:
    """Prometheus metrics of the instance (no personal data; bound to the private network)."""
    host: ServiceHost = request.app.state.host
    with quietly():  # a scrape makes no trace
        await host.refresh_metrics()
    return Response(host.metrics.render(), media_type=CONTENT_TYPE_LATEST)


def create_service_app(
    definition: ServiceDefinition[Any],
    settings: ServiceSettings | None = None,
    *,
    context: Mapping[str, Any] | None = None,
    **hosting: Unpack[Hosting],
) -> FastAPI:
    """The service's application; nothing runs until its lifespan starts.

    ``context`` holds the service's collaborators (policies, reference data): the unit of work
    is built with them, so that commands and consumed events see the same ones.
    """
    clock = hosting.get("clock", date.today)
    span_processors = hosting.get("span_processors", ())
    settings = (settings or ServiceSettings()).model_copy(update={"service": definition.name})
    host = ServiceHost(
        settings, definition.metadata, definition.migrations, span_processors=span_processors
    )
    new_uow = host.unit_of_work_factory(definition.unit_of_work, context or {}, clock)
    if definition.consumed:
        host.add_consumer(
            EventConsumer(
                name=definition.name,
                region=settings.region,
                handlers=definition.consumed,
                new_uow=new_uow,
                dead_letters=host.dead_letters,
                tracer=host.tracer,
            )
        )

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await host.start()
        try:
            if definition.on_start is not None:
                await definition.on_start(new_uow, clock())
            yield
        finally:
            await host.stop()

    app = FastAPI(title=definition.title, version=definition.version, lifespan=lifespan)
    app.state.host = host
    app.state.token_book = host.token_book
    app.state.token_verifier = host.token_verifier
    app.state.new_uow = new_uow
    app.state.clock = clock
    routers = (*definition.routers, operations.router, audit_trail.router)
    for router in routers:
        app.include_router(router)
    app.add_api_route("/metrics", metrics_endpoint, include_in_schema=False)
    app.add_api_route("/health/live", live, include_in_schema=False)
    app.add_api_route("/health/ready", ready, include_in_schema=False)
    install_edge(app, routers)
    app.add_middleware(HttpLatency, metrics=host.metrics)
    instrument_app(app, host.provider)
    return app

"""Composition root of the positioning service: ``create_app(settings)`` wires everything."""

from __future__ import annotations

from pathlib import Path

from conum_runtime.consumer import EventConsumer
from conum_runtime.service import ServiceHost
from conum_runtime.settings import ServiceSettings
from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from conum_positioning import api
from conum_positioning.domain import SchedulingPolicy
from conum_positioning.store import PositioningUnitOfWork, metadata

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    settings: ServiceSettings | None = None,
    policy: SchedulingPolicy | None = None,
    span_processors: tuple[SpanProcessor, ...] = (),
) -> FastAPI:
    settings = (settings or ServiceSettings()).model_copy(update={"service": "positioning"})
    host = ServiceHost(settings, metadata, MIGRATIONS, span_processors=span_processors)
    new_uow = host.unit_of_work_factory(PositioningUnitOfWork)
    host.add_consumer(
        EventConsumer(
            name="positioning",
            region=settings.region,
            handlers=api.event_handlers(policy or SchedulingPolicy()),
            new_uow=new_uow,
            dead_letters=host.dead_letters,
        )
    )
    app = host.http_app("CoNum positioning", [api.router])
    app.state.new_uow = new_uow
    return app

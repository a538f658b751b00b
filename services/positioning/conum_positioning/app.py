"""Composition root of the positioning service: ``create_app(settings)`` wires everything."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from conum_runtime.consumer import EventConsumer
from conum_runtime.http import install_refusal_handler
from conum_runtime.service import ServiceHost
from conum_runtime.settings import ServiceSettings
from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from conum_positioning import api
from conum_positioning.domain import SchedulingPolicy
from conum_positioning.refusals import PositioningRefused
from conum_positioning.rubric import RubricBook
from conum_positioning.settings import PositioningSettings
from conum_positioning.store import PositioningUnitOfWork, metadata

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    settings: ServiceSettings | None = None,
    policy: SchedulingPolicy | None = None,
    span_processors: tuple[SpanProcessor, ...] = (),
    *,
    rubrics: RubricBook | None = None,
    clock: Callable[[], date] = date.today,
    options: PositioningSettings | None = None,
) -> FastAPI:
    """The service; ``policy``, ``rubrics`` and ``clock`` default to ``CONUM_POSITIONING_*``
    settings, the package's rubrics and the system clock."""
    settings = (settings or ServiceSettings()).model_copy(update={"service": "positioning"})
    options = options or PositioningSettings()
    host = ServiceHost(settings, metadata, MIGRATIONS, span_processors=span_processors)
    new_uow = host.unit_of_work_factory(PositioningUnitOfWork)
    host.add_consumer(
        EventConsumer(
            name="positioning",
            region=settings.region,
            handlers=api.event_handlers(policy or options.policy()),
            new_uow=new_uow,
            dead_letters=host.dead_letters,
        )
    )
    app = host.http_app("CoNum positioning", [api.router])
    app.state.new_uow = new_uow
    app.state.rubrics = rubrics or options.rubrics()
    app.state.clock = clock
    install_refusal_handler(app, PositioningRefused, api.REFUSAL_STATUS)
    return app

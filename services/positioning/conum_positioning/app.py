"""Composition root of the positioning service: what it is made of, and ``create_app``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from conum_runtime.app import ServiceDefinition, create_service_app
from conum_runtime.settings import ServiceSettings
from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from conum_positioning.api import routes
from conum_positioning.domain import RubricBook, SchedulingPolicy
from conum_positioning.handlers.events import CONSUMED
from conum_positioning.settings import PositioningSettings
from conum_positioning.store import PositioningUnitOfWork, metadata

SERVICE = ServiceDefinition(
    name="positioning",
    title="CoNum positioning",
    metadata=metadata,
    migrations=Path(__file__).parent / "migrations",
    unit_of_work=PositioningUnitOfWork,
    routers=(routes.router,),
    consumed=CONSUMED,
)


def create_app(
    settings: ServiceSettings | None = None,
    *,
    clock: Callable[[], date] = date.today,
    span_processors: tuple[SpanProcessor, ...] = (),
    scheduling: SchedulingPolicy | None = None,
    rubrics: RubricBook | None = None,
) -> FastAPI:
    """The service; ``scheduling`` and ``rubrics`` default to ``CONUM_POSITIONING_*``
    settings and the package's rubrics."""
    options = PositioningSettings()
    return create_service_app(
        SERVICE,
        settings,
        clock=clock,
        span_processors=span_processors,
        context={
            "scheduling": scheduling or options.policy(),
            "rubrics": rubrics or options.rubrics(),
        },
    )

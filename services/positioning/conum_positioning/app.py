"""Composition root of the positioning service: what it is made of, and ``create_app``."""

from __future__ import annotations

from typing import Unpack

from conum_runtime.app import Hosting, ServiceDefinition, create_service_app
from conum_runtime.settings import ServiceSettings
from fastapi import FastAPI

from conum_positioning.api import routes
from conum_positioning.domain import RubricBook, SchedulingPolicy
from conum_positioning.handlers.events import CONSUMED
from conum_positioning.settings import PositioningSettings
from conum_positioning.store import PositioningUnitOfWork, metadata

SERVICE = ServiceDefinition(
    name="positioning",
    metadata=metadata,
    unit_of_work=PositioningUnitOfWork,
    routers=(routes.router,),
    consumed=CONSUMED,
)


def create_app(
    settings: ServiceSettings | None = None,
    *,
    scheduling: SchedulingPolicy | None = None,
    rubrics: RubricBook | None = None,
    **hosting: Unpack[Hosting],
) -> FastAPI:
    """The service; ``scheduling`` and ``rubrics`` default to ``CONUM_POSITIONING_*``
    settings and the package's rubrics."""
    options = PositioningSettings()
    return create_service_app(
        SERVICE,
        settings,
        **hosting,
        context={
            "scheduling": scheduling or options.policy(),
            "rubrics": rubrics or options.rubrics(),
        },
    )

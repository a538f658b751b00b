"""Composition root of the certification service: what it is made of, and ``create_app``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from conum_runtime.app import ServiceDefinition, create_service_app
from conum_runtime.settings import ServiceSettings
from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from conum_certification.api import routes
from conum_certification.domain import FullTitleRouting
from conum_certification.handlers.events import CONSUMED
from conum_certification.settings import CertificationSettings
from conum_certification.store import CertificationUnitOfWork, metadata

SERVICE = ServiceDefinition(
    name="certification",
    title="CoNum certification",
    metadata=metadata,
    migrations=Path(__file__).parent / "migrations",
    unit_of_work=CertificationUnitOfWork,
    routers=(routes.router,),
    consumed=CONSUMED,
)


def create_app(
    settings: ServiceSettings | None = None,
    *,
    clock: Callable[[], date] = date.today,
    span_processors: tuple[SpanProcessor, ...] = (),
    routing: FullTitleRouting | None = None,
) -> FastAPI:
    """The service; ``routing`` defaults to the full-title organisations of
    ``CONUM_CERTIFICATION_FULL_TITLE_ORGANISATIONS`` (the package's file by default)."""
    return create_service_app(
        SERVICE,
        settings,
        clock=clock,
        span_processors=span_processors,
        context={"routing": routing or CertificationSettings().routing()},
    )

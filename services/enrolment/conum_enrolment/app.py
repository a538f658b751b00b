"""Composition root of the enrolment service: ``create_app(settings)`` wires everything."""

from __future__ import annotations

from pathlib import Path

from conum_runtime.http import install_refusal_handler
from conum_runtime.service import ServiceHost
from conum_runtime.settings import ServiceSettings
from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from conum_enrolment import api, domain
from conum_enrolment.reference import ReferenceData, load_reference
from conum_enrolment.store import EnrolmentUnitOfWork, metadata

MIGRATIONS = Path(__file__).parent / "migrations"


def create_host(
    settings: ServiceSettings, span_processors: tuple[SpanProcessor, ...] = ()
) -> ServiceHost:
    settings = settings.model_copy(update={"service": "enrolment"})
    return ServiceHost(settings, metadata, MIGRATIONS, span_processors=span_processors)


def create_app(
    settings: ServiceSettings | None = None,
    reference: ReferenceData | None = None,
    span_processors: tuple[SpanProcessor, ...] = (),
) -> FastAPI:
    host = create_host(settings or ServiceSettings(), span_processors)
    app = host.http_app("CoNum enrolment", [api.router])
    app.state.new_uow = host.unit_of_work_factory(
        EnrolmentUnitOfWork, reference=reference or load_reference()
    )
    install_refusal_handler(app, domain.EnrolmentRefused, api.REFUSAL_STATUS)
    return app

"""Composition root of the certification service: ``create_app(settings)`` wires everything."""

from __future__ import annotations

from pathlib import Path

from conum_runtime.consumer import EventConsumer
from conum_runtime.http import install_refusal_handler
from conum_runtime.service import ServiceHost
from conum_runtime.settings import ServiceSettings
from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from conum_certification import api
from conum_certification.refusals import CertificationRefused
from conum_certification.routing import FullTitleRouting, load_routing
from conum_certification.store import CertificationUnitOfWork, metadata

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    settings: ServiceSettings | None = None,
    routing: FullTitleRouting | None = None,
    span_processors: tuple[SpanProcessor, ...] = (),
) -> FastAPI:
    settings = (settings or ServiceSettings()).model_copy(update={"service": "certification"})
    host = ServiceHost(settings, metadata, MIGRATIONS, span_processors=span_processors)
    new_uow = host.unit_of_work_factory(CertificationUnitOfWork, routing=routing or load_routing())
    host.add_consumer(
        EventConsumer(
            name="certification",
            region=settings.region,
            handlers=api.EVENT_HANDLERS,
            new_uow=new_uow,
            dead_letters=host.dead_letters,
        )
    )
    app = host.http_app("CoNum certification", [api.router])
    app.state.new_uow = new_uow
    install_refusal_handler(app, CertificationRefused, api.REFUSAL_STATUS)
    return app

"""Composition root of the enrolment service: ``create_app(settings)`` wires everything."""

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

from conum_enrolment import api, domain, training_api
from conum_enrolment.edge import REFUSAL_STATUS
from conum_enrolment.reference import ReferenceData, ReferenceHolder
from conum_enrolment.settings import TrainingSettings
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
    policy: domain.TrainingPolicy | None = None,
    clock: Callable[[], date] = date.today,
) -> FastAPI:
    host = create_host(settings or ServiceSettings(), span_processors)
    policy = policy or TrainingSettings().policy()
    holder = ReferenceHolder(data=reference) if reference else ReferenceHolder()
    new_uow = host.unit_of_work_factory(EnrolmentUnitOfWork, reference=holder)
    host.add_consumer(
        EventConsumer(
            name="enrolment",
            region=host.settings.region,
            handlers=api.event_handlers(policy),
            new_uow=new_uow,
            dead_letters=host.dead_letters,
        )
    )
    app = host.http_app("CoNum enrolment", [api.router, training_api.router])
    app.state.new_uow = new_uow
    app.state.reference = holder
    app.state.policy = policy
    app.state.clock = clock
    install_refusal_handler(app, domain.EnrolmentRefused, REFUSAL_STATUS)
    return app

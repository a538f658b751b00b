"""Composition root of the certification service: what it is made of, and ``create_app``."""

from __future__ import annotations

from typing import Unpack

from conum_runtime.app import Hosting, ServiceDefinition, create_service_app
from conum_runtime.settings import ServiceSettings
from fastapi import FastAPI

from conum_certification.api import routes
from conum_certification.domain import FullTitleRouting
from conum_certification.handlers.events import CONSUMED
from conum_certification.settings import CertificationSettings
from conum_certification.store import CertificationUnitOfWork, metadata

SERVICE = ServiceDefinition(
    name="certification",
    metadata=metadata,
    unit_of_work=CertificationUnitOfWork,
    routers=(routes.router,),
    consumed=CONSUMED,
)


def create_app(
    settings: ServiceSettings | None = None,
    *,
    routing: FullTitleRouting | None = None,
    **hosting: Unpack[Hosting],
) -> FastAPI:
    """The service; ``routing`` defaults to the full-title organisations of
    ``CONUM_CERTIFICATION_FULL_TITLE_ORGANISATIONS`` (the package's file by default)."""
    return create_service_app(
        SERVICE,
        settings,
        **hosting,
        context={"routing": routing or CertificationSettings().routing()},
    )

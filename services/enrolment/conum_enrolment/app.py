"""Composition root of the enrolment service: what it is made of, and ``create_app``."""

from __future__ import annotations

from typing import Unpack

from conum_runtime.app import Hosting, ServiceDefinition, create_service_app
from conum_runtime.settings import ServiceSettings
from fastapi import FastAPI

from conum_enrolment.api import ROUTERS
from conum_enrolment.domain import Publication, TrainingPolicy
from conum_enrolment.handlers.events import CONSUMED
from conum_enrolment.reference import ReferenceData, ReferenceHolder
from conum_enrolment.settings import EnrolmentSettings
from conum_enrolment.store import EnrolmentUnitOfWork, metadata

SERVICE = ServiceDefinition(
    name="enrolment",
    metadata=metadata,
    unit_of_work=EnrolmentUnitOfWork,
    routers=ROUTERS,
    consumed=CONSUMED,
)


def create_app(
    settings: ServiceSettings | None = None,
    *,
    policy: TrainingPolicy | None = None,
    reference: ReferenceData | None = None,
    publication: Publication | None = None,
    **hosting: Unpack[Hosting],
) -> FastAPI:
    """The service; ``policy`` and ``publication`` default to the ``CONUM_ENROLMENT_*``
    settings, ``reference`` to the package's reference files (reloadable)."""
    return create_service_app(
        SERVICE,
        settings,
        **hosting,
        context={
            "policy": policy or EnrolmentSettings().policy(),
            "publication": publication or EnrolmentSettings().publication(),
            "reference": ReferenceHolder(data=reference),
        },
    )

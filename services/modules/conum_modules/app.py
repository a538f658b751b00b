"""Composition root of the modules service: what it is made of, and ``create_app``.

One service, two kinds of instance (``CONUM_REGION``): ``national``, La Mednum's, which
writes the catalogue and keeps a copy of every region's sessions and registrations; and one
per region (``FR-NAQ``…), its hub's, which writes the sessions and registrations of its
territory and keeps a copy of the catalogue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Unpack

from conum_runtime.app import Hosting, ServiceDefinition, create_service_app
from conum_runtime.settings import ServiceSettings
from conum_runtime.uow import UnitOfWork
from fastapi import FastAPI
from sqlalchemy.exc import IntegrityError

from conum_modules.api import ROUTERS
from conum_modules.domain import HubDirectory, Instance, Module, ModulesPolicy
from conum_modules.handlers.commands import publish_starting_catalogue
from conum_modules.handlers.events import CONSUMED
from conum_modules.settings import ModulesSettings
from conum_modules.store import ModulesUnitOfWork, metadata

log = logging.getLogger(__name__)


async def publish_the_starting_catalogue(new_uow: Callable[[], UnitOfWork], today: date) -> None:
    """On start, the national instance publishes what it has never published of the starting
    catalogue (a second national instance starting at the same time finds it done)."""
    try:
        unit = new_uow()
        assert isinstance(unit, ModulesUnitOfWork)
        async with unit as uow:
            await publish_starting_catalogue(uow, today)
    except IntegrityError:
        log.info("starting catalogue published by another instance meanwhile")


SERVICE = ServiceDefinition(
    name="modules",
    metadata=metadata,
    unit_of_work=ModulesUnitOfWork,
    routers=ROUTERS,
    consumed=CONSUMED,
    on_start=publish_the_starting_catalogue,
)


def create_app(
    settings: ServiceSettings | None = None,
    *,
    hubs: HubDirectory | None = None,
    policy: ModulesPolicy | None = None,
    starting_catalogue: tuple[Module, ...] | None = None,
    **hosting: Unpack[Hosting],
) -> FastAPI:
    """The service; ``hubs``, ``policy`` and ``starting_catalogue`` default to the
    ``CONUM_MODULES_*`` settings and the package's reference files."""
    settings = settings or ServiceSettings()
    options = ModulesSettings()
    return create_service_app(
        SERVICE,
        settings,
        **hosting,
        context={
            "instance": Instance(settings.region),
            "hubs": hubs or options.hub_directory(),
            "policy": policy or options.policy(),
            "starting_catalogue": (
                options.starting_catalogue() if starting_catalogue is None else starting_catalogue
            ),
        },
    )

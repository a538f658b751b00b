"""The modules unit of work: one transaction over the repositories; events go to the outbox
in it."""

from __future__ import annotations

from collections.abc import Sequence

from conum_contracts.base import EventModel
from conum_runtime.uow import UnitOfWork, conseillers_of

from conum_modules.domain import HubDirectory, Instance, Module, ModulesPolicy
from conum_modules.store.repositories import (
    Attendance,
    Conseillers,
    Evaluations,
    Habilitations,
    Modules,
    RegionFigures,
    Registrations,
    Sessions,
)


class ModulesUnitOfWork(UnitOfWork):
    modules: Modules
    habilitations: Habilitations
    conseillers: Conseillers
    sessions: Sessions
    registrations: Registrations
    attendance: Attendance
    evaluations: Evaluations
    figures: RegionFigures
    instance: Instance
    """Which instance this is: national (the catalogue) or a region's (collaborator)."""
    hubs: HubDirectory
    """The hub of each region (collaborator)."""
    policy: ModulesPolicy
    """The values the sources leave open (collaborator)."""
    starting_catalogue: tuple[Module, ...]
    """What the national instance publishes once, on its first start (collaborator)."""

    async def prefetch(self, events: Sequence[EventModel]) -> None:
        """The conseillers a batch names and the enrolment ids it brings, one statement
        each."""

        enrolments = {getattr(event, "enrolment_id", None) for event in events}
        await self.conseillers.load(
            conseillers_of(events),
            [e for e in enrolments if isinstance(e, str)],
        )

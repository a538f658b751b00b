"""The national catalogue: La Mednum (a national coordinator on the national instance)
publishes and withdraws modules; the starting catalogue is published once."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date

from conum_contracts.modules import ModulePublishedV1, ModuleWithdrawnV1
from conum_kernel.access import Caller
from conum_kernel.territory import NATIONAL

from conum_modules import domain
from conum_modules.domain import Habilitation, Module, ModuleKind
from conum_modules.store import ModulesUnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublishModule:
    title: str
    kind: ModuleKind
    requires_habilitation: Habilitation | None


def _check_catalogue_writer(uow: ModulesUnitOfWork, caller: Caller) -> None:
    """The catalogue is national: written on the national instance by a national actor."""
    if not uow.instance.is_national:
        raise domain.NationalInstanceOnly("the catalogue is written on the national instance")
    caller.check_region(NATIONAL)


def _publish(uow: ModulesUnitOfWork, module: Module) -> None:
    uow.emit(
        ModulePublishedV1.of(module),
        region=NATIONAL,
    )


async def module_for(uow: ModulesUnitOfWork, module_id: str) -> Module:
    module = await uow.modules.get(module_id)
    if module is None:
        raise domain.UnknownModule(f"no module {module_id}")
    return module


async def publish_module(
    command: PublishModule, uow: ModulesUnitOfWork, caller: Caller, today: date
) -> Module:
    _check_catalogue_writer(uow, caller)
    module = Module(
        module_id=str(uuid.uuid4()),
        title=command.title.strip(),
        kind=command.kind,
        requires_habilitation=command.requires_habilitation,
        published_on=today,
    )
    await uow.modules.save(module)
    _publish(uow, module)
    await uow.commit()
    return module


@dataclass(frozen=True)
class WithdrawModule:
    module_id: str


async def withdraw_module(
    command: WithdrawModule, uow: ModulesUnitOfWork, caller: Caller, today: date
) -> Module:
    module_id = command.module_id
    module = await module_for(uow, module_id)
    _check_catalogue_writer(uow, caller)
    withdrawn = module.withdraw(today)
    await uow.modules.save(withdrawn)
    uow.emit(ModuleWithdrawnV1(module_id=module_id), region=NATIONAL)
    await uow.commit()
    return withdrawn


async def publish_starting_catalogue(uow: ModulesUnitOfWork, today: date) -> int:
    """On the national instance, publish the modules of the starting catalogue it has never
    published (fixed ids: a restart publishes nothing new). Returns how many."""
    if not uow.instance.is_national:
        return 0
    published = 0
    for module in uow.starting_catalogue:
        if await uow.modules.get(module.module_id) is not None:
            continue  # published before (and perhaps withdrawn since)
        module = Module(
            module_id=module.module_id,
            title=module.title,
            kind=module.kind,
            requires_habilitation=module.requires_habilitation,
            published_on=today,
        )
        await uow.modules.save(module)
        _publish(uow, module)
        published += 1
    await uow.commit()
    if published:
        log.info("starting catalogue: %d modules published", published)
    return published

"""The catalogue, published by the national instance with region ``national``: regional
instances keep a copy; the national instance wrote it already and ignores the echo."""

from __future__ import annotations

import logging

from conum_contracts.envelope import Envelope
from conum_contracts.modules import (
    ModulePublishedV1,
    ModuleWithdrawnV1,
)

from conum_modules.domain import (
    Habilitation,
    Module,
    ModuleKind,
)
from conum_modules.store import ModulesUnitOfWork

log = logging.getLogger(__name__)


async def on_module_published(
    event: ModulePublishedV1, _envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    if uow.instance.is_national or await uow.modules.get(event.module_id) is not None:
        return  # the national instance's own echo; or a repeated publication
    await uow.modules.save(
        Module(
            module_id=event.module_id,
            title=event.title,
            kind=ModuleKind(event.kind),
            requires_habilitation=(
                Habilitation(event.requires_habilitation) if event.requires_habilitation else None
            ),
        )
    )


async def on_module_withdrawn(
    event: ModuleWithdrawnV1, _envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    if uow.instance.is_national:
        return
    module = await uow.modules.get(event.module_id)
    if module is None or not module.is_published:
        log.info("withdrawal of module %s ignored: unknown or withdrawn", event.module_id)
        return
    await uow.modules.save(module.withdraw(None))

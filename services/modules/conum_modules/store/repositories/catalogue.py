"""The catalogue and the host structures' habilitations."""

from __future__ import annotations

from datetime import date
from typing import Any

from conum_runtime.uow import Repository
from sqlmodel import col, select

from conum_modules.domain import Habilitation, Module, ModuleKind, ModuleState
from conum_modules.store.tables import HabilitationRow, ModuleRow


def _module(row: ModuleRow) -> Module:
    return Module(
        module_id=row.module_id,
        title=row.title,
        kind=ModuleKind(row.kind),
        requires_habilitation=(
            Habilitation(row.requires_habilitation) if row.requires_habilitation else None
        ),
        state=ModuleState(row.state),
        published_on=row.published_on,
        withdrawn_on=row.withdrawn_on,
    )


class Modules(Repository):
    async def get(self, module_id: str) -> Module | None:
        row = await self._session.get(ModuleRow, module_id)
        return None if row is None else _module(row)

    async def all(self, state: ModuleState | None = None) -> list[Module]:
        query = select(ModuleRow).order_by(col(ModuleRow.title), col(ModuleRow.module_id))
        if state is not None:
            query = query.where(ModuleRow.state == state.value)
        return [_module(row) for row in await self._session.exec(query)]

    async def save(self, module: Module) -> None:
        row = await self._session.get(ModuleRow, module.module_id)
        values: dict[str, Any] = {
            "title": module.title,
            "kind": module.kind.value,
            "requires_habilitation": (
                module.requires_habilitation.value if module.requires_habilitation else None
            ),
            "state": module.state.value,
            "published_on": module.published_on,
            "withdrawn_on": module.withdrawn_on,
        }
        if row is None:
            row = ModuleRow(module_id=module.module_id, **values)
        else:
            row.sqlmodel_update(values)
        self._session.add(row)
        await self._session.flush()


class Habilitations(Repository):
    async def of(self, structure_id: str | None) -> frozenset[Habilitation]:
        if structure_id is None:
            return frozenset()
        rows = await self._session.exec(
            select(HabilitationRow.scheme).where(HabilitationRow.structure_id == structure_id)
        )
        return frozenset(Habilitation(scheme) for scheme in rows.all())

    async def grant(self, structure_id: str, scheme: Habilitation, granted_on: date) -> None:
        """Keep the habilitation (the first grant's day if it is received twice)."""
        if await self._session.get(HabilitationRow, (structure_id, scheme.value)) is not None:
            return
        self._session.add(
            HabilitationRow(structure_id=structure_id, scheme=scheme.value, granted_on=granted_on)
        )

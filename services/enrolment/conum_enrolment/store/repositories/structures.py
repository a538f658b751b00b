"""Structures and their habilitations."""

from __future__ import annotations

from conum_kernel.access import Role
from conum_kernel.territory import territory
from conum_runtime.uow import Repository
from sqlmodel import col, select

from conum_enrolment.domain import Habilitation, HabilitationScheme, Structure, StructureKind
from conum_enrolment.store.repositories.lists import Listing, Page, visible
from conum_enrolment.store.tables import HabilitationRow, StructureRow


class Structures(Repository):
    async def get(self, structure_id: str) -> Structure | None:
        row = await self._session.get(StructureRow, structure_id)
        return None if row is None else await self._to_domain(row)

    async def siret_taken(self, siret: str) -> bool:
        found = await self._session.exec(select(StructureRow).where(StructureRow.siret == siret))
        return found.first() is not None

    async def list(self, listing: Listing, *, after: str | None, limit: int) -> Page[Structure]:
        query = select(StructureRow).order_by(col(StructureRow.structure_id)).limit(limit + 1)
        query = visible(
            query,
            listing,
            StructureRow.region,
            {Role.HOST_STRUCTURE: col(StructureRow.structure_id)},
        )
        if after is not None:
            query = query.where(col(StructureRow.structure_id) > after)
        rows = list((await self._session.exec(query)).all())
        items = [await self._to_domain(row) for row in rows[:limit]]
        return Page(items, items[-1].structure_id if len(rows) > limit else None)

    def add(self, structure: Structure) -> None:
        self._session.add(
            StructureRow(
                structure_id=structure.structure_id,
                siret=structure.siret,
                name=structure.name,
                kind=structure.kind.value,
                department=structure.department.code,
                region=structure.region,
            )
        )

    async def save_habilitation(self, structure_id: str, habilitation: Habilitation) -> None:
        key = (structure_id, habilitation.scheme.value)
        row = await self._session.get(HabilitationRow, key)
        if row is None:
            row = HabilitationRow(
                structure_id=structure_id,
                scheme=habilitation.scheme.value,
                requested_on=habilitation.requested_on,
            )
        row.granted_on = habilitation.granted_on
        self._session.add(row)

    async def _to_domain(self, row: StructureRow) -> Structure:
        found = await self._session.exec(
            select(HabilitationRow).where(HabilitationRow.structure_id == row.structure_id)
        )
        habilitations = {
            HabilitationScheme(h.scheme): Habilitation(
                HabilitationScheme(h.scheme), h.requested_on, h.granted_on
            )
            for h in found.all()
        }
        return Structure(
            structure_id=row.structure_id,
            siret=row.siret,
            name=row.name,
            kind=StructureKind(row.kind),
            department=territory().departments[row.department],
            habilitations=habilitations,
        )

"""Conseillers as the streams describe them, and the enrolment ids seen."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_modules.domain import Conseiller
from conum_modules.store.tables import ConseillerRow, EnrolmentSeenRow


class Conseillers:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, conseiller_id: str) -> Conseiller | None:
        row = await self._session.get(ConseillerRow, conseiller_id, populate_existing=True)
        if row is None:
            return None
        values = row.model_dump(exclude={"version"})
        return Conseiller(**values)

    async def claim(self, conseiller_id: str) -> bool:
        """Take the conseiller's lock until commit, before deciding their track and funding
        (False: no such conseiller)."""
        statement = (
            update(ConseillerRow)
            .where(col(ConseillerRow.conseiller_id) == conseiller_id)
            .values(version=col(ConseillerRow.version) + 1)
            .execution_options(synchronize_session=False)
        )
        result = await self._session.exec(statement)
        return bool(result.rowcount == 1)

    async def save(self, conseiller: Conseiller) -> None:
        row = await self._session.get(ConseillerRow, conseiller.conseiller_id)
        values = asdict(conseiller)
        if row is None:
            row = ConseillerRow(**values)
        else:
            row.sqlmodel_update(values)
        self._session.add(row)
        await self._session.flush()

    async def seen(self, enrolment_id: str) -> bool:
        return await self._session.get(EnrolmentSeenRow, enrolment_id) is not None

    async def remember(self, conseiller_id: str, enrolment_id: str) -> None:
        if not await self.seen(enrolment_id):
            self._session.add(
                EnrolmentSeenRow(enrolment_id=enrolment_id, conseiller_id=conseiller_id)
            )

    async def in_region(self, region: str) -> list[Conseiller]:
        rows = await self._session.exec(select(ConseillerRow).where(ConseillerRow.region == region))
        return [Conseiller(**row.model_dump(exclude={"version"})) for row in rows]

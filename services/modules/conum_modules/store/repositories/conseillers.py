"""Conseillers as the streams describe them, and the enrolment ids seen."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict

from conum_runtime.statements import Statements
from conum_runtime.uow import Repository
from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_modules.domain import Conseiller
from conum_modules.store.tables import ConseillerRow, EnrolmentSeenRow


class Conseillers(Repository):
    """The conseillers of a batch and the enrolment ids it names are read in one statement
    each (:meth:`load`); answers come from what was read, kept current by :meth:`save`, until
    :meth:`claim` takes a conseiller's lock (the next :meth:`get` reads the row again)."""

    def __init__(self, session: AsyncSession, statements: Statements | None = None) -> None:
        super().__init__(session, statements)
        self._known: dict[str, Conseiller | None] = {}
        self._seen: dict[str, bool] = {}

    async def load(self, conseiller_ids: Collection[str], enrolment_ids: Collection[str]) -> None:
        ids = sorted(set(conseiller_ids) - set(self._known))
        if ids:
            rows = await self._session.exec(
                select(ConseillerRow).where(col(ConseillerRow.conseiller_id).in_(ids))
            )
            found = {row.conseiller_id: _conseiller(row) for row in rows}
            self._known.update({conseiller_id: found.get(conseiller_id) for conseiller_id in ids})
        enrolments = sorted(set(enrolment_ids) - set(self._seen))
        if enrolments:
            seen = await self._session.exec(
                select(EnrolmentSeenRow.enrolment_id).where(
                    col(EnrolmentSeenRow.enrolment_id).in_(enrolments)
                )
            )
            present = set(seen.all())
            self._seen.update({enrolment: enrolment in present for enrolment in enrolments})

    async def get(self, conseiller_id: str) -> Conseiller | None:
        if conseiller_id not in self._known:
            row = await self._session.get(ConseillerRow, conseiller_id, populate_existing=True)
            self._known[conseiller_id] = None if row is None else _conseiller(row)
        return self._known[conseiller_id]

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
        self._known.pop(conseiller_id, None)  # read again, under the lock
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
        self._known[conseiller.conseiller_id] = conseiller

    async def seen(self, enrolment_id: str) -> bool:
        if enrolment_id not in self._seen:
            found = await self._session.get(EnrolmentSeenRow, enrolment_id)
            self._seen[enrolment_id] = found is not None
        return self._seen[enrolment_id]

    async def remember(self, conseiller_id: str, enrolment_id: str) -> None:
        if not await self.seen(enrolment_id):
            self._session.add(
                EnrolmentSeenRow(enrolment_id=enrolment_id, conseiller_id=conseiller_id)
            )
            self._seen[enrolment_id] = True


def _conseiller(row: ConseillerRow) -> Conseiller:
    return Conseiller(**row.model_dump(exclude={"version"}))

"""Withdrawals of enrolments that have not arrived yet (batch-aware, decision 0028)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from conum_runtime.statements import Statements
from conum_runtime.uow import Repository
from sqlalchemy import delete, func, insert, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_positioning.domain import Withdrawal
from conum_positioning.store.tables import metadata

_PENDING = metadata.tables["pending_withdrawals"]


class PendingWithdrawals(Repository):
    """Withdrawals of enrolments that have not arrived yet, one per enrolment; read and
    written with plain statements, a conseiller's kept in this unit of work once read."""

    def __init__(self, session: AsyncSession, statements: Statements | None = None) -> None:
        super().__init__(session, statements)
        self._kept: dict[str, dict[str, Withdrawal]] = {}

    async def load(self, conseiller_ids: Collection[str]) -> None:
        """Read the withdrawals kept for these conseillers in one statement."""
        ids = sorted(set(conseiller_ids))
        if not ids:
            return
        rows = await self._statements.execute(
            _PENDING.select().where(_PENDING.c.conseiller_id.in_(ids))
        )
        kept: dict[str, dict[str, Withdrawal]] = {conseiller_id: {} for conseiller_id in ids}
        for row in rows:
            kept[row.conseiller_id][row.enrolment_key] = Withdrawal(
                row.reason, row.withdrawn_on, row.enrolment_key or None
            )
        self._kept.update(kept)

    async def _of(self, conseiller_id: str) -> dict[str, Withdrawal]:
        if conseiller_id not in self._kept:
            await self.load([conseiller_id])
        return self._kept[conseiller_id]

    async def for_enrolment(
        self, conseiller_id: str, enrolment_id: str | None
    ) -> Withdrawal | None:
        """The withdrawal kept for this enrolment, else the one kept without an id
        (revision 1), which the day's grain matches (:func:`~conum_positioning.domain.ends`)."""
        kept = await self._of(conseiller_id)
        for key in (enrolment_id, ""):
            if key is not None and key in kept:
                return kept[key]
        return None

    async def keep(self, conseiller_id: str, region: str, withdrawal: Withdrawal) -> None:
        """Keep the withdrawal for its enrolment (without an id: the latest one)."""
        key = withdrawal.enrolment_id or ""
        kept = await self._of(conseiller_id)
        earlier = kept.get(key)
        if earlier is not None and earlier.withdrawn_on > withdrawal.withdrawn_on:
            return
        values = {"reason": withdrawal.reason, "withdrawn_on": withdrawal.withdrawn_on}
        if earlier is None:
            keys = {"conseiller_id": conseiller_id, "enrolment_key": key, "region": region}
            row = {**keys, **values, "received_at": datetime.now(UTC)}
            await self._statements.execute(insert(_PENDING), [row])
        else:
            await self._statements.execute(
                update(_PENDING)
                .where(_PENDING.c.conseiller_id == conseiller_id)
                .where(_PENDING.c.enrolment_key == key)
                .values(values)
            )
        kept[key] = Withdrawal(withdrawal.reason, withdrawal.withdrawn_on, key or None)

    async def discard(self, conseiller_id: str, withdrawal: Withdrawal) -> None:
        key = withdrawal.enrolment_id or ""
        kept = await self._of(conseiller_id)
        if kept.pop(key, None) is not None:
            await self._statements.execute(
                delete(_PENDING)
                .where(_PENDING.c.conseiller_id == conseiller_id)
                .where(_PENDING.c.enrolment_key == key)
            )

    async def count(self) -> int:
        rows = await self._statements.execute(select(func.count()).select_from(_PENDING))
        return int(rows.scalar_one())

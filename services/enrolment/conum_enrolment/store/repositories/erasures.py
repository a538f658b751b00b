"""Erasures: why and when each erased person was erased (no personal data)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC

from conum_kernel.access import Role
from conum_runtime.uow import Repository
from sqlmodel import col, select

from conum_enrolment.domain import Erasure, ErasureReason
from conum_enrolment.store.tables import ErasureRow


class Erasures(Repository):
    async def get(self, conseiller_id: str) -> Erasure | None:
        row = await self._session.get(ErasureRow, conseiller_id)
        if row is None:
            return None
        erased_at = row.erased_at  # SQLite keeps no offset: it was written in UTC
        if erased_at.tzinfo is None:
            erased_at = erased_at.replace(tzinfo=UTC)
        return Erasure(
            row.conseiller_id, ErasureReason(row.reason), Role(row.requested_by), erased_at
        )

    async def erased_among(self, conseiller_ids: Sequence[str]) -> set[str]:
        if not conseiller_ids:
            return set()
        found = await self._session.exec(
            select(ErasureRow.conseiller_id).where(
                col(ErasureRow.conseiller_id).in_(conseiller_ids)
            )
        )
        return set(found.all())

    def add(self, erasure: Erasure) -> None:
        self._session.add(
            ErasureRow(
                conseiller_id=erasure.conseiller_id,
                reason=erasure.reason.value,
                requested_by=erasure.requested_by.value,
                erased_at=erasure.erased_at,
            )
        )

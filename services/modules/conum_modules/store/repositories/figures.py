"""Session surveys, and what a region's figures are computed from."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from conum_runtime.uow import Repository
from sqlmodel import col, select

from conum_modules.domain import Completed, Evaluation, RegistrationStatus
from conum_modules.store.tables import EvaluationRow, RegistrationRow, SessionRow


class Evaluations(Repository):
    async def get(self, session_id: str) -> Evaluation | None:
        row = await self._session.get(EvaluationRow, session_id)
        return None if row is None else Evaluation(**row.model_dump())

    async def add(self, evaluation: Evaluation) -> None:
        self._session.add(EvaluationRow(**asdict(evaluation)))
        await self._session.flush()


class RegionFigures(Repository):
    """The completed modules and the surveys of a region, filtered by module and by the
    sessions' last day."""

    async def completed(
        self, region: str, module_id: str | None, since: date | None, until: date | None
    ) -> list[Completed]:
        query = select(RegistrationRow.session_id, RegistrationRow.conseiller_id).where(
            RegistrationRow.region == region,
            RegistrationRow.status == RegistrationStatus.COMPLETED.value,
        )
        if module_id is not None:
            query = query.where(RegistrationRow.module_id == module_id)
        if since is not None:
            query = query.where(col(RegistrationRow.ended_on) >= since)
        if until is not None:
            query = query.where(col(RegistrationRow.ended_on) <= until)
        return [
            Completed(session_id, conseiller)
            for session_id, conseiller in await self._session.exec(query)
        ]

    async def evaluations(
        self, region: str, module_id: str | None, since: date | None, until: date | None
    ) -> list[Evaluation]:
        query: Any = select(EvaluationRow).where(EvaluationRow.region == region)
        if module_id is not None or since is not None or until is not None:
            query = query.join(
                SessionRow, col(SessionRow.session_id) == col(EvaluationRow.session_id)
            )
        if module_id is not None:
            query = query.where(SessionRow.module_id == module_id)
        if since is not None:
            query = query.where(SessionRow.last_day >= since)
        if until is not None:
            query = query.where(SessionRow.last_day <= until)
        return [Evaluation(**row.model_dump()) for row in await self._session.exec(query)]

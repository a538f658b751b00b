"""Registrations, and how full each session is."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any

from conum_runtime.uow import Repository
from sqlalchemy import func
from sqlmodel import col, select

from conum_modules.domain import Registration, RegistrationStatus, Track
from conum_modules.store.tables import RegistrationRow


@dataclass(frozen=True)
class Fill:
    """A session's seats taken and registrations waiting."""

    accepted: int = 0
    waiting: int = 0


def _registration(row: RegistrationRow) -> Registration:
    values: dict[str, Any] = row.model_dump()
    values["status"] = RegistrationStatus(row.status)
    values["track"] = Track(row.track) if row.track else None
    return Registration(**values)


class Registrations(Repository):
    async def get(self, registration_id: str) -> Registration | None:
        row = await self._session.get(RegistrationRow, registration_id, populate_existing=True)
        return None if row is None else _registration(row)

    async def save(self, registration: Registration) -> None:
        row = await self._session.get(RegistrationRow, registration.registration_id)
        values = asdict(registration)
        values["status"] = registration.status.value
        values["track"] = registration.track.value if registration.track else None
        if row is None:
            row = RegistrationRow(**values)
        else:
            row.sqlmodel_update(values)
        self._session.add(row)
        await self._session.flush()

    async def of_session(self, session_id: str) -> list[Registration]:
        return await self._where(RegistrationRow.session_id == session_id)

    async def of_conseiller(self, conseiller_id: str) -> list[Registration]:
        return await self._where(RegistrationRow.conseiller_id == conseiller_id)

    async def _where(self, condition: Any) -> list[Registration]:
        rows = await self._session.exec(
            select(RegistrationRow)
            .where(condition)
            .order_by(col(RegistrationRow.first_day), col(RegistrationRow.registration_id))
            .execution_options(populate_existing=True)
        )
        return [_registration(row) for row in rows]

    async def next_waitlist_seq(self, session_id: str) -> int:
        found = await self._session.exec(
            select(func.max(RegistrationRow.waitlist_seq)).where(
                RegistrationRow.session_id == session_id
            )
        )
        return int(found.one() or 0) + 1

    async def fill(self, session_ids: Collection[str]) -> dict[str, Fill]:
        """Seats taken and registrations waiting, by session."""
        if not session_ids:
            return {}
        rows = await self._session.exec(
            select(RegistrationRow.session_id, RegistrationRow.status, func.count())
            .where(
                col(RegistrationRow.session_id).in_(session_ids),
                col(RegistrationRow.status).in_(
                    [RegistrationStatus.ACCEPTED.value, RegistrationStatus.WAITLISTED.value]
                ),
            )
            .group_by(col(RegistrationRow.session_id), col(RegistrationRow.status))
        )
        counts: dict[str, dict[str, int]] = {}
        for session_id, status, count in rows:
            counts.setdefault(session_id, {})[status] = int(count)
        return {
            session_id: Fill(
                accepted=counts.get(session_id, {}).get(RegistrationStatus.ACCEPTED.value, 0),
                waiting=counts.get(session_id, {}).get(RegistrationStatus.WAITLISTED.value, 0),
            )
            for session_id in session_ids
        }

"""Sessions, their days, and their attendance sheets."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from conum_runtime.uow import Repository
from sqlalchemy import delete, update
from sqlmodel import col, select

from conum_modules.domain import (
    AttendanceSheet,
    DayMode,
    Session,
    SessionDay,
    SessionState,
)
from conum_modules.store.tables import (
    AttendanceRow,
    AttendanceSheetRow,
    SessionDayRow,
    SessionRow,
)


@dataclass(frozen=True)
class SessionFilter:
    regions: Collection[str] | None
    """None: every region."""
    module_id: str | None = None
    state: SessionState | None = None
    since: date | None = None
    """First day on or after."""
    after: str | None = None
    """Session ids after this one (a page's cursor)."""
    limit: int = 50


class Sessions(Repository):
    async def claim(self, session_id: str) -> bool:
        """Take the session's lock until commit (False: no such session). It is an
        ``UPDATE``, so it also opens SQLite's write transaction: concurrent claims wait."""
        statement = (
            update(SessionRow)
            .where(col(SessionRow.session_id) == session_id)
            .values(version=col(SessionRow.version) + 1)
            .execution_options(synchronize_session=False)
        )
        result = await self._session.exec(statement)
        return bool(result.rowcount == 1)

    async def get(self, session_id: str) -> Session | None:
        row = await self._session.get(SessionRow, session_id, populate_existing=True)
        if row is None:
            return None
        days = await self._days([session_id])
        return _session(row, days.get(session_id, ()))

    async def add(self, session: Session) -> None:
        self._session.add(
            SessionRow(
                session_id=session.session_id,
                module_id=session.module_id,
                region=session.region,
                hub=session.hub,
                capacity=session.capacity,
                place=session.place,
                first_day=session.first_day,
                last_day=session.last_day,
                state=session.state.value,
                cancel_reason=session.cancel_reason,
            )
        )
        for day in session.days:
            self._session.add(
                SessionDayRow(session_id=session.session_id, on=day.on, mode=day.mode.value)
            )
        await self._session.flush()

    async def save(self, session: Session) -> None:
        """Save a session's state (its days, capacity and place never change)."""
        row = await self._session.get(SessionRow, session.session_id)
        assert row is not None, "save a session that was added"
        row.sqlmodel_update({"state": session.state.value, "cancel_reason": session.cancel_reason})
        self._session.add(row)
        await self._session.flush()

    async def listed(self, where: SessionFilter) -> list[Session]:
        query = select(SessionRow).order_by(col(SessionRow.session_id)).limit(where.limit)
        if where.regions is not None:
            query = query.where(col(SessionRow.region).in_(where.regions))
        if where.module_id is not None:
            query = query.where(SessionRow.module_id == where.module_id)
        if where.state is not None:
            query = query.where(SessionRow.state == where.state.value)
        if where.since is not None:
            query = query.where(SessionRow.first_day >= where.since)
        if where.after is not None:
            query = query.where(SessionRow.session_id > where.after)
        rows = list(await self._session.exec(query))
        days = await self._days([row.session_id for row in rows])
        return [_session(row, days.get(row.session_id, ())) for row in rows]

    async def _days(self, session_ids: list[str]) -> dict[str, tuple[SessionDay, ...]]:
        if not session_ids:
            return {}
        rows = await self._session.exec(
            select(SessionDayRow)
            .where(col(SessionDayRow.session_id).in_(session_ids))
            .order_by(col(SessionDayRow.session_id), col(SessionDayRow.on))
        )
        found: dict[str, list[SessionDay]] = {}
        for row in rows:
            found.setdefault(row.session_id, []).append(SessionDay(row.on, DayMode(row.mode)))
        return {session_id: tuple(days) for session_id, days in found.items()}


def _session(row: SessionRow, days: tuple[SessionDay, ...]) -> Session:
    return Session(
        session_id=row.session_id,
        module_id=row.module_id,
        region=row.region,
        hub=row.hub,
        days=days,
        capacity=row.capacity,
        place=row.place,
        state=SessionState(row.state),
        cancel_reason=row.cancel_reason,
    )


class Attendance(Repository):
    async def record(self, sheet: AttendanceSheet) -> None:
        """Record (or replace) one day's sheet."""
        await self._session.exec(
            delete(AttendanceRow).where(
                col(AttendanceRow.session_id) == sheet.session_id,
                col(AttendanceRow.on) == sheet.on,
            )
        )
        if await self._session.get(AttendanceSheetRow, (sheet.session_id, sheet.on)) is None:
            self._session.add(AttendanceSheetRow(session_id=sheet.session_id, on=sheet.on))
        for registration_id, present in [
            *((r, True) for r in sorted(sheet.present)),
            *((r, False) for r in sorted(sheet.absent)),
        ]:
            self._session.add(
                AttendanceRow(
                    session_id=sheet.session_id,
                    on=sheet.on,
                    registration_id=registration_id,
                    present=present,
                )
            )
        await self._session.flush()

    async def sheets(self, session_id: str) -> dict[date, AttendanceSheet]:
        days = await self._session.exec(
            select(col(AttendanceSheetRow.on)).where(AttendanceSheetRow.session_id == session_id)
        )
        marks = await self._session.exec(
            select(AttendanceRow).where(AttendanceRow.session_id == session_id)
        )
        present: dict[date, set[str]] = {day: set() for day in days}
        absent: dict[date, set[str]] = {day: set() for day in present}
        for mark in marks:
            (present if mark.present else absent)[mark.on].add(mark.registration_id)
        return {
            day: AttendanceSheet(session_id, day, frozenset(present[day]), frozenset(absent[day]))
            for day in present
        }

"""How far each topic partition was applied (freshness, replay)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from conum_runtime.statements import Statements
from conum_runtime.uow import Repository
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_national.store.tables import PositionRow


@dataclass(frozen=True)
class Position:
    topic: str
    partition: int
    offset: int
    applied_at: datetime
    event_time: str


class Positions(Repository):
    """How far each topic partition was applied: the furthest offset of a transaction is
    written at its commit (:meth:`write`), one row per partition."""

    def __init__(self, session: AsyncSession, statements: Statements | None = None) -> None:
        super().__init__(session, statements)
        self._applied: dict[tuple[str, int], tuple[int, str]] = {}

    def applied(self, topic: str, partition: int, offset: int, event_time: str) -> None:
        known = self._applied.get((topic, partition))
        if known is None or offset > known[0]:
            self._applied[(topic, partition)] = (offset, event_time)

    async def write(self) -> None:
        applied, self._applied = self._applied, {}
        now = datetime.now(UTC)
        for (topic, partition), (offset, event_time) in applied.items():
            row = await self._session.get(PositionRow, (topic, partition))
            if row is None:
                row = PositionRow(
                    topic=topic,
                    partition=partition,
                    applied_offset=offset,
                    applied_at=now,
                    event_time=event_time,
                )
            elif offset > row.applied_offset:
                row.sqlmodel_update(
                    {"applied_offset": offset, "applied_at": now, "event_time": event_time}
                )
            self._session.add(row)

    async def all(self, topics: Collection[str] | None = None) -> list[Position]:
        statement = select(PositionRow).order_by(col(PositionRow.topic), col(PositionRow.partition))
        if topics is not None:
            statement = statement.where(col(PositionRow.topic).in_(topics))
        rows = await self._session.exec(statement)
        return [
            Position(
                r.topic,
                r.partition,
                r.applied_offset,
                _aware(r.applied_at),
                r.event_time,
            )
            for r in rows.all()
        ]


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back: they were written in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)

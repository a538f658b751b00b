"""Repositories of the national store: facts and journeys of conseillers, the network's other
aggregates (structures, cohorts, modules, sessions, registrations, full-title enrolments),
and the positions applied. Every write ignores the order of events (see ``tables``)."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from conum_runtime.uow import RowsAtCommit
from sqlalchemy import Table, bindparam, delete, update
from sqlalchemy import select as sql_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_national.domain import Fact, FactKind, Folded, Journey
from conum_national.store.tables import (
    CohortRow,
    ConseillerRow,
    FactRow,
    FullTitleRow,
    JourneyRow,
    ModuleRow,
    PositionRow,
    RegistrationRow,
    SessionRow,
    StructureRow,
)

R = TypeVar("R", bound=SQLModel)
_FACTS: Table = FactRow.__table__  # type: ignore[attr-defined]
_CONSEILLERS: Table = ConseillerRow.__table__  # type: ignore[attr-defined]
_JOURNEY_FIELDS = [f.name for f in fields(Journey)]
_JOURNEY_COLUMNS = [col(getattr(JourneyRow, name)) for name in _JOURNEY_FIELDS]
"""A journey's columns in the order of :class:`Journey`'s fields."""


@dataclass(frozen=True)
class Scope:
    """What a read covers: some regions (``None``: all) and a period of days (inclusive)."""

    regions: frozenset[str] | None = None
    start: date | None = None
    end: date | None = None


def key_of(at: str, event_id: str) -> str:
    """The order of two tellings of one thing: the event's time, then its id."""
    return f"{at}|{event_id}"


def smallest(old: Any, new: Any) -> Any:
    """Merge two tellings of a value that should agree: the smallest, whatever the order."""
    if old is None:
        return new
    if new is None:
        return old
    return min(old, new)


async def _row(session: AsyncSession, kind: type[R], key: Any, **identity: Any) -> R:
    row = await session.get(kind, key)
    return row if row is not None else kind(**identity)


class Facts:
    """Every fact of the conseillers; those of a batch's conseillers read in one statement
    (:meth:`load`) and kept up to date here as the batch adds to them. New facts are inserted
    at commit, one statement for all (``RowsAtCommit``)."""

    def __init__(self, session: AsyncSession, at_commit: RowsAtCommit) -> None:
        self._session = session
        self._at_commit = at_commit
        self._loaded: dict[str, list[Fact]] = {}

    async def load(self, conseiller_ids: Collection[str]) -> None:
        ids = sorted(set(conseiller_ids) - set(self._loaded))
        if not ids:
            return
        rows = await self._session.exec(select(FactRow).where(col(FactRow.conseiller_id).in_(ids)))
        loaded: dict[str, list[Fact]] = {conseiller_id: [] for conseiller_id in ids}
        for row in rows.all():
            loaded[row.conseiller_id].append(_fact(row))
        self._loaded.update(loaded)

    async def add(self, fact: Fact) -> None:
        """Queue the fact; the conseiller's facts are read first if they were not (a fact
        queued is only known here until the commit)."""
        await self.load([fact.conseiller_id])
        self._at_commit.add(
            _FACTS,
            {
                "event_id": fact.event_id,
                "conseiller_id": fact.conseiller_id,
                "kind": fact.kind.value,
                "happened_on": fact.on,
                "published_at": fact.at,
                "region": fact.region,
                "enrolment_id": fact.enrolment_id,
                "data": json.dumps(dict(fact.values), sort_keys=True),
            },
        )
        self._loaded[fact.conseiller_id].append(fact)

    async def of(self, conseiller_id: str) -> list[Fact]:
        await self.load([conseiller_id])
        return list(self._loaded[conseiller_id])


def _fact(row: FactRow) -> Fact:
    return Fact(
        event_id=row.event_id,
        conseiller_id=row.conseiller_id,
        kind=FactKind(row.kind),
        on=row.happened_on,
        at=row.published_at,
        region=row.region,
        enrolment_id=row.enrolment_id,
        values=json.loads(row.data),
    )


class Journeys:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._to_fold: dict[str, None] = {}
        self._taken: set[str] = set()

    def fold_again(self, conseiller_id: str) -> None:
        """Mark the conseiller's journeys to be folded again before the commit (once for all
        the facts of theirs that a batch brings)."""
        self._to_fold[conseiller_id] = None

    def to_fold(self) -> list[str]:
        """The conseillers marked since the last call, in the order first marked."""
        marked, self._to_fold = list(self._to_fold), {}
        return marked

    async def take(self, conseiller_ids: Collection[str]) -> None:
        """Take the conseillers' rows before reading their facts, in one statement and in
        the order of their ids: two transactions bringing facts of one conseiller (two
        topics, two instances) fold them one after the other (the row lock waits on
        PostgreSQL), and take their rows in the same order (no deadlock)."""
        new = sorted(set(conseiller_ids) - self._taken)
        if not new:
            return
        self._taken.update(new)
        dialect = self._session.bind.dialect.name if self._session.bind else "sqlite"
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(_CONSEILLERS).on_conflict_do_update(
            index_elements=[_CONSEILLERS.c.conseiller_id],
            set_={"facts": _CONSEILLERS.c.facts},
        )
        connection = await self._session.connection()
        await connection.execute(
            statement, [{"conseiller_id": c, "facts": 0, "pending": 0} for c in new]
        )

    async def replace(self, folds: Mapping[str, Folded]) -> None:
        """Each conseiller's journeys are the fold of their facts, and only that: one
        statement per table for all of them."""
        if not folds:
            return
        await self._session.flush()  # what the batch added, before statements of our own
        connection = await self._session.connection()
        journeys = JourneyRow.__table__  # type: ignore[attr-defined]
        await connection.execute(delete(journeys).where(journeys.c.conseiller_id.in_(list(folds))))
        rows = [
            {name: getattr(journey, name) for name in _JOURNEY_FIELDS}
            | {"step": journey.step.value}
            for folded in folds.values()
            for journey in folded.journeys
        ]
        if rows:
            await connection.execute(journeys.insert(), rows)
        await connection.execute(
            update(_CONSEILLERS)
            .where(_CONSEILLERS.c.conseiller_id == bindparam("conseiller"))
            .values(pending=bindparam("pending"), facts=bindparam("count")),
            [
                {"conseiller": c, "pending": folded.pending, "count": folded.facts}
                for c, folded in folds.items()
            ],
        )

    async def current(self, conseiller_id: str) -> Journey | None:
        rows = await self._session.exec(
            select(JourneyRow).where(
                JourneyRow.conseiller_id == conseiller_id, col(JourneyRow.current).is_(True)
            )
        )
        row = rows.first()
        return None if row is None else _journey(row)

    async def count(self, conseiller_id: str) -> int:
        rows = await self._session.exec(
            select(JourneyRow.ordinal).where(JourneyRow.conseiller_id == conseiller_id)
        )
        return len(rows.all())

    async def select(self, scope: Scope, *, current_only: bool = True) -> list[Journey]:
        """Journeys of enrolments known, in the scope (the period bounds the enrolment day)."""
        statement = sql_select(*_JOURNEY_COLUMNS).where(col(JourneyRow.enrolled_on).is_not(None))
        if current_only:
            statement = statement.where(col(JourneyRow.current).is_(True))
        if scope.regions is not None:
            statement = statement.where(col(JourneyRow.region).in_(scope.regions))
        if scope.start is not None:
            statement = statement.where(col(JourneyRow.enrolled_on) >= scope.start)
        if scope.end is not None:
            statement = statement.where(col(JourneyRow.enrolled_on) <= scope.end)
        statement = statement.order_by(col(JourneyRow.conseiller_id), col(JourneyRow.ordinal))
        connection = await self._session.connection()  # plain rows: no ORM object per journey
        return [Journey(*row) for row in await connection.execute(statement)]

    async def awaiting(self, regions: frozenset[str] | None) -> int:
        """Conseillers whose facts arrived before their enrolment."""
        statement = select(JourneyRow.conseiller_id).where(
            col(JourneyRow.enrolled_on).is_(None), col(JourneyRow.current).is_(True)
        )
        if regions is not None:
            statement = statement.where(col(JourneyRow.region).in_(regions))
        return len((await self._session.exec(statement)).all())


def _journey(row: JourneyRow) -> Journey:
    return Journey(**{name: getattr(row, name) for name in _JOURNEY_FIELDS})


class Network:
    """Structures, cohorts, full-title enrolments: merged whatever the order of events."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def structure_registered(
        self, structure_id: str, key: str, values: Mapping[str, Any]
    ) -> None:
        row = await _row(self._session, StructureRow, structure_id, structure_id=structure_id)
        if row.registered_key is None or key > row.registered_key:
            row.sqlmodel_update({"registered_key": key, **values})
        self._session.add(row)

    async def habilitation(
        self, structure_id: str, region: str, *, granted_on: date | None = None
    ) -> None:
        row = await _row(self._session, StructureRow, structure_id, structure_id=structure_id)
        row.region_hint = smallest(row.region_hint, region)
        if granted_on is None:
            row.habilitation_requested = True
        else:
            row.habilitation_granted_on = smallest(row.habilitation_granted_on, granted_on)
        self._session.add(row)

    async def cohort_formed(self, cohort_id: str, key: str, values: Mapping[str, Any]) -> None:
        row = await _row(self._session, CohortRow, cohort_id, cohort_id=cohort_id)
        if row.formed_key is None or key > row.formed_key:
            row.sqlmodel_update({"formed_key": key, **values})
        self._session.add(row)

    async def referent_designated(self, cohort_id: str, region: str) -> None:
        row = await _row(self._session, CohortRow, cohort_id, cohort_id=cohort_id)
        row.referent_designated = True
        row.region_hint = smallest(row.region_hint, region)
        self._session.add(row)

    async def full_title(self, conseiller_id: str, key: str, values: Mapping[str, Any]) -> None:
        row = await self._session.get(FullTitleRow, conseiller_id)
        if row is None:
            self._session.add(FullTitleRow(conseiller_id=conseiller_id, key=key, **values))
        elif key > row.key:
            row.sqlmodel_update({"key": key, **values})
            self._session.add(row)

    async def structures(self) -> list[StructureRow]:
        return list((await self._session.exec(select(StructureRow))).all())

    async def cohorts(self) -> list[CohortRow]:
        return list((await self._session.exec(select(CohortRow))).all())

    async def full_titles(self) -> list[FullTitleRow]:
        return list((await self._session.exec(select(FullTitleRow))).all())


class Modules:
    """The catalogue, sessions and registrations, merged whatever the order of events."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def published(self, module_id: str, key: str, values: Mapping[str, Any]) -> None:
        row = await _row(self._session, ModuleRow, module_id, module_id=module_id)
        if row.published_key is None or key > row.published_key:
            row.sqlmodel_update({"published_key": key, **values})
        self._session.add(row)

    async def module_withdrawn(self, module_id: str) -> None:
        row = await _row(self._session, ModuleRow, module_id, module_id=module_id)
        row.withdrawn = True
        self._session.add(row)

    async def session_scheduled(self, session_id: str, key: str, values: Mapping[str, Any]) -> None:
        row = await _row(self._session, SessionRow, session_id, session_id=session_id)
        if row.scheduled_key is None or key > row.scheduled_key:
            row.sqlmodel_update({"scheduled_key": key, **values})
        self._session.add(row)

    async def session_cancelled(self, session_id: str, region: str) -> None:
        row = await _row(self._session, SessionRow, session_id, session_id=session_id)
        row.cancelled = True
        row.region_hint = smallest(row.region_hint, region)
        self._session.add(row)

    async def session_evaluated(self, session_id: str, key: str, values: Mapping[str, Any]) -> None:
        row = await _row(self._session, SessionRow, session_id, session_id=session_id)
        if row.evaluated_key is None or key > row.evaluated_key:
            row.sqlmodel_update({"evaluated_key": key, **values})
        self._session.add(row)

    async def registration(
        self,
        registration_id: str,
        conseiller_id: str,
        *,
        agreed: Mapping[str, Any],
        accepted: tuple[str, Mapping[str, Any]] | None = None,
        waitlisted: tuple[str, int] | None = None,
        cancelled: bool = False,
        completed: tuple[date, int] | None = None,
    ) -> None:
        """Merge one telling of a registration: ``agreed`` values (session, module, region,
        track) that every telling shares; the latest acceptance and waitlisting; "ever
        cancelled"; the earliest completion."""
        row = await _row(
            self._session,
            RegistrationRow,
            registration_id,
            registration_id=registration_id,
            conseiller_id=conseiller_id,
        )
        for name, value in agreed.items():
            setattr(row, name, smallest(getattr(row, name), value))
        if accepted is not None and (row.accepted_key is None or accepted[0] > row.accepted_key):
            row.sqlmodel_update({"accepted_key": accepted[0], **accepted[1]})
        if waitlisted is not None and (
            row.waitlisted_key is None or waitlisted[0] > row.waitlisted_key
        ):
            row.waitlisted_key, row.waitlist_position = waitlisted
        row.cancelled = row.cancelled or cancelled
        if completed is not None:
            row.completed_on = smallest(row.completed_on, completed[0])
            row.hours = smallest(row.hours, completed[1])
        self._session.add(row)

    async def catalogue(self) -> list[ModuleRow]:
        return list((await self._session.exec(select(ModuleRow))).all())

    async def sessions(self) -> list[SessionRow]:
        return list((await self._session.exec(select(SessionRow))).all())

    async def registrations(self) -> list[RegistrationRow]:
        return list((await self._session.exec(select(RegistrationRow))).all())


@dataclass(frozen=True)
class Position:
    topic: str
    partition: int
    offset: int
    applied_at: datetime
    event_time: str


class Positions:
    """How far each topic partition was applied: the furthest offset of a transaction is
    written at its commit (:meth:`write`), one row per partition."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
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

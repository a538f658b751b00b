"""Facts and journeys of conseillers, read and written with plain statements (batch-aware,
decision 0028): a batch's conseillers' rows are taken and their facts read in one statement
each, new facts inserted at commit in one statement, journeys replaced in one statement per
table."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from conum_runtime.statements import Statements
from conum_runtime.uow import Repository
from sqlalchemy import Table, bindparam, delete, update
from sqlalchemy import select as sql_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_national.domain import Fact, FactKind, Folded, Journey
from conum_national.store.tables import ConseillerRow, FactRow, JourneyRow

_FACTS: Table = FactRow.__table__  # type: ignore[attr-defined]
_CONSEILLERS: Table = ConseillerRow.__table__  # type: ignore[attr-defined]
_JOURNEYS: Table = JourneyRow.__table__  # type: ignore[attr-defined]
_JOURNEY_FIELDS = [f.name for f in fields(Journey)]
_JOURNEY_COLUMNS = [col(getattr(JourneyRow, name)) for name in _JOURNEY_FIELDS]
"""A journey's columns in the order of :class:`Journey`'s fields."""


@dataclass(frozen=True)
class Scope:
    """What a read covers: some regions (``None``: all) and a period of days (inclusive)."""

    regions: frozenset[str] | None = None
    start: date | None = None
    end: date | None = None


class Facts(Repository):
    """Every fact of the conseillers; those of a batch's conseillers read in one statement
    (:meth:`load`) and kept up to date here as the batch adds to them. New facts are inserted
    at commit, one statement for all."""

    def __init__(self, session: AsyncSession, statements: Statements | None = None) -> None:
        super().__init__(session, statements)
        self._loaded: dict[str, list[Fact]] = {}

    async def load(self, conseiller_ids: Collection[str]) -> None:
        ids = sorted(set(conseiller_ids) - set(self._loaded))
        if not ids:
            return
        rows = await self._statements.execute(
            _FACTS.select().where(_FACTS.c.conseiller_id.in_(ids))
        )
        loaded: dict[str, list[Fact]] = {conseiller_id: [] for conseiller_id in ids}
        for row in rows:
            loaded[row.conseiller_id].append(_fact(row))
        self._loaded.update(loaded)

    async def add(self, fact: Fact) -> None:
        """Queue the fact; the conseiller's facts are read first if they were not."""
        await self.load([fact.conseiller_id])
        self._statements.insert_at_commit(
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


def _fact(row: Any) -> Fact:
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


class Journeys(Repository):
    def __init__(self, session: AsyncSession, statements: Statements | None = None) -> None:
        super().__init__(session, statements)
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
        insert = postgresql.insert if self._statements.dialect == "postgresql" else sqlite.insert
        statement = insert(_CONSEILLERS).on_conflict_do_update(
            index_elements=[_CONSEILLERS.c.conseiller_id],
            set_={"facts": _CONSEILLERS.c.facts},
        )
        await self._statements.execute(
            statement, [{"conseiller_id": c, "facts": 0, "pending": 0} for c in new]
        )

    async def replace(self, folds: Mapping[str, Folded]) -> None:
        """Each conseiller's journeys are the fold of their facts, and only that: one
        statement per table for all of them."""
        if not folds:
            return
        execute = self._statements.execute
        await execute(delete(_JOURNEYS).where(_JOURNEYS.c.conseiller_id.in_(list(folds))))
        rows = [
            {name: getattr(journey, name) for name in _JOURNEY_FIELDS}
            | {"step": journey.step.value}
            for folded in folds.values()
            for journey in folded.journeys
        ]
        if rows:
            await execute(_JOURNEYS.insert(), rows)
        await execute(
            update(_CONSEILLERS)
            .where(_CONSEILLERS.c.conseiller_id == bindparam("conseiller"))
            .values(pending=bindparam("pending"), facts=bindparam("count")),
            [
                {"conseiller": c, "pending": folded.pending, "count": folded.facts}
                for c, folded in folds.items()
            ],
        )

    async def current(self, conseiller_id: str) -> Journey | None:
        rows = await self._statements.execute(
            sql_select(*_JOURNEY_COLUMNS).where(
                col(JourneyRow.conseiller_id) == conseiller_id, col(JourneyRow.current).is_(True)
            )
        )
        row = rows.first()
        return None if row is None else Journey(*row)

    async def count(self, conseiller_id: str) -> int:
        rows = await self._statements.execute(
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
        return [Journey(*row) for row in await self._statements.execute(statement)]

    async def awaiting(self, regions: frozenset[str] | None) -> int:
        """Conseillers whose facts arrived before their enrolment."""
        statement = select(JourneyRow.conseiller_id).where(
            col(JourneyRow.enrolled_on).is_(None), col(JourneyRow.current).is_(True)
        )
        if regions is not None:
            statement = statement.where(col(JourneyRow.region).in_(regions))
        return len((await self._statements.execute(statement)).all())

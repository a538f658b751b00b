"""Positionings, read and written with plain statements (batch-aware, decision 0028)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from conum_runtime.statements import Queued, Statements
from conum_runtime.uow import Repository
from sqlalchemy import Row, func, insert, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_positioning.domain import (
    Act,
    ActKind,
    ConcurrentChange,
    Positioning,
    PositioningState,
    Result,
    Scores,
)
from conum_positioning.store.tables import PositioningRow, ResultRow, metadata

_POSITIONINGS = metadata.tables["positionings"]
_RESULTS = metadata.tables["positioning_results"]
_ACTS = metadata.tables["positioning_history"]


@dataclass(frozen=True)
class PathCount:
    region: str
    scheme: str
    path_hours: int
    count: int


def _result(row: ResultRow | Row[Any]) -> Result:
    return Result(
        result_id=row.result_id,
        scores=Scores(row.digital_score, row.support_score),
        interview_note=row.interview_note,
        rubric_version=row.rubric_version,
        path_hours=row.path_hours,
        weeks=row.weeks,
        alternance_days_per_week=row.alternance_days_per_week,
        recorded_on=row.recorded_on,
        enrolment_id=row.enrolment_id,
    )


@dataclass(frozen=True)
class _Stored:
    """A positioning as stored in this transaction: its row and its current result."""

    row: Mapping[str, Any]
    result: Result | None


def _positioning(stored: _Stored) -> Positioning:
    row = stored.row
    return Positioning(
        conseiller_id=row["conseiller_id"],
        region=row["region"],
        scheme=row["scheme"],
        structure_id=row["structure_id"],
        training_organisation_id=row["training_organisation_id"],
        enrolled_on=row["enrolled_on"],
        test_on=row["test_on"],
        interview_on=row["interview_on"],
        state=PositioningState(row["state"]),
        result=stored.result,
        closed_on=row["closed_on"],
        enrolment_id=row["enrolment_id"],
        earlier_enrolment_ids=tuple(row["earlier_enrolment_ids"].split()),
        version=row["version"],
    )


class Positionings(Repository):
    """Positionings, read and written with plain statements (no ORM objects: a batch of
    events applies hundreds in one transaction). What this unit of work read or wrote is
    kept (``_stored``), so :meth:`load` can read a batch's positionings in one statement and
    :meth:`get` answers from them; every write goes through here and keeps them current.
    New positionings and acts are inserted at commit, each table in one statement
    (:class:`~conum_runtime.statements.Statements`, decision 0028)."""

    def __init__(self, session: AsyncSession, statements: Statements | None = None) -> None:
        super().__init__(session, statements)
        self._stored: dict[str, _Stored | None] = {}
        self._locked: set[str] = set()
        self._queued: dict[str, Queued] = {}
        """New positionings queued for insertion at commit."""

    async def load(self, conseiller_ids: Collection[str], *, lock: bool = False) -> None:
        """Read these positionings (and their current results) in one statement each;
        ``lock``: hold the rows until commit (PostgreSQL)."""
        ids = sorted(set(conseiller_ids))
        if not ids:
            return
        statement = _POSITIONINGS.select().where(_POSITIONINGS.c.conseiller_id.in_(ids))
        if lock:
            statement = statement.with_for_update()
        rows = {
            row.conseiller_id: row._asdict() for row in await self._statements.execute(statement)
        }
        result_ids = [row["current_result_id"] for row in rows.values()]
        results: dict[str, Result] = {}
        if any(result_ids):
            found = await self._statements.execute(
                _RESULTS.select().where(_RESULTS.c.result_id.in_([r for r in result_ids if r]))
            )
            results = {row.result_id: _result(row) for row in found}
        for conseiller_id in ids:
            row = rows.get(conseiller_id)
            self._stored[conseiller_id] = (
                None if row is None else _Stored(row, results.get(row["current_result_id"]))
            )
        if lock:
            self._locked.update(ids)

    async def get(self, conseiller_id: str, *, lock: bool = False) -> Positioning | None:
        """``lock``: hold the row until commit (PostgreSQL; SQLite's transactions are
        immediate), so that a result recorded while a withdrawal is applied is not lost."""
        if conseiller_id not in self._stored or (lock and conseiller_id not in self._locked):
            await self.load([conseiller_id], lock=lock)
        stored = self._stored[conseiller_id]
        return None if stored is None else _positioning(stored)

    def _values(self, positioning: Positioning) -> dict[str, Any]:
        return {
            "region": positioning.region,
            "scheme": positioning.scheme,
            "structure_id": positioning.structure_id,
            "training_organisation_id": positioning.training_organisation_id,
            "enrolled_on": positioning.enrolled_on,
            "test_on": positioning.test_on,
            "interview_on": positioning.interview_on,
            "state": positioning.state.value,
            "closed_on": positioning.closed_on,
            "current_result_id": positioning.result.result_id if positioning.result else None,
            "enrolment_id": positioning.enrolment_id,
            "earlier_enrolment_ids": " ".join(positioning.earlier_enrolment_ids),
        }

    async def add(self, positioning: Positioning) -> None:
        """A new positioning, inserted at commit (a second one of the conseiller is refused
        there, by the primary key)."""
        row = {"conseiller_id": positioning.conseiller_id, "version": 1}
        row.update(self._values(positioning))
        self._queued[positioning.conseiller_id] = self._statements.insert_at_commit(
            _POSITIONINGS, row
        )
        positioning.version = 1
        await self._write_children(positioning, None)
        self._stored[positioning.conseiller_id] = _Stored(dict(row), positioning.result)

    def _still_queued(self, conseiller_id: str) -> dict[str, Any] | None:
        queued = self._queued.get(conseiller_id)
        return queued.row if queued is not None and queued.pending else None

    async def save(self, positioning: Positioning) -> None:
        """Save over the version that was loaded; a concurrent change is refused."""
        values = {"version": positioning.version + 1, **self._values(positioning)}
        queued = self._still_queued(positioning.conseiller_id)
        if queued is not None:  # added in this unit of work: its row is changed before insert
            changed_rows = 1 if queued["version"] == positioning.version else 0
            if changed_rows:
                queued.update(values)
        else:
            changed = await self._statements.execute(
                update(_POSITIONINGS)
                .where(
                    _POSITIONINGS.c.conseiller_id == positioning.conseiller_id,
                    _POSITIONINGS.c.version == positioning.version,
                )
                .values(values)
            )
            changed_rows = changed.rowcount
        if changed_rows != 1:
            raise ConcurrentChange("the positioning changed meanwhile; read it again")
        positioning.version += 1
        before = self._stored.get(positioning.conseiller_id)
        await self._write_children(positioning, before.result if before else None)
        row = {"conseiller_id": positioning.conseiller_id, **values}
        self._stored[positioning.conseiller_id] = _Stored(row, positioning.result)

    async def _write_children(self, positioning: Positioning, stored: Result | None) -> None:
        """A new result and the new acts; ``stored``: the result stored before, if known."""
        result = positioning.result
        if result is not None and (stored is None or stored.result_id != result.result_id):
            known = await self._statements.execute(
                select(_RESULTS.c.result_id).where(_RESULTS.c.result_id == result.result_id)
            )
            if known.first() is None:
                earlier = await self._statements.execute(
                    select(func.count()).where(
                        _RESULTS.c.conseiller_id == positioning.conseiller_id
                    )
                )
                await self._statements.execute(
                    insert(_RESULTS),
                    [
                        {
                            "result_id": result.result_id,
                            "sequence": earlier.scalar_one() + 1,
                            "conseiller_id": positioning.conseiller_id,
                            "digital_score": result.scores.digital,
                            "support_score": result.scores.support,
                            "interview_note": result.interview_note,
                            "rubric_version": result.rubric_version,
                            "path_hours": result.path_hours,
                            "weeks": result.weeks,
                            "alternance_days_per_week": result.alternance_days_per_week,
                            "recorded_on": result.recorded_on,
                            "enrolment_id": result.enrolment_id,
                        }
                    ],
                )
        for act in positioning.new_acts:
            self._statements.insert_at_commit(
                _ACTS,
                {
                    "conseiller_id": positioning.conseiller_id,
                    "kind": act.kind.value,
                    "happened_on": act.happened_on,
                    "by": act.by,
                    "detail": act.detail,
                },
            )
        positioning.new_acts.clear()

    async def history(self, conseiller_id: str) -> list[Act]:
        rows = await self._statements.execute(
            _ACTS.select().where(_ACTS.c.conseiller_id == conseiller_id).order_by(_ACTS.c.id)
        )
        return [Act(ActKind(r.kind), r.happened_on, r.by, r.detail) for r in rows]

    async def results(self, conseiller_id: str) -> list[Result]:
        """Every result of the conseiller, the earliest first (reopened ones included)."""
        rows = await self._statements.execute(
            _RESULTS.select()
            .where(_RESULTS.c.conseiller_id == conseiller_id)
            .order_by(_RESULTS.c.sequence)
        )
        return [_result(row) for row in rows]

    async def path_distribution(
        self, regions: Collection[str] | None, scheme: str | None
    ) -> list[PathCount]:
        """How many conseillers each current path holds, by region and scheme."""
        count = func.count().label("count")
        statement = (
            select(PositioningRow.region, PositioningRow.scheme, ResultRow.path_hours, count)
            .join(ResultRow, col(ResultRow.result_id) == col(PositioningRow.current_result_id))
            .group_by(
                col(PositioningRow.region), col(PositioningRow.scheme), col(ResultRow.path_hours)
            )
            .order_by(
                col(PositioningRow.region), col(PositioningRow.scheme), col(ResultRow.path_hours)
            )
        )
        if regions is not None:
            statement = statement.where(col(PositioningRow.region).in_(regions))
        if scheme is not None:
            statement = statement.where(PositioningRow.scheme == scheme)
        rows = await self._statements.execute(statement)
        return [PathCount(region, sch, hours, int(n)) for region, sch, hours, n in rows]

"""Repositories of the positioning store: domain objects in, rows out."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from conum_runtime.uow import RowsAtCommit
from sqlalchemy import Row, delete, func, insert, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_positioning.domain import (
    Act,
    ActKind,
    ConcurrentChange,
    Inquiry,
    InquirySource,
    Positioning,
    PositioningState,
    Result,
    Scores,
    Withdrawal,
)
from conum_positioning.store.tables import (
    ActRow,
    InquiryRow,
    PendingWithdrawalRow,
    PositioningRow,
    ResultRow,
    metadata,
)

_POSITIONINGS = metadata.tables["positionings"]
_RESULTS = metadata.tables["positioning_results"]
_ACTS = metadata.tables["positioning_history"]
_PENDING = metadata.tables["pending_withdrawals"]


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


class Positionings:
    """Positionings, read and written with plain statements (no ORM objects: a batch of
    events applies hundreds in one transaction). What this unit of work read or wrote is
    kept (``_stored``), so :meth:`load` can read a batch's positionings in one statement and
    :meth:`get` answers from them; every write goes through here and keeps them current.
    New positionings and acts are inserted at commit (``at_commit``), each table in one
    statement; the reads of the tables write them first."""

    def __init__(self, session: AsyncSession, at_commit: RowsAtCommit) -> None:
        self._session = session
        self._at_commit = at_commit
        self._stored: dict[str, _Stored | None] = {}
        self._locked: set[str] = set()
        self._queued: dict[str, tuple[int, dict[str, Any]]] = {}
        """New positionings still queued: (generation of ``at_commit``, row)."""

    async def load(self, conseiller_ids: Collection[str], *, lock: bool = False) -> None:
        """Read these positionings (and their current results) in one statement each;
        ``lock``: hold the rows until commit (PostgreSQL)."""
        ids = sorted(set(conseiller_ids))
        if not ids:
            return
        await self._at_commit.write()
        connection = await self._session.connection()
        statement = _POSITIONINGS.select().where(_POSITIONINGS.c.conseiller_id.in_(ids))
        if lock:
            statement = statement.with_for_update()
        rows = {row.conseiller_id: row._asdict() for row in await connection.execute(statement)}
        result_ids = [row["current_result_id"] for row in rows.values()]
        results: dict[str, Result] = {}
        if any(result_ids):
            found = await connection.execute(
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
        self._at_commit.add(_POSITIONINGS, row)
        self._queued[positioning.conseiller_id] = (self._at_commit.generation, row)
        positioning.version = 1
        await self._write_children(positioning, None)
        self._stored[positioning.conseiller_id] = _Stored(dict(row), positioning.result)

    def _still_queued(self, conseiller_id: str) -> dict[str, Any] | None:
        generation, row = self._queued.get(conseiller_id, (-1, {}))
        return row if generation == self._at_commit.generation else None

    async def save(self, positioning: Positioning) -> None:
        """Save over the version that was loaded; a concurrent change is refused."""
        values = {"version": positioning.version + 1, **self._values(positioning)}
        queued = self._still_queued(positioning.conseiller_id)
        if queued is not None:  # added in this unit of work: its row is changed before insert
            changed_rows = 1 if queued["version"] == positioning.version else 0
            if changed_rows:
                queued.update(values)
        else:
            connection = await self._session.connection()
            changed = await connection.execute(
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
            connection = await self._session.connection()
            known = await connection.execute(
                select(_RESULTS.c.result_id).where(_RESULTS.c.result_id == result.result_id)
            )
            if known.first() is None:
                earlier = await connection.execute(
                    select(func.count()).where(
                        _RESULTS.c.conseiller_id == positioning.conseiller_id
                    )
                )
                await connection.execute(
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
            self._at_commit.add(
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
        await self._at_commit.write()
        rows = await self._session.exec(
            select(ActRow).where(ActRow.conseiller_id == conseiller_id).order_by(col(ActRow.id))
        )
        return [Act(ActKind(r.kind), r.happened_on, r.by, r.detail) for r in rows.all()]

    async def results(self, conseiller_id: str) -> list[Result]:
        """Every result of the conseiller, the earliest first (reopened ones included)."""
        await self._at_commit.write()
        rows = await self._session.exec(
            select(ResultRow)
            .where(ResultRow.conseiller_id == conseiller_id)
            .order_by(col(ResultRow.sequence))
        )
        return [_result(row) for row in rows.all()]

    async def path_distribution(
        self, regions: Collection[str] | None, scheme: str | None
    ) -> list[PathCount]:
        """How many conseillers each current path holds, by region and scheme."""
        await self._at_commit.write()
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
        rows = await self._session.exec(statement)
        return [PathCount(region, sch, hours, int(n)) for region, sch, hours, n in rows.all()]


class Inquiries:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @staticmethod
    def _inquiry(row: InquiryRow) -> Inquiry:
        return Inquiry(
            inquiry_id=row.inquiry_id,
            conseiller_id=row.conseiller_id,
            result_id=row.result_id,
            opened_by=InquirySource(row.opened_by),
            question=row.question,
            opened_on=row.opened_on,
            answer=row.answer,
            answered_on=row.answered_on,
        )

    async def get(self, inquiry_id: str) -> Inquiry | None:
        row = await self._session.get(InquiryRow, inquiry_id)
        return None if row is None else self._inquiry(row)

    async def of(self, conseiller_id: str) -> list[Inquiry]:
        rows = await self._session.exec(
            select(InquiryRow)
            .where(InquiryRow.conseiller_id == conseiller_id)
            .order_by(col(InquiryRow.opened_on), col(InquiryRow.inquiry_id))
        )
        return [self._inquiry(row) for row in rows.all()]

    async def save(self, inquiry: Inquiry) -> None:
        row = await self._session.get(InquiryRow, inquiry.inquiry_id)
        values: dict[str, Any] = {
            "conseiller_id": inquiry.conseiller_id,
            "result_id": inquiry.result_id,
            "opened_by": inquiry.opened_by.value,
            "question": inquiry.question,
            "opened_on": inquiry.opened_on,
            "answer": inquiry.answer,
            "answered_on": inquiry.answered_on,
        }
        if row is None:
            row = InquiryRow(inquiry_id=inquiry.inquiry_id, **values)
        else:
            row.sqlmodel_update(values)
        self._session.add(row)


class PendingWithdrawals:
    """Withdrawals of enrolments that have not arrived yet, one per enrolment; read and
    written with plain statements, a conseiller's kept in this unit of work once read."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._kept: dict[str, dict[str, Withdrawal]] = {}

    async def load(self, conseiller_ids: Collection[str]) -> None:
        """Read the withdrawals kept for these conseillers in one statement."""
        ids = sorted(set(conseiller_ids))
        if not ids:
            return
        connection = await self._session.connection()
        rows = await connection.execute(_PENDING.select().where(_PENDING.c.conseiller_id.in_(ids)))
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
        connection = await self._session.connection()
        values = {"reason": withdrawal.reason, "withdrawn_on": withdrawal.withdrawn_on}
        if earlier is None:
            keys = {"conseiller_id": conseiller_id, "enrolment_key": key, "region": region}
            row = {**keys, **values, "received_at": datetime.now(UTC)}
            await connection.execute(insert(_PENDING), [row])
        else:
            await connection.execute(
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
            connection = await self._session.connection()
            await connection.execute(
                delete(_PENDING)
                .where(_PENDING.c.conseiller_id == conseiller_id)
                .where(_PENDING.c.enrolment_key == key)
            )

    async def count(self) -> int:
        rows = await self._session.exec(select(func.count()).select_from(PendingWithdrawalRow))
        return int(rows.one())

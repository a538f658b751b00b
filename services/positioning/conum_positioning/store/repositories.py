"""Repositories of the positioning store: domain objects in, rows out."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, update
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
)


@dataclass(frozen=True)
class PathCount:
    region: str
    scheme: str
    path_hours: int
    count: int


def _result(row: ResultRow) -> Result:
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


class Positionings:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, conseiller_id: str, *, lock: bool = False) -> Positioning | None:
        """``lock``: hold the row until commit (PostgreSQL; SQLite's transactions are
        immediate), so that a result recorded while a withdrawal is applied is not lost."""
        row = await self._session.get(PositioningRow, conseiller_id, with_for_update=lock)
        if row is None:
            return None
        current = None
        if row.current_result_id is not None:
            current_row = await self._session.get(ResultRow, row.current_result_id)
            current = _result(current_row) if current_row is not None else None
        return Positioning(
            conseiller_id=row.conseiller_id,
            region=row.region,
            scheme=row.scheme,
            structure_id=row.structure_id,
            training_organisation_id=row.training_organisation_id,
            enrolled_on=row.enrolled_on,
            test_on=row.test_on,
            interview_on=row.interview_on,
            state=PositioningState(row.state),
            result=current,
            closed_on=row.closed_on,
            enrolment_id=row.enrolment_id,
            earlier_enrolment_ids=tuple(row.earlier_enrolment_ids.split()),
            version=row.version,
        )

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
        row = PositioningRow(
            conseiller_id=positioning.conseiller_id, version=1, **self._values(positioning)
        )
        self._session.add(row)
        await self._session.flush()
        positioning.version = 1
        await self._write_children(positioning)

    async def save(self, positioning: Positioning) -> None:
        """Save over the version that was loaded; a concurrent change is refused."""
        statement = (
            update(PositioningRow)
            .where(
                col(PositioningRow.conseiller_id) == positioning.conseiller_id,
                col(PositioningRow.version) == positioning.version,
            )
            .values(version=positioning.version + 1, **self._values(positioning))
            .execution_options(synchronize_session=False)
        )
        changed = await self._session.exec(statement)
        if changed.rowcount != 1:
            raise ConcurrentChange("the positioning changed meanwhile; read it again")
        positioning.version += 1
        await self._write_children(positioning)

    async def _write_children(self, positioning: Positioning) -> None:
        result = positioning.result
        if result is not None and await self._session.get(ResultRow, result.result_id) is None:
            earlier = await self._session.exec(
                select(func.count()).where(ResultRow.conseiller_id == positioning.conseiller_id)
            )
            self._session.add(
                ResultRow(
                    result_id=result.result_id,
                    sequence=earlier.one() + 1,
                    conseiller_id=positioning.conseiller_id,
                    digital_score=result.scores.digital,
                    support_score=result.scores.support,
                    interview_note=result.interview_note,
                    rubric_version=result.rubric_version,
                    path_hours=result.path_hours,
                    weeks=result.weeks,
                    alternance_days_per_week=result.alternance_days_per_week,
                    recorded_on=result.recorded_on,
                    enrolment_id=result.enrolment_id,
                )
            )
        for act in positioning.new_acts:
            self._session.add(
                ActRow(
                    conseiller_id=positioning.conseiller_id,
                    kind=act.kind.value,
                    happened_on=act.happened_on,
                    by=act.by,
                    detail=act.detail,
                )
            )
        positioning.new_acts.clear()
        await self._session.flush()

    async def history(self, conseiller_id: str) -> list[Act]:
        rows = await self._session.exec(
            select(ActRow).where(ActRow.conseiller_id == conseiller_id).order_by(col(ActRow.id))
        )
        return [Act(ActKind(r.kind), r.happened_on, r.by, r.detail) for r in rows.all()]

    async def results(self, conseiller_id: str) -> list[Result]:
        """Every result of the conseiller, the earliest first (reopened ones included)."""
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
    """Withdrawals of enrolments that have not arrived yet, one per enrolment."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def for_enrolment(
        self, conseiller_id: str, enrolment_id: str | None
    ) -> Withdrawal | None:
        """The withdrawal kept for this enrolment, else the one kept without an id
        (revision 1), which the day's grain matches (:func:`~conum_positioning.domain.ends`)."""
        for key in (enrolment_id, ""):
            if key is None:
                continue
            row = await self._session.get(PendingWithdrawalRow, (conseiller_id, key))
            if row is not None:
                return Withdrawal(row.reason, row.withdrawn_on, row.enrolment_key or None)
        return None

    async def keep(self, conseiller_id: str, region: str, withdrawal: Withdrawal) -> None:
        """Keep the withdrawal for its enrolment (without an id: the latest one)."""
        key = withdrawal.enrolment_id or ""
        row = await self._session.get(PendingWithdrawalRow, (conseiller_id, key))
        if row is not None and row.withdrawn_on > withdrawal.withdrawn_on:
            return
        if row is None:
            row = PendingWithdrawalRow(
                conseiller_id=conseiller_id,
                enrolment_key=key,
                region=region,
                reason=withdrawal.reason,
                withdrawn_on=withdrawal.withdrawn_on,
                received_at=datetime.now(UTC),
            )
        else:
            row.sqlmodel_update(
                {"reason": withdrawal.reason, "withdrawn_on": withdrawal.withdrawn_on}
            )
        self._session.add(row)

    async def discard(self, conseiller_id: str, withdrawal: Withdrawal) -> None:
        key = withdrawal.enrolment_id or ""
        row = await self._session.get(PendingWithdrawalRow, (conseiller_id, key))
        if row is not None:
            await self._session.delete(row)

    async def count(self) -> int:
        rows = await self._session.exec(select(func.count()).select_from(PendingWithdrawalRow))
        return int(rows.one())

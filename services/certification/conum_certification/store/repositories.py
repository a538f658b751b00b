"""Repositories of the certification store: domain objects in, rows out, and the region
counts."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any

from conum_runtime.statements import Statements
from conum_runtime.uow import Repository
from sqlalchemy import distinct, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_certification.domain import (
    Candidate,
    Ccp1Result,
    Convocation,
    DoubleCertification,
    ExamSession,
    FullTitleEnrolment,
    Organisation,
    PixResult,
)
from conum_certification.store.tables import (
    ConseillerRow,
    ConvocationRow,
    DoubleCertificationRow,
    ExamSessionRow,
    FullTitleEnrolmentRow,
    PixResultRow,
)


class Candidates(Repository):
    """The conseillers' training facts; those of a batch's conseillers read, locked, in one
    statement (:meth:`load`), then answered from what this transaction holds."""

    def __init__(self, session: AsyncSession, statements: Statements | None = None) -> None:
        super().__init__(session, statements)
        self._held: dict[str, ConseillerRow | None] = {}
        """Rows read locked by :meth:`load` or written since (``None``: there is none)."""

    async def load(self, conseiller_ids: Collection[str]) -> None:
        ids = sorted(set(conseiller_ids) - set(self._held))
        if not ids:
            return
        query = select(ConseillerRow).where(col(ConseillerRow.conseiller_id).in_(ids))
        found = {
            row.conseiller_id: row for row in await self._session.exec(query.with_for_update())
        }
        self._held.update((conseiller_id, found.get(conseiller_id)) for conseiller_id in ids)

    async def get(self, conseiller_id: str, *, lock: bool = False) -> Candidate | None:
        """``lock``: hold the row until commit (PostgreSQL), so that two results of one
        conseiller recorded at once cannot both miss, or both emit, the double certification."""
        if conseiller_id in self._held:
            row = self._held[conseiller_id]
        else:
            query = select(ConseillerRow).where(ConseillerRow.conseiller_id == conseiller_id)
            if lock:
                query = query.with_for_update()
            row = (await self._session.exec(query)).first()
        if row is None:
            return None
        values = row.model_dump()
        values["earlier_enrolment_ids"] = tuple(row.earlier_enrolment_ids.split())
        return Candidate(**values)

    async def save(self, candidate: Candidate) -> None:
        if candidate.conseiller_id in self._held:
            row = self._held[candidate.conseiller_id]
        else:
            row = await self._session.get(ConseillerRow, candidate.conseiller_id)
        values = asdict(candidate)
        values["earlier_enrolment_ids"] = " ".join(candidate.earlier_enrolment_ids)
        if row is None:
            row = ConseillerRow(**values)
        else:
            row.sqlmodel_update(values)
        self._session.add(row)
        if candidate.conseiller_id in self._held:
            self._held[candidate.conseiller_id] = row


class ExamSessions(Repository):
    async def get(self, exam_session_id: str) -> ExamSession | None:
        row = await self._session.get(ExamSessionRow, exam_session_id)
        return None if row is None else ExamSession(**row.model_dump())

    def add(self, session: ExamSession) -> None:
        self._session.add(ExamSessionRow(**asdict(session)))


def _convocation(row: ConvocationRow) -> Convocation:
    values: dict[str, Any] = row.model_dump()
    values["result"] = Ccp1Result(row.result) if row.result else None
    return Convocation(**values)


class Convocations(Repository):
    async def get(self, conseiller_id: str, exam_session_id: str) -> Convocation | None:
        row = await self._session.get(ConvocationRow, (conseiller_id, exam_session_id))
        return None if row is None else _convocation(row)

    async def of_conseiller(self, conseiller_id: str) -> list[Convocation]:
        rows = await self._session.exec(
            select(ConvocationRow)
            .where(ConvocationRow.conseiller_id == conseiller_id)
            .order_by(col(ConvocationRow.exam_on))
        )
        return [_convocation(row) for row in rows]

    async def certifiers_of(self, conseiller_id: str) -> set[str]:
        """The certifiers the conseiller was ever convened by."""
        rows = await self._session.exec(
            select(ConvocationRow.certifier)
            .where(ConvocationRow.conseiller_id == conseiller_id)
            .distinct()
        )
        return set(rows.all())

    async def of_session(self, exam_session_id: str) -> list[Convocation]:
        rows = await self._session.exec(
            select(ConvocationRow)
            .where(ConvocationRow.exam_session_id == exam_session_id)
            .order_by(col(ConvocationRow.conseiller_id))
        )
        return [_convocation(row) for row in rows]

    async def save(self, convocation: Convocation) -> None:
        key = (convocation.conseiller_id, convocation.exam_session_id)
        row = await self._session.get(ConvocationRow, key)
        values = asdict(convocation)
        values["result"] = convocation.result.value if convocation.result else None
        if row is None:
            row = ConvocationRow(**values)
        else:
            row.sqlmodel_update(values)
        self._session.add(row)


class PixResults(Repository):
    async def of_conseiller(self, conseiller_id: str) -> list[PixResult]:
        rows = await self._session.exec(
            select(PixResultRow)
            .where(PixResultRow.conseiller_id == conseiller_id)
            .order_by(col(PixResultRow.recorded_on))
        )
        return [PixResult(**row.model_dump()) for row in rows]

    def add(self, result: PixResult) -> None:
        self._session.add(PixResultRow(**asdict(result)))


class DoubleCertifications(Repository):
    async def get(self, conseiller_id: str) -> DoubleCertification | None:
        row = await self._session.get(DoubleCertificationRow, conseiller_id)
        return None if row is None else DoubleCertification(**row.model_dump())

    def add(self, certification: DoubleCertification) -> None:
        self._session.add(DoubleCertificationRow(**asdict(certification)))


class FullTitleEnrolments(Repository):
    async def get(self, conseiller_id: str) -> FullTitleEnrolment | None:
        row = await self._session.get(FullTitleEnrolmentRow, conseiller_id)
        if row is None:
            return None
        return FullTitleEnrolment(
            conseiller_id=row.conseiller_id,
            region=row.region,
            department=row.department,
            organisation=Organisation(row.organisation_id, row.organisation_name),
            starts_on=row.starts_on,
            hours=row.hours,
            weeks=row.weeks,
        )

    def add(self, enrolment: FullTitleEnrolment) -> None:
        self._session.add(
            FullTitleEnrolmentRow(
                conseiller_id=enrolment.conseiller_id,
                region=enrolment.region,
                department=enrolment.department,
                organisation_id=enrolment.organisation.id,
                organisation_name=enrolment.organisation.name,
                hours=enrolment.hours,
                weeks=enrolment.weeks,
                starts_on=enrolment.starts_on,
            )
        )


@dataclass(frozen=True)
class RegionCounts:
    """Conseillers of one region at each step (each counted once)."""

    convened: int
    awaiting_result: int
    passed: int
    failed: int  # failed at least once and not (yet) passed: retakes to organise
    pix_certified: int
    double_certified: int
    full_title_enrolled: int


class RegionFigures(Repository):
    async def region_counts(self, region: str) -> RegionCounts:
        passed = await self._conseillers(
            ConvocationRow, region, ConvocationRow.result == Ccp1Result.PASSED.value
        )
        failed = await self._conseillers(
            ConvocationRow, region, ConvocationRow.result == Ccp1Result.FAILED.value
        )
        return RegionCounts(
            convened=len(await self._conseillers(ConvocationRow, region)),
            awaiting_result=len(
                await self._conseillers(
                    ConvocationRow, region, col(ConvocationRow.result).is_(None)
                )
            ),
            passed=len(passed),
            failed=len(failed - passed),
            pix_certified=len(
                await self._conseillers(PixResultRow, region, PixResultRow.certified)
            ),
            double_certified=await self._count(DoubleCertificationRow, region),
            full_title_enrolled=await self._count(FullTitleEnrolmentRow, region),
        )

    async def _conseillers(self, table: Any, region: str, *conditions: Any) -> set[str]:
        rows = await self._session.exec(
            select(distinct(table.conseiller_id)).where(table.region == region, *conditions)
        )
        return set(rows)

    async def _count(self, table: Any, region: str) -> int:
        found = await self._session.exec(
            select(func.count()).select_from(table).where(table.region == region)
        )
        return int(found.one())

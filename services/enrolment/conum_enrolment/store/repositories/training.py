"""Repositories of cohorts, attendance days and consumed events set aside."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from conum_kernel.access import Role
from conum_runtime.statements import Statements
from conum_runtime.uow import Repository
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_enrolment.domain import AttendanceDay, Cohort, TrainingOrganisation
from conum_enrolment.store.repositories.lists import Listing, Page, visible
from conum_enrolment.store.tables import (
    AttendanceDayRow,
    CohortMemberRow,
    CohortRow,
    IgnoredEventRow,
)


class Cohorts(Repository):
    async def get(self, cohort_id: str) -> Cohort | None:
        row = await self._session.get(CohortRow, cohort_id)
        return None if row is None else await self._to_domain(row)

    async def list(
        self,
        listing: Listing,
        *,
        training_organisation_id: str | None,
        after: str | None,
        limit: int,
    ) -> Page[Cohort]:
        query = select(CohortRow).order_by(col(CohortRow.cohort_id)).limit(limit + 1)
        query = visible(
            query,
            listing,
            CohortRow.region,
            {Role.TRAINING_ORGANISATION: col(CohortRow.training_organisation_id)},
        )
        if training_organisation_id is not None:
            query = query.where(CohortRow.training_organisation_id == training_organisation_id)
        if after is not None:
            query = query.where(col(CohortRow.cohort_id) > after)
        rows = list((await self._session.exec(query)).all())
        items = [await self._to_domain(row) for row in rows[:limit]]
        return Page(items, items[-1].cohort_id if len(rows) > limit else None)

    async def add(self, cohort: Cohort) -> None:
        self._session.add(
            CohortRow(
                cohort_id=cohort.cohort_id,
                training_organisation_id=cohort.training_organisation.id,
                training_organisation_name=cohort.training_organisation.name,
                region=cohort.region,
                path_hours=cohort.path_hours,
                formed_on=cohort.formed_on,
                starts_on=cohort.starts_on,
                ends_on=cohort.ends_on,
                referent_id=cohort.referent_id,
            )
        )
        await self._session.flush()  # the members' foreign key needs the cohort first
        for conseiller_id in cohort.member_ids:
            self._session.add(
                CohortMemberRow(cohort_id=cohort.cohort_id, conseiller_id=conseiller_id)
            )

    async def save_referent(self, cohort: Cohort) -> None:
        row = await self._session.get(CohortRow, cohort.cohort_id)
        assert row is not None
        row.referent_id = cohort.referent_id
        self._session.add(row)

    async def _to_domain(self, row: CohortRow) -> Cohort:
        members = await self._session.exec(
            select(CohortMemberRow.conseiller_id)
            .where(CohortMemberRow.cohort_id == row.cohort_id)
            .order_by(col(CohortMemberRow.conseiller_id))
        )
        return Cohort(
            cohort_id=row.cohort_id,
            training_organisation=TrainingOrganisation(
                row.training_organisation_id, row.training_organisation_name
            ),
            region=row.region,
            path_hours=row.path_hours,
            formed_on=row.formed_on,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            member_ids=tuple(members.all()),
            referent_id=row.referent_id,
        )


class Attendance(Repository):
    """Attendance days; those of a batch's conseillers read in one statement (:meth:`load`),
    every change of them made here."""

    def __init__(self, session: AsyncSession, statements: Statements | None = None) -> None:
        super().__init__(session, statements)
        self._loaded: dict[str, list[AttendanceDay]] = {}

    async def load(self, conseiller_ids: Collection[str]) -> None:
        ids = sorted(set(conseiller_ids) - set(self._loaded))
        if not ids:
            return
        found = await self._session.exec(
            select(AttendanceDayRow)
            .where(col(AttendanceDayRow.conseiller_id).in_(ids))
            .order_by(col(AttendanceDayRow.day))
        )
        loaded: dict[str, list[AttendanceDay]] = {conseiller_id: [] for conseiller_id in ids}
        for row in found.all():
            loaded[row.conseiller_id].append(AttendanceDay(row.day, row.present))
        self._loaded.update(loaded)

    async def days_of(self, conseiller_id: str) -> list[AttendanceDay]:
        if conseiller_id in self._loaded:
            return list(self._loaded[conseiller_id])
        found = await self._session.exec(
            select(AttendanceDayRow)
            .where(AttendanceDayRow.conseiller_id == conseiller_id)
            .order_by(col(AttendanceDayRow.day))
        )
        return [AttendanceDay(row.day, row.present) for row in found.all()]

    async def forget(self, conseiller_id: str) -> None:
        """A new enrolment after a withdrawal starts with no attendance of the old one."""
        self._loaded.pop(conseiller_id, None)
        await self._session.exec(
            delete(AttendanceDayRow).where(col(AttendanceDayRow.conseiller_id) == conseiller_id)
        )

    async def record(self, conseiller_id: str, day: AttendanceDay) -> None:
        """Record a day, or correct it when it was recorded already."""
        self._loaded.pop(conseiller_id, None)
        row = await self._session.get(AttendanceDayRow, (conseiller_id, day.on))
        if row is None:
            row = AttendanceDayRow(conseiller_id=conseiller_id, day=day.on, present=day.present)
        row.present = day.present
        self._session.add(row)


class IgnoredEvents(Repository):
    def add(self, event_id: str, event_type: str, subject: str, reason: str) -> None:
        self._session.add(
            IgnoredEventRow(
                event_id=event_id,
                event_type=event_type,
                subject=subject,
                reason=reason,
                recorded_at=datetime.now(UTC),
            )
        )

    async def reasons_for(self, subject: str) -> list[str]:
        found = await self._session.exec(
            select(IgnoredEventRow.reason)
            .where(IgnoredEventRow.subject == subject)
            .order_by(col(IgnoredEventRow.recorded_at))
        )
        return list(found.all())

"""Conseillers (their personal data, apart) and their enrolments."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from conum_kernel.access import Role
from conum_kernel.territory import territory
from conum_runtime.statements import Statements
from conum_runtime.uow import Repository
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_enrolment.domain import (
    CohortKey,
    Employment,
    Enrolment,
    EnrolmentState,
    Person,
    Scheme,
    TrainingOrganisation,
    TrainingPath,
    WithdrawalReason,
)
from conum_enrolment.store.repositories.keys import scrub_deleted_content
from conum_enrolment.store.repositories.lists import Listing, Page, visible
from conum_enrolment.store.tables import ConseillerRow, EnrolmentRow


class Enrolments(Repository):
    def __init__(self, session: AsyncSession, statements: Statements | None = None) -> None:
        super().__init__(session, statements)
        self._locked: dict[str, EnrolmentRow] = {}
        """Rows read locked by :meth:`load` (held here: the session keeps them weakly)."""

    async def load(self, conseiller_ids: Collection[str]) -> None:
        """Read these enrolments in one statement, locked until commit (PostgreSQL), as a
        batch of events would one by one: :meth:`get` then finds them in the session."""
        ids = sorted(set(conseiller_ids))
        if not ids:
            return
        rows = await self._session.exec(
            select(EnrolmentRow).where(col(EnrolmentRow.conseiller_id).in_(ids)).with_for_update()
        )
        self._locked.update((row.conseiller_id, row) for row in rows.all())

    async def conseiller_id_for_email(self, email: str) -> str | None:
        found = await self._session.exec(
            select(ConseillerRow.conseiller_id).where(ConseillerRow.email == email)
        )
        return found.first()

    def add_conseiller(self, conseiller_id: str, person: Person) -> None:
        self._session.add(
            ConseillerRow(
                conseiller_id=conseiller_id,
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
            )
        )

    async def wipe_person(self, conseiller_id: str) -> None:
        """Erasure: the names emptied, the e-mail replaced by ``erased:<id>`` (it stays unique
        and names nobody); what is overwritten is zeroed in an SQLite file (decision 0021)."""
        await scrub_deleted_content(self._session)
        row = await self._session.get(ConseillerRow, conseiller_id)
        if row is not None:
            row.first_name = row.last_name = ""
            row.email = f"erased:{conseiller_id}"
            self._session.add(row)

    async def persons(self, conseiller_ids: Sequence[str]) -> dict[str, Person]:
        if not conseiller_ids:
            return {}
        found = await self._session.exec(
            select(ConseillerRow).where(col(ConseillerRow.conseiller_id).in_(conseiller_ids))
        )
        return {
            row.conseiller_id: Person(row.first_name, row.last_name, row.email)
            for row in found.all()
        }

    async def get(self, conseiller_id: str, *, for_update: bool = False) -> Enrolment | None:
        if conseiller_id in self._locked:  # locked already: the session's copy is current
            for_update = False
        row = await self._session.get(EnrolmentRow, conseiller_id, with_for_update=for_update)
        return None if row is None else self._to_domain(row)

    async def open_for(self, conseiller_id: str) -> Enrolment | None:
        enrolment = await self.get(conseiller_id)
        return enrolment if enrolment is not None and enrolment.state.is_open else None

    async def awaiting_cohort(self, key: CohortKey) -> list[Enrolment]:
        """Waiting 2021 conseillers of one key, locked (PostgreSQL) so one cohort takes them."""
        query = (
            select(EnrolmentRow)
            .where(
                EnrolmentRow.state == EnrolmentState.AWAITING_COHORT.value,
                EnrolmentRow.scheme == Scheme.S2021.value,
                EnrolmentRow.training_organisation_id == key.training_organisation_id,
                EnrolmentRow.region == key.region,
                EnrolmentRow.path_hours == key.path_hours,
            )
            .order_by(col(EnrolmentRow.path_assigned_on), col(EnrolmentRow.conseiller_id))
            .with_for_update()
        )
        return [self._to_domain(row) for row in (await self._session.exec(query)).all()]

    async def list(
        self,
        listing: Listing,
        *,
        training_organisation_id: str | None,
        state: EnrolmentState | None,
        after: str | None,
        limit: int,
    ) -> Page[Enrolment]:
        query = select(EnrolmentRow).order_by(col(EnrolmentRow.conseiller_id)).limit(limit + 1)
        query = visible(
            query,
            listing,
            EnrolmentRow.region,
            {
                Role.HOST_STRUCTURE: col(EnrolmentRow.structure_id),
                Role.TRAINING_ORGANISATION: col(EnrolmentRow.training_organisation_id),
            },
        )
        if training_organisation_id is not None:
            query = query.where(EnrolmentRow.training_organisation_id == training_organisation_id)
        if state is not None:
            query = query.where(EnrolmentRow.state == state.value)
        if after is not None:
            query = query.where(col(EnrolmentRow.conseiller_id) > after)
        rows = list((await self._session.exec(query)).all())
        items = [self._to_domain(row) for row in rows[:limit]]
        return Page(items, items[-1].conseiller_id if len(rows) > limit else None)

    def add(self, enrolment: Enrolment) -> None:
        """A new conseiller's first enrolment (nothing to read first: there is no row)."""
        self._session.add(EnrolmentRow(conseiller_id=enrolment.conseiller_id, **_values(enrolment)))

    async def save(self, enrolment: Enrolment) -> None:
        row = await self._session.get(EnrolmentRow, enrolment.conseiller_id)
        values = _values(enrolment)
        if row is None:
            self._session.add(EnrolmentRow(conseiller_id=enrolment.conseiller_id, **values))
        else:
            row.sqlmodel_update(values)
            self._session.add(row)

    def _to_domain(self, row: EnrolmentRow) -> Enrolment:
        path = None
        if row.path_hours is not None:
            assert row.path_weeks is not None and row.alternance_days_per_week is not None
            assert row.path_assigned_on is not None
            path = TrainingPath(
                row.path_hours, row.path_weeks, row.alternance_days_per_week, row.path_assigned_on
            )
        return Enrolment(
            conseiller_id=row.conseiller_id,
            enrolment_id=row.enrolment_id,
            structure_id=row.structure_id,
            department=territory().departments[row.department],
            scheme=Scheme(row.scheme),
            employment=Employment(row.employment),
            remote=row.remote,
            remote_reason=row.remote_reason,
            training_organisation=TrainingOrganisation(
                row.training_organisation_id, row.training_organisation_name
            ),
            enrolled_on=row.enrolled_on,
            state=EnrolmentState(row.state),
            path=path,
            cohort_id=row.cohort_id,
            starts_on=row.starts_on,
            planned_end_on=row.planned_end_on,
            attendance_breached=row.attendance_breached,
            completed_on=row.completed_on,
            withdrawn_on=row.withdrawn_on,
            withdrawal_reason=WithdrawalReason(row.withdrawal_reason)
            if row.withdrawal_reason
            else None,
            withdrawal_detail=row.withdrawal_detail,
        )


def _values(enrolment: Enrolment) -> dict[str, Any]:
    path = enrolment.path
    return {
        "enrolment_id": enrolment.enrolment_id,
        "structure_id": enrolment.structure_id,
        "department": enrolment.department.code,
        "region": enrolment.region,
        "scheme": enrolment.scheme.value,
        "employment": enrolment.employment.value,
        "remote": enrolment.remote,
        "remote_reason": enrolment.remote_reason,
        "training_organisation_id": enrolment.training_organisation.id,
        "training_organisation_name": enrolment.training_organisation.name,
        "enrolled_on": enrolment.enrolled_on,
        "state": enrolment.state.value,
        "path_hours": path.hours if path else None,
        "path_weeks": path.weeks if path else None,
        "alternance_days_per_week": path.alternance_days_per_week if path else None,
        "path_assigned_on": path.assigned_on if path else None,
        "cohort_id": enrolment.cohort_id,
        "starts_on": enrolment.starts_on,
        "planned_end_on": enrolment.planned_end_on,
        "attendance_breached": enrolment.attendance_breached,
        "completed_on": enrolment.completed_on,
        "withdrawn_on": enrolment.withdrawn_on,
        "withdrawal_reason": enrolment.withdrawal_reason.value
        if enrolment.withdrawal_reason
        else None,
        "withdrawal_detail": enrolment.withdrawal_detail,
    }

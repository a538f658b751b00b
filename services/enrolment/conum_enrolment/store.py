"""The enrolment store: tables, repositories and the unit of work (SQLModel)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from conum_runtime.db import SessionFactory
from conum_runtime.tables import RuntimeTables, runtime_tables
from conum_runtime.uow import UnitOfWork
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_enrolment.domain import (
    Employment,
    Enrolment,
    EnrolmentState,
    Scheme,
    Structure,
    StructureKind,
    TrainingOrganisation,
)
from conum_enrolment.reference import ReferenceData


class Table(SQLModel, registry=registry()):
    """Base of the enrolment tables: a metadata of the service's own."""


metadata = Table.metadata
runtime = runtime_tables(metadata)


class StructureRow(Table, table=True):
    __tablename__ = "structures"
    structure_id: str = Field(primary_key=True, max_length=36)
    siret: str = Field(max_length=14, unique=True)
    name: str = Field(max_length=300)
    kind: str = Field(max_length=30)
    department: str = Field(max_length=3)
    region: str = Field(max_length=10, index=True)


class ConseillerRow(Table, table=True):
    """The conseiller's personal data stays in this service's store."""

    __tablename__ = "conseillers"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    email: str = Field(max_length=320, unique=True)
    first_name: str = Field(max_length=200)
    last_name: str = Field(max_length=200)


class EnrolmentRow(Table, table=True):
    __tablename__ = "enrolments"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    structure_id: str = Field(foreign_key="structures.structure_id", max_length=36)
    department: str = Field(max_length=3)
    region: str = Field(max_length=10, index=True)
    scheme: str = Field(max_length=4)
    employment: str = Field(max_length=20)
    remote: bool
    remote_reason: str | None = Field(default=None, max_length=500)
    training_organisation_id: str = Field(max_length=50, index=True)
    training_organisation_name: str = Field(max_length=200)
    enrolled_on: date
    state: str = Field(max_length=20, index=True)


class Structures:
    def __init__(self, session: AsyncSession, reference: ReferenceData) -> None:
        self._session = session
        self._reference = reference

    async def get(self, structure_id: str) -> Structure | None:
        row = await self._session.get(StructureRow, structure_id)
        if row is None:
            return None
        return Structure(
            structure_id=row.structure_id,
            siret=row.siret,
            name=row.name,
            kind=StructureKind(row.kind),
            department=self._reference.departments[row.department],
        )

    async def siret_taken(self, siret: str) -> bool:
        found = await self._session.exec(select(StructureRow).where(StructureRow.siret == siret))
        return found.first() is not None

    def add(self, structure: Structure) -> None:
        self._session.add(
            StructureRow(
                structure_id=structure.structure_id,
                siret=structure.siret,
                name=structure.name,
                kind=structure.kind.value,
                department=structure.department.code,
                region=structure.region,
            )
        )


class Enrolments:
    def __init__(self, session: AsyncSession, reference: ReferenceData) -> None:
        self._session = session
        self._reference = reference

    async def conseiller_id_for_email(self, email: str) -> str | None:
        found = await self._session.exec(
            select(ConseillerRow.conseiller_id).where(ConseillerRow.email == email)
        )
        return found.first()

    async def get(self, conseiller_id: str) -> Enrolment | None:
        row = await self._session.get(EnrolmentRow, conseiller_id)
        return None if row is None else self._to_domain(row)

    async def open_for(self, conseiller_id: str) -> Enrolment | None:
        enrolment = await self.get(conseiller_id)
        return enrolment if enrolment is not None and enrolment.state.is_open else None

    def add_conseiller(self, conseiller_id: str, email: str, first_name: str, last_name: str) -> None:
        self._session.add(
            ConseillerRow(
                conseiller_id=conseiller_id, email=email, first_name=first_name, last_name=last_name
            )
        )

    async def save(self, enrolment: Enrolment) -> None:
        row = await self._session.get(EnrolmentRow, enrolment.conseiller_id)
        values = {
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
        }
        if row is None:
            self._session.add(EnrolmentRow(conseiller_id=enrolment.conseiller_id, **values))
        else:
            row.sqlmodel_update(values)
            self._session.add(row)

    def _to_domain(self, row: EnrolmentRow) -> Enrolment:
        return Enrolment(
            conseiller_id=row.conseiller_id,
            structure_id=row.structure_id,
            department=self._reference.departments[row.department],
            scheme=Scheme(row.scheme),
            employment=Employment(row.employment),
            remote=row.remote,
            remote_reason=row.remote_reason,
            training_organisation=TrainingOrganisation(
                row.training_organisation_id, row.training_organisation_name
            ),
            enrolled_on=row.enrolled_on,
            state=EnrolmentState(row.state),
        )


class EnrolmentUnitOfWork(UnitOfWork):
    structures: Structures
    enrolments: Enrolments

    def __init__(
        self,
        sessions: SessionFactory,
        tables: RuntimeTables,
        service: str,
        on_commit: Callable[[], None],
        *,
        reference: ReferenceData,
    ) -> None:
        super().__init__(sessions, tables, service, on_commit)
        self.reference = reference

    def _open(self) -> None:
        self.structures = Structures(self.session, self.reference)
        self.enrolments = Enrolments(self.session, self.reference)

"""The positioning store: tables, repository and unit of work (SQLModel)."""

from __future__ import annotations

from datetime import date

from conum_runtime.tables import runtime_tables
from conum_runtime.uow import UnitOfWork
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_positioning.domain import Positioning, PositioningState


class Table(SQLModel, registry=registry()):
    """Base of the positioning tables: a metadata of the service's own."""


metadata = Table.metadata
runtime = runtime_tables(metadata)


class PositioningRow(Table, table=True):
    __tablename__ = "positionings"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    region: str = Field(max_length=10, index=True)
    scheme: str = Field(max_length=4)
    training_organisation_id: str = Field(max_length=50)
    test_on: date
    interview_on: date
    state: str = Field(max_length=20)


class Positionings:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, conseiller_id: str) -> Positioning | None:
        row = await self._session.get(PositioningRow, conseiller_id)
        if row is None:
            return None
        return Positioning(
            conseiller_id=row.conseiller_id,
            region=row.region,
            scheme=row.scheme,
            training_organisation_id=row.training_organisation_id,
            test_on=row.test_on,
            interview_on=row.interview_on,
            state=PositioningState(row.state),
        )

    async def save(self, positioning: Positioning) -> None:
        row = await self._session.get(PositioningRow, positioning.conseiller_id)
        values = {
            "region": positioning.region,
            "scheme": positioning.scheme,
            "training_organisation_id": positioning.training_organisation_id,
            "test_on": positioning.test_on,
            "interview_on": positioning.interview_on,
            "state": positioning.state.value,
        }
        if row is None:
            row = PositioningRow(conseiller_id=positioning.conseiller_id, **values)
        else:
            row.sqlmodel_update(values)
        self._session.add(row)


class PositioningUnitOfWork(UnitOfWork):
    positionings: Positionings

    def _open(self) -> None:
        self.positionings = Positionings(self.session)

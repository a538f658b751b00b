"""The enrolment store's tables (SQLModel), on a metadata of the service's own.

The conseiller's personal data (names, e-mail) lives only in ``conseillers``.
"""

from __future__ import annotations

from datetime import date, datetime

from conum_runtime.tables import runtime_tables
from sqlalchemy import Column, DateTime, LargeBinary
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class Table(SQLModel, registry=registry()):
    """Base of the enrolment tables: a metadata of the service's own."""


metadata = Table.metadata
runtime_tables(metadata)  # the outbox and inbox, next to the service's own tables


class StructureRow(Table, table=True):
    __tablename__ = "structures"
    structure_id: str = Field(primary_key=True, max_length=36)
    siret: str = Field(max_length=14, unique=True)
    name: str = Field(max_length=300)
    kind: str = Field(max_length=30)
    department: str = Field(max_length=3)
    region: str = Field(max_length=10, index=True)


class HabilitationRow(Table, table=True):
    __tablename__ = "habilitations"
    structure_id: str = Field(
        primary_key=True, foreign_key="structures.structure_id", max_length=36
    )
    scheme: str = Field(primary_key=True, max_length=30)
    requested_on: date
    granted_on: date | None = None


class ConseillerRow(Table, table=True):
    """Personal data: only here, never in logs, spans or refusals. Once the person is erased
    the names are empty and the e-mail is ``erased:<conseiller_id>`` (decision 0021)."""

    __tablename__ = "conseillers"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    email: str = Field(max_length=320, unique=True)
    first_name: str = Field(max_length=200)
    last_name: str = Field(max_length=200)


class ConseillerKeyRow(Table, table=True):
    """The key vault: one AES-256 key per conseiller, the only copy (decision 0021).

    Destroying the row forgets the person in every sealed copy, wherever it lies."""

    __tablename__ = "conseiller_keys"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    key_id: str = Field(max_length=36, unique=True)
    material: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class ErasureRow(Table, table=True):
    """Why and when a person was erased, at whose request (a role); no personal data."""

    __tablename__ = "erasures"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    reason: str = Field(max_length=40)
    requested_by: str = Field(max_length=40)
    erased_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class EnrolmentRow(Table, table=True):
    """The conseiller's current (latest) enrolment; ``enrolment_id`` is that enrolment's own
    id (revision 0002), new at each re-enrolment."""

    __tablename__ = "enrolments"
    conseiller_id: str = Field(
        primary_key=True, foreign_key="conseillers.conseiller_id", max_length=36
    )
    enrolment_id: str = Field(max_length=36, unique=True)
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
    path_hours: int | None = None
    path_weeks: int | None = None
    alternance_days_per_week: int | None = None
    path_assigned_on: date | None = None
    cohort_id: str | None = Field(default=None, max_length=36, index=True)
    starts_on: date | None = None
    planned_end_on: date | None = None
    attendance_breached: bool = False
    completed_on: date | None = None
    withdrawn_on: date | None = None
    withdrawal_reason: str | None = Field(default=None, max_length=100)
    withdrawal_detail: str | None = Field(default=None, max_length=500)


class CohortRow(Table, table=True):
    __tablename__ = "cohorts"
    cohort_id: str = Field(primary_key=True, max_length=36)
    training_organisation_id: str = Field(max_length=50, index=True)
    training_organisation_name: str = Field(max_length=200)
    region: str = Field(max_length=10, index=True)
    path_hours: int
    formed_on: date
    starts_on: date
    ends_on: date
    referent_id: str | None = Field(default=None, max_length=36)


class CohortMemberRow(Table, table=True):
    __tablename__ = "cohort_members"
    cohort_id: str = Field(primary_key=True, foreign_key="cohorts.cohort_id", max_length=36)
    conseiller_id: str = Field(primary_key=True, max_length=36)


class AttendanceDayRow(Table, table=True):
    __tablename__ = "attendance_days"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    day: date = Field(primary_key=True)
    present: bool


class IgnoredEventRow(Table, table=True):
    """A consumed event that could not apply, kept with the reason (never personal data)."""

    __tablename__ = "ignored_events"
    event_id: str = Field(primary_key=True, max_length=36)
    event_type: str = Field(max_length=200)
    subject: str = Field(max_length=200, index=True)
    reason: str = Field(max_length=100)
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))

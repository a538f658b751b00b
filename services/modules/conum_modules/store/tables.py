"""The modules tables (SQLModel), on a metadata of the service's own.

No personal data: conseillers are known by their id, region, structure and training facts.
The same tables serve both kinds of instance: a regional instance writes its sessions and
registrations; the national one copies every region's from their streams.
"""

from __future__ import annotations

from datetime import date

from conum_runtime.tables import runtime_tables
from sqlalchemy import Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class Table(SQLModel, registry=registry()):
    """Base of the modules tables: a metadata of the service's own."""


metadata = Table.metadata
runtime_tables(metadata)  # the outbox and inbox live next to the service's tables


class ModuleRow(Table, table=True):
    __tablename__ = "modules"
    module_id: str = Field(primary_key=True, max_length=36)
    title: str = Field(max_length=200)
    kind: str = Field(max_length=20)
    requires_habilitation: str | None = Field(default=None, max_length=30)
    state: str = Field(max_length=10)
    published_on: date | None = None
    withdrawn_on: date | None = None


class HabilitationRow(Table, table=True):
    """A host structure's habilitation (from the enrolment stream)."""

    __tablename__ = "habilitations"
    structure_id: str = Field(primary_key=True, max_length=36)
    scheme: str = Field(primary_key=True, max_length=30)
    granted_on: date


class ConseillerRow(Table, table=True):
    """What the enrolment and certification streams told us; partial until the enrolment.
    ``version`` is bumped to take the row's lock (:meth:`Conseillers.claim`)."""

    __tablename__ = "conseillers"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    region: str = Field(max_length=10, index=True)
    structure_id: str | None = Field(default=None, max_length=36, index=True)
    training_organisation_id: str | None = Field(default=None, max_length=50)
    scheme: str | None = Field(default=None, max_length=4)
    enrolment_id: str | None = Field(default=None, max_length=36)
    enrolled_on: date | None = None
    withdrawn_on: date | None = None
    convened_for: date | None = None
    version: int = 0


class EnrolmentSeenRow(Table, table=True):
    """Every enrolment id received: an event naming one that is not the current enrolment
    belongs to an older one."""

    __tablename__ = "enrolments_seen"
    enrolment_id: str = Field(primary_key=True, max_length=36)
    conseiller_id: str = Field(max_length=36, index=True)


class SessionRow(Table, table=True):
    """``version`` is bumped to take the row's lock (:meth:`Sessions.claim`)."""

    __tablename__ = "sessions"
    session_id: str = Field(primary_key=True, max_length=36)
    module_id: str = Field(max_length=36, index=True)
    region: str = Field(max_length=10, index=True)
    hub: str = Field(max_length=50)
    capacity: int
    place: str = Field(max_length=200)
    first_day: date = Field(index=True)
    last_day: date
    state: str = Field(max_length=10)
    cancel_reason: str | None = Field(default=None, sa_type=Text)
    version: int = 0


class SessionDayRow(Table, table=True):
    __tablename__ = "session_days"
    session_id: str = Field(primary_key=True, max_length=36)
    on: date = Field(primary_key=True)
    mode: str = Field(max_length=10)


class RegistrationRow(Table, table=True):
    __tablename__ = "registrations"
    registration_id: str = Field(primary_key=True, max_length=36)
    session_id: str = Field(max_length=36, index=True)
    conseiller_id: str = Field(max_length=36, index=True)
    module_id: str | None = Field(default=None, max_length=36)
    region: str = Field(max_length=10, index=True)
    hub: str = Field(max_length=50)
    structure_id: str | None = Field(default=None, max_length=36)
    training_organisation_id: str | None = Field(default=None, max_length=50)
    status: str = Field(max_length=12)
    registered_on: date | None = None
    first_day: date | None = None
    waitlist_seq: int | None = None
    track: str | None = Field(default=None, max_length=12)
    funded: bool | None = None
    funding_year: int | None = None
    ended_on: date | None = None


class AttendanceSheetRow(Table, table=True):
    """A day whose attendance was recorded (even when nobody held a seat)."""

    __tablename__ = "attendance_sheets"
    session_id: str = Field(primary_key=True, max_length=36)
    on: date = Field(primary_key=True)


class AttendanceRow(Table, table=True):
    __tablename__ = "attendance"
    session_id: str = Field(primary_key=True, max_length=36)
    on: date = Field(primary_key=True)
    registration_id: str = Field(primary_key=True, max_length=36)
    present: bool


class EvaluationRow(Table, table=True):
    __tablename__ = "evaluations"
    session_id: str = Field(primary_key=True, max_length=36)
    region: str = Field(max_length=10, index=True)
    responses: int
    satisfied_resources_pct: float
    satisfied_overall_pct: float
    mean_self_rated_ability: float

"""The national store (SQLModel), on a metadata of its own: identifiers and facts only, never
a name nor an e-mail address.

Every row is written so that the order of events does not matter: a column is either set by
one kind of event, the latest by the event's time and id winning (``*_key`` columns hold
``<time>|<event id>``), or merged by a rule that ignores order (the earliest day, "ever
true", the smallest of agreeing values).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime, Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class Table(SQLModel, registry=registry()):
    """Base of the national tables: a metadata of the service's own."""


metadata = Table.metadata


class FactRow(Table, table=True):
    """One conseiller event, as a fact (``data``: JSON of identifiers, codes, days)."""

    __tablename__ = "facts"
    event_id: str = Field(primary_key=True, max_length=36)
    conseiller_id: str = Field(max_length=36, index=True)
    kind: str = Field(max_length=30)
    happened_on: date
    published_at: str = Field(max_length=40)
    region: str = Field(max_length=10)
    enrolment_id: str | None = Field(default=None, max_length=36)
    data: str = Field(sa_type=Text)


class ConseillerRow(Table, table=True):
    """One row per conseiller: taken first by every fact of theirs (so that two facts of one
    conseiller are folded one after the other), with what the fold left waiting."""

    __tablename__ = "conseillers"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    facts: int
    pending: int


class JourneyRow(Table, table=True):
    """One enrolment of a conseiller and how far it went (:class:`~domain.Journey`)."""

    __tablename__ = "journeys"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    ordinal: int = Field(primary_key=True)
    current: bool = Field(index=True)
    region: str = Field(max_length=10, index=True)
    facts: int
    step: str = Field(max_length=30)
    enrolment_id: str | None = Field(default=None, max_length=36)
    department: str | None = Field(default=None, max_length=3)
    scheme: str | None = Field(default=None, max_length=4)
    structure_id: str | None = Field(default=None, max_length=36)
    organisation_id: str | None = Field(default=None, max_length=60)
    employment: str | None = Field(default=None, max_length=20)
    remote: bool | None = Field(default=None)
    enrolled_on: date | None = Field(default=None)
    test_scheduled: bool = False
    positioned_on: date | None = Field(default=None)
    path_hours: int | None = Field(default=None)
    training_started_on: date | None = Field(default=None)
    cohort_id: str | None = Field(default=None, max_length=36)
    attendance_breaches: int = 0
    training_completed_on: date | None = Field(default=None)
    ccp1_convened_on: date | None = Field(default=None)
    ccp1_passed_on: date | None = Field(default=None)
    ccp1_failed_on: date | None = Field(default=None)
    pix_certified_on: date | None = Field(default=None)
    double_certified_on: date | None = Field(default=None)
    withdrawn_on: date | None = Field(default=None)
    withdrawal_reason: str | None = Field(default=None, max_length=30)


class StructureRow(Table, table=True):
    __tablename__ = "structures"
    structure_id: str = Field(primary_key=True, max_length=36)
    registered_key: str | None = Field(default=None, max_length=80)
    region: str | None = Field(default=None, max_length=10, index=True)
    department: str | None = Field(default=None, max_length=3)
    kind: str | None = Field(default=None, max_length=20)
    region_hint: str | None = Field(default=None, max_length=10)
    habilitation_requested: bool = False
    habilitation_granted_on: date | None = Field(default=None)


class CohortRow(Table, table=True):
    __tablename__ = "cohorts"
    cohort_id: str = Field(primary_key=True, max_length=36)
    formed_key: str | None = Field(default=None, max_length=80)
    region: str | None = Field(default=None, max_length=10, index=True)
    organisation_id: str | None = Field(default=None, max_length=60)
    path_hours: int | None = Field(default=None)
    starts_on: date | None = Field(default=None)
    ends_on: date | None = Field(default=None)
    size: int | None = Field(default=None)
    region_hint: str | None = Field(default=None, max_length=10)
    referent_designated: bool = False


class FullTitleRow(Table, table=True):
    """A conseiller's enrolment in the full REMN title (the latest one, by start day)."""

    __tablename__ = "full_title_enrolments"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    key: str = Field(max_length=100)
    region: str = Field(max_length=10, index=True)
    department: str = Field(max_length=3)
    organisation_id: str = Field(max_length=60)
    starts_on: date


class ModuleRow(Table, table=True):
    """A module of the national catalogue (its title is public)."""

    __tablename__ = "modules"
    module_id: str = Field(primary_key=True, max_length=36)
    published_key: str | None = Field(default=None, max_length=80)
    title: str | None = Field(default=None, sa_type=Text)
    kind: str | None = Field(default=None, max_length=20)
    hours: int | None = Field(default=None)
    requires_habilitation: str | None = Field(default=None, max_length=30)
    withdrawn: bool = False


class SessionRow(Table, table=True):
    __tablename__ = "module_sessions"
    session_id: str = Field(primary_key=True, max_length=36)
    scheduled_key: str | None = Field(default=None, max_length=80)
    module_id: str | None = Field(default=None, max_length=36)
    region: str | None = Field(default=None, max_length=10, index=True)
    hub: str | None = Field(default=None, max_length=60)
    first_day: date | None = Field(default=None)
    last_day: date | None = Field(default=None)
    days: int | None = Field(default=None)
    capacity: int | None = Field(default=None)
    region_hint: str | None = Field(default=None, max_length=10)
    cancelled: bool = False
    evaluated_key: str | None = Field(default=None, max_length=80)
    evaluation_region: str | None = Field(default=None, max_length=10)
    responses: int | None = Field(default=None)
    satisfied_resources_pct: float | None = Field(default=None)
    satisfied_overall_pct: float | None = Field(default=None)
    mean_self_rated_ability: float | None = Field(default=None)


class RegistrationRow(Table, table=True):
    __tablename__ = "module_registrations"
    registration_id: str = Field(primary_key=True, max_length=36)
    conseiller_id: str = Field(max_length=36, index=True)
    session_id: str | None = Field(default=None, max_length=36)
    module_id: str | None = Field(default=None, max_length=36)
    region: str | None = Field(default=None, max_length=10, index=True)
    track: str | None = Field(default=None, max_length=20)
    accepted_key: str | None = Field(default=None, max_length=80)
    funded: bool | None = Field(default=None)
    funding_year: int | None = Field(default=None)
    waitlisted_key: str | None = Field(default=None, max_length=80)
    waitlist_position: int | None = Field(default=None)
    cancelled: bool = False
    completed_on: date | None = Field(default=None)
    hours: int | None = Field(default=None)


class PositionRow(Table, table=True):
    """How far the projection applied each topic partition, and when."""

    __tablename__ = "positions"
    topic: str = Field(primary_key=True, max_length=200)
    partition: int = Field(primary_key=True)
    applied_offset: int
    applied_at: datetime = Field(sa_type=DateTime(timezone=True))
    event_time: str = Field(max_length=40)

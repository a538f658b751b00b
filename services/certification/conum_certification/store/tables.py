"""The certification tables (SQLModel), on a metadata of the service's own.

No personal data: conseillers are known by their id, region, department and training facts.
"""

from __future__ import annotations

from datetime import date

from conum_runtime.tables import runtime_tables
from sqlalchemy import Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class Table(SQLModel, registry=registry()):
    """Base of the certification tables: a metadata of the service's own."""


metadata = Table.metadata
runtime_tables(metadata)  # the outbox and inbox live next to the service's tables


class ConseillerRow(Table, table=True):
    """What the enrolment and positioning streams told us; partial until the enrolment.

    ``structure_id`` and ``training_organisation_id`` (revision 0002) are empty for rows
    written before them, until the conseiller's next enrolment event (or a replay)."""

    __tablename__ = "conseillers"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    region: str = Field(max_length=10, index=True)
    department: str | None = Field(default=None, max_length=3)
    scheme: str | None = Field(default=None, max_length=4)
    structure_id: str | None = Field(default=None, max_length=36)
    training_organisation_id: str | None = Field(default=None, max_length=50)
    enrolled_on: date | None = None
    path_hours: int | None = None
    training_starts_on: date | None = None
    training_planned_end_on: date | None = None
    training_completed_on: date | None = None
    withdrawn_on: date | None = None
    enrolment_id: str | None = Field(default=None, max_length=36)
    """The enrolment the training facts belong to (revision 0003)."""
    earlier_enrolment_ids: str = Field(default="", sa_type=Text)
    """Earlier enrolments of the conseiller, space-separated, the oldest first."""


class ExamSessionRow(Table, table=True):
    __tablename__ = "exam_sessions"
    exam_session_id: str = Field(primary_key=True, max_length=36)
    exam_on: date
    region: str = Field(max_length=10, index=True)
    certifier: str = Field(max_length=50)


class ConvocationRow(Table, table=True):
    __tablename__ = "convocations"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    exam_session_id: str = Field(
        primary_key=True, foreign_key="exam_sessions.exam_session_id", max_length=36
    )
    region: str = Field(max_length=10, index=True)
    exam_on: date
    certifier: str = Field(max_length=50)
    result: str | None = Field(default=None, max_length=10)
    decided_on: date | None = None


class PixResultRow(Table, table=True):
    """One Pix result per conseiller and day (the primary key refuses a second)."""

    __tablename__ = "pix_results"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    recorded_on: date = Field(primary_key=True)
    region: str = Field(max_length=10, index=True)
    score: int
    certified: bool


class DoubleCertificationRow(Table, table=True):
    """At most one per conseiller: the guard of ``conseiller.double_certified``."""

    __tablename__ = "double_certifications"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    region: str = Field(max_length=10, index=True)
    ccp1_passed_on: date
    pix_certified_on: date


class FullTitleEnrolmentRow(Table, table=True):
    __tablename__ = "full_title_enrolments"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    region: str = Field(max_length=10, index=True)
    department: str = Field(max_length=3)
    organisation_id: str = Field(max_length=50)
    organisation_name: str = Field(max_length=200)
    hours: int
    weeks: int
    starts_on: date

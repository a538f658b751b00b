"""The positioning tables (SQLModel), on a metadata of the service's own."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime, Index, Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class Table(SQLModel, registry=registry()):
    """Base of the positioning tables: a metadata of the service's own."""


metadata = Table.metadata


class PositioningRow(Table, table=True):
    __tablename__ = "positionings"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    region: str = Field(max_length=10, index=True)
    scheme: str = Field(max_length=4)
    structure_id: str = Field(max_length=36, index=True)
    training_organisation_id: str = Field(max_length=50)
    enrolled_on: date
    test_on: date
    interview_on: date
    state: str = Field(max_length=20)
    closed_on: date | None = Field(default=None)
    current_result_id: str | None = Field(default=None, max_length=36)
    version: int
    enrolment_id: str | None = Field(default=None, max_length=36)
    """The enrolment of the current round (revision 0002); None before revision 2 events."""
    earlier_enrolment_ids: str = Field(default="", sa_type=Text)
    """The enrolments of the earlier rounds, space-separated, the oldest first."""


class ResultRow(Table, table=True):
    """Every result ever recorded; the current one is ``positionings.current_result_id``."""

    __tablename__ = "positioning_results"
    __table_args__ = (
        Index("ix_positioning_results_conseiller_sequence", "conseiller_id", "sequence"),
    )
    result_id: str = Field(primary_key=True, max_length=36)
    conseiller_id: str = Field(max_length=36, index=True)
    sequence: int = Field(description="1 for the conseiller's first result, then 2…")
    digital_score: int
    support_score: int
    interview_note: str = Field(sa_type=Text)
    rubric_version: str = Field(max_length=20)
    path_hours: int
    weeks: int
    alternance_days_per_week: int
    recorded_on: date
    enrolment_id: str | None = Field(default=None, max_length=36)


class ActRow(Table, table=True):
    """The history of a positioning, in the order the acts were recorded."""

    __tablename__ = "positioning_history"
    id: int | None = Field(default=None, primary_key=True)
    conseiller_id: str = Field(max_length=36, index=True)
    kind: str = Field(max_length=30)
    happened_on: date
    by: str = Field(max_length=60)
    detail: str = Field(sa_type=Text)


class InquiryRow(Table, table=True):
    __tablename__ = "inquiries"
    inquiry_id: str = Field(primary_key=True, max_length=36)
    conseiller_id: str = Field(max_length=36, index=True)
    result_id: str = Field(max_length=36)
    opened_by: str = Field(max_length=10)
    question: str = Field(sa_type=Text)
    opened_on: date
    answer: str | None = Field(default=None, sa_type=Text)
    answered_on: date | None = Field(default=None)


class PendingWithdrawalRow(Table, table=True):
    """A withdrawal received before the enrolment it concerns (out of order), one per
    enrolment; ``enrolment_key`` is its ``enrolment_id``, or empty for a withdrawal published
    before revision 2 (the conseiller's latest such one)."""

    __tablename__ = "pending_withdrawals"
    conseiller_id: str = Field(primary_key=True, max_length=36)
    enrolment_key: str = Field(primary_key=True, max_length=36)
    region: str = Field(max_length=10)
    reason: str = Field(sa_type=Text)
    withdrawn_on: date
    received_at: datetime = Field(sa_type=DateTime(timezone=True))

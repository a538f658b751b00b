"""The notifier's tables (SQLModel), on a metadata of the service's own.

No personal data: conseillers are known by their id; names and addresses are read from the
enrolment service when an e-mail goes, and kept nowhere (R-ACC-05, R-NOT-07).
"""

from __future__ import annotations

from datetime import date, datetime

from conum_runtime.tables import runtime_tables
from sqlalchemy import Column, DateTime, Index, Text, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class Table(SQLModel, registry=registry()):
    """Base of the notifier's tables: a metadata of the service's own."""


metadata = Table.metadata
runtime_tables(metadata)  # the outbox, inbox and audit live next to the service's tables


def _moment(nullable: bool = True) -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=nullable)


class NotificationRow(Table, table=True):
    """One e-mail to tell, keyed by the event that caused it and its kind."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("event_id", "kind", name="uq_notifications_event_kind"),
        Index("ix_notifications_due", "status", "next_attempt_at"),
    )
    notification_id: str = Field(primary_key=True, max_length=36)
    event_id: str = Field(max_length=36)
    kind: str = Field(max_length=30)
    conseiller_id: str = Field(max_length=36, index=True)
    region: str = Field(max_length=10)
    registration_id: str | None = Field(default=None, max_length=36, index=True)
    session_id: str | None = Field(default=None, max_length=36, index=True)
    facts: str = Field(sa_type=Text)
    """The event's facts as JSON (days, ids, hours)."""
    occurred_at: datetime = Field(sa_column=_moment(nullable=False))
    created_at: datetime = Field(sa_column=_moment(nullable=False))
    status: str = Field(max_length=10)
    reason: str | None = Field(default=None, max_length=40)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_column=_moment())
    sent_at: datetime | None = Field(default=None, sa_column=_moment())


class SessionRow(Table, table=True):
    __tablename__ = "sessions"
    session_id: str = Field(primary_key=True, max_length=36)
    module_id: str = Field(max_length=36)
    region: str = Field(max_length=10)
    hub: str = Field(max_length=100)
    place: str = Field(sa_type=Text)
    days: str = Field(sa_type=Text)
    """``[{"on": "2026-03-02", "mode": "in_person"}, …]``"""
    last_day: date = Field(index=True)
    cancelled: bool = False


class ModuleRow(Table, table=True):
    __tablename__ = "modules"
    module_id: str = Field(primary_key=True, max_length=36)
    title: str = Field(sa_type=Text)


class RegistrationRow(Table, table=True):
    __tablename__ = "registrations"
    registration_id: str = Field(primary_key=True, max_length=36)
    conseiller_id: str = Field(max_length=36)
    session_id: str = Field(max_length=36, index=True)
    module_id: str | None = Field(default=None, max_length=36)
    region: str = Field(max_length=10)
    state: str = Field(max_length=12, index=True)
    accepted_on: date | None = None

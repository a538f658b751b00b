"""The unit of work: one database transaction, the events it emits, and the inbox.

A handler changes state and calls :meth:`UnitOfWork.emit`; :meth:`UnitOfWork.commit` writes
the emitted events to the outbox in the same transaction as the state change. A consumer
records ``(consumer, ce_id)`` in the inbox in that transaction too, so a redelivered event
changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Self, get_type_hints

from conum_contracts import registry
from conum_contracts.base import EventModel
from conum_contracts.decoding import encode_event
from conum_contracts.envelope import Envelope, encode_headers, new_envelope
from conum_contracts.upcasting import downcast
from conum_kernel.territory import retired_region_code
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from conum_runtime import audit
from conum_runtime.db import SessionFactory
from conum_runtime.deadletter import ConsumedRecord
from conum_runtime.statements import Statements
from conum_runtime.tables import RuntimeTables
from conum_runtime.telemetry import mark_conseiller, quietly

_propagator = TraceContextTextMapPropagator()


class Repository:
    """Base of a service's repositories. A unit of work builds one of each repository it
    declares (an annotated attribute whose type is a ``Repository``) when it opens, on its
    session (``_session``: the ORM) and its plain statements (``_statements``: batch-aware
    repositories, decision 0028). A repository keeps what it read only for its unit of
    work."""

    def __init__(self, session: AsyncSession, statements: Statements | None = None) -> None:
        """``statements``: the unit of work's; a repository read outside one (a tool, a test
        reading a store) gets its own on the session."""
        self._session = session
        self._statements = statements if statements is not None else Statements(session)


def conseillers_of(events: Sequence[EventModel]) -> list[str]:
    """The conseillers a batch of events names (``conseiller_id``), each once, in order."""
    named = (getattr(event, "conseiller_id", None) for event in events)
    return list(dict.fromkeys(c for c in named if isinstance(c, str)))


@dataclass(frozen=True)
class _Declared:
    names: frozenset[str]
    """Every annotated attribute: a collaborator given as ``context`` must be one."""
    repositories: tuple[tuple[str, type[Repository]], ...]


_DECLARED: dict[type, _Declared] = {}


def _declared(kind: type) -> _Declared:
    if kind not in _DECLARED:
        hints = get_type_hints(kind)
        repositories = tuple(
            (name, hint)
            for name, hint in hints.items()
            if isinstance(hint, type) and issubclass(hint, Repository)
        )
        _DECLARED[kind] = _Declared(frozenset(hints), repositories)
    return _DECLARED[kind]


@dataclass(frozen=True)
class PreviousMajors:
    """The deprecation period of the majors a new one replaced (architecture: a producer
    publishes both): until ``until``, each event of a major that has a downcaster is also
    published as the previous major, with deprecation headers and ``until`` as its sunset."""

    until: date | None = None
    clock: Callable[[], date] = date.today

    def published(self) -> bool:
        return self.until is not None and self.clock() <= self.until


@dataclass(frozen=True)
class EmittedEvent:
    envelope: Envelope
    event: EventModel
    topic: str
    traceparent: str | None
    tracestate: str | None


class UnitOfWork:
    """Base unit of work; a service subclasses it and declares its repositories (built on
    each transaction) and its collaborators (given as ``context``) as annotated
    attributes."""

    session: AsyncSession
    statements: Statements

    def __init__(
        self,
        sessions: SessionFactory,
        tables: RuntimeTables,
        service: str,
        on_commit: Callable[[], None] = lambda: None,
        previous_majors: PreviousMajors = PreviousMajors(),
        **context: Any,
    ) -> None:
        declared = _declared(type(self)).names
        for name, value in context.items():
            if name not in declared:
                raise TypeError(f"{type(self).__name__} declares no collaborator {name!r}")
            setattr(self, name, value)
        self._sessions = sessions
        self._on_commit = on_commit
        self._previous_majors = previous_majors
        self._tables = tables
        self._service = service
        self._emitted: list[EmittedEvent] = []
        self._inbox: list[dict[str, Any]] = []
        self._cause: Envelope | None = None
        self._committed = False

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self.statements = Statements(self.session)
        self._emitted = []
        self._inbox = []
        self._committed = False
        for name, repository in _declared(type(self)).repositories:
            setattr(self, name, repository(self.session, self.statements))
        self._open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._committed:
            await self.session.rollback()
        await self.session.close()

    def _open(self) -> None:
        """Hook for subclasses: what the declared repositories do not cover (one declared
        by a protocol, built here)."""

    def caused_by(self, envelope: Envelope | None) -> None:
        """Events emitted from now on carry this event's correlation and causation ids."""
        self._cause = envelope

    @property
    def emitted(self) -> list[EmittedEvent]:
        return list(self._emitted)

    def emit(
        self,
        event: EventModel,
        *,
        region: str,
        deprecation: str | None = None,
        sunset: str | None = None,
    ) -> Envelope:
        """Queue ``event`` for the outbox; it is written by :meth:`commit`. ``deprecation`` and
        ``sunset`` mark an old major published beside its successor (its consumers skip it)."""
        event_type = registry.for_model(type(event))
        cause = self._cause
        envelope = new_envelope(
            type=event_type.name,
            subject=str(getattr(event, event_type.key_field)),
            region=region,
            service=self._service,
            dataschema=event_type.dataschema,
            minorversion=event_type.minorversion,
            correlationid=cause.correlationid if cause else None,
            causationid=cause.id if cause else None,
            deprecation=deprecation,
            sunset=sunset,
        )
        if event_type.key_field == "conseiller_id":
            mark_conseiller(envelope.subject)
        carrier: dict[str, str] = {}
        _propagator.inject(carrier)
        self._emitted.append(
            EmittedEvent(
                envelope=envelope,
                event=event,
                topic=event_type.topic,
                traceparent=carrier.get("traceparent"),
                tracestate=carrier.get("tracestate"),
            )
        )
        if deprecation is None and self._previous_majors.published():
            self._emit_previous_major(event, event_type.name, region)
        return envelope

    def _emit_previous_major(self, event: EventModel, type_name: str, region: str) -> None:
        previous = downcast(type_name, event.model_dump(mode="json"))
        if previous is None or self._previous_majors.until is None:
            return
        previous_type, payload = previous
        self.emit(
            registry.event_type(previous_type).model.model_validate(payload),
            region=retired_region_code(region),
            deprecation="true",
            sunset=self._previous_majors.until.isoformat(),
        )

    async def processed_among(self, consumer: str, event_ids: Sequence[str]) -> set[str]:
        """The ids among ``event_ids`` this consumer already applied (its inbox)."""
        inbox = self._tables.inbox
        with quietly():
            connection = await self.session.connection()
            found = await connection.execute(
                select(inbox.c.event_id).where(
                    inbox.c.consumer == consumer, inbox.c.event_id.in_(list(event_ids))
                )
            )
        return {row[0] for row in found}

    async def prefetch(self, events: Sequence[EventModel]) -> None:
        """Hook: the events about to be applied in this unit of work, in order (a batch of up
        to hundreds). A service may read here, in one statement per table, what their handlers
        would read one row at a time; the handlers must stay correct without it, and the
        repositories must keep what they read up to date with what they write. By default
        nothing is read."""

    def mark_processed(self, consumer: str, envelope: Envelope) -> None:
        """Record the event in the inbox at commit; the primary key refuses a second record."""
        self._inbox.append(
            {
                "consumer": consumer,
                "event_id": envelope.id,
                "event_type": envelope.type,
                "processed_at": datetime.now(UTC),
            }
        )

    async def consumed(self, record: ConsumedRecord, envelope: Envelope) -> None:
        """Hook: the consumer applied ``record`` (its topic, partition and offset) in this unit
        of work. A projection may keep its position here, in the same transaction as the
        effect; by default nothing is kept."""

    def _key_of_first(self) -> str | None:
        return self._emitted[0].envelope.subject if self._emitted else None

    async def commit(self) -> None:
        now = datetime.now(UTC)
        rows = [
            {
                "event_id": item.envelope.id,
                "event_type": item.envelope.type,
                "topic": item.topic,
                "key": item.envelope.subject,
                "headers": json.dumps(encode_headers(item.envelope), sort_keys=True),
                "payload": encode_event(item.event).decode(),
                "traceparent": item.traceparent,
                "tracestate": item.tracestate,
                "created_at": now,
            }
            for item in self._emitted
        ]
        await self.statements.write()
        if self._inbox or rows:
            connection = await self.session.connection()
            if self._inbox:  # one statement executed for many rows: compiled once, cached
                await connection.execute(self._tables.inbox.insert(), self._inbox)
            if rows:
                await connection.execute(self._tables.outbox.insert(), rows)
        write = audit.pending()
        audited = write.row(write.success_status, self._key_of_first()) if write else None
        if audited is not None:
            table = self._tables.audit
            inserted = await self.session.exec(table.insert().values(audited).returning(table.c.id))
            row_id = inserted.scalar_one()
        await self.session.commit()
        if write is not None and audited is not None:
            write.recorded_as(row_id, audited)
        self._inbox = []
        had_events = bool(self._emitted)
        self._emitted = []
        self._committed = True
        if had_events:
            self._on_commit()

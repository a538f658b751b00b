"""The outbox, inbox and audit tables every service store carries next to its own tables.

They are SQLAlchemy Core tables attached to the service's own metadata, so that each service
keeps one metadata (and one migration history) of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
_OUTBOX_ID = BigInteger().with_variant(Integer(), "sqlite")


@dataclass(frozen=True)
class RuntimeTables:
    outbox: Table
    inbox: Table
    audit: Table


def runtime_tables(metadata: MetaData) -> RuntimeTables:
    """Define (once) the outbox, inbox and audit tables on a service's metadata."""
    if "outbox" in metadata.tables:
        return RuntimeTables(
            metadata.tables["outbox"], metadata.tables["inbox"], metadata.tables["audit"]
        )
    outbox = Table(
        "outbox",
        metadata,
        Column("id", _OUTBOX_ID, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("event_type", String(200), nullable=False),
        Column("topic", String(200), nullable=False),
        Column("key", String(200), nullable=False),
        Column("headers", Text, nullable=False),
        Column("payload", Text, nullable=False),
        Column("traceparent", String(100), nullable=True),
        Column("tracestate", String(500), nullable=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("sent_at", DateTime(timezone=True), nullable=True),
    )
    Index("ix_outbox_unsent", outbox.c.sent_at, outbox.c.id)
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", String(36), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False),
    )
    return RuntimeTables(outbox, inbox, audit_table(metadata))


def audit_table(metadata: MetaData) -> Table:
    """Who wrote what, when (:mod:`conum_runtime.audit`): pseudonymous subjects, roles, regions,
    route templates and resource ids, never a name or an e-mail."""
    audit = Table(
        "audit",
        metadata,
        Column("id", _OUTBOX_ID, primary_key=True, autoincrement=True),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("subject", String(200), nullable=False),
        Column("role", String(40), nullable=False),
        Column("region", String(10), nullable=False),
        Column("bound_to", String(100), nullable=True),
        Column("method", String(10), nullable=False),
        Column("route", String(300), nullable=False),
        Column("resource_id", String(200), nullable=True),
        Column("status", Integer, nullable=False),
    )
    Index("ix_audit_subject", audit.c.subject, audit.c.id)
    Index("ix_audit_at", audit.c.at)
    return audit

"""Outbox and inbox tables on SQLite and PostgreSQL (created by the runtime's migration helper)."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from conum_contracts.envelope import decode_headers
from conum_contracts.positioning import TestScheduledV1
from conum_runtime.db import create_engine, session_factory
from conum_runtime.migrations import create_runtime_tables
from conum_runtime.tables import runtime_tables
from conum_runtime.testing.harness import schema_drift
from conum_runtime.uow import UnitOfWork
from opentelemetry.sdk.trace import TracerProvider
from sqlalchemy import Connection, MetaData, select
from sqlalchemy.exc import IntegrityError


def migrate(connection: Connection) -> None:
    create_runtime_tables(Operations(MigrationContext.configure(connection)))


async def test_the_migration_helper_builds_the_runtime_tables(database_url: str) -> None:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(migrate)
    metadata = MetaData()
    runtime_tables(metadata)
    assert await schema_drift(engine, metadata) == []
    await engine.dispose()


async def test_emitted_events_reach_the_outbox_in_the_same_transaction(database_url: str) -> None:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(migrate)
    tables = runtime_tables(MetaData())
    sessions = session_factory(engine)
    conseiller_id = str(uuid.uuid4())
    event = TestScheduledV1(
        conseiller_id=conseiller_id, test_on=date(2026, 3, 9), interview_on=date(2026, 3, 9)
    )
    tracer = TracerProvider().get_tracer("test")

    async with UnitOfWork(sessions, tables, "positioning") as uow:
        uow.emit(event, region="FR-NAQ")  # not committed: rolled back on exit

    with tracer.start_as_current_span("work") as span:
        async with UnitOfWork(sessions, tables, "positioning") as uow:
            envelope = uow.emit(event, region="FR-NAQ")
            await uow.commit()

    async with sessions() as session:
        rows = (await session.exec(select(tables.outbox))).all()
    assert len(rows) == 1
    (row,) = rows
    assert row.event_id == envelope.id and row.key == conseiller_id
    assert row.topic == "conum.positioning.conseiller"
    assert row.traceparent.split("-")[1] == f"{span.get_span_context().trace_id:032x}"
    assert decode_headers(json.loads(row.headers)).source == "/FR-NAQ/positioning"
    assert json.loads(row.payload)["test_on"] == "2026-03-09"
    await engine.dispose()


async def test_the_inbox_refuses_a_second_record_of_one_event(database_url: str) -> None:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(migrate)
    tables = runtime_tables(MetaData())
    sessions = session_factory(engine)
    async with UnitOfWork(sessions, tables, "x") as uow:
        envelope = uow.emit(
            TestScheduledV1(
                conseiller_id=str(uuid.uuid4()),
                test_on=date(2026, 1, 5),
                interview_on=date(2026, 1, 5),
            ),
            region="FR-NAQ",
        )
    for attempt in range(2):
        async with UnitOfWork(sessions, tables, "x") as uow:
            seen = await uow.processed_among("consumer", [envelope.id, str(uuid.uuid4())])
            assert seen == ({envelope.id} if attempt == 1 else set())
            uow.mark_processed("consumer", envelope)
            if attempt == 0:
                await uow.commit()
            else:
                with pytest.raises(IntegrityError):
                    await uow.commit()
    await engine.dispose()

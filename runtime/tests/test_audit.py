"""The audit row of a write is written by the unit of work's commit, in the write's own
transaction; a write refused before its commit is recorded right after the answer."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from conum_contracts.positioning import TestScheduledV1
from conum_kernel.access import Actor, Role
from conum_runtime import audit
from conum_runtime.db import create_engine, session_factory
from conum_runtime.migrations import (
    alembic_config,
    create_audit_table,
    create_runtime_tables,
    service_head,
)
from conum_runtime.oidc import Identity
from conum_runtime.tables import RuntimeTables, runtime_tables
from conum_runtime.uow import UnitOfWork
from fastapi import FastAPI
from sqlalchemy import Connection, MetaData, select
from starlette.requests import Request


def migrate(connection: Connection) -> None:
    operations = Operations(MigrationContext.configure(connection))
    create_runtime_tables(operations)
    create_audit_table(operations)


@pytest.fixture
async def host(database_url: str) -> AsyncIterator[SimpleNamespace]:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(migrate)
    yield SimpleNamespace(sessions=session_factory(engine), tables=runtime_tables(MetaData()))
    await engine.dispose()


def request_to(host: SimpleNamespace, path_params: dict[str, str] | None = None) -> Request:
    app = FastAPI()
    app.state.host = host
    request = Request(
        {
            "type": "http",
            "method": "POST",
            "path": "/things",
            "headers": [],
            "app": app,
            "path_params": path_params or {},
        }
    )
    request.state.identity = Identity(Actor(Role.HOST_STRUCTURE, "FR-NAQ", "s-1"), "oidc:abc")
    return request


async def rows(host: SimpleNamespace) -> list[dict[str, Any]]:
    tables: RuntimeTables = host.tables
    async with host.sessions() as session:
        connection = await session.connection()
        found = await connection.execute(select(tables.audit).order_by(tables.audit.c.id))
        return [dict(row) for row in found.mappings()]


def event() -> TestScheduledV1:
    return TestScheduledV1(
        conseiller_id=str(uuid.uuid4()), test_on=date(2027, 1, 4), interview_on=date(2027, 1, 4)
    )


async def test_the_commit_writes_the_audit_row_with_the_write(host: SimpleNamespace) -> None:
    token = audit.begin(request_to(host), "/things", 201)
    uow = UnitOfWork(host.sessions, host.tables, "positioning")
    scheduled = event()
    async with uow:
        uow.emit(scheduled, region="FR-NAQ")
        await uow.commit()
    [row] = await rows(host)  # before the answer: the transaction held it
    assert (row["subject"], row["role"], row["region"], row["bound_to"]) == (
        "oidc:abc",
        "host_structure",
        "FR-NAQ",
        "s-1",
    )
    assert (row["method"], row["route"], row["status"]) == ("POST", "/things", 201)
    assert row["resource_id"] == scheduled.conseiller_id
    await audit.finish(token, 201)
    assert len(await rows(host)) == 1  # recorded once


async def test_a_rolled_back_write_leaves_only_its_refusal(host: SimpleNamespace) -> None:
    token = audit.begin(request_to(host, {"thing_id": "t-1"}), "/things/{thing_id}", 201)
    uow = UnitOfWork(host.sessions, host.tables, "positioning")
    async with uow:
        uow.emit(event(), region="FR-NAQ")  # never committed
    assert await rows(host) == []
    await audit.finish(token, 409)
    [row] = await rows(host)
    assert (row["route"], row["resource_id"], row["status"]) == (
        "/things/{thing_id}",
        "thing_id=t-1",
        409,
    )


async def test_the_answer_completes_the_row_with_the_created_id(host: SimpleNamespace) -> None:
    token = audit.begin(request_to(host), "/things", 201)
    uow = UnitOfWork(host.sessions, host.tables, "positioning")
    async with uow:
        await uow.commit()  # nothing emitted: no key known at commit
    await audit.finish(token, 201, b'{"thing_id": "t-9", "name": "x"}')
    [row] = await rows(host)
    assert (row["resource_id"], row["status"]) == ("t-9", 201)


async def test_reads_and_the_consumers_commits_are_not_audited(host: SimpleNamespace) -> None:
    request = request_to(host)
    request.scope["method"] = "GET"
    assert audit.begin(request, "/things", 200) is None
    uow = UnitOfWork(host.sessions, host.tables, "positioning")
    async with uow:
        uow.emit(event(), region="FR-NAQ")
        await uow.commit()
    assert await rows(host) == []


def test_a_service_s_new_revision_follows_its_own_head_not_the_runtime_s(tmp_path: Path) -> None:
    assert service_head(alembic_config(tmp_path, MetaData())) == "base"
    (tmp_path / "0001_first.py").write_text(
        'revision = "0001"\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n'
    )
    config = alembic_config(tmp_path, MetaData())
    assert service_head(config) == "0001"
    assert set(ScriptDirectory.from_config(config).get_heads()) == {"0001", "runtime_0001"}

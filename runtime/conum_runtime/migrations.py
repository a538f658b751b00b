"""Alembic wiring shared by every service.

A service's ``migrations/env.py`` is two lines: it calls :func:`run_env` with its metadata.
:func:`upgrade` applies a service's migrations on an async engine, from inside a running
event loop (the service's start-up, the tests).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from alembic.operations import Operations
from sqlalchemy import Connection, MetaData, Table
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from conum_runtime.tables import runtime_tables


def alembic_config(script_location: Path, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, script_location: Path, revision: str = "head") -> None:
    """Apply the migrations in ``script_location`` up to ``revision``."""
    config = alembic_config(script_location, engine.url.render_as_string(hide_password=False))

    def _run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(_run)


def run_env(target_metadata: MetaData) -> None:
    """The body of every service's ``env.py``."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run_on(connection, target_metadata)
        return
    asyncio.run(_run_standalone(target_metadata))


def _run_on(connection: Connection, target_metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_standalone(target_metadata: MetaData) -> None:
    url = context.config.get_main_option("sqlalchemy.url") or ""
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(_run_on, target_metadata)
    await engine.dispose()


def create_runtime_tables(op: Operations) -> None:
    """For a service's first migration: create the outbox and inbox tables."""
    tables = runtime_tables(MetaData())
    for table in (tables.outbox, tables.inbox):
        _create(op, table)


def _create(op: Operations, table: Table) -> None:
    columns = [column._copy() for column in table.columns]
    op.create_table(table.name, *columns)
    for index in table.indexes:
        op.create_index(
            index.name or "", table.name, [c.name for c in index.columns], unique=index.unique
        )

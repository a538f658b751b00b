"""Alembic wiring shared by every service.

A service keeps only its revisions (``conum_<service>/migrations/*.py``); the environment
(``env.py``) and the revision template (``script.py.mako``) are this package's. :func:`upgrade`
applies a service's revisions on an async engine from inside a running event loop (the
service's start-up, the tests); :func:`upgrade_once` does it under the database's migration
lock, so that the replicas of an instance sharing a PostgreSQL database migrate one at a time
(the others wait, then find the schema at head). ``python -m conum_runtime.migrations new
<service> <message>`` writes a new, empty revision for a service; ``python -m
conum_runtime.migrations upgrade <service>`` migrates the database of the instance the
``CONUM_*`` variables describe (a Kubernetes init container, decision 0030).

The runtime keeps a branch of its own (``versions/``, label ``runtime``): the tables every
service carries that came after the services' first revisions (the audit trail). It is applied
with the service's revisions (``upgrade`` goes to every head), so no service writes a revision
for it.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import sys
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData, Table
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from conum_runtime.db import create_engine
from conum_runtime.leadership import MIGRATION_LOCK, RelayLeadership
from conum_runtime.settings import ServiceSettings
from conum_runtime.tables import runtime_tables

ENVIRONMENT = Path(__file__).parent
RUNTIME_REVISIONS = ENVIRONMENT / "versions"
RUNTIME_BRANCH = "runtime"


def alembic_config(revisions: Path, metadata: MetaData, url: str = "") -> Config:
    config = Config()
    config.set_main_option("script_location", str(ENVIRONMENT))
    config.set_main_option("path_separator", "os")
    locations = os.pathsep.join((str(revisions), str(RUNTIME_REVISIONS)))
    config.set_main_option("version_locations", locations)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["target_metadata"] = metadata
    return config


async def upgrade(
    engine: AsyncEngine, revisions: Path, metadata: MetaData, revision: str = "heads"
) -> None:
    """Apply the service's revisions in ``revisions`` (and the runtime's) up to ``revision``."""
    runtime_tables(metadata)  # the outbox and inbox belong to every service's metadata
    url = engine.url.render_as_string(hide_password=False)
    config = alembic_config(revisions, metadata, url)

    def _run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(_run)


async def upgrade_once(engine: AsyncEngine, revisions: Path, metadata: MetaData) -> None:
    """:func:`upgrade` to every head, one process of the database at a time."""
    async with RelayLeadership(engine, key=MIGRATION_LOCK, role="migrations"):
        await upgrade(engine, revisions, metadata)


async def upgrade_instance(service: str) -> str:
    """Migrate the database of the instance of ``service`` that the ``CONUM_*`` variables
    describe; returns the database URL without its password."""
    definition = importlib.import_module(f"conum_{service}.app").SERVICE
    settings = ServiceSettings(service=definition.name)
    engine = create_engine(settings.resolved_database_url())
    try:
        await upgrade_once(engine, definition.migrations, definition.metadata)
    finally:
        await engine.dispose()
    return engine.url.render_as_string(hide_password=True)


def run_env(target_metadata: MetaData) -> None:
    """The body of the shared ``env.py``."""
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
    """For a service's first revision: create the outbox and inbox tables."""
    tables = runtime_tables(MetaData())
    for table in (tables.outbox, tables.inbox):
        _create(op, table)


def create_audit_table(op: Operations) -> None:
    """The runtime branch's revision: the audit trail."""
    _create(op, runtime_tables(MetaData()).audit)


def service_head(config: Config) -> str:
    """The head of the service's own revisions (``base`` when it has none yet)."""
    script = ScriptDirectory.from_config(config)
    runtime = {r.revision for r in script.walk_revisions() if RUNTIME_BRANCH in r.branch_labels}
    heads = [head for head in script.get_heads() if head not in runtime]
    return heads[0] if heads else "base"


def _create(op: Operations, table: Table) -> None:
    columns = [column._copy() for column in table.columns]
    op.create_table(table.name, *columns)
    for index in table.indexes:
        op.create_index(
            index.name or "", table.name, [c.name for c in index.columns], unique=index.unique
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conum_runtime.migrations")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="write a new, empty revision for a service")
    new.add_argument("service", help="e.g. enrolment")
    new.add_argument("message")
    migrate = commands.add_parser(
        "upgrade", help="migrate the database of the instance the CONUM_* variables describe"
    )
    migrate.add_argument("service", help="e.g. modules")
    arguments = parser.parse_args(argv)
    if arguments.command == "upgrade":
        url = asyncio.run(upgrade_instance(arguments.service))
        print(f"{arguments.service}: {url} is at head")
        return 0
    definition = importlib.import_module(f"conum_{arguments.service}.app").SERVICE
    config = alembic_config(definition.migrations, definition.metadata)
    command.revision(
        config,
        message=arguments.message,
        head=service_head(config),
        version_path=str(definition.migrations),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

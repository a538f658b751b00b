"""Finding or starting the real servers the tests use (see the plugin's docstring)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class KafkaServer:
    bootstrap: str
    origin: str
    stop: Callable[[], None] = field(default=lambda: None)


@dataclass
class PostgresServer:
    admin_url: str
    origin: str
    create_database: Callable[[str], str]
    stop: Callable[[], None] = field(default=lambda: None)


def start_kafka(workdir: Path) -> KafkaServer:
    named = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if named:
        return KafkaServer(named, "KAFKA_BOOTSTRAP_SERVERS")
    container = _start_container("testcontainers.kafka", "KafkaContainer")
    if container is not None:
        return KafkaServer(container.get_bootstrap_server(), "testcontainers", container.stop)
    from conum_runtime.localkafka import LocalKafka

    broker = LocalKafka(workdir)
    return KafkaServer(broker.start(), "local broker", broker.stop)


def start_postgres(workdir: Path) -> PostgresServer:
    named = os.environ.get("CONUM_TEST_POSTGRES_URL")
    if named:
        return PostgresServer(named, "CONUM_TEST_POSTGRES_URL", _database_creator(named))
    container = _start_container("testcontainers.postgres", "PostgresContainer")
    if container is not None:
        url = container.get_connection_url(driver=None)
        return PostgresServer(url, "testcontainers", _database_creator(url), container.stop)
    from conum_runtime.testing.postgres import ThrowawayPostgres

    cluster = ThrowawayPostgres(workdir)
    cluster.start()
    return PostgresServer(cluster.admin_url(), "throw-away", cluster.create_database, cluster.stop)


def _start_container(module: str, name: str) -> Any | None:
    """A started testcontainers container, or None when no Docker engine answers."""
    try:
        import docker

        docker.from_env().ping()
        container_class = getattr(__import__(module, fromlist=[name]), name)
        container = container_class()
        container.start()
        return container
    except Exception as error:
        log.info("no container for %s: %s", name, error)
        return None


def _database_creator(admin_url: str) -> Callable[[str], str]:
    """Creates databases on a server given by its admin URL, returns asyncpg URLs."""

    def create(name: str) -> str:
        import asyncio

        import asyncpg

        async def _create() -> None:
            connection = await asyncpg.connect(_plain(admin_url))
            try:
                await connection.execute(f'CREATE DATABASE "{name}"')
            finally:
                await connection.close()

        asyncio.run(_create())
        base, _, _ = _plain(admin_url).rpartition("/")
        return base.replace("postgresql://", "postgresql+asyncpg://", 1) + "/" + name

    return create


def _plain(url: str) -> str:
    for driver in ("postgresql+asyncpg://", "postgresql+psycopg2://", "postgresql+psycopg://"):
        url = url.replace(driver, "postgresql://", 1)
    return url

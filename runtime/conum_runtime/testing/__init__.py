"""pytest plugin: real Kafka and PostgreSQL for integration and end-to-end tests.

- Kafka: the broker named by ``KAFKA_BOOTSTRAP_SERVERS``; else a testcontainers Kafka when a
  Docker engine answers; else a local single-node broker started from the Maven jars.
- PostgreSQL: the server named by ``CONUM_TEST_POSTGRES_URL`` (an admin URL such as
  ``postgresql://postgres@127.0.0.1:5432/postgres``); else testcontainers; else a throw-away
  cluster from Debian's binaries (``initdb``/``pg_ctl``) in a temporary directory.

Each test gets its own topic prefix and consumer groups (``topic_prefix``) and its own
database (``database_url``, run once on SQLite and once on PostgreSQL).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from conum_runtime.testing.servers import KafkaServer, PostgresServer, start_kafka, start_postgres


@pytest.fixture(scope="session")
def kafka_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaServer]:
    server = start_kafka(tmp_path_factory.mktemp("kafka"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def kafka_bootstrap(kafka_server: KafkaServer) -> str:
    return kafka_server.bootstrap


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    server = start_postgres(tmp_path_factory.mktemp("postgres"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh, empty PostgreSQL database for one test (asyncpg URL)."""
    return postgres_server.create_database(f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/store.db"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def topic_prefix() -> str:
    """A prefix that gives one test topics and consumer groups of its own."""
    return f"t{uuid.uuid4().hex[:10]}."


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [
        "kafka: " + (os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or "testcontainers or local broker"),
        "postgres: "
        + (os.environ.get("CONUM_TEST_POSTGRES_URL") or "testcontainers or throw-away"),
    ]

"""pytest plugin: real Kafka and PostgreSQL for integration and end-to-end tests, and Jaeger.

- Kafka: the broker named by ``KAFKA_BOOTSTRAP_SERVERS``; else a testcontainers Kafka when a
  Docker engine answers; else a local single-node broker started from the Maven jars,
  **secured** (decision 0022): SASL/SCRAM only, ACLs enforced. Each service instance a test
  runs connects as its own principal (``<service>-<region>``, the settings' default) and gets,
  for the test's topic prefix, exactly the ACLs ``conum_runtime.broker_access`` derives from
  the contracts; the test's own clients (``read_topic``, ``publish_events``) are the admin.
  Every test using ``kafka_bootstrap`` gets the ``CONUM_KAFKA_*`` variables for that.
- PostgreSQL: the server named by ``CONUM_TEST_POSTGRES_URL`` (an admin URL such as
  ``postgresql://postgres@127.0.0.1:5432/postgres``); else testcontainers; else a throw-away
  cluster from Debian's binaries (``initdb``/``pg_ctl``) in a temporary directory.
- Jaeger (``jaeger``): Jaeger v2 on free ports, built from the Go module proxy on first use.

Each test gets its own topic prefix and consumer groups (``topic_prefix``) and its own
database (``database_url``, run once on SQLite and once on PostgreSQL).
Loaded with ``-p conum_devtools.pytest_plugin`` (root ``pyproject.toml``).
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from conum_devtools.jaeger import JaegerUnavailableError, LocalJaeger
from conum_devtools.session_servers import (
    KafkaServer,
    PostgresServer,
    start_kafka,
    start_postgres,
)

log = logging.getLogger(__name__)


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
def kafka_data_dir(kafka_server: KafkaServer) -> Path:
    """The broker's log directory (its topics' segment files); skips the test when the broker
    does not run on this machine (``KAFKA_BOOTSTRAP_SERVERS``, a container)."""
    if kafka_server.data_dir is None:
        pytest.skip(f"the broker's files are not here ({kafka_server.origin})")
    return kafka_server.data_dir


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


@pytest.fixture(autouse=True)
def _kafka_identity(request: pytest.FixtureRequest) -> Iterator[None]:
    """For a test using the broker: the ``CONUM_KAFKA_*`` variables of the secured broker, and
    the ACLs of every test instance behind the test's topic prefix (one request). Its own
    MonkeyPatch: a test's ``monkeypatch.undo()`` keeps them."""
    if "kafka_bootstrap" not in request.fixturenames:
        yield
        return
    server: KafkaServer = request.getfixturevalue("kafka_server")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in server.environment().items():
            patch.setenv(name, value)
        if "topic_prefix" in request.fixturenames:
            server.grant(request.getfixturevalue("topic_prefix"))
        yield


@pytest.fixture(scope="session")
def jaeger(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalJaeger]:
    """Jaeger v2 on free ports (``.otlp_http_endpoint``, ``.query_url``). The first use on a
    machine builds it (7 to 11 minutes, shown on the terminal): give the test a longer
    ``pytest.mark.timeout``. Skipped when the Go toolchain is missing."""
    capture = request.config.pluginmanager.getplugin("capturemanager")

    def echo(message: str) -> None:
        if capture is None:
            print(message)
            return
        with capture.global_and_fixture_disabled():
            print(f"\n{message}", end="", flush=True)

    server = LocalJaeger(tmp_path_factory.mktemp("jaeger"), max_traces=10_000)
    try:
        server.start(echo=echo)
    except JaegerUnavailableError as exc:
        pytest.skip(f"Jaeger cannot be built here: {exc}")
    try:
        yield server
    finally:
        server.stop()


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [
        "kafka: " + (os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or "testcontainers or local broker"),
        "postgres: "
        + (os.environ.get("CONUM_TEST_POSTGRES_URL") or "testcontainers or throw-away"),
    ]

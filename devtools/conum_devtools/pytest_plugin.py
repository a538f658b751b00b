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
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conum_devtools.jaeger import JaegerUnavailableError, LocalJaeger
from conum_devtools.kafka import BrokerSecurity, LocalKafka

log = logging.getLogger(__name__)


TEST_SERVICES = ("enrolment", "positioning", "certification", "modules", "national", "notifier")
TEST_REGIONS = ("national", "FR-NAQ", "FR-IDF", "FR-OCC", "FR-20R")
"""The instances tests run on the secured broker: each gets a principal and its ACLs."""


@dataclass
class KafkaServer:
    bootstrap: str
    origin: str
    stop: Callable[[], None] = field(default=lambda: None)
    data_dir: Path | None = None
    """The broker's ``log.dirs`` when it runs here (the local broker); else ``None``."""
    security: BrokerSecurity | None = None
    """Set for the secured local broker: its admin, and the instances' users (one password,
    ``instance_password``, for every instance of the session: a test broker only)."""
    instance_password: str = ""

    def environment(self) -> dict[str, str]:
        """The variables a test's services and clients read to connect (none if plain)."""
        if self.security is None:
            return {}
        return {
            "CONUM_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
            "CONUM_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
            "CONUM_KAFKA_SASL_PASSWORD": self.instance_password,
            "CONUM_TEST_KAFKA_SASL_USERNAME": self.security.admin.name,
            "CONUM_TEST_KAFKA_SASL_PASSWORD": self.security.admin.password,
        }

    def grant(self, topic_prefix: str) -> None:
        """Every test instance's ACLs on the topics and groups behind ``topic_prefix``."""
        if self.security is None:
            return
        import asyncio

        from conum_runtime.broker_access import create_acls, network_access
        from conum_runtime.kafka_connection import KafkaConnection
        from pydantic import SecretStr

        instances = [(service, region) for service in TEST_SERVICES for region in TEST_REGIONS]
        admin = KafkaConnection(
            self.bootstrap,
            "SASL_PLAINTEXT",
            "SCRAM-SHA-512",
            self.security.admin.name,
            SecretStr(self.security.admin.password),
        )
        bindings = network_access(instances, topic_prefix)
        with ThreadPoolExecutor(1) as thread:  # away from the test's event loop
            thread.submit(asyncio.run, create_acls(admin, bindings)).result()


def secured_test_broker(workdir: Path) -> tuple[LocalKafka, str]:
    """A local broker whose users are every test instance and the operators, sharing one
    random password, and its admin; no ACL yet (``KafkaServer.grant`` adds them per test)."""
    import secrets

    from conum_runtime.broker_access import OPERATOR, instance_principal

    from conum_devtools.kafka import ScramUser

    password = secrets.token_urlsafe(24)
    names = [instance_principal(s, r) for s in TEST_SERVICES for r in TEST_REGIONS]
    fresh = BrokerSecurity.new()
    security = BrokerSecurity(
        fresh.admin, fresh.broker, tuple(ScramUser(name, password) for name in [*names, OPERATOR])
    )
    return LocalKafka(workdir, security=security), password


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
    broker, password = secured_test_broker(workdir)
    bootstrap = broker.start()
    return KafkaServer(
        bootstrap,
        "secured local broker",
        broker.stop,
        data_dir=broker.data_dir,
        security=broker.security,
        instance_password=password,
    )


def start_postgres(workdir: Path) -> PostgresServer:
    named = os.environ.get("CONUM_TEST_POSTGRES_URL")
    if named:
        return PostgresServer(named, "CONUM_TEST_POSTGRES_URL", _database_creator(named))
    container = _start_container("testcontainers.postgres", "PostgresContainer")
    if container is not None:
        url = container.get_connection_url(driver=None)
        return PostgresServer(url, "testcontainers", _database_creator(url), container.stop)
    from conum_devtools.postgres import ThrowawayPostgres

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


# --------------------------------------------------------------------------- fixtures


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

"""The servers a test session runs on: a Kafka broker (secured, with every test instance's
principal, when it is local) and a PostgreSQL server, found or started (the pytest plugin's
fixtures hand them to the tests)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

"""The four services in-process on one real broker and one topic prefix, an HTTP client per
service, a clock they share, and what reads the network from outside (the reconciliation's
reader and Kafka probe): for the end-to-end tests of agreement between the services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
from conum_certification.app import create_app as create_certification
from conum_enrolment.app import create_app as create_enrolment
from conum_enrolment.domain import TrainingPolicy
from conum_national.app import create_app as create_national
from conum_operations.reconciliation import (
    KafkaProbe,
    NetworkReader,
    Report,
    Services,
    reconcile,
    wait_until_quiet,
)
from conum_positioning.app import create_app as create_positioning
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.harness import bearer, harness_connection, running, tokens_json
from conum_runtime.testing.services import SettableClock, service_settings
from fastapi import FastAPI

NATIONAL = bearer("national")
STRUCTURE = bearer("structure-naq")
ORGANISATION = bearer("organisation-naq")
CERTIFIER = bearer("certifier-naq")
TOKENS = tokens_json(
    ("national", "national_coordinator", "national"),
    ("operator", "operator", "national"),
    ("structure-naq", "host_structure", "FR-NAQ"),
    ("organisation-naq", "training_organisation", "FR-NAQ"),
    ("certifier-naq", "certifier", "FR-NAQ"),
)


@dataclass
class Network:
    enrolment: httpx.AsyncClient
    positioning: httpx.AsyncClient
    certification: httpx.AsyncClient
    national: httpx.AsyncClient
    clock: SettableClock
    reader: NetworkReader
    probe: KafkaProbe
    apps: dict[str, FastAPI] = field(default_factory=dict)

    async def quiet(self, timeout: float = 60.0) -> None:
        """Wait until every outbox is empty and every consumer caught up."""
        if not await wait_until_quiet(self.reader, self.probe, timeout=timeout, interval=0.05):
            raise AssertionError(f"the network did not quieten within {timeout}s")

    async def reconcile(self) -> Report:
        return await reconcile(self.reader, self.probe, wait=0, settle=0)


@asynccontextmanager
async def network(
    tmp_path: Path,
    kafka_bootstrap: str,
    topic_prefix: str,
    *,
    clock: SettableClock | None = None,
    policy: TrainingPolicy | None = None,
) -> AsyncIterator[Network]:
    """The four services (enrolment, positioning, certification, the national view) on
    SQLite stores under ``tmp_path``, sharing ``clock``."""
    clock = clock or SettableClock(date(2026, 3, 2))

    def settings(name: str) -> ServiceSettings:
        return service_settings(
            f"sqlite+aiosqlite:///{tmp_path}/{name}.db", kafka_bootstrap, topic_prefix, TOKENS
        )

    apps = {
        "enrolment": create_enrolment(settings("enrolment"), clock=clock, policy=policy),
        "positioning": create_positioning(settings("positioning"), clock=clock),
        "certification": create_certification(settings("certification"), clock=clock),
        "national": create_national(settings("national"), clock=clock),
    }
    async with AsyncExitStack() as stack:
        clients = {
            name: await stack.enter_async_context(running(app)) for name, app in apps.items()
        }
        services = Services(
            "http://enrolment",
            "http://positioning",
            "http://certification",
            "national",
            national="http://national",
        )
        transports = {name: httpx.ASGITransport(app=app) for name, app in apps.items()}
        reader = await stack.enter_async_context(NetworkReader(services, transports=transports))
        probe = await stack.enter_async_context(
            KafkaProbe(harness_connection(kafka_bootstrap).options(), topic_prefix=topic_prefix)
        )
        yield Network(
            clients["enrolment"],
            clients["positioning"],
            clients["certification"],
            clients["national"],
            clock,
            reader,
            probe,
            apps,
        )

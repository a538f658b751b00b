"""The majors of ``conseiller.enrolled`` in one topic: v1 (the person in clear, decision 0021),
v2 (the person sealed; Corsica still ``FR-COR``) and v3 (Corsica ``FR-20R``, decision 0024).
Every consumer of the event (positioning, certification, modules, the national view) applies
all three, the older ones upcast, dead-letters none, and stores Corsica as ``FR-20R``."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from conum_certification.app import create_app as create_certification
from conum_contracts.enrolment import (
    ConseillerEnrolledV1,
    ConseillerEnrolledV2,
    ConseillerEnrolledV3,
)
from conum_modules.app import create_app as create_modules
from conum_national.app import create_app as create_national
from conum_positioning.app import create_app as create_positioning
from conum_runtime.testing.events import envelope_for, example_event, publish_events
from conum_runtime.testing.harness import eventually, running, tokens_json
from conum_runtime.testing.services import service_settings
from fastapi import FastAPI
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.kafka

CONSUMERS = {
    "positioning": create_positioning,
    "certification": create_certification,
    "modules": create_modules,
    "national": create_national,
}


@pytest.fixture
async def consumers(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> AsyncIterator[dict[str, Path]]:
    """Each consumer running on a SQLite store of its own; their files by service."""
    files = {name: tmp_path / f"{name}.db" for name in CONSUMERS}
    tokens = tokens_json(("coordinator", "national_coordinator", "national"))
    async with AsyncExitStack() as stack:
        for name, create in CONSUMERS.items():
            settings = service_settings(
                f"sqlite+aiosqlite:///{files[name]}", kafka_bootstrap, topic_prefix, tokens
            ).model_copy(update={"service": name})
            app: FastAPI = create(settings)
            await stack.enter_async_context(running(app))
        yield files


REGION_OF_CONSEILLER = {  # a table of each store that keeps the conseiller's region
    "positioning": "SELECT region FROM positionings WHERE conseiller_id = :id",
    "certification": "SELECT region FROM conseillers WHERE conseiller_id = :id",
    "modules": "SELECT region FROM conseillers WHERE conseiller_id = :id",
    "national": "SELECT region FROM journeys WHERE conseiller_id = :id",
}


def applied(database: Path) -> set[str]:
    """The ids of the events the service's consumers applied (its inbox)."""
    with create_engine(f"sqlite:///{database}").connect() as connection:
        return {row[0] for row in connection.execute(text("SELECT event_id FROM inbox"))}


def stored_region(service: str, database: Path, conseiller_id: str) -> str:
    with create_engine(f"sqlite:///{database}").connect() as connection:
        query = text(REGION_OF_CONSEILLER[service])
        return str(connection.execute(query, {"id": conseiller_id}).scalar_one())


async def test_every_consumer_applies_enrolments_of_every_major(
    consumers: dict[str, Path], kafka_bootstrap: str, topic_prefix: str
) -> None:
    first, corsican_before, corsican_after = (str(uuid.uuid4()) for _ in range(3))
    v1 = example_event(ConseillerEnrolledV1, conseiller_id=first, enrolment_id=None)
    v2 = example_event(
        ConseillerEnrolledV2, conseiller_id=corsican_before, department="2A", region="FR-COR"
    )
    v3 = example_event(
        ConseillerEnrolledV3, conseiller_id=corsican_after, department="2B", region="FR-20R"
    )
    published = [(event, envelope_for(event, event.region)) for event in (v1, v2, v3)]
    await publish_events(kafka_bootstrap, topic_prefix, published)
    ids = {envelope.id for _, envelope in published}

    for name, database in consumers.items():

        async def all_of_them(database: Path = database) -> bool | None:
            return ids <= applied(database) or None

        await eventually(all_of_them, timeout=60)
        assert ids <= applied(database), name
        for corsican in (corsican_before, corsican_after):
            assert stored_region(name, database, corsican) == "FR-20R", name

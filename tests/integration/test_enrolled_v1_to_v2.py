"""The switch from ``conseiller.enrolled`` v1 to v2 (decision 0021): records published before
it (v1, the person in clear) and after it (v2, the person sealed) sit in one topic; every
consumer of the event (positioning, certification, modules, the national view) applies both,
the v1 one upcast, and dead-letters neither."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from conum_certification.app import create_app as create_certification
from conum_contracts.enrolment import ConseillerEnrolledV1, ConseillerEnrolledV2
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


def applied(database: Path) -> set[str]:
    """The ids of the events the service's consumers applied (its inbox)."""
    with create_engine(f"sqlite:///{database}").connect() as connection:
        return {row[0] for row in connection.execute(text("SELECT event_id FROM inbox"))}


async def test_every_consumer_applies_enrolments_of_both_majors(
    consumers: dict[str, Path], kafka_bootstrap: str, topic_prefix: str
) -> None:
    before, after = str(uuid.uuid4()), str(uuid.uuid4())
    old = example_event(ConseillerEnrolledV1, conseiller_id=before, enrolment_id=None)
    new = example_event(ConseillerEnrolledV2, conseiller_id=after)
    published = [(old, envelope_for(old, old.region)), (new, envelope_for(new, new.region))]
    await publish_events(kafka_bootstrap, topic_prefix, published)
    ids = {envelope.id for _, envelope in published}

    for name, database in consumers.items():

        async def both(database: Path = database) -> bool | None:
            return ids <= applied(database) or None

        await eventually(both, timeout=60)
        assert ids <= applied(database), name

"""Composition root of the national view: what it is made of, and ``create_app``."""

from __future__ import annotations

from typing import Unpack

from conum_contracts import registry
from conum_runtime import replay
from conum_runtime.app import Hosting, ServiceDefinition, create_service_app
from conum_runtime.db import create_engine, session_factory
from conum_runtime.offsets import KafkaOffsets
from conum_runtime.replay import RebuildReport
from conum_runtime.settings import ServiceSettings
from conum_runtime.tables import runtime_tables
from fastapi import FastAPI

from conum_national import views
from conum_national.api.routes import dashboard, exports, figures
from conum_national.handlers.events import CONSUMED
from conum_national.settings import NationalSettings
from conum_national.store import NationalUnitOfWork, metadata

SERVICE = ServiceDefinition(
    name="national",
    title="CoNum national view",
    metadata=metadata,
    unit_of_work=NationalUnitOfWork,
    routers=(figures.router, exports.router, dashboard.router),
    consumed=CONSUMED,
)


def consumed_topics(settings: ServiceSettings) -> tuple[str, ...]:
    """The topics the view reads, as named on the broker (the instance's prefix included)."""
    topics = {registry.for_model(model).topic for model in SERVICE.consumed}
    return tuple(sorted(settings.topic_prefix + topic for topic in topics))


def collaborators(settings: ServiceSettings, options: NationalSettings) -> dict[str, object]:
    """The unit of work's collaborators: the Kafka offsets of its consumer group (the group
    and the principal the runtime names from the settings), its topics, the secrecy rule."""
    named = settings.model_copy(update={"service": SERVICE.name})
    return {
        "offsets": KafkaOffsets(named.kafka(), group_id=named.group_id),
        "consumed_topics": consumed_topics(settings),
        "secrecy_threshold": options.secrecy_threshold,
    }


def create_app(
    settings: ServiceSettings | None = None,
    *,
    options: NationalSettings | None = None,
    **hosting: Unpack[Hosting],
) -> FastAPI:
    """The service; ``options`` default to ``CONUM_NATIONAL_*`` settings."""
    settings = settings or ServiceSettings()
    return create_service_app(
        SERVICE,
        settings,
        **hosting,
        context=collaborators(settings, options or NationalSettings()),
    )


async def rebuild(settings: ServiceSettings, database_url: str) -> RebuildReport:
    """The projection rebuilt from the start of the topics into the fresh store at
    ``database_url`` (``python -m conum_national replay``)."""
    options = NationalSettings()
    return await replay.rebuild(
        SERVICE, settings, database_url, context=collaborators(settings, options)
    )


async def figures_of(database_url: str) -> dict[str, list[dict[str, views.CellValue]]]:
    """Every national table of the store at ``database_url``, nationwide, all periods."""
    engine = create_engine(database_url)
    try:
        sessions = session_factory(engine)
        uow = NationalUnitOfWork(sessions, runtime_tables(metadata), SERVICE.name)
        async with uow:
            tables = await views.every_table(uow, views.Scope())
        return {name: table.rows for name, table in tables.items()}
    finally:
        await engine.dispose()

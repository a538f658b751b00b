"""The AsyncAPI document of a service: what it consumes and what it publishes, with schemas.

Built from the service's definition (``conum_<service>.app.SERVICE``): one subscription per
consumed topic, whose message is the contract of every event type consumed there, and one
publication per published event type. FastStream only writes the document here: its broker
is declared and never started (the services consume and publish with the runtime's own
aiokafka code, decision 0025). Keys are sorted, since FastStream's channel order varies
between runs; ``./conum docs`` writes ``services/<service>/asyncapi.yaml`` and a test fails
when the committed document drifts.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Union

import yaml
from conum_contracts import registry
from conum_contracts.base import EventModel
from faststream import FastStream
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI

if TYPE_CHECKING:
    from conum_runtime.app import ServiceDefinition

ENVELOPE = (
    "Events in CloudEvents binary mode: the Kafka value is the payload JSON, the attributes "
    "are `ce_*` headers; the key is the aggregate id."
)


def definition_of(service: str) -> ServiceDefinition[Any]:
    """The service's definition, ``conum_<service>.app.SERVICE`` (the service's package must
    be installed, as every one is in the workspace)."""
    definition: ServiceDefinition[Any] = importlib.import_module(f"conum_{service}.app").SERVICE
    return definition


def docs_app(definition: ServiceDefinition[Any]) -> FastStream:
    """A FastStream application that only documents the service (it never runs)."""
    broker = KafkaBroker()
    for topic, models in consumed_by_topic(definition.consumed).items():
        names = ", ".join(f"`{registry.for_model(model).name}`" for model in models)
        broker.subscriber(
            topic,
            title=f"{definition.name}:{topic}",
            description=f"Consumed by {definition.name} (inbox, dead letters): {names}.",
        )(_documenting_handler(models))
    for declared in registry.EVENT_TYPES.values():
        if declared.owner == definition.name:
            broker.publisher(
                declared.topic,
                title=declared.name,
                description=f"{declared.description} Key: `{declared.key_field}`.",
                schema=declared.model,
            )
    specification = AsyncAPI(
        broker, title=definition.title, version=definition.version, description=ENVELOPE
    )
    return FastStream(broker, specification=specification)


def consumed_by_topic(
    consumed: Mapping[type[EventModel], Any],
) -> dict[str, list[type[EventModel]]]:
    """The consumed models by topic, each topic's sorted by name."""
    by_topic: dict[str, list[type[EventModel]]] = defaultdict(list)
    for model in consumed:
        by_topic[registry.for_model(model).topic].append(model)
    return {topic: sorted(models, key=lambda m: m.__name__) for topic, models in by_topic.items()}


def _documenting_handler(models: list[type[EventModel]]) -> Any:
    async def handle(event: Any) -> None:
        """Documentation only."""

    message = models[0] if len(models) == 1 else Union[tuple(models)]  # noqa: UP007
    handle.__annotations__ = {"event": message, "return": None}
    return handle


def canonical_yaml(app: FastStream) -> str:
    """The document with every mapping's keys sorted, so that it is stable between runs."""
    assert app.schema is not None
    document = app.schema.to_specification().to_jsonable()
    return str(yaml.safe_dump(document, sort_keys=True, allow_unicode=True, width=100))


def generate(service: str) -> str:
    """The AsyncAPI document of one service, as committed in ``services/<service>/``."""
    return canonical_yaml(docs_app(definition_of(service)))

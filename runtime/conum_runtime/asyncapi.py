"""The AsyncAPI document of a service: what it consumes and what it publishes, with schemas.

Built from the service's definition (``conum_<service>.app.SERVICE``): one subscription per
consumed topic, whose message is the contract of every event type consumed there, and one
publication per published event type. ``python -m conum_runtime.asyncapi <service>
[--check]`` writes it with its keys sorted (FastStream's channel order varies between runs) to
``services/<service>/asyncapi.yaml``; a test fails when the committed document drifts.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Union

import yaml
from conum_contracts import registry
from conum_contracts.base import EventModel
from faststream import FastStream
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI

from conum_runtime.app import ServiceDefinition

ENVELOPE = (
    "Events in CloudEvents binary mode: the Kafka value is the payload JSON, the attributes "
    "are `ce_*` headers; the key is the aggregate id."
)


def docs_app(definition: ServiceDefinition[Any]) -> FastStream:
    """A FastStream application that only documents the service (it never runs)."""
    broker = KafkaBroker()
    for topic, models in _consumed_by_topic(definition.consumed).items():
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


def _consumed_by_topic(
    consumed: Mapping[type[EventModel], Any],
) -> dict[str, list[type[EventModel]]]:
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
    definition: ServiceDefinition[Any] = importlib.import_module(f"conum_{service}.app").SERVICE
    return canonical_yaml(docs_app(definition))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write or check a service's AsyncAPI document")
    parser.add_argument("service")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--check", action="store_true", help="fail when the file is stale")
    args = parser.parse_args(argv)
    out = args.out or Path("services") / args.service / "asyncapi.yaml"
    text = generate(args.service)
    if args.check:
        if not out.exists() or out.read_text() != text:
            print(f"{out} is stale: run ./conum docs", file=sys.stderr)
            return 1
        return 0
    out.write_text(text)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

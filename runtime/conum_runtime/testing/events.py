"""Events for tests: as their producers write them, as consumers receive them.

Nothing here runs in a service.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from aiokafka import AIOKafkaProducer
from conum_contracts import registry
from conum_contracts.base import EventModel, parse_tolerant
from conum_contracts.decoding import encode_event
from conum_contracts.envelope import Envelope, encode_headers, new_envelope
from conum_contracts.examples import example_payload
from conum_contracts.schemas import current_schema, load_snapshot, revisions

from conum_runtime.deadletter import ConsumedRecord
from conum_runtime.kafka_connection import KafkaConnection
from conum_runtime.testing.harness import harness_connection


def example_event(model: type[EventModel], **fields: Any) -> Any:
    """An event of ``model`` from its contract's example, with ``fields`` replaced."""
    payload = dict(example_payload(registry.for_model(model).name)) | fields
    return model.model_validate(payload)


def envelope_for(event: EventModel, region: str, service: str | None = None) -> Envelope:
    """A fresh envelope of ``event`` as its producer (or ``service``) writes it."""
    declared = registry.for_model(type(event))
    return new_envelope(
        type=declared.name,
        subject=str(getattr(event, declared.key_field)),
        region=region,
        service=service or declared.owner,
        dataschema=declared.dataschema,
        minorversion=declared.minorversion,
    )


def kafka_headers(envelope: Envelope) -> list[tuple[str, bytes]]:
    return [(name, value.encode()) for name, value in encode_headers(envelope).items()]


def record_of(event: EventModel, envelope: Envelope, offset: int = 0) -> ConsumedRecord:
    """The record a consumer receives for ``event``."""
    return ConsumedRecord(
        topic=registry.for_model(type(event)).topic,
        partition=0,
        offset=offset,
        key=envelope.subject.encode(),
        value=encode_event(event),
        headers=tuple(kafka_headers(envelope)),
    )


async def publish_events(
    bootstrap: str | KafkaConnection,
    topic_prefix: str,
    events: Sequence[tuple[EventModel, Envelope]],
) -> None:
    """Publish events to the real broker as their producer would (CloudEvents binary mode)."""
    producer = AIOKafkaProducer(**harness_connection(bootstrap).options(), enable_idempotence=True)
    await producer.start()
    try:
        for event, envelope in events:
            await producer.send_and_wait(
                topic_prefix + registry.for_model(type(event)).topic,
                value=encode_event(event),
                key=envelope.subject.encode(),
                headers=kafka_headers(envelope),
            )
    finally:
        await producer.stop()


def validated(type_name: str, value: bytes) -> EventModel:
    """Decode a published payload against the contract of its own type (an old major is not
    upcast), and check that the contract model is its latest committed snapshot (so the
    payload validates against the snapshot)."""
    model = registry.event_type(type_name).model
    event = parse_tolerant(model, json.loads(value))
    latest = max(revisions(type_name))
    assert load_snapshot(type_name, latest) == current_schema(model), type_name
    return event

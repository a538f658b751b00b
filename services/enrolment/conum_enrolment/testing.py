"""Helpers for tests of the enrolment service (and end-to-end tests that drive it).

Nothing here runs in the service itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aiokafka import AIOKafkaProducer
from conum_contracts import registry
from conum_contracts.base import EventModel
from conum_contracts.decoding import decode_event, encode_event
from conum_contracts.envelope import Envelope, encode_headers, new_envelope
from conum_contracts.positioning import PathAssignedV1
from conum_contracts.schemas import current_schema, load_snapshot, revisions


def valid_siret(seed: int) -> str:
    """A 14-digit SIRET passing the Luhn checksum, different for every ``seed``."""
    body = f"{seed:013d}"[-13:]
    for check in range(10):
        candidate = body + str(check)
        total = 0
        for position, digit in enumerate(reversed(candidate)):
            value = int(digit) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0 and not candidate.startswith("356000000"):
            return candidate
    raise ValueError(f"no SIRET for seed {seed}")


@dataclass
class SettableClock:
    """A clock tests move by hand."""

    today: date

    def __call__(self) -> date:
        return self.today


def path_assigned(
    conseiller_id: str,
    *,
    scheme: str = "2021",
    path_hours: int = 280,
    weeks: int = 16,
    alternance_days_per_week: int = 1,
    assigned_on: date = date(2026, 3, 4),
    region: str = "FR-NAQ",
) -> PathAssignedV1:
    return PathAssignedV1(
        conseiller_id=conseiller_id,
        region=region,
        scheme=scheme,
        path_hours=path_hours,
        weeks=weeks,
        alternance_days_per_week=alternance_days_per_week,
        rubric_version="v1",
        assigned_on=assigned_on,
    )


def envelope_for(event: EventModel, region: str, service: str = "positioning") -> Envelope:
    declared = registry.for_model(type(event))
    return new_envelope(
        type=declared.name,
        subject=str(getattr(event, declared.key_field)),
        region=region,
        service=service,
        dataschema=declared.dataschema,
        minorversion=declared.minorversion,
    )


async def publish(
    bootstrap: str, topic_prefix: str, events: list[tuple[EventModel, Envelope]]
) -> None:
    """Publish events to the real broker as their producer would (CloudEvents binary mode)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for event, envelope in events:
            declared = registry.for_model(type(event))
            await producer.send_and_wait(
                topic_prefix + declared.topic,
                value=encode_event(event),
                key=envelope.subject.encode(),
                headers=[(k, v.encode()) for k, v in encode_headers(envelope).items()],
            )
    finally:
        await producer.stop()


def validated(type_name: str, value: bytes) -> EventModel:
    """Decode a published payload against its contract, and check that the contract model is
    its latest committed snapshot (so the payload validates against the snapshot)."""
    event = decode_event(type_name, value)
    latest = max(revisions(type_name))
    assert load_snapshot(type_name, latest) == current_schema(type(event)), type_name
    return event

"""Helpers of the positioning tests: enrolment events as the enrolment service sends them."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from conum_contracts.base import EventModel
from conum_contracts.decoding import encode_event
from conum_contracts.enrolment import ConseillerEnrolledV1, ConseillerWithdrawnV1
from conum_contracts.envelope import Envelope, encode_headers, new_envelope
from conum_contracts.examples import example_payload
from conum_contracts.registry import for_model

ENROLLED = "fr.conum.enrolment.conseiller.enrolled.v1"
INPUT = "conum.enrolment.conseiller"
OUTPUT = "conum.positioning.conseiller"


def new_id() -> str:
    return str(uuid.uuid4())


def enrolled(
    conseiller_id: str,
    *,
    region: str = "FR-NAQ",
    department: str = "40",
    scheme: str = "2024",
    enrolled_on: date = date(2026, 3, 2),
    structure_id: str | None = None,
    organisation: str = "la-fabrik",
) -> ConseillerEnrolledV1:
    payload: dict[str, Any] = dict(example_payload(ENROLLED))
    payload.update(
        conseiller_id=conseiller_id,
        region=region,
        department=department,
        scheme=scheme,
        enrolled_on=enrolled_on.isoformat(),
        structure_id=structure_id or payload["structure_id"],
        training_organisation={"id": organisation, "name": "Organisation"},
    )
    return ConseillerEnrolledV1.model_validate(payload)


def withdrawn(conseiller_id: str, on: date = date(2026, 3, 10)) -> ConseillerWithdrawnV1:
    return ConseillerWithdrawnV1(conseiller_id=conseiller_id, reason="moved away", withdrawn_on=on)


def envelope_of(event: EventModel, region: str = "FR-NAQ") -> Envelope:
    declared = for_model(type(event))
    return new_envelope(
        type=declared.name,
        subject=str(getattr(event, declared.key_field)),
        region=region,
        service="enrolment",
        dataschema=declared.dataschema,
        minorversion=declared.minorversion,
    )


Send = Callable[[EventModel, Envelope], Awaitable[None]]


@pytest.fixture
async def send(kafka_bootstrap: str, topic_prefix: str) -> Any:
    """Write an event to the positioning service's input topic, as a producer would."""
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, enable_idempotence=True)
    await producer.start()

    async def _send(event: EventModel, envelope: Envelope) -> None:
        await producer.send_and_wait(
            topic_prefix + INPUT,
            encode_event(event),
            key=envelope.subject.encode(),
            headers=[(k, v.encode()) for k, v in encode_headers(envelope).items()],
        )

    try:
        yield _send
    finally:
        await producer.stop()

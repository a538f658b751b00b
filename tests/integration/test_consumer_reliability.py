"""The reliable consumer over a real broker: duplicates, poison messages, dead letters.

The positioning service is the consumer under test; records are written to its input topic
exactly as a producer would (CloudEvents binary mode), or deliberately broken.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from conum_contracts.envelope import encode_headers, new_envelope
from conum_contracts.examples import example_payload
from conum_positioning.app import create_app as create_positioning
from conum_runtime.consumer import Outcome
from conum_runtime.deadletter import ORIGINAL_OFFSET, ORIGINAL_TOPIC, REASON
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.harness import (
    bearer,
    eventually,
    harness_connection,
    read_topic,
    running,
    tokens_json,
)

pytestmark = pytest.mark.kafka

ENROLLED = "fr.conum.enrolment.conseiller.enrolled.v1"
INPUT = "conum.enrolment.conseiller"
TOKENS = tokens_json(
    ("organisation", "training_organisation", "national"), ("operator", "operator", "national")
)


def enrolled_payload(conseiller_id: str) -> dict[str, object]:
    payload = dict(example_payload(ENROLLED))
    payload["conseiller_id"] = conseiller_id
    return payload


def headers_for(
    conseiller_id: str, region: str = "FR-NAQ", type_: str = ENROLLED
) -> dict[str, str]:
    envelope = new_envelope(
        type=type_,
        subject=conseiller_id,
        region=region,
        service="enrolment",
        dataschema=f"urn:test:{type_}",
        minorversion=0,
    )
    return encode_headers(envelope)


async def send(bootstrap: str, topic: str, key: str, value: bytes, headers: dict[str, str]) -> None:
    producer = AIOKafkaProducer(**harness_connection(bootstrap).options(), enable_idempotence=True)
    await producer.start()
    try:
        await producer.send_and_wait(
            topic,
            value,
            key=key.encode(),
            headers=[(name, text.encode()) for name, text in headers.items()],
        )
    finally:
        await producer.stop()


@pytest.fixture
def positioning_settings(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> ServiceSettings:
    return ServiceSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/positioning.db",
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=topic_prefix,
        tokens=TOKENS,
        relay_poll_interval=0.05,
    )


async def test_the_same_event_delivered_twice_has_one_effect(
    positioning_settings: ServiceSettings, kafka_bootstrap: str, topic_prefix: str
) -> None:
    conseiller_id = str(uuid.uuid4())
    value = json.dumps(enrolled_payload(conseiller_id)).encode()
    headers = headers_for(conseiller_id)
    app = create_positioning(positioning_settings)
    host = app.state.host
    async with running(app) as client:
        for _ in range(2):  # the same record, same ce_id: a producer retry or a replay
            await send(kafka_bootstrap, topic_prefix + INPUT, conseiller_id, value, headers)

        async def both_seen() -> bool:
            return host.outcomes[Outcome.PROCESSED] + host.outcomes[Outcome.DUPLICATE] >= 2

        await eventually(both_seen)
        answer = await client.get(f"/positionings/{conseiller_id}", headers=bearer("organisation"))
        assert answer.status_code == 200
    assert host.outcomes[Outcome.PROCESSED] == 1
    assert host.outcomes[Outcome.DUPLICATE] == 1
    scheduled = await read_topic(
        kafka_bootstrap, topic_prefix + "conum.positioning.conseiller", until=lambda r: len(r) >= 1
    )
    assert len(scheduled) == 1


async def test_poison_messages_are_dead_lettered_and_the_next_one_is_processed(
    positioning_settings: ServiceSettings, kafka_bootstrap: str, topic_prefix: str
) -> None:
    good_id = str(uuid.uuid4())
    broken_contract = enrolled_payload(str(uuid.uuid4()))
    del broken_contract["scheme"]
    poison = [
        ("not JSON", b"{this is not json", headers_for(str(uuid.uuid4()))),
        (
            "unknown major",
            json.dumps(enrolled_payload(str(uuid.uuid4()))).encode(),
            headers_for(str(uuid.uuid4()), type_="fr.conum.enrolment.conseiller.enrolled.v9"),
        ),
        ("contract", json.dumps(broken_contract).encode(), headers_for(str(uuid.uuid4()))),
        ("no envelope", b"{}", {"ce_type": ENROLLED}),
    ]
    app = create_positioning(positioning_settings)
    async with running(app) as client:
        for _, value, headers in poison:
            await send(kafka_bootstrap, topic_prefix + INPUT, "k", value, headers)
        good = json.dumps(enrolled_payload(good_id)).encode()
        await send(kafka_bootstrap, topic_prefix + INPUT, good_id, good, headers_for(good_id))

        async def good_one_processed() -> bool:
            answer = await client.get(f"/positionings/{good_id}", headers=bearer("organisation"))
            return answer.status_code == 200

        await eventually(good_one_processed)
        status = await client.get("/operations/status", headers=bearer("operator"))
        refused = await client.get("/operations/status", headers=bearer("organisation"))
    assert status.json()["consumed"] == {"dead_lettered": 4, "processed": 1}
    assert refused.status_code == 403

    dead = await read_topic(
        kafka_bootstrap, topic_prefix + "conum.dlq.positioning", until=lambda r: len(r) >= 4
    )
    reasons = [record.headers[REASON] for record in dead]
    assert "payload is not JSON" in reasons[0]
    assert "unsupported major version; known majors of this family: v1" in reasons[1]
    assert "scheme: Field required" in reasons[2]
    assert "bad envelope: missing required attribute(s): ce_specversion" in reasons[3]
    assert [record.value for record in dead] == [value for _, value, _ in poison]
    assert all(record.headers[ORIGINAL_TOPIC] == topic_prefix + INPUT for record in dead)
    assert [int(record.headers[ORIGINAL_OFFSET]) for record in dead] == sorted(
        int(record.headers[ORIGINAL_OFFSET]) for record in dead
    )
    assert dead[0].headers["ce_type"] == ENROLLED  # original headers kept


async def test_another_regions_events_are_skipped_by_a_regional_instance(
    positioning_settings: ServiceSettings, kafka_bootstrap: str, topic_prefix: str
) -> None:
    naq_only = positioning_settings.model_copy(update={"region": "FR-NAQ"})
    ours, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    app = create_positioning(naq_only)
    host = app.state.host
    async with running(app) as client:
        for conseiller_id, region in ((theirs, "FR-IDF"), (ours, "FR-NAQ")):
            payload = enrolled_payload(conseiller_id) | {"region": region}
            value = json.dumps(payload).encode()
            await send(
                kafka_bootstrap,
                topic_prefix + INPUT,
                conseiller_id,
                value,
                headers_for(conseiller_id, region=region),
            )

        async def ours_processed() -> bool:
            answer = await client.get(f"/positionings/{ours}", headers=bearer("organisation"))
            return answer.status_code == 200

        await eventually(ours_processed)
        missing = await client.get(f"/positionings/{theirs}", headers=bearer("organisation"))
    assert missing.status_code == 404
    assert host.outcomes[Outcome.OTHER_REGION] == 1

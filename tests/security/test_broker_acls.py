"""The broker's credentials and ACLs, over the session's secured broker (SASL/SCRAM, ACLs
enforced): each service instance is a principal of its own, writes only the topics its service
owns, reads only what it consumes with its own consumer group; nobody connects without a
password.

The ACLs are the ones ``conum_runtime.broker_access`` derives from the contracts, given for the
test's topic prefix by the pytest plugin (as for every test using the broker).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import (
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    TopicAuthorizationFailedError,
)
from conum_contracts.enrolment import ConseillerEnrolledV3
from conum_contracts.positioning import TestScheduledV1
from conum_devtools.session_servers import KafkaServer
from conum_positioning.app import create_app
from conum_positioning.testing import enrolled
from conum_runtime import redrive
from conum_runtime.broker_access import OPERATOR
from conum_runtime.kafka_connection import KafkaConnection
from conum_runtime.testing.events import envelope_for, publish_events
from conum_runtime.testing.harness import eventually, read_topic, running, tokens_json
from conum_runtime.testing.services import service_settings
from pydantic import SecretStr

pytestmark = pytest.mark.kafka

ENROLMENT_TOPIC = "conum.enrolment.conseiller"
POSITIONING_TOPIC = "conum.positioning.conseiller"


@dataclass(frozen=True)
class Network:
    server: KafkaServer
    prefix: str

    def as_user(self, name: str, password: str | None = None) -> KafkaConnection:
        secret = password if password is not None else self.server.instance_password
        return KafkaConnection(
            self.server.bootstrap, "SASL_PLAINTEXT", "SCRAM-SHA-512", name, SecretStr(secret)
        )


@pytest.fixture
def network(kafka_server: KafkaServer, kafka_bootstrap: str, topic_prefix: str) -> Network:
    """The session's broker, with the ACLs of every test instance behind this test's prefix."""
    if kafka_server.security is None:
        pytest.skip(f"the session's broker ({kafka_server.origin}) is not the secured one")
    return Network(kafka_server, topic_prefix)


async def produce(connection: KafkaConnection, topic: str) -> int:
    producer = AIOKafkaProducer(**connection.options(), enable_idempotence=True)
    await producer.start()
    try:
        sent = await producer.send_and_wait(topic, b"{}", key=b"k")
        return int(sent.offset)
    finally:
        await producer.stop()


async def join(connection: KafkaConnection, topic: str, group: str) -> None:
    """Join ``group`` on ``topic`` and fetch once (no commit)."""
    consumer = AIOKafkaConsumer(
        topic, **connection.options(), group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        await consumer.getmany(timeout_ms=3000)
    finally:
        await consumer.stop()


async def test_positioning_cannot_produce_to_enrolment_topics(network: Network) -> None:
    enrolment = network.as_user("enrolment-national")
    positioning = network.as_user("positioning-national")
    await produce(enrolment, network.prefix + ENROLMENT_TOPIC)  # the owner can
    with pytest.raises(TopicAuthorizationFailedError):
        await produce(positioning, network.prefix + ENROLMENT_TOPIC)
    with pytest.raises(TopicAuthorizationFailedError):
        await produce(positioning, network.prefix + "conum.enrolment.structure")


async def test_positioning_produces_to_its_own_topic(network: Network) -> None:
    positioning = network.as_user("positioning-national")
    assert await produce(positioning, network.prefix + POSITIONING_TOPIC) >= 0


async def test_a_consumer_joins_its_own_group_only(network: Network) -> None:
    positioning = network.as_user("positioning-national")
    await join(
        positioning, network.prefix + ENROLMENT_TOPIC, network.prefix + "conum-positioning-national"
    )
    with pytest.raises(GroupAuthorizationFailedError):
        await join(
            positioning,
            network.prefix + ENROLMENT_TOPIC,
            network.prefix + "conum-certification-national",
        )


async def test_the_national_view_reads_the_streams_it_folds_and_writes_none_of_them(
    network: Network,
) -> None:
    national = network.as_user("national-national")
    group = network.prefix + "conum-national-national"
    for topic in (ENROLMENT_TOPIC, POSITIONING_TOPIC, "conum.certification.conseiller"):
        await join(national, network.prefix + topic, group)
        with pytest.raises(TopicAuthorizationFailedError):
            await produce(national, network.prefix + topic)
    with pytest.raises(GroupAuthorizationFailedError):
        await join(national, network.prefix + ENROLMENT_TOPIC, network.prefix + "conum-x")


async def test_a_topic_not_consumed_cannot_be_read(network: Network) -> None:
    enrolment = network.as_user("enrolment-national")
    await produce(enrolment, network.prefix + "conum.enrolment.structure")
    with pytest.raises(TopicAuthorizationFailedError):  # positioning consumes no structure
        await join(
            network.as_user("positioning-national"),
            network.prefix + "conum.enrolment.structure",
            network.prefix + "conum-positioning-national",
        )


async def test_an_anonymous_client_cannot_connect(network: Network) -> None:
    anonymous = KafkaConnection(network.server.bootstrap)  # PLAINTEXT, no SASL
    with pytest.raises(KafkaConnectionError):
        await produce(anonymous, network.prefix + POSITIONING_TOPIC)


async def test_a_wrong_password_is_refused(network: Network) -> None:
    with pytest.raises(KafkaConnectionError):
        await produce(
            network.as_user("positioning-national", "guessed"), network.prefix + POSITIONING_TOPIC
        )
    with pytest.raises(KafkaConnectionError):
        await produce(network.as_user("nobody", "guessed"), network.prefix + POSITIONING_TOPIC)


@pytest.fixture
async def positioning_instance(
    network: Network, tmp_path: Path
) -> AsyncIterator[httpx.AsyncClient]:
    """positioning, national: its settings name no principal, so it connects as its own,
    ``positioning-national`` (the plugin gives the ``CONUM_KAFKA_*`` variables)."""
    settings = service_settings(
        f"sqlite+aiosqlite:///{tmp_path}/positioning.db",
        network.server.bootstrap,
        network.prefix,
        tokens_json(("coordinator", "national_coordinator", "national")),
    )
    async with running(create_app(settings)) as client:
        yield client


async def test_a_service_instance_runs_over_the_secured_broker(
    network: Network, positioning_instance: httpx.AsyncClient
) -> None:
    """One event in (as enrolment's principal), one event out (as positioning's), a poison
    record dead-lettered by positioning and re-driven by the operators; the lag reader's
    metrics read with the instance's own rights."""
    client = positioning_instance
    conseiller_id = str(uuid.uuid4())
    event = enrolled(conseiller_id)
    await publish_events(
        network.as_user("enrolment-national"),
        network.prefix,
        [(event, envelope_for(event, event.region))],
    )
    records = await read_topic(
        network.as_user("certification-national"),  # a consumer of positioning's topic
        network.prefix + POSITIONING_TOPIC,
        until=lambda found: any(r.key == conseiller_id.encode() for r in found),
    )
    scheduled = [r for r in records if r.key == conseiller_id.encode()]
    assert scheduled[0].envelope.type == "fr.conum.positioning.test.scheduled.v1"
    assert scheduled[0].envelope.source == f"/{event.region}/positioning"
    assert TestScheduledV1.model_validate_json(scheduled[0].value).conseiller_id == conseiller_id
    assert isinstance(event, ConseillerEnrolledV3)

    producer = AIOKafkaProducer(**network.as_user("enrolment-national").options())
    await producer.start()
    try:
        await producer.send_and_wait(network.prefix + ENROLMENT_TOPIC, b"not an event", key=b"x")
    finally:
        await producer.stop()
    operator = network.as_user(OPERATOR)

    async def dead_letter() -> list[redrive.DeadLetter]:
        return [
            letter
            for letter in await redrive.read_dead_letters(operator, "positioning", network.prefix)
            if letter.value == b"not an event"
        ]

    (letter,) = await eventually(dead_letter)
    assert await redrive.redrive(operator, "positioning", [letter], network.prefix) == [letter.id]

    async def lag() -> list[str]:
        metrics = await client.get("/metrics")
        return [
            line
            for line in metrics.text.splitlines()
            if line.startswith("conum_consumer_lag{") and ENROLMENT_TOPIC in line
        ]

    lines = await eventually(lag)  # the first scrape only loads the topics' metadata
    assert all(f'group="{network.prefix}conum-positioning-national"' in line for line in lines)

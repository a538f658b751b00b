"""Where topics are declared resources (Strimzi ``KafkaTopic``, decision 0030) an instance
declares none (``CONUM_KAFKA_CREATE_TOPICS=false``); the local network keeps declaring them.

A consumer's subscription may still have a topic auto-created by a broker that allows it
(Kafka's clients ask so, aiokafka has no option against it), when the principal may CREATE:
the test broker grants CREATE, a Strimzi ``KafkaUser`` of the manifests does not."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient
from conum_positioning.app import create_app
from conum_runtime.testing.harness import harness_connection, tokens_json
from conum_runtime.testing.served import served
from conum_runtime.testing.services import service_settings

pytestmark = pytest.mark.kafka

TOKENS = tokens_json(("coordinator", "national_coordinator", "national"))


async def topics_behind(bootstrap: str, prefix: str) -> set[str]:
    admin = AIOKafkaAdminClient(**harness_connection(bootstrap).options())
    await admin.start()
    try:
        return {topic for topic in await admin.list_topics() if topic.startswith(prefix)}
    finally:
        await admin.close()


@pytest.mark.parametrize("create_topics", [True, False])
def test_an_instance_creates_its_topics_only_when_told_to(
    create_topics: bool, tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    settings = service_settings(
        f"sqlite+aiosqlite:///{tmp_path}/positioning.db",
        kafka_bootstrap,
        topic_prefix,
        TOKENS,
        kafka_create_topics=create_topics,
    )
    with served(create_app(settings)) as base_url:
        assert httpx.get(f"{base_url}/health/ready").text == "ready"
        created = asyncio.run(topics_behind(kafka_bootstrap, topic_prefix))
    subscribed = {topic_prefix + "conum.enrolment.conseiller"}
    declared = {
        topic_prefix + "conum.positioning.conseiller",
        topic_prefix + "conum.dlq.positioning",
    }
    if create_topics:
        assert created == subscribed | declared
    else:
        assert created <= subscribed, "an instance declared its topics though told not to"

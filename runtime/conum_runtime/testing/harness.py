"""Helpers for integration tests: services in-process, tokens, reading topics, waiting."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conum_contracts.envelope import Envelope, decode_headers
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import Connection, MetaData
from sqlalchemy.ext.asyncio import AsyncEngine

from conum_runtime.auth import digest
from conum_runtime.kafka_connection import KafkaConnection

T = TypeVar("T")


def tokens_json(*entries: tuple[str, ...]) -> str:
    """``CONUM_TOKENS`` for (token, role, region[, actor_id]) entries."""
    return json.dumps(
        [
            {"sha256": digest(token), "role": role, "region": region, "actor_id": actor_id}
            for token, role, region, actor_id in (
                (*entry, "") if len(entry) == 3 else entry for entry in entries
            )
        ]
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run a service's lifespan (migrations, broker, relay) and give an HTTP client to it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


async def eventually(
    probe: Callable[[], Awaitable[T | None]], timeout: float = 30.0, interval: float = 0.1
) -> T:
    """Poll ``probe`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(interval)


@dataclass(frozen=True)
class ReadRecord:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: dict[str, str]

    @property
    def envelope(self) -> Envelope:
        return decode_headers(self.headers)

    def json(self) -> object:
        return json.loads(self.value)


HARNESS_USERNAME = "CONUM_TEST_KAFKA_SASL_USERNAME"
HARNESS_PASSWORD = "CONUM_TEST_KAFKA_SASL_PASSWORD"


def harness_connection(bootstrap: str | KafkaConnection) -> KafkaConnection:
    """How a test's own clients (reading a topic, publishing as a producer would) connect:
    ``bootstrap`` itself when it is a connection; else as the principal the pytest plugin
    names in ``CONUM_TEST_KAFKA_SASL_*`` on a secured broker (its admin), else anonymously."""
    if isinstance(bootstrap, KafkaConnection):
        return bootstrap
    username = os.environ.get(HARNESS_USERNAME)
    if not username:
        return KafkaConnection(bootstrap)
    password = SecretStr(os.environ.get(HARNESS_PASSWORD, ""))
    return KafkaConnection(bootstrap, "SASL_PLAINTEXT", "SCRAM-SHA-512", username, password)


async def read_topic(
    bootstrap: str | KafkaConnection,
    topic: str,
    *,
    until: Callable[[list[ReadRecord]], bool],
    timeout: float = 30.0,
) -> list[ReadRecord]:
    """Read ``topic`` from the beginning (no consumer group) until ``until(records)``."""
    consumer = AIOKafkaConsumer(**harness_connection(bootstrap).options(), enable_auto_commit=False)
    await consumer.start()
    records: list[ReadRecord] = []
    try:
        partitions = await _partitions(consumer, topic, timeout)
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        deadline = time.monotonic() + timeout
        while not until(records):
            if time.monotonic() > deadline:
                raise AssertionError(f"{topic}: only {len(records)} records within {timeout}s")
            batches = await consumer.getmany(timeout_ms=200)
            for batch in batches.values():
                records.extend(
                    ReadRecord(
                        r.topic,
                        r.partition,
                        r.offset,
                        r.key,
                        r.value or b"",
                        {k: v.decode() for k, v in r.headers},
                    )
                    for r in batch
                )
    finally:
        await consumer.stop()
    return records


async def _partitions(
    consumer: AIOKafkaConsumer, topic: str, timeout: float
) -> list[TopicPartition]:
    deadline = time.monotonic() + timeout
    while True:
        found = consumer.partitions_for_topic(topic)
        if found:
            return [TopicPartition(topic, p) for p in sorted(found)]
        if time.monotonic() > deadline:
            raise AssertionError(f"topic {topic} does not exist")
        await consumer._client.force_metadata_update()
        await asyncio.sleep(0.1)


async def schema_drift(engine: AsyncEngine, metadata: MetaData) -> list[object]:
    """Differences between a migrated database and the service's tables (empty: none)."""

    def compare(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        return list(compare_metadata(context, metadata))

    async with engine.connect() as connection:
        return await connection.run_sync(compare)

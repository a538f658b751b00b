"""Stopping a service right after a write: in bounded time, and nothing lost.

The relay may be publishing when the service stops. With a broker that answers, the batch in
flight is acknowledged and marked sent, or its rows stay in the outbox for the next start.
With a broker that stopped answering, the producer would retry the records it holds without
end (aiokafka issue 1101) and the stop used to wait for it: it now returns within
``shutdown_timeout`` and the broker's stop goes on in the background.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conum_contracts.positioning import TestScheduledV1
from conum_devtools.kafka import LocalKafka
from conum_positioning.app import create_app as create_positioning
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.harness import eventually, read_topic, running
from fastapi import FastAPI

pytestmark = pytest.mark.kafka

TOPIC = "conum.positioning.conseiller"
SHUTDOWN_TIMEOUT = 2.0
DAY = date(2026, 1, 5)


def positioning(database_url: str, bootstrap: str, prefix: str) -> FastAPI:
    return create_positioning(
        ServiceSettings(
            database_url=database_url,
            kafka_bootstrap_servers=bootstrap,
            topic_prefix=prefix,
            relay_poll_interval=0.05,
            relay_batch_size=50,
            shutdown_timeout=SHUTDOWN_TIMEOUT,
        )
    )


async def write(app: FastAPI, keys: list[str]) -> None:
    async with app.state.new_uow() as uow:
        for key in keys:
            event = TestScheduledV1(conseiller_id=key, test_on=DAY, interview_on=DAY)
            uow.emit(event, region="FR-NAQ")
        await uow.commit()


def unsent_rows(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        query = "SELECT count(*) FROM outbox WHERE sent_at IS NULL"
        (count,) = connection.execute(query).fetchone()
    return int(count)


async def test_a_stop_right_after_a_write_is_quick_and_loses_nothing(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/positioning.db"
    keys = [str(uuid.uuid4()) for _ in range(300)]
    app = positioning(url, kafka_bootstrap, topic_prefix)
    async with running(app):
        await write(app, keys)  # the relay wakes and publishes while the service stops
        stopping_at = time.monotonic()
    assert time.monotonic() - stopping_at < SHUTDOWN_TIMEOUT

    again = positioning(url, kafka_bootstrap, topic_prefix)  # what was not sent goes now
    async with running(again):
        records = await read_topic(
            kafka_bootstrap,
            topic_prefix + TOPIC,
            until=lambda found: {r.key for r in found} >= {k.encode() for k in keys},
        )
    assert {record.key for record in records} == {key.encode() for key in keys}


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[LocalKafka]:
    """A broker of this test's own, which it may freeze (it is nobody else's)."""
    kafka = LocalKafka(tmp_path / "kafka")
    kafka.start()
    try:
        yield kafka
    finally:
        pid = kafka.pid
        if pid is not None:
            os.kill(pid, signal.SIGCONT)
        kafka.stop()


async def test_a_stop_is_bounded_when_the_broker_stops_answering_during_a_publish(
    tmp_path: Path, own_broker: LocalKafka, topic_prefix: str
) -> None:
    database = tmp_path / "positioning.db"
    app = positioning(f"sqlite+aiosqlite:///{database}", own_broker.bootstrap, topic_prefix)
    host = app.state.host
    pid = own_broker.pid
    assert pid is not None
    async with running(app):
        await write(app, [str(uuid.uuid4())])  # the producer knows the topic and its leader

        async def drained() -> bool:
            return bool(await host.relay.backlog() == 0)

        await eventually(drained)
        os.kill(pid, signal.SIGSTOP)  # the broker stops answering
        await write(app, [str(uuid.uuid4())])

        async def handed_over() -> bool:
            return bool(host.relay.awaiting_acks)

        await eventually(handed_over)  # the relay has handed the record over, awaits its ack
        stopping_at = time.monotonic()
    took = time.monotonic() - stopping_at

    assert took < SHUTDOWN_TIMEOUT + 1.0
    assert unsent_rows(database) == 1  # not acknowledged: published again at the next start
    assert host.lingering_stop is not None  # the broker's stop waits for Kafka, elsewhere
    os.kill(pid, signal.SIGCONT)
    await asyncio.wait_for(host.lingering_stop, timeout=90)

"""A consumer killed (SIGKILL) while it applies a batch: the batch's transaction is lost whole,
its offsets were not committed, and after the restart every event is applied exactly once.

The positioning service consumes 1,000 enrolments in batches of at most 250 (one transaction
each); it is killed as soon as a first batch is committed, while the next ones are applied.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conum_contracts.enrolment import ConseillerEnrolledV1
from conum_runtime.testing.events import envelope_for, example_event, publish_events
from conum_runtime.testing.harness import read_topic, tokens_json

pytestmark = pytest.mark.kafka

EVENTS = 1000
BATCH = 250


def count(database: Path, query: str) -> int:
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(database, timeout=1) as connection:
            return int(connection.execute(query).fetchone()[0])
    except sqlite3.OperationalError:  # not migrated yet, or locked for a moment
        return 0


def positioning(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "conum_positioning"],
            env=os.environ | env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_for(probe: object, what: str, timeout: float, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while not probe():  # type: ignore[operator]
        assert process.poll() is None, f"the service exited while waiting for {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.mark.timeout(600)
def test_a_consumer_killed_mid_batch_applies_every_event_once_after_restart(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    conseillers = [str(uuid.uuid4()) for _ in range(EVENTS)]
    events = []
    for conseiller in conseillers:
        event = example_event(ConseillerEnrolledV1, conseiller_id=conseiller)
        events.append((event, envelope_for(event, "FR-NAQ")))
    asyncio.run(publish_events(kafka_bootstrap, topic_prefix, events))

    database = tmp_path / "positioning.db"
    env = {
        "CONUM_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "CONUM_KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "CONUM_TOPIC_PREFIX": topic_prefix,
        "CONUM_TOKENS": tokens_json(("operator", "operator", "national")),
        "CONUM_HTTP_PORT": "0",
        "CONUM_CONSUMER_BATCH_SIZE": str(BATCH),
    }
    applied = "SELECT count(*) FROM inbox"
    first = positioning(env, tmp_path / "first.log")
    try:
        wait_for(lambda: count(database, applied) >= 1, "a first batch", 300, first)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    at_kill = count(database, applied)
    assert 0 < at_kill < EVENTS, "the kill must come while batches remain"

    second = positioning(env, tmp_path / "second.log")
    try:
        wait_for(lambda: count(database, applied) == EVENTS, "every event", 300, second)
        records = asyncio.run(
            read_topic(
                kafka_bootstrap,
                f"{topic_prefix}conum.positioning.conseiller",
                until=lambda rs: len({r.headers["ce_subject"] for r in rs}) == EVENTS,
                timeout=120,
            )
        )
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert count(database, "SELECT count(*) FROM positionings") == EVENTS
    assert count(database, "SELECT count(DISTINCT event_id) FROM inbox") == EVENTS
    scheduled = count(database, "SELECT count(*) FROM outbox WHERE event_type LIKE '%scheduled%'")
    assert scheduled == EVENTS  # one test scheduled per conseiller, none twice
    published = {r.headers["ce_id"] for r in records}
    assert {r.headers["ce_subject"] for r in records} == set(conseillers)
    assert len(published) == EVENTS  # a republished row keeps its id: applied once downstream

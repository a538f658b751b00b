"""How fast the national view catches up a backlog, beside a raw aiokafka consumer reading the
same topics, in the same run.

    uv run python bench/bench_national_catch_up.py [--events 100000] [--database-url URL]

Publishes a realistic mix (conseillers' journeys of every topic in four regions, module
registrations and evaluations) to a fresh topic prefix, then times (a) a raw consumer that
reads every record from the start (no decoding, no store) and (b) the national service,
started on an empty store, until its applied offsets reach the topics' end offsets.
Uses the broker named by KAFKA_BOOTSTRAP_SERVERS, else starts a local one from the Maven jars.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import subprocess
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from conum_contracts import registry
from conum_contracts.base import EventModel
from conum_contracts.decoding import encode_event
from conum_contracts.envelope import Envelope
from conum_national.app import consumed_topics, create_app
from conum_national.testing import Timed, journey, module_events, scripted_plans
from conum_runtime.kafka import declare_topics
from conum_runtime.offsets import KafkaOffsets
from conum_runtime.testing.events import kafka_headers
from conum_runtime.testing.harness import running
from conum_runtime.testing.services import service_settings
from parts import kafka_bootstrap


def backlog(events: int) -> list[tuple[EventModel, Envelope]]:
    """``events`` events: journeys (2 to 11 events each) and a module session every 40."""
    timed = Timed()
    plans = scripted_plans(events // 3 + 1, seed=2026)
    for number, plan in enumerate(plans):
        journey(plan, timed)
        if number % 40 == 0:
            day = date(2026, 5, 4) + timedelta(days=number % 90)
            for event in module_events(plan.region, day).values():
                timed.add(event, plan.region, day)
        if len(timed.items) >= events:
            break
    timed.items = timed.items[:events]
    return timed.envelopes()


async def publish(bootstrap: str, prefix: str, items: list[tuple[EventModel, Envelope]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=20, acks="all")
    await producer.start()
    try:
        pending = []
        for event, envelope in items:
            pending.append(
                await producer.send(
                    prefix + registry.for_model(type(event)).topic,
                    value=encode_event(event),
                    key=envelope.subject.encode(),
                    headers=kafka_headers(envelope),
                )
            )
            if len(pending) >= 5000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()


async def raw_read(bootstrap: str, topics: list[str], expected: int) -> float:
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id=f"bench-raw-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    started = time.monotonic()
    await consumer.start()
    read = 0
    try:
        while read < expected:
            batches = await consumer.getmany(timeout_ms=500, max_records=5000)
            read += sum(len(records) for records in batches.values())
            await consumer.commit()
    finally:
        await consumer.stop()
    return time.monotonic() - started


async def national_catch_up(
    bootstrap: str, prefix: str, database_url: str, ends: dict[tuple[str, int], int]
) -> float:
    settings = service_settings(database_url, bootstrap, prefix, "[]")
    app = create_app(settings)
    started = time.monotonic()
    async with running(app):
        new_uow = app.state.new_uow
        while True:
            async with new_uow() as uow:
                applied = {(p.topic, p.partition): p.offset for p in await uow.positions.all()}
            if all(applied.get(key, -1) + 1 >= end for key, end in ends.items() if end):
                return time.monotonic() - started
            await asyncio.sleep(0.5)


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


async def main(events: int, database_url: str | None) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-national-"))
    with kafka_bootstrap(workdir) as bootstrap:
        prefix = f"bench{uuid.uuid4().hex[:8]}."
        settings = service_settings("sqlite://", bootstrap, prefix, "[]")
        topics = list(consumed_topics(settings))
        await declare_topics(bootstrap, topics, settings.kafka_topic_partitions)
        items = backlog(events)
        began = time.monotonic()
        await publish(bootstrap, prefix, items)
        published = time.monotonic() - began
        ends = {(o.topic, o.partition): o.end for o in await KafkaOffsets(bootstrap).read(topics)}
        total = sum(ends.values())
        url = database_url or f"sqlite+aiosqlite:///{workdir}/national.db"
        raw = await raw_read(bootstrap, topics, total)
        national = await national_catch_up(bootstrap, prefix, url, ends)
        store = "postgresql" if url.startswith("postgresql") else "sqlite"
        print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cpus")
        print(f"python {platform.python_version()}, commit {commit()}, store {store}")
        print(f"events: {total} over {len(topics)} topics (published in {published:.1f}s)")
        print(f"raw aiokafka consumer: {raw:.1f}s, {total / raw:,.0f} events/s")
        print(f"national view catch-up: {national:.1f}s, {total / national:,.0f} events/s")
        print(f"ratio raw / national: {national / raw:.1f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--database-url", help="the national store (default: SQLite in a tmp dir)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.events, arguments.database_url))

"""One service's pipeline (consume → inbox → handler → outbox → publish) beside a raw
aiokafka consume → produce loop, on the same broker in the same run.

The positioning service consumes N `conseiller.enrolled` events and publishes N
`test.scheduled` events; the raw loop reads the same N records and writes each to another
topic. Both are timed from the first records read (the first batch handed to the service's
consumer; the raw loop's first poll that returns records) to the last record written, so
neither counts the start-up nor the consumer group's join.

    uv run python bench/bench_pipeline.py [--events 5000] [--database-url URL] [--instances 1]

``--instances 2`` runs a second instance in a process of its own, in the same consumer group
(a URL with ``{instance}`` gives each its own database; PostgreSQL: one database for both).
The service's events are fed once its consumer group is stable with every instance in it,
so that no rebalance falls inside the measured time.

Both run on uvloop, as the services do under uvicorn. Uses KAFKA_BOOTSTRAP_SERVERS, else
starts a local broker from the Maven jars.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import uvloop
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from conum_contracts.enrolment import ConseillerEnrolledV3
from conum_positioning.app import create_app
from conum_runtime.kafka import declare_topics
from conum_runtime.testing.events import envelope_for, example_event, kafka_headers
from conum_runtime.testing.harness import running, tokens_json
from conum_runtime.testing.services import service_settings
from fastapi import FastAPI
from machine import describe
from parts import kafka_bootstrap

INPUT = "conum.enrolment.conseiller"
OUTPUT = "conum.positioning.conseiller"
PARTITIONS = 6


Record = tuple[bytes, bytes, list[tuple[str, bytes]]]


def enrolments(events: int) -> list[Record]:
    """N enrolments of N conseillers, as the enrolment service would publish them (value,
    key, headers), made before anything is timed."""
    made = []
    for _ in range(events):
        event = example_event(ConseillerEnrolledV3, conseiller_id=str(uuid.uuid4()))
        envelope = envelope_for(event, "FR-NAQ")
        made.append(
            (event.model_dump_json().encode(), envelope.subject.encode(), kafka_headers(envelope))
        )
    return made


async def feed(bootstrap: str, topic: str, records: list[Record]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, acks="all")
    await producer.start()
    try:
        sends = [
            await producer.send(topic, value, key=key, headers=headers)
            for value, key, headers in records
        ]
        await asyncio.gather(*sends)
    finally:
        await producer.stop()


async def count_until(bootstrap: str, topic: str, events: int, timeout: float) -> float:
    """The moment (``time.time``) ``topic`` holds ``events`` records (end offsets), polled
    every 20 ms."""
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await reader.start()
    started = time.perf_counter()
    try:
        partitions = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        while True:
            ends = await reader.end_offsets(partitions)
            if sum(ends.values()) >= events:
                return time.time()
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"{topic}: {sum(ends.values())} of {events} within {timeout}s")
            await asyncio.sleep(0.02)
    finally:
        await reader.stop()


async def group_stable(bootstrap: str, group: str, members: int, timeout: float = 120) -> None:
    """Wait until ``group`` is stable with ``members`` members, each assigned partitions."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    started = time.perf_counter()
    try:
        while True:
            described = (await admin.describe_consumer_groups([group]))[0].to_object()
            state = described["groups"][0] if described["groups"] else {}
            assigned = [m for m in state.get("members", []) if m.get("member_assignment")]
            if state.get("state") == "Stable" and len(assigned) == members:
                return
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"{group}: not stable with {members} members in {timeout}s")
            await asyncio.sleep(0.2)
    finally:
        await admin.close()


async def raw_loop(bootstrap: str, source: str, target: str, events: int) -> float:
    """The baseline: read each record and write it to another topic, acknowledged in batches."""
    consumer = AIOKafkaConsumer(
        source,
        bootstrap_servers=bootstrap,
        group_id=f"raw-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, acks="all")
    await consumer.start()
    await producer.start()
    moved = 0
    started: float | None = None
    try:
        while moved < events:
            batches = await consumer.getmany(timeout_ms=500, max_records=1000)
            if started is None and batches:
                started = time.perf_counter()
            sends = [
                await producer.send(target, r.value, key=r.key, headers=list(r.headers))
                for records in batches.values()
                for r in records
            ]
            await asyncio.gather(*sends)
            await consumer.commit()
            moved += len(sends)
    finally:
        await consumer.stop()
        await producer.stop()
    assert started is not None
    return time.perf_counter() - started


def positioning_app(
    database_url: str, bootstrap: str, prefix: str, traced: bool, first_batch: list[float]
) -> FastAPI:
    """A positioning instance whose consumer notes when (``time.time``) it got its first
    batch in ``first_batch``."""
    app = create_app(
        service_settings(
            database_url,
            bootstrap,
            prefix,
            tokens_json(("bench", "operator", "national")),
            kafka_topic_partitions=PARTITIONS,
            trace_statements=traced,
        )
    )
    for consumer in app.state.host.consumers:
        handle_batch = consumer.handle_batch

        async def timed(records: Any, handle_batch: Any = handle_batch) -> Any:
            if not first_batch:
                first_batch.append(time.time())
            return await handle_batch(records)

        consumer.handle_batch = timed  # type: ignore[method-assign]
    return app


async def serve_instance(database_url: str, bootstrap: str, prefix: str, traced: bool) -> None:
    """Another process's instance (``--instances 2``): runs until its stdin closes, then
    prints when it got its first batch."""
    first_batch: list[float] = []
    async with running(positioning_app(database_url, bootstrap, prefix, traced, first_batch)):
        print("started", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    print(f"first {first_batch[0] if first_batch else 0}", flush=True)


async def service(
    bootstrap: str,
    prefix: str,
    database_url: str,
    records: list[Record],
    instances: int,
    trace_statements: bool = False,
) -> float:
    """The positioning service on N enrolments, the seconds from the first batch handed to a
    consumer to the last record published. A second instance runs in a process of its own
    (started first; the group shares the partitions once the other joins)."""
    first_batch: list[float] = []
    other = None
    if instances > 1:
        other = await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "--serve",
            database_url.format(instance=1),
            bootstrap,
            prefix,
            str(int(trace_statements)),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        assert other.stdout is not None
        await other.stdout.readline()  # started
    app = positioning_app(
        database_url.format(instance=0), bootstrap, prefix, trace_statements, first_batch
    )
    try:
        async with running(app):
            await group_stable(bootstrap, app.state.host.group_id, instances)
            await feed(bootstrap, prefix + INPUT, records)
            done = await count_until(bootstrap, prefix + OUTPUT, len(records), 600)
    finally:
        if other is not None:
            assert other.stdin is not None and other.stdout is not None
            other.stdin.close()
            for line in (await other.stdout.read()).decode().splitlines():
                if line.startswith("first ") and float(line.split()[1]):
                    first_batch.append(float(line.split()[1]))
            await other.wait()
    return done - min(first_batch)


async def run(bootstrap: str, events: int, database_url: str, instances: int) -> dict[str, float]:
    results: dict[str, float] = {}
    raw_prefix = f"raw{uuid.uuid4().hex[:6]}."
    await declare_topics(bootstrap, [raw_prefix + INPUT, raw_prefix + OUTPUT], PARTITIONS)
    await feed(bootstrap, raw_prefix + INPUT, enrolments(events))
    results["raw aiokafka consume → produce"] = await raw_loop(
        bootstrap, raw_prefix + INPUT, raw_prefix + OUTPUT, events
    )
    plural = "s" if instances > 1 else ""
    for traced in (True, False):
        prefix = f"svc{uuid.uuid4().hex[:6]}."
        await declare_topics(bootstrap, [prefix + INPUT, prefix + OUTPUT], PARTITIONS)
        url = database_url.replace("{instance}", f"{{instance}}-{int(traced)}")
        name = f"positioning pipeline ({instances} instance{plural}"
        name += ", a span per SQL statement)" if traced else ")"
        records = enrolments(events)
        results[name] = await service(bootstrap, prefix, url, records, instances, traced)
    return results


def main() -> None:
    if sys.argv[1:2] == ["--serve"]:
        url, bootstrap, prefix, traced = sys.argv[2:6]
        uvloop.run(serve_instance(url, bootstrap, prefix, traced == "1"))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--instances", type=int, default=1, choices=(1, 2))
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="conum-bench-"))
    database_url = args.database_url or f"sqlite+aiosqlite:///{workdir}/positioning-{{instance}}.db"
    with kafka_bootstrap(workdir) as bootstrap:
        results = uvloop.run(run(bootstrap, args.events, database_url, args.instances))
    print(describe())
    store = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    print(f"{args.events} events, {PARTITIONS} partitions, store {store}")
    for name, seconds in results.items():
        print(f"  {name:42s} {seconds:7.2f} s  {args.events / seconds:8.0f} events/s")
    raw, traced, pipeline = results.values()
    print(f"  pipeline / raw loop throughput: {raw / pipeline:.3f}")
    print(f"  without / with a span per SQL statement: {traced / pipeline:.2f}")


if __name__ == "__main__":
    main()

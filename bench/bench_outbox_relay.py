"""Outbox relay throughput: batched sends (one await per batch) against a baseline that waits
for the broker's acknowledgement of every record, in the same process and run.

    uv run python bench/bench_outbox_relay.py [--events 2000] [--database-url URL]

Uses the broker named by KAFKA_BOOTSTRAP_SERVERS, else starts a local one from the Maven jars.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import tempfile
import time
import uuid
from collections.abc import Awaitable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from conum_contracts.positioning import TestScheduledV1
from conum_positioning.app import SERVICE
from conum_positioning.store import metadata
from conum_runtime.db import create_engine, session_factory
from conum_runtime.kafka import Publisher, declare_topics
from conum_runtime.migrations import upgrade
from conum_runtime.relay import OutboxRelay
from conum_runtime.tables import runtime_tables
from conum_runtime.uow import UnitOfWork
from opentelemetry.sdk.trace import TracerProvider
from parts import kafka_bootstrap


async def fill_outbox(url: str, events: int) -> Any:
    engine = create_engine(url)
    await upgrade(engine, SERVICE.migrations, metadata)
    sessions = session_factory(engine)
    tables = runtime_tables(metadata)
    keys = [str(uuid.uuid4()) for _ in range(50)]
    async with UnitOfWork(sessions, tables, "positioning") as uow:
        for number in range(events):
            day = date(2026, 1, 5) + timedelta(days=number % 300)
            uow.emit(
                TestScheduledV1(conseiller_id=keys[number % 50], test_on=day, interview_on=day),
                region="FR-NAQ",
            )
        await uow.commit()
    return engine, sessions, tables


def acked_one_by_one(publisher: Publisher) -> Any:
    """The baseline: wait for the broker's acknowledgement of each record before the next."""

    async def send(
        payload: bytes, topic: str, key: bytes, headers: dict[str, str]
    ) -> Awaitable[Any]:
        await publisher.send_and_wait(payload, topic, key, headers)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    return send


async def drain(relay: OutboxRelay) -> float:
    started = time.perf_counter()
    while await relay.publish_pending():
        pass
    return time.perf_counter() - started


async def run(bootstrap: str, events: int, url_for: Any) -> dict[str, float]:
    tracer = TracerProvider().get_tracer("bench")
    results: dict[str, float] = {}
    for name in ("baseline: await every ack", "relay: one await per batch"):
        prefix = f"bench{uuid.uuid4().hex[:6]}."
        await declare_topics(bootstrap, [prefix + "conum.positioning.conseiller"], 3)
        publisher = Publisher(bootstrap, "bench", tracer, prefix)
        await publisher.start()
        try:
            engine, sessions, tables = await fill_outbox(url_for(name), events)
            send = acked_one_by_one(publisher) if name.startswith("baseline") else publisher.send
            relay = OutboxRelay(sessions, tables, send, batch_size=200)
            results[name] = await drain(relay)
            await engine.dispose()
        finally:
            await publisher.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="conum-bench-"))

    def url_for(name: str) -> str:
        if args.database_url:
            return str(args.database_url)
        return f"sqlite+aiosqlite:///{workdir}/{abs(hash(name))}.db"

    with kafka_bootstrap(workdir) as bootstrap:
        results = asyncio.run(run(bootstrap, args.events, url_for))
    machine = f"{platform.machine()}, {os.cpu_count()} cores"
    print(f"machine: {machine}, Python {platform.python_version()}")
    print(f"{args.events} outbox events, store {args.database_url or 'SQLite'}")
    for name, seconds in results.items():
        print(f"  {name:28s} {seconds:7.2f} s  {args.events / seconds:8.0f} events/s")
    baseline, batched = results.values()
    print(f"  speed-up of the relay over the baseline: {baseline / batched:.1f}x")


if __name__ == "__main__":
    main()

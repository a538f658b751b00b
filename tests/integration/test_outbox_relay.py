"""The outbox relay over a real broker and real stores: in order per key, trace kept."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from conum_contracts.positioning import TestScheduledV1
from conum_positioning.app import create_app as create_positioning
from conum_positioning.store import PositioningUnitOfWork
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.harness import read_topic, running
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

pytestmark = pytest.mark.kafka

TOPIC = "conum.positioning.conseiller"
FIRST_DAY = date(2026, 1, 5)


async def test_the_relay_keeps_per_key_order(
    database_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    keys = [str(uuid.uuid4()) for _ in range(6)]
    per_key = 40
    app = create_positioning(
        ServiceSettings(
            database_url=database_url,
            kafka_bootstrap_servers=kafka_bootstrap,
            topic_prefix=topic_prefix,
            relay_poll_interval=0.05,
            relay_batch_size=50,  # several batches
        )
    )
    new_uow = app.state.new_uow
    async with running(app):
        for sequence in range(per_key):
            async with new_uow() as uow:  # interleaved keys, one transaction per round
                for key in keys:
                    day = FIRST_DAY + timedelta(days=sequence)
                    uow.emit(
                        TestScheduledV1(conseiller_id=key, test_on=day, interview_on=day),
                        region="FR-NAQ",
                    )
                await uow.commit()
        records = await read_topic(
            kafka_bootstrap,
            topic_prefix + TOPIC,
            until=lambda found: len(found) >= len(keys) * per_key,
        )
        backlog = await app.state.host.relay.backlog()
    assert backlog == 0
    assert len(records) == len(keys) * per_key
    assert len({record.partition for record in records}) > 1  # keys spread over partitions
    for key in keys:
        days = [
            record.json()["test_on"]  # type: ignore[index]
            for record in sorted(records, key=lambda r: (r.partition, r.offset))
            if record.key == key.encode()
        ]
        assert days == [(FIRST_DAY + timedelta(days=i)).isoformat() for i in range(per_key)]


async def test_the_relay_publishes_under_the_trace_of_the_work_that_wrote_the_row(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    spans = InMemorySpanExporter()
    app = create_positioning(
        ServiceSettings(
            database_url=sqlite_url,
            kafka_bootstrap_servers=kafka_bootstrap,
            topic_prefix=topic_prefix,
            relay_poll_interval=0.05,
        ),
        span_processors=(SimpleSpanProcessor(spans),),
    )
    host = app.state.host
    tracer = host.provider.get_tracer("test")
    key = str(uuid.uuid4())
    async with running(app):
        with tracer.start_as_current_span("work that writes the outbox") as work:
            uow: PositioningUnitOfWork
            async with app.state.new_uow() as uow:
                uow.emit(
                    TestScheduledV1(conseiller_id=key, test_on=FIRST_DAY, interview_on=FIRST_DAY),
                    region="FR-NAQ",
                )
                await uow.commit()
        records = await read_topic(
            kafka_bootstrap, topic_prefix + TOPIC, until=lambda found: len(found) >= 1
        )
    trace_id = format(work.get_span_context().trace_id, "032x")
    assert records[0].headers["traceparent"].split("-")[1] == trace_id
    publish = next(s for s in spans.get_finished_spans() if s.name.endswith(f"{TOPIC} publish"))
    assert publish.context.trace_id == work.get_span_context().trace_id

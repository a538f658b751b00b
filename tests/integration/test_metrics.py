"""Operators scrape each service (probes ask whether it is alive and ready): HTTP latency by
by reason), the outbox backlog and the consumer group's lag, from a live instance. Scrapes and
probes make no trace; a request does."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from conum_contracts.enrolment import ConseillerEnrolledV3
from conum_positioning.app import create_app
from conum_positioning.testing import enrolled
from conum_runtime.testing.events import envelope_for, kafka_headers
from conum_runtime.testing.harness import harness_connection, tokens_json
from conum_runtime.testing.served import served
from conum_runtime.testing.services import service_settings
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.kafka

TOKENS = tokens_json(("coordinator", "national_coordinator", "national"))


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def settled(spans: InMemorySpanExporter, quiet_for: float = 0.5, timeout: float = 15) -> None:
    """Wait until no span has finished for ``quiet_for`` seconds (the start-up's work done)."""
    deadline = time.monotonic() + timeout
    count, since = -1, time.monotonic()
    while time.monotonic() - since < quiet_for:
        assert time.monotonic() < deadline, "the instance kept making spans"
        if len(spans.get_finished_spans()) != count:
            count, since = len(spans.get_finished_spans()), time.monotonic()
        time.sleep(0.05)


def scrape(client: httpx.Client) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    answer = client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    return samples(answer.text)


async def send(
    bootstrap: str, topic: str, records: list[tuple[bytes, list[tuple[str, bytes]]]]
) -> None:
    producer = AIOKafkaProducer(**harness_connection(bootstrap).options())
    await producer.start()
    try:
        for value, headers in records:
            await producer.send_and_wait(topic, value, key=b"k", headers=headers)
    finally:
        await producer.stop()


def test_a_live_service_exposes_latency_outcomes_dead_letters_backlog_and_lag(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    app = create_app(
        service_settings(
            f"sqlite+aiosqlite:///{tmp_path}/positioning.db", kafka_bootstrap, topic_prefix, TOKENS
        )
    )
    conseiller_id = str(uuid.uuid4())
    event: ConseillerEnrolledV3 = enrolled(conseiller_id)
    good = (event.model_dump_json().encode(), kafka_headers(envelope_for(event, "FR-NAQ")))
    poison = (b"not json", kafka_headers(envelope_for(event, "FR-NAQ")))
    topic = topic_prefix + "conum.enrolment.conseiller"
    with served(app) as base_url, httpx.Client(base_url=base_url) as client:
        assert client.get("/health/live").status_code == 200
        assert client.get("/health/ready").text == "ready"  # probes need no token
        asyncio.run(send(kafka_bootstrap, topic, [good, poison]))
        headers = {"Authorization": "Bearer coordinator"}
        deadline = time.monotonic() + 30
        while client.get(f"/positionings/{conseiller_id}", headers=headers).status_code != 200:
            assert time.monotonic() < deadline, "the enrolment was not applied"
            time.sleep(0.1)
        assert client.get(f"/positionings/{uuid.uuid4()}", headers=headers).status_code == 404
        deadline = time.monotonic() + 30
        while True:
            figures = scrape(client)
            lag = [v for (name, _labels), v in figures.items() if name == "conum_consumer_lag"]
            dead = figures.get(
                (
                    "conum_dead_letters_total",
                    frozenset({("consumer", "positioning"), ("reason", "contract_violation")}),
                )
            )
            if dead == 1 and lag and sum(lag) == 0:
                break
            assert time.monotonic() < deadline, figures
            time.sleep(0.2)
    route = "/positionings/{conseiller_id}"
    assert any(
        name == "conum_http_request_duration_seconds_count"
        and dict(labels) == {"method": "GET", "route": route, "status": "404"}
        for name, labels in figures
    )
    assert not any(conseiller_id in str(labels) for _name, labels in figures)  # no ids in labels
    handled = {
        dict(labels)["outcome"]: value
        for (name, labels), value in figures.items()
        if name == "conum_events_handled_total"
    }
    assert handled["processed"] == 1 and handled["dead_lettered"] == 1
    assert figures[("conum_outbox_backlog", frozenset())] == 0  # test.scheduled was published
    assert figures[("conum_outbox_oldest_unsent_age_seconds", frozenset())] == 0
    assert figures[("conum_service_ready", frozenset())] == 1


def test_scrapes_and_probes_make_no_trace_and_a_request_does(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    spans = InMemorySpanExporter()
    app = create_app(
        service_settings(
            f"sqlite+aiosqlite:///{tmp_path}/positioning.db", kafka_bootstrap, topic_prefix, TOKENS
        ),
        span_processors=(SimpleSpanProcessor(spans),),
    )
    with served(app) as base_url, httpx.Client(base_url=base_url) as client:
        deadline = time.monotonic() + 30
        while client.get("/health/ready").status_code != 200:
            assert time.monotonic() < deadline, "the instance did not get ready"
            time.sleep(0.1)
        settled(spans)  # the start-up's own spans (publishing, first polls) are done
        spans.clear()
        for _ in range(3):
            assert client.get("/metrics").status_code == 200
            assert client.get("/health/live").status_code == 200
            assert client.get("/health/ready").status_code == 200
        scraped = spans.get_finished_spans()
        headers = {"Authorization": "Bearer coordinator"}
        assert client.get(f"/positionings/{uuid.uuid4()}", headers=headers).status_code == 404
        requested = spans.get_finished_spans()[len(scraped) :]

    assert [span.name for span in scraped] == []
    routes = {(span.attributes or {}).get("http.route") for span in requested}
    assert "/positionings/{conseiller_id}" in routes

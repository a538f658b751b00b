"""Enrolment → scheduled positioning, over a real Kafka broker, as one trace."""

from __future__ import annotations

from pathlib import Path

import pytest
from conum_enrolment.app import create_app as create_enrolment
from conum_positioning.app import create_app as create_positioning
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.harness import bearer, eventually, read_topic, running, tokens_json
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

pytestmark = pytest.mark.kafka

TOKENS = tokens_json(
    ("structure-naq", "host_structure", "FR-NAQ"),
    ("organisation-naq", "training_organisation", "FR-NAQ"),
)
STRUCTURE = {
    "siret": "73282932000074",
    "name": "Médiathèque de Dax",
    "kind": "collectivite",
    "department": "40",
}


def settings(tmp_path: Path, name: str, bootstrap: str, prefix: str) -> ServiceSettings:
    return ServiceSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/{name}.db",
        kafka_bootstrap_servers=bootstrap,
        topic_prefix=prefix,
        tokens=TOKENS,
        relay_poll_interval=0.05,
    )


def enrolment_body(structure_id: str) -> dict[str, object]:
    return {
        "structure_id": structure_id,
        "scheme": "2024",
        "employment": "recruited",
        "person": {"first_name": "Awa", "last_name": "Diallo", "email": "awa@example.org"},
    }


async def test_enrolment_travels_to_a_scheduled_positioning_in_one_trace(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    spans = InMemorySpanExporter()
    processors = (SimpleSpanProcessor(spans),)
    enrolment = create_enrolment(
        settings(tmp_path, "enrolment", kafka_bootstrap, topic_prefix), span_processors=processors
    )
    positioning = create_positioning(
        settings(tmp_path, "positioning", kafka_bootstrap, topic_prefix),
        span_processors=processors,
    )
    async with running(enrolment) as front, running(positioning) as back:
        created = await front.post("/structures", json=STRUCTURE, headers=bearer("structure-naq"))
        assert created.status_code == 201, created.text
        structure_id = created.json()["structure_id"]
        spans.clear()
        enrolled = await front.post(
            "/enrolments", json=enrolment_body(structure_id), headers=bearer("structure-naq")
        )
        assert enrolled.status_code == 201, enrolled.text
        conseiller_id = enrolled.json()["conseiller_id"]
        assert enrolled.json()["training_organisation"]["id"] == "la-fabrik"

        async def positioning_scheduled() -> dict[str, object] | None:
            answer = await back.get(
                f"/positionings/{conseiller_id}", headers=bearer("organisation-naq")
            )
            return answer.json() if answer.status_code == 200 else None

        scheduled = await eventually(positioning_scheduled)
        assert scheduled["state"] == "scheduled"

    records = await read_topic(
        kafka_bootstrap,
        topic_prefix + "conum.positioning.conseiller",
        until=lambda found: len(found) >= 1,
    )
    assert records[0].envelope.type == "fr.conum.positioning.test.scheduled.v1"
    assert records[0].key == conseiller_id.encode()

    finished = spans.get_finished_spans()
    request = next(s for s in finished if s.name == "POST /enrolments")
    trace_id = request.context.trace_id
    in_trace = {s.name for s in finished if s.context.trace_id == trace_id}
    prefix = topic_prefix
    assert f"{prefix}conum.enrolment.conseiller publish" in in_trace
    assert f"{prefix}conum.enrolment.conseiller process" in in_trace
    assert f"{prefix}conum.positioning.conseiller publish" in in_trace
    for span in finished:
        for value in (span.attributes or {}).values():
            assert "awa@example.org" not in str(value)

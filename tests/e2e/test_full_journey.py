"""The journey of ``./conum up`` (deploy/local/journey.py), on the services in-process over a
real Kafka broker: enrolment → positioning → path → training → CCP1 + Pix → the national
view shows the conseiller's step (and keeps no name nor e-mail)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from conum_certification.app import create_app as create_certification
from conum_enrolment.app import create_app as create_enrolment
from conum_national.app import create_app as create_national
from conum_positioning.app import create_app as create_positioning
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.harness import running
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

pytestmark = pytest.mark.kafka

ROOT = Path(__file__).resolve().parents[2]


def load_journey() -> ModuleType:
    spec = importlib.util.spec_from_file_location("journey", ROOT / "deploy/local/journey.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stored_bytes(directory: Path, database: str) -> bytes:
    """A SQLite store's bytes, its write-ahead log included."""
    return b"".join(path.read_bytes() for path in directory.glob(f"{database}*"))


async def test_a_conseiller_goes_from_enrolment_to_double_certification(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    spans = InMemorySpanExporter()
    processors = (SimpleSpanProcessor(spans),)

    def settings(name: str) -> ServiceSettings:
        return ServiceSettings(
            database_url=f"sqlite+aiosqlite:///{tmp_path}/{name}.db",
            kafka_bootstrap_servers=kafka_bootstrap,
            topic_prefix=topic_prefix,
            tokens_file=ROOT / "deploy/local/tokens.json",
            relay_poll_interval=0.05,
        )

    steps: list[str] = []
    enrolment_app = create_enrolment(settings("enrolment"), span_processors=processors)
    positioning_app = create_positioning(settings("positioning"), span_processors=processors)
    certification_app = create_certification(settings("certification"), span_processors=processors)
    national_app = create_national(settings("national"), span_processors=processors)
    async with (
        running(enrolment_app) as enrolment,
        running(positioning_app) as positioning,
        running(certification_app) as certification,
        running(national_app) as national,
    ):
        record = await load_journey().run_journey(
            enrolment, positioning, certification, say=steps.append, national=national
        )

    assert record["ccp1"] == "passed"
    assert record["double_certification"] is not None
    assert any(step.startswith("path assigned: 70 h over 5 weeks") for step in steps)
    assert steps[-1].startswith("national view: FR-NAQ, department 40, step double_certified")
    national_store = stored_bytes(tmp_path, "national.db")
    assert b"Camille" not in national_store and b"Durand" not in national_store
    assert b"@example.org" not in national_store

    finished = spans.get_finished_spans()
    result_request = next(
        s for s in finished if s.name == "POST /positionings/{conseiller_id}/result"
    )
    services_in_trace = {
        s.resource.attributes["service.name"]
        for s in finished
        if s.context.trace_id == result_request.context.trace_id
    }
    # The path assigned by positioning starts the training in enrolment, which certification
    # and the national view learn: one trace across the four services.
    assert services_in_trace == {
        "conum-positioning",
        "conum-enrolment",
        "conum-certification",
        "conum-national",
    }

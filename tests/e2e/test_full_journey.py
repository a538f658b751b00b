"""The journey of ``./conum up`` (deploy/local/journey.py), on the services in-process over a
real Kafka broker: enrolment → positioning → path → training → CCP1 convocation → a module
registered and completed on the FR-NAQ modules instance, seen by La Mednum's national one →
CCP1 + Pix → the national view shows the conseiller's step (and keeps no name nor e-mail).
The FR-IDF modules instance runs too, and never hears of the conseiller."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from conum_certification.app import create_app as create_certification
from conum_enrolment.app import create_app as create_enrolment
from conum_modules.app import create_app as create_modules
from conum_national.app import create_app as create_national
from conum_positioning.app import create_app as create_positioning
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.harness import bearer, eventually, running
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

    def settings(name: str, region: str = "national") -> ServiceSettings:
        return ServiceSettings(
            database_url=f"sqlite+aiosqlite:///{tmp_path}/{name}-{region}.db",
            kafka_bootstrap_servers=kafka_bootstrap,
            topic_prefix=topic_prefix,
            tokens_file=ROOT / "deploy/local/tokens.json",
            relay_poll_interval=0.05,
            region=region,
        )

    steps: list[str] = []
    enrolment_app = create_enrolment(settings("enrolment"), span_processors=processors)
    positioning_app = create_positioning(settings("positioning"), span_processors=processors)
    certification_app = create_certification(settings("certification"), span_processors=processors)
    modules_apps = {
        region: create_modules(settings("modules", region), span_processors=processors)
        for region in ("national", "FR-NAQ", "FR-IDF")
    }
    national_app = create_national(settings("national"), span_processors=processors)
    async with (
        running(enrolment_app) as enrolment,
        running(positioning_app) as positioning,
        running(certification_app) as certification,
        running(modules_apps["national"]) as national_modules,
        running(modules_apps["FR-NAQ"]) as naq_modules,
        running(modules_apps["FR-IDF"]) as idf_modules,
        running(national_app) as national,
    ):
        record = await load_journey().run_journey(
            enrolment,
            positioning,
            certification,
            say=steps.append,
            modules=naq_modules,
            national_modules=national_modules,
            national=national,
        )
        conseiller_id = record["modules"]["conseiller_id"]
        elsewhere = await idf_modules.get(
            f"/conseillers/{conseiller_id}/modules", headers=bearer("dev-national-coordinator")
        )

        async def module_in_national_view() -> bool:
            answer = await national.get(
                f"/national/conseillers/{conseiller_id}",
                headers=bearer("dev-national-coordinator"),
            )
            body = answer.json()
            return (body["mandatory_modules_done"], body["mandatory_modules_owed"]) == (1, 1)

        await eventually(module_in_national_view)  # the modules' events reach the national view

    assert record["ccp1"] == "passed"
    assert record["double_certification"] is not None
    assert any(step.startswith("path assigned: 70 h over 5 weeks") for step in steps)
    completed = [r for r in record["modules"]["registrations"] if r["status"] == "completed"]
    assert [(r["track"], r["funded"], r["region"]) for r in completed] == [
        ("initial", True, "FR-NAQ")
    ]
    assert any(step.startswith("module completed: 1 of 2 initial modules") for step in steps)
    assert elsewhere.status_code == 404  # the FR-IDF instance skipped FR-NAQ's events
    assert steps[-1].startswith("national view: FR-NAQ, department 40, step double_certified")
    for database in ("national-national.db", "modules-national.db", "modules-FR-NAQ.db"):
        stored = stored_bytes(tmp_path, database)
        assert stored, database
        assert b"Camille" not in stored and b"Durand" not in stored
        assert b"@example.org" not in stored

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
    # and the national view learn: one trace across the four services (the modules instances
    # read the conseiller stream too, and may show in it, skipping the training start).
    chain = {"conum-positioning", "conum-enrolment", "conum-certification", "conum-national"}
    assert chain <= services_in_trace <= chain | {"conum-modules"}

    # The hub's registration reaches La Mednum's copy: one trace across two modules instances.
    registration = next(
        s for s in finished if s.name == "POST /sessions/{session_id}/registrations"
    )
    instances_in_trace = {
        (s.resource.attributes["service.name"], s.resource.attributes["conum.region"])
        for s in finished
        if s.context.trace_id == registration.context.trace_id
    }
    assert {("conum-modules", "FR-NAQ"), ("conum-modules", "national")} <= instances_in_trace

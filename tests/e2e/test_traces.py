"""What operators read in traces and logs: one journey step is one trace across services,
every span of it names the conseiller, idle services leave no trace, and every log line
written while an event is handled carries that event's trace id."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conum_certification.app import create_app as create_certification
from conum_enrolment.app import create_app as create_enrolment
from conum_positioning.app import create_app as create_positioning
from conum_runtime.settings import ServiceSettings
from conum_runtime.telemetry import CONSEILLER_ATTRIBUTE
from conum_runtime.testing.harness import eventually, running
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from .test_full_journey import ROOT, load_journey

pytestmark = pytest.mark.kafka


def settings(tmp_path: Path, name: str, kafka: str, prefix: str) -> ServiceSettings:
    return ServiceSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/{name}.db",
        kafka_bootstrap_servers=kafka,
        topic_prefix=prefix,
        tokens_file=ROOT / "deploy/local/tokens.json",
        relay_poll_interval=0.05,
    )


async def test_a_journey_is_found_by_the_conseillers_id_and_idle_services_are_quiet(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="conum_runtime.consumer")
    spans = InMemorySpanExporter()
    processors = (SimpleSpanProcessor(spans),)
    apps = [
        create(settings(tmp_path, name, kafka_bootstrap, topic_prefix), span_processors=processors)
        for name, create in (
            ("enrolment", create_enrolment),
            ("positioning", create_positioning),
            ("certification", create_certification),
        )
    ]
    async with (
        running(apps[0]) as enrolment,
        running(apps[1]) as positioning,
        running(apps[2]) as certification,
    ):
        relays = [app.state.host.relay for app in apps]
        looked = [relay.looks for relay in relays]

        async def idle_polls_done() -> bool:
            return all(r.looks >= n + 20 for r, n in zip(relays, looked, strict=True))

        await eventually(idle_polls_done)  # 20 looks at an empty outbox per service
        assert spans.get_finished_spans() == ()
        record = await load_journey().run_journey(
            enrolment, positioning, certification, say=lambda _step: None
        )
    conseiller_id = record["conseiller_id"]
    finished = spans.get_finished_spans()
    result = next(s for s in finished if s.name == "POST /positionings/{conseiller_id}/result")
    trace = [s for s in finished if s.context.trace_id == result.context.trace_id]
    services = {s.resource.attributes["service.name"] for s in trace}
    assert services == {"conum-positioning", "conum-enrolment", "conum-certification"}
    unnamed = [s.name for s in trace if s.attributes.get(CONSEILLER_ATTRIBUTE) != conseiller_id]
    assert unnamed == []
    handled = [
        r
        for r in caplog.records
        if r.getMessage().startswith(
            ("enrolment: applying", "positioning: applying", "certification: applying")
        )
    ]
    assert handled and all(r.trace_id != "-" for r in handled)  # type: ignore[attr-defined]

"""A journey as operators read it: the services export their spans over OTLP to a real
Jaeger; the trace of a positioning result, read back from Jaeger's API by the conseiller's
id, crosses the services it reached: at least four, with modules and the national view
running beside enrolment, positioning and certification."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from conum_certification.app import create_app as create_certification
from conum_devtools.jaeger.journey import fetch_traces, journey, trees
from conum_devtools.jaeger.server import LocalJaeger
from conum_enrolment.app import create_app as create_enrolment
from conum_modules.app import create_app as create_modules
from conum_national.app import create_app as create_national
from conum_positioning.app import create_app as create_positioning
from conum_runtime.testing.harness import running
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from .test_full_journey import load_journey
from .test_traces import settings

pytestmark = [pytest.mark.kafka, pytest.mark.jaeger, pytest.mark.timeout(1800)]

RESULT = "POST /positionings/{conseiller_id}/result"


async def test_the_trace_of_a_positioning_result_is_read_back_from_jaeger(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str, jaeger: LocalJaeger
) -> None:
    exporters = []

    def export() -> tuple[BatchSpanProcessor]:
        processor = BatchSpanProcessor(
            OTLPSpanExporter(endpoint=f"{jaeger.otlp_http_endpoint}/v1/traces"),
            schedule_delay_millis=200,
        )
        exporters.append(processor)
        return (processor,)

    apps = [
        create(settings(tmp_path, name, kafka_bootstrap, topic_prefix), span_processors=export())
        for name, create in (
            ("enrolment", create_enrolment),
            ("positioning", create_positioning),
            ("certification", create_certification),
            ("modules", create_modules),
            ("national", create_national),
        )
    ]
    async with (
        running(apps[0]) as enrolment,
        running(apps[1]) as positioning,
        running(apps[2]) as certification,
        running(apps[3]),
        running(apps[4]),
    ):
        record = await load_journey().run_journey(
            enrolment, positioning, certification, say=lambda _step: None
        )
    for processor in exporters:
        processor.force_flush()
    conseiller_id = record["conseiller_id"]
    deadline = time.monotonic() + 30
    while True:
        traces = fetch_traces(jaeger.query_url, conseiller_id)
        result = [t for t in traces if any(s["operationName"] == RESULT for s in t["spans"])]
        if result and len(result[0]["processes"]) >= 4:
            break
        assert time.monotonic() < deadline, f"{len(traces)} traces, none complete"
        await asyncio.sleep(0.5)
    services = {p["serviceName"] for p in result[0]["processes"].values()}
    assert {"conum-positioning", "conum-enrolment", "conum-certification"} <= services
    assert "conum-national" in services and len(services) >= 4, services
    assert len(traces) >= 3  # enrolment, result, convocation…: one journey, several traces
    assert trees(result[0])[0].name == RESULT
    printed = journey(jaeger.query_url, conseiller_id)
    assert RESULT in printed and "[conum-certification]" in printed

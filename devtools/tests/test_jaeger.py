"""Jaeger v2: its configuration (no server), then one span sent over OTLP HTTP and read back."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import httpx
import pytest
from conum_devtools.jaeger import LocalJaeger, render_config
from conum_devtools.jaeger.build import MODULE, REPLACE, wrapper_go_mod, wrapper_tools_go
from conum_devtools.jaeger.cli import main
from conum_devtools.jaeger.server import find_template
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor

PORTS = {
    "otlp_grpc_port": 24317,
    "otlp_http_port": 24318,
    "query_port": 26686,
    "query_grpc_port": 26685,
    "health_port": 23133,
}


def test_config_binds_every_endpoint_to_the_loopback() -> None:
    text = render_config(find_template().read_text(), PORTS, 500, None)
    endpoints = [line.split(":", 1)[1].strip() for line in text.splitlines() if "endpoint:" in line]
    assert sorted(endpoints) == sorted(f"127.0.0.1:{port}" for port in PORTS.values())
    assert "0.0.0.0" not in text and "localhost" not in text
    assert "max_traces: 500" in text
    assert 'assets_path: ""' in text
    assert "enable_tracing: false" in text


def test_config_serves_given_ui_assets(tmp_path: Path) -> None:
    text = render_config(find_template().read_text(), PORTS, 500, tmp_path)
    assert f'assets_path: "{tmp_path.resolve()}"' in text


def test_wrapper_module_requires_jaeger_with_its_replace() -> None:
    go_mod = wrapper_go_mod()
    assert f"require {MODULE} v1.76.0" in go_mod
    assert f"replace {REPLACE}" in go_mod
    tools = wrapper_tools_go()
    assert tools.startswith("//go:build tools\n")
    assert f'import _ "{MODULE}/cmd/jaeger"' in tools


def test_free_ports_are_distinct_and_endpoints_follow(tmp_path: Path) -> None:
    jaeger = LocalJaeger(tmp_path)
    assert len(set(jaeger.ports.values())) == 5
    assert jaeger.otlp_http_endpoint == f"http://127.0.0.1:{jaeger.ports['otlp_http_port']}"
    assert jaeger.query_url == f"http://127.0.0.1:{jaeger.ports['query_port']}"
    assert not jaeger.is_running()


def test_cli_status_of_an_empty_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--dir", str(tmp_path)]) == 1
    assert "not running" in capsys.readouterr().out
    assert main(["stop", "--dir", str(tmp_path)]) == 0


@pytest.mark.jaeger
@pytest.mark.timeout(1800)  # the first run on a machine builds Jaeger (7 to 11 minutes)
def test_a_span_sent_over_otlp_http_is_read_back(jaeger: LocalJaeger) -> None:
    service = f"devtools-probe-{uuid.uuid4().hex[:8]}"
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    exporter = OTLPSpanExporter(endpoint=f"{jaeger.otlp_http_endpoint}/v1/traces")
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    with provider.get_tracer("conum.devtools.tests").start_as_current_span("probe") as span:
        trace_id = format(span.get_span_context().trace_id, "032x")
    provider.shutdown()

    deadline = time.monotonic() + 30
    traces: list[dict[str, object]] = []
    while not traces and time.monotonic() < deadline:
        response = httpx.get(f"{jaeger.query_url}/api/traces", params={"service": service})
        if response.status_code == 200:
            traces = response.json()["data"] or []
        if not traces:
            time.sleep(0.3)
    assert [trace["traceID"] for trace in traces] == [trace_id]
    spans = traces[0]["spans"]
    assert isinstance(spans, list) and [s["operationName"] for s in spans] == ["probe"]


@pytest.mark.jaeger
@pytest.mark.timeout(1800)
def test_the_query_port_serves_jaegers_web_ui(jaeger: LocalJaeger) -> None:
    page = httpx.get(f"{jaeger.query_url}/search")
    assert page.status_code == 200
    assert "<title>Jaeger UI</title>" in page.text and 'id="jaeger-ui-root"' in page.text

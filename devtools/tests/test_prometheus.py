"""Prometheus: its configuration (no server), then a real scrape read through its HTTP API."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from conum_devtools.prometheus import (
    LocalPrometheus,
    PrometheusUnavailableError,
    ensure_prometheus,
    file_sd_targets,
    render_config,
)
from conum_devtools.prometheus.cli import main
from conum_devtools.prometheus.server import (
    file_sd_groups,
    find_rules,
    find_template,
    network_services,
)

SERVICE_PORTS = range(8001, 8009)


def test_config_scrapes_every_service_and_the_targets_file(tmp_path: Path) -> None:
    text = render_config(find_template().read_text(), "5s", tmp_path, find_rules())
    assert f'rule_files: ["{find_rules().resolve()}"]' in text
    assert "scrape_interval: 5s" in text
    assert f'files: ["{(tmp_path / "targets.json").resolve()}"]' in text
    assert f'files: ["{(tmp_path / "services.json").resolve()}"]' in text
    assert "0.0.0.0" not in text and "localhost" not in text


def test_every_service_instance_is_scraped_with_its_service_and_region() -> None:
    groups = json.loads(file_sd_groups(network_services()))
    assert {group["targets"][0] for group in groups} == {
        f"127.0.0.1:{port}" for port in SERVICE_PORTS
    }
    naq = {"targets": ["127.0.0.1:8005"], "labels": {"service": "modules", "region": "FR-NAQ"}}
    assert naq in groups
    shifted = json.loads(file_sd_groups(network_services(100)))
    assert {group["targets"][0] for group in shifted} == {
        f"127.0.0.1:{port + 100}" for port in SERVICE_PORTS
    }


def test_targets_file_is_file_discovery_json() -> None:
    groups = json.loads(file_sd_targets(["127.0.0.1:9999"], {"service": "probe"}))
    assert groups == [{"targets": ["127.0.0.1:9999"], "labels": {"service": "probe"}}]
    assert json.loads(file_sd_targets([])) == []


def test_cli_status_of_an_empty_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--dir", str(tmp_path)]) == 1
    assert "not running" in capsys.readouterr().out
    assert main(["stop", "--dir", str(tmp_path)]) == 0


class _Metrics(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"# TYPE conum_devtools_probe gauge\nconum_devtools_probe 42\n"
        self.send_response(200 if self.path == "/metrics" else 404)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def metrics_target() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Metrics)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.prometheus
@pytest.mark.timeout(600)  # may install Debian's package first
def test_a_scraped_metric_is_read_through_the_api(tmp_path: Path, metrics_target: str) -> None:
    try:
        ensure_prometheus()
    except PrometheusUnavailableError as exc:
        pytest.skip(f"Prometheus is absent and cannot be installed: {exc}")
    prometheus = LocalPrometheus(
        tmp_path, scrape_interval="1s", extra_targets=[metrics_target], services=[]
    )
    with prometheus:
        deadline = time.monotonic() + 30
        result: list[dict[str, object]] = []
        while not result and time.monotonic() < deadline:
            response = httpx.get(
                f"{prometheus.url}/api/v1/query", params={"query": "conum_devtools_probe"}
            )
            result = response.json()["data"]["result"]
            if not result:
                time.sleep(0.5)
    assert not prometheus.is_running()
    assert len(result) == 1
    sample = result[0]
    assert sample["metric"] == {
        "__name__": "conum_devtools_probe",
        "instance": metrics_target,
        "job": "local",
    }
    value = sample["value"]
    assert isinstance(value, list) and value[1] == "42"

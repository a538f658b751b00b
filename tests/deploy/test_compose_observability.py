"""docker-compose.yml's Jaeger and Prometheus, checked without a Docker engine (decision
0020): their configurations are the development ones with endpoints in their containers,
Prometheus scrapes every instance with its service and region, and each server's own tool
accepts its file."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest
from conum_devtools.jaeger import JaegerUnavailableError
from conum_devtools.jaeger.build import jaeger_binary
from conum_devtools.prometheus.install import PrometheusUnavailableError, ensure_prometheus

from .readers import ROOT, TOPOLOGY, load_yaml
from .test_compose import INSTANCES, JAEGER_IMAGE, SERVICES, http_port, mounted_file


def test_jaeger_is_the_development_configuration_listening_in_its_container() -> None:
    assert SERVICES["jaeger"]["image"] == JAEGER_IMAGE
    assert SERVICES["jaeger"]["command"] == ["--config", "file:/etc/jaeger/config.yaml"]
    compose = load_yaml(mounted_file("jaeger", "/etc/jaeger/config.yaml"))
    development = load_yaml(ROOT / "deploy" / "jaeger" / "config.yaml")
    assert compose["service"]["pipelines"] == development["service"]["pipelines"]
    assert compose["service"]["extensions"] == development["service"]["extensions"]
    endpoints = list(find_key(compose, "endpoint"))
    assert len(endpoints) == 5
    assert all(endpoint.startswith("0.0.0.0:") for endpoint in endpoints), endpoints


def find_key(tree: Any, key: str) -> Any:
    if isinstance(tree, dict):
        for name, value in tree.items():
            if name == key:
                yield value
            else:
                yield from find_key(value, key)
    elif isinstance(tree, list):
        for value in tree:
            yield from find_key(value, key)


def test_prometheus_scrapes_every_instance_by_its_compose_name() -> None:
    config = load_yaml(mounted_file("prometheus", "/etc/prometheus/prometheus.yml"))
    scraped = {
        target: static.get("labels", {})
        for job in config["scrape_configs"]
        for static in job.get("static_configs", [])
        for target in static["targets"]
    }
    expected = {f"{name}:{http_port(name)}": name for name in INSTANCES}
    assert set(scraped) == set(expected)
    for target, name in expected.items():
        service, region, _ = TOPOLOGY[name]
        assert scraped[target] == {"service": service, "region": region}
    assert all(
        job.get("metrics_path", "/metrics") == "/metrics" for job in config["scrape_configs"]
    )


@pytest.mark.jaeger
@pytest.mark.timeout(900)  # the first use on a machine builds Jaeger (decision 0013)
def test_jaeger_accepts_its_compose_configuration() -> None:
    """Jaeger v2.13.0, the image's version, validates the file without opening a port."""
    try:
        binary = jaeger_binary()
    except JaegerUnavailableError as error:
        pytest.skip(f"Jaeger cannot be built here: {error}")
    config = mounted_file("jaeger", "/etc/jaeger/config.yaml")
    result = subprocess.run(
        [str(binary), "validate", "--config", f"file:{config}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.prometheus
def test_prometheus_accepts_its_compose_configuration() -> None:
    """Debian's promtool (the package the development Prometheus comes from) checks it."""
    try:
        promtool = shutil.which("promtool") or str(ensure_prometheus().with_name("promtool"))
    except PrometheusUnavailableError as error:
        pytest.skip(f"Prometheus cannot be installed here: {error}")
    config = mounted_file("prometheus", "/etc/prometheus/prometheus.yml")
    result = subprocess.run(
        [promtool, "check", "config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

"""The shipped alert rules raise an alert in a real Prometheus (decision 0030): the local
Prometheus of ``./conum up`` (Debian's package, ``conum_devtools.prometheus``) loads
``deploy/prometheus/alerts.yml``, scrapes a live positioning instance on the secured broker,
and once a poison event is dead-lettered ``ConumDeadLettersIncreasing`` goes pending or
firing. The dashboard's queries are answered by the same Prometheus."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from conum_devtools.prometheus import LocalPrometheus, PrometheusUnavailableError, ensure_prometheus
from conum_positioning.app import create_app
from conum_positioning.testing import enrolled
from conum_runtime.testing.events import envelope_for, kafka_headers
from conum_runtime.testing.served import served
from conum_runtime.testing.services import service_settings

from tests.integration.test_metrics import TOKENS, send

pytestmark = [pytest.mark.kafka, pytest.mark.prometheus, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]
ALERT = "ConumDeadLettersIncreasing"
WAIT = 90.0
"""Seconds at most for a scrape then an evaluation (each every second here) to see a change."""


def wait_for(ask: Any, what: str) -> Any:
    """Poll ``ask()`` until it answers something truthy, at most :data:`WAIT` seconds."""
    deadline = time.monotonic() + WAIT
    while True:
        answer = ask()
        if answer:
            return answer
        assert time.monotonic() < deadline, f"{what} within {WAIT}s"
        time.sleep(0.5)


def query(prometheus: str, expression: str) -> list[dict[str, Any]]:
    answer = httpx.get(f"{prometheus}/api/v1/query", params={"query": expression}).json()
    assert answer["status"] == "success", (expression, answer)
    result: list[dict[str, Any]] = answer["data"]["result"]
    return result


def dead_letter_alerts(prometheus: str) -> list[dict[str, Any]]:
    alerts = httpx.get(f"{prometheus}/api/v1/alerts").json()["data"]["alerts"]
    return [
        alert
        for alert in alerts
        if alert["labels"]["alertname"] == ALERT
        and alert["labels"].get("consumer") == "positioning"
    ]


def test_a_dead_letter_raises_the_shipped_alert_in_the_local_prometheus(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    try:
        ensure_prometheus()
    except PrometheusUnavailableError as error:
        pytest.skip(f"Prometheus is absent and cannot be installed: {error}")
    app = create_app(
        service_settings(
            f"sqlite+aiosqlite:///{tmp_path}/positioning.db", kafka_bootstrap, topic_prefix, TOKENS
        )
    )
    event = enrolled(str(uuid.uuid4()))
    poison = (b"not json", kafka_headers(envelope_for(event, "FR-NAQ")))
    with served(app) as base_url:
        target = base_url.removeprefix("http://")
        prometheus = LocalPrometheus(
            tmp_path / "prometheus", scrape_interval="1s", extra_targets=[target], services=[]
        )
        with prometheus:
            rules = httpx.get(f"{prometheus.url}/api/v1/rules").json()["data"]["groups"]
            loaded = {rule["name"] for group in rules for rule in group["rules"]}
            assert ALERT in loaded and len(loaded) == 5, loaded
            # scraped before anything went wrong: the counter is there, at 0, and quiet
            wait_for(
                lambda: query(prometheus.url, 'conum_dead_letters_total{consumer="positioning"}'),
                "the dead-letter counter scraped",
            )
            assert dead_letter_alerts(prometheus.url) == []
            asyncio.run(
                send(kafka_bootstrap, topic_prefix + "conum.enrolment.conseiller", [poison])
            )
            (alert,) = wait_for(lambda: dead_letter_alerts(prometheus.url), f"{ALERT} raised")
            assert alert["state"] in ("pending", "firing")
            assert alert["labels"]["reason"] == "contract_violation"
            assert alert["annotations"]["runbook_url"].startswith("docs/operations/alerts.md#")
            answered = dashboard_answers(prometheus.url)
    assert not prometheus.is_running()
    assert answered["Dead letters (per hour)"], "the dashboard shows the dead letter"


def dashboard_answers(prometheus: str) -> dict[str, list[dict[str, Any]]]:
    """Every query of the Grafana dashboard, answered without error by this Prometheus."""
    dashboard = json.loads((ROOT / "deploy" / "k8s" / "monitoring" / "dashboard.json").read_text())
    answers: dict[str, list[dict[str, Any]]] = {}
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            answers.setdefault(panel["title"], []).extend(query(prometheus, target["expr"]))
    return answers

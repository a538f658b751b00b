"""deploy/prometheus/alerts.yml: Prometheus's own tool accepts the rules and runs their unit
tests (alerts.test.yml: each alert fires on what it is about, and only then); each alert's
runbook is a section of docs/operations/alerts.md; the regional guide names every Secret the
instances read (decision 0030)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml
from conum_devtools.prometheus.install import PrometheusUnavailableError, ensure_prometheus

from .readers import ROOT

RULES = ROOT / "deploy" / "prometheus" / "alerts.yml"
ALERTS = [rule for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]]
RUNBOOKS = ROOT / "docs" / "operations" / "alerts.md"
GUIDE = (ROOT / "docs" / "operations" / "regional-deployment.md").read_text(encoding="utf-8")


def promtool() -> str:
    try:
        return shutil.which("promtool") or str(ensure_prometheus().with_name("promtool"))
    except PrometheusUnavailableError as error:
        pytest.skip(f"Prometheus cannot be installed here: {error}")


@pytest.mark.prometheus
@pytest.mark.parametrize(
    "command", [["check", "rules", "alerts.yml"], ["test", "rules", "alerts.test.yml"]]
)
def test_promtool_accepts_the_rules_and_their_unit_tests_pass(command: list[str]) -> None:
    result = subprocess.run(
        [promtool(), *command],
        cwd=RULES.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_unit_tests_cover_every_alert() -> None:
    tests = yaml.safe_load((RULES.parent / "alerts.test.yml").read_text())["tests"]
    tested = {
        case["alertname"]
        for test in tests
        for case in test["alert_rule_test"]
        if case.get("exp_alerts")
    }
    assert tested == {rule["alert"] for rule in ALERTS}


def test_the_issue_s_alerts_are_there() -> None:
    assert {rule["alert"] for rule in ALERTS} == {
        "ConumDeadLettersIncreasing",
        "ConumOutboxStuck",
        "ConumConsumerLagGrowing",
        "ConumServiceNotReady",
        "ConumNationalViewStale",
    }


@pytest.mark.parametrize("rule", ALERTS, ids=lambda rule: rule["alert"])
def test_each_alert_has_a_runbook_section(rule: dict[str, object]) -> None:
    annotations = rule["annotations"]
    assert isinstance(annotations, dict)
    path, _, anchor = str(annotations["runbook_url"]).partition("#")
    assert ROOT / path == RUNBOOKS
    headings = re.findall(r"^## (\S+)$", RUNBOOKS.read_text(encoding="utf-8"), re.MULTILINE)
    assert anchor == str(rule["alert"]).lower() and rule["alert"] in headings
    assert rule["labels"]["severity"] in ("warning", "critical")  # type: ignore[index]


def test_the_guide_tells_a_hub_how_to_create_every_secret_its_instances_read() -> None:
    from conum_devtools import manifests

    for directory in manifests.instance_directories(ROOT):
        if directory.region == "national":
            continue
        for secret in (directory.values["postgres-secret"], directory.values["tokens-secret"]):
            pattern = secret.replace("fr-naq", r"[\w-]+").replace("fr-idf", r"[\w-]+")
            assert re.search(rf"create secret generic {pattern}\b", GUIDE), secret
    assert "conum-cluster-ca-cert" in GUIDE
    assert "kubectl apply -k deploy/k8s/overlays/fr-naq" in GUIDE

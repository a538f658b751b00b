"""deploy/k8s/, checked without a cluster (decision 0030): each overlay rendered by kustomize
and checked by kubeconform ``-strict`` against the Kubernetes schemas kubernetes-validate ships
and the custom resources' schemas of deploy/k8s/schemas; then what no schema knows: every
instance of every overlay has the KafkaUser the contracts give, reads its password from the
Secret Strimzi makes, scales on its own group's lag, migrates once, and sets only settings the
code reads."""

from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conum_devtools import manifests
from conum_runtime.broker_access import (
    OPERATOR,
    network_topics,
    operator_access,
)
from conum_runtime.broker_access.strimzi import user_bindings

from .kubernetes import OVERLAYS, RenderedInstance, documents, labels_match
from .readers import K8S, ROOT, TOPOLOGY

KUBERNETES = "1.37"
"""The newest Kubernetes whose schemas the locked kubernetes-validate ships."""
OLDEST_KUBERNETES = "1.30"
"""The manifests use nothing newer (checked too): clusters still supported by vendors."""
CUSTOM_SCHEMAS = (
    K8S / "schemas" / "{{ .Group }}" / "{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"
)
DIRECTORIES = manifests.instance_directories(ROOT)
INSTANCE_IDS = [f"{d.overlay}/{d.path.name}" for d in DIRECTORIES]
Render = Callable[[Path], str]


def kubeconform_errors(binary: Path, schemas: Path, text: str, version: str) -> list[str]:
    result = subprocess.run(
        [
            str(binary),
            "-strict",
            "-summary",
            "-output",
            "json",
            "-kubernetes-version",
            f"{version}.0",
            "-schema-location",
            f"{schemas}/{{{{ .ResourceKind }}}}{{{{ .KindSuffix }}}}.json",
            "-schema-location",
            str(ROOT / CUSTOM_SCHEMAS),
            "-",
        ],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["summary"]["valid"] + report["summary"]["invalid"] + report["summary"][
        "errors"
    ] == len(documents(text)), report["summary"]
    return [
        f"{r['kind']}/{r['name']}: {r['msg']} {r.get('validationErrors') or ''}"
        for r in report["resources"]
        if r["status"] != "statusValid"
    ]


# --- the schemas -------------------------------------------------------------------------


@pytest.mark.parametrize("version", [KUBERNETES, OLDEST_KUBERNETES])
@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_the_rendered_overlay_passes_kubeconform_strict(
    overlay: str,
    version: str,
    rendered: dict[str, str],
    kubeconform: Path,
    kubernetes_schemas: Callable[[str], Path],
) -> None:
    assert (
        kubeconform_errors(kubeconform, kubernetes_schemas(version), rendered[overlay], version)
        == []
    )


def test_strict_validation_refuses_unknown_fields_of_kubernetes_and_custom_resources(
    rendered: dict[str, str], kubeconform: Path, kubernetes_schemas: Callable[[str], Path]
) -> None:
    resources = documents(rendered["fr-naq"])
    broken = copy.deepcopy(resources)
    for document in broken:
        if document["kind"] == "Deployment":
            document["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["path"] = "/x"
        if document["kind"] in ("KafkaUser", "ScaledObject", "TriggerAuthentication"):
            document["spec"]["unknown"] = True
    text = yaml.safe_dump_all(broken)
    errors = kubeconform_errors(kubeconform, kubernetes_schemas(KUBERNETES), text, KUBERNETES)
    kinds = sorted(error.split("/")[0] for error in errors)
    assert kinds == ["Deployment", "KafkaUser", "ScaledObject", "TriggerAuthentication"], errors


def test_the_custom_resources_schemas_say_where_they_come_from() -> None:
    sources = json.loads((K8S / "schemas" / "sources.json").read_text())
    written = {str(p.relative_to(K8S / "schemas")) for p in (K8S / "schemas").glob("*/*.json")}
    assert written == set(sources)
    for origin in sources.values():
        assert {"package", "file", "sha256"} <= set(origin)


# --- generated from the contracts and the rules -------------------------------------------


def test_the_generated_files_are_up_to_date() -> None:
    stale = [str(path.relative_to(ROOT)) for path in manifests.stale_files(ROOT)]
    assert stale == [], "run: uv run python -m conum_devtools.manifests write"


def test_the_topics_are_the_network_s_with_the_partitions_the_services_are_told(
    rendered: dict[str, str],
) -> None:
    national = documents(rendered["national"])
    topics = {d["spec"]["topicName"]: d for d in national if d["kind"] == "KafkaTopic"}
    assert sorted(topics) == network_topics(manifests.SERVICES)
    (external,) = [d for d in national if d["metadata"]["name"] == "conum-external"]
    partitions = int(external["data"]["kafka-topic-partitions"])
    for topic in topics.values():
        assert topic["spec"]["partitions"] == partitions
        assert topic["spec"]["replicas"] == 3
        assert topic["spec"]["config"]["min.insync.replicas"] == 2
    for overlay, text in rendered.items():
        if overlay != "national":
            assert not [d for d in documents(text) if d["kind"] in ("KafkaTopic", "Namespace")]


def test_the_operators_principal_reads_the_dead_letters_and_writes_them_back(
    rendered: dict[str, str],
) -> None:
    users = {
        d["metadata"]["name"]: d
        for d in documents(rendered["national"])
        if d["kind"] == "KafkaUser"
    }
    operator = users[OPERATOR]
    principal = f"User:{OPERATOR}"
    assert user_bindings(operator, principal) == sorted(operator_access())


def test_the_overlays_run_the_network_of_the_compose_file(
    all_instances: dict[str, RenderedInstance],
) -> None:
    deployed = sorted((i.service, i.region) for i in all_instances.values())
    assert deployed == sorted((service, region) for service, region, _ in TOPOLOGY.values())
    assert {i.overlay for i in all_instances.values() if i.region != "national"} == {
        "fr-naq",
        "fr-idf",
    }


# --- the operators' monitoring -------------------------------------------------------------


def test_the_prometheus_rule_is_the_local_alert_rules(rendered: dict[str, str]) -> None:
    (rule,) = [d for d in documents(rendered["national"]) if d["kind"] == "PrometheusRule"]
    local = yaml.safe_load((ROOT / manifests.ALERTS).read_text())
    assert rule["spec"]["groups"] == local["groups"]


def test_the_service_monitor_scrapes_every_instance_with_its_service_and_region(
    rendered: dict[str, str], all_instances: dict[str, RenderedInstance]
) -> None:
    (monitor,) = [d for d in documents(rendered["national"]) if d["kind"] == "ServiceMonitor"]
    for instance in all_instances.values():
        labels = instance.resources["Service"]["metadata"]["labels"]
        assert labels_match(monitor["spec"]["selector"], labels), instance.name
        port = instance.resources["Service"]["spec"]["ports"][0]["name"]
        pod_labels = instance.deployment["spec"]["template"]["metadata"]["labels"]
        assert {"conum/service", "conum/region"} <= set(pod_labels)
    (endpoint,) = monitor["spec"]["endpoints"]
    assert (endpoint["port"], endpoint["path"]) == (port, "/metrics")
    relabelled = {r["targetLabel"]: r["sourceLabels"] for r in endpoint["relabelings"]}
    assert relabelled == {
        "service": ["__meta_kubernetes_pod_label_conum_service"],
        "region": ["__meta_kubernetes_pod_label_conum_region"],
    }

"""deploy/k8s/, checked without a cluster (decision 0020): every document against the
Kubernetes JSON schemas that kubernetes-validate bundles (strict: unknown fields refused), then
what the schemas cannot know: settings the code reads, probes on the health endpoints, tokens
and database credentials from Secrets, replicas that share a consumer group, Kafka and
PostgreSQL outside."""

from __future__ import annotations

import copy
import re
from collections import Counter
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
from pydantic import ValidationError

from .readers import (
    K8S,
    READ_OUTSIDE_SETTINGS,
    REQUIRED,
    TOPOLOGY,
    dockerfile_stages,
    load_yaml,
    load_yaml_documents,
    quantity,
    read_settings,
)

KUBERNETES = "1.37"
"""The newest Kubernetes whose schemas the locked kubernetes-validate bundles."""
OLDEST_KUBERNETES = "1.30"
"""The manifests use nothing newer (checked too): clusters still supported by vendors."""

KUSTOMIZATION = K8S / "kustomization.yaml"
FILES = sorted(path for path in K8S.glob("*.yaml") if path != KUSTOMIZATION)
DOCUMENTS: list[tuple[Path, dict[str, Any]]] = [
    (path, document) for path in FILES for document in load_yaml_documents(path)
]
DEPLOYMENTS = {doc["metadata"]["name"]: doc for _, doc in DOCUMENTS if doc["kind"] == "Deployment"}
CONFIG_MAPS = {doc["metadata"]["name"]: doc for _, doc in DOCUMENTS if doc["kind"] == "ConfigMap"}
README = (K8S / "README.md").read_text(encoding="utf-8")
EXTERNAL = "conum-external"


def document_id(item: tuple[Path, dict[str, Any]]) -> str:
    path, document = item
    return f"{path.name}:{document['kind']}/{document['metadata']['name']}"


@pytest.mark.parametrize("version", [KUBERNETES, OLDEST_KUBERNETES])
@pytest.mark.parametrize("item", DOCUMENTS, ids=document_id)
def test_the_document_validates_against_the_kubernetes_schema(
    item: tuple[Path, dict[str, Any]], version: str
) -> None:
    _, document = item
    try:
        kubernetes_validate.validate(document, version, strict=True)
    except kubernetes_validate.ValidationError as error:
        path = ".".join(str(part) for part in error.path)
        pytest.fail(f"{path}: {error.message}")


def test_the_schemas_of_this_version_are_bundled() -> None:
    from kubernetes_validate.utils import latest_version

    assert latest_version().startswith(KUBERNETES)


def test_strict_validation_refuses_an_unknown_field() -> None:
    deployment = copy.deepcopy(DEPLOYMENTS["enrolment"])
    deployment["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["path"] = "/x"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES, strict=True)


def test_the_kustomization_lists_every_manifest_and_every_image() -> None:
    kustomization = load_yaml(KUSTOMIZATION)
    assert sorted(kustomization["resources"]) == sorted(path.name for path in FILES)
    assert kustomization["namespace"] == "conum"
    images = {image["name"] for image in kustomization["images"]}
    assert images == {image(deployment).split(":")[0] for deployment in DEPLOYMENTS.values()}
    for _, document in DOCUMENTS:
        assert document["metadata"].get("namespace", "conum") == "conum"


# --- Kafka and PostgreSQL are outside ----------------------------------------------------


def test_kafka_and_postgresql_are_external_dependencies() -> None:
    kinds = Counter(document["kind"] for _, document in DOCUMENTS)
    assert kinds["StatefulSet"] == 0
    for deployment in DEPLOYMENTS.values():
        assert not re.search(r"kafka|postgres", image(deployment)), image(deployment)
    data = CONFIG_MAPS[EXTERNAL]["data"]
    assert {"kafka-bootstrap-servers", "postgres-host", "postgres-port"} <= set(data)
    for name, deployment in DEPLOYMENTS.items():
        used = {
            (ref["name"], ref["key"])
            for variable in env(deployment)
            if (ref := variable.get("valueFrom", {}).get("configMapKeyRef"))
        }
        assert {(EXTERNAL, "kafka-bootstrap-servers"), (EXTERNAL, "postgres-host")} <= used, name


def test_the_deployments_are_the_network_of_the_compose_file() -> None:
    deployed = sorted(
        (service_of(deployment), literal(deployment)["CONUM_REGION"])
        for deployment in DEPLOYMENTS.values()
    )
    assert deployed == sorted((service, region) for service, region, _ in TOPOLOGY.values())


def test_each_consumer_group_belongs_to_one_deployment() -> None:
    groups = Counter(
        (service_of(deployment), literal(deployment)["CONUM_REGION"])
        for deployment in DEPLOYMENTS.values()
    )
    assert set(groups.values()) == {1}, groups


# --- each Deployment ---------------------------------------------------------------------


def container(deployment: dict[str, Any]) -> dict[str, Any]:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return dict(containers[0])


def env(deployment: dict[str, Any]) -> list[dict[str, Any]]:
    return list(container(deployment).get("env", []))


def literal(deployment: dict[str, Any]) -> dict[str, str]:
    return {item["name"]: item["value"] for item in env(deployment) if "value" in item}


def image(deployment: dict[str, Any]) -> str:
    return str(container(deployment)["image"])


def service_of(deployment: dict[str, Any]) -> str:
    match = re.fullmatch(r"conum/([a-z]+):[\w.-]+", image(deployment))
    assert match, image(deployment)
    return match[1]


def resolved(deployment: dict[str, Any]) -> dict[str, str]:
    """The environment as the kubelet builds it: ConfigMap values read from the manifests,
    Secret values replaced by stand-ins (the operator's), ``$(NAME)`` expanded."""
    values: dict[str, str] = {}
    for item in env(deployment):
        if "value" in item:
            values[item["name"]] = re.sub(
                r"\$\((\w+)\)", lambda found: values.get(found[1], found[0]), item["value"]
            )
        elif ref := item["valueFrom"].get("configMapKeyRef"):
            values[item["name"]] = CONFIG_MAPS[ref["name"]]["data"][ref["key"]]
        elif ref := item["valueFrom"].get("secretKeyRef"):
            values[item["name"]] = f"secret-{ref['key']}"
    return values


NAMES = sorted(DEPLOYMENTS)


@pytest.mark.parametrize("name", NAMES)
def test_the_image_is_a_dockerfile_target(name: str) -> None:
    assert service_of(DEPLOYMENTS[name]) in dockerfile_stages()


@pytest.mark.parametrize("name", NAMES)
def test_every_variable_is_a_setting_the_code_reads(name: str) -> None:
    deployment = DEPLOYMENTS[name]
    names = [item["name"] for item in env(deployment)]
    assert len(names) == len(set(names)), "a variable set twice"
    read = read_settings(service_of(deployment))
    ours = {key for key in names if key.startswith("CONUM_")}
    unknown = ours - read.variables - set(read.unchecked(dict.fromkeys(ours, "")))
    assert not unknown, f"not read by conum_{read.service}: {sorted(unknown)}"
    expanded = {
        found
        for value in literal(deployment).values()
        for found in re.findall(r"\$\((\w+)\)", value)
    }
    others = set(names) - ours - set(READ_OUTSIDE_SETTINGS)
    assert others <= expanded, f"set but neither read nor expanded: {sorted(others - expanded)}"
    assert ours >= REQUIRED, sorted(REQUIRED - ours)
    try:
        read.load({key: value for key, value in resolved(deployment).items() if key in ours})
    except ValidationError as error:
        pytest.fail(f"{name}: a value does not fit its setting:\n{error}")
    if read.own_module is None:
        pytest.skip(read.missing_reason)


@pytest.mark.parametrize("name", NAMES)
def test_references_to_config_maps_name_existing_keys(name: str) -> None:
    for item in env(DEPLOYMENTS[name]):
        if ref := item.get("valueFrom", {}).get("configMapKeyRef"):
            assert ref["key"] in CONFIG_MAPS[ref["name"]]["data"], ref


@pytest.mark.parametrize("name", NAMES)
def test_the_database_url_takes_its_credentials_from_a_secret(name: str) -> None:
    items = {item["name"]: item for item in env(DEPLOYMENTS[name])}
    url = items["CONUM_DATABASE_URL"]
    if "valueFrom" in url:
        assert "secretKeyRef" in url["valueFrom"]
        return
    match = re.fullmatch(
        r"postgresql\+asyncpg://\$\((\w+)\):\$\((\w+)\)@\$\((\w+)\):\$\((\w+)\)/\$\((\w+)\)",
        url["value"],
    )
    assert match, url["value"]
    user, password, host, port, database = match.groups()
    order = list(items)
    for variable in match.groups():  # $(NAME) expands only names defined before it
        assert order.index(variable) < order.index("CONUM_DATABASE_URL"), variable
    for variable in (user, password, database):
        ref = items[variable]["valueFrom"]["secretKeyRef"]
        assert ref["name"] == f"conum-postgres-{name}", ref
    for variable in (host, port):
        assert items[variable]["valueFrom"]["configMapKeyRef"]["name"] == EXTERNAL


@pytest.mark.parametrize("name", NAMES)
def test_the_tokens_file_is_a_mounted_secret(name: str) -> None:
    deployment = DEPLOYMENTS[name]
    tokens_file = Path(literal(deployment)["CONUM_TOKENS_FILE"])
    volumes = {
        volume["name"]: volume for volume in deployment["spec"]["template"]["spec"]["volumes"]
    }
    mounts = [
        mount
        for mount in container(deployment)["volumeMounts"]
        if tokens_file.parent == Path(mount["mountPath"])
    ]
    assert len(mounts) == 1 and mounts[0].get("readOnly") is True, mounts
    secret = volumes[mounts[0]["name"]]["secret"]
    assert secret["secretName"] == "conum-tokens"
    assert tokens_file.name in {item["path"] for item in secret["items"]}


def test_the_operator_is_told_how_to_create_every_secret() -> None:
    referenced: set[tuple[str, str]] = set()
    for deployment in DEPLOYMENTS.values():
        for item in env(deployment):
            if ref := item.get("valueFrom", {}).get("secretKeyRef"):
                referenced.add((ref["name"], ref["key"]))
        for volume in deployment["spec"]["template"]["spec"]["volumes"]:
            if "secret" in volume:
                for item in volume["secret"]["items"]:
                    referenced.add((volume["secret"]["secretName"], item["key"]))
    loop = re.search(r"for instance in ([\w -]+); do", README)
    assert loop, "README.md: the loop creating the database Secrets"
    assert sorted(loop[1].split()) == NAMES
    for secret, key in referenced:
        per_instance = secret.removeprefix("conum-postgres-") in NAMES
        created = "conum-postgres-$instance" if per_instance else secret
        assert f'secret generic "{created}"' in README or f"secret generic {created}" in README, (
            secret
        )
        assert f"--from-literal={key}=" in README or f"--from-file={key}=" in README, key


@pytest.mark.parametrize("name", NAMES)
def test_probes_ask_the_health_endpoints_on_the_service_port(name: str) -> None:
    deployment = DEPLOYMENTS[name]
    spec = container(deployment)
    ports = {port["name"]: port["containerPort"] for port in spec["ports"]}
    assert ports == {"http": int(literal(deployment)["CONUM_HTTP_PORT"])}
    assert spec["livenessProbe"]["httpGet"] == {"path": "/health/live", "port": "http"}
    assert spec["readinessProbe"]["httpGet"] == {"path": "/health/ready", "port": "http"}
    startup = spec["startupProbe"]
    assert startup["httpGet"] == {"path": "/health/live", "port": "http"}
    # Start-up migrates and connects before the port opens: give it minutes, not seconds.
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 120


@pytest.mark.parametrize("name", NAMES)
def test_replicas_are_consumer_group_members_the_partitions_can_feed(name: str) -> None:
    replicas = DEPLOYMENTS[name]["spec"]["replicas"]
    partitions = int(CONFIG_MAPS[EXTERNAL]["data"]["kafka-topic-partitions"])
    assert 2 <= replicas <= partitions


@pytest.mark.parametrize("name", NAMES)
def test_resources_are_requested_and_limited(name: str) -> None:
    resources = container(DEPLOYMENTS[name])["resources"]
    for resource in ("cpu", "memory"):
        request = quantity(resources["requests"][resource])
        limit = quantity(resources["limits"][resource])
        assert 0 < request <= limit, (resource, request, limit)


@pytest.mark.parametrize("name", NAMES)
def test_the_pod_runs_as_the_image_s_unprivileged_user(name: str) -> None:
    pod = DEPLOYMENTS[name]["spec"]["template"]["spec"]
    service = service_of(DEPLOYMENTS[name])
    users = [user for stage in dockerfile_stages().values() for user in stage.all("USER")]
    image_uid = int(users[-1].split(":")[0])
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == image_uid, service
    assert container(DEPLOYMENTS[name])["securityContext"]["allowPrivilegeEscalation"] is False


@pytest.mark.parametrize("name", NAMES)
def test_the_service_and_disruption_budget_select_the_deployment_s_pods(name: str) -> None:
    deployment = DEPLOYMENTS[name]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    others = {
        doc["kind"]: doc
        for _, doc in DOCUMENTS
        if doc["metadata"]["name"] == name and doc["kind"] != "Deployment"
    }
    assert set(others) == {"Service", "PodDisruptionBudget"}
    assert others["Service"]["spec"]["selector"].items() <= labels.items()
    assert others["Service"]["spec"]["ports"][0]["targetPort"] == "http"
    budget = others["PodDisruptionBudget"]["spec"]
    assert budget["selector"]["matchLabels"].items() <= labels.items()
    assert budget["minAvailable"] < deployment["spec"]["replicas"]

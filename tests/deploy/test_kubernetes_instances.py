"""Each instance of each Kubernetes overlay, as kustomize renders it (decision 0030): the
KafkaUser the contracts give, the password from the Secret Strimzi makes, scaling on its own
group's lag, migrations before it starts, settings the code reads, the Secrets its
kustomization names, probes and resources, selectors and a NetworkPolicy that fit."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conum_devtools import manifests
from conum_runtime.broker_access import instance_access, reads_of
from conum_runtime.broker_access.strimzi import user_bindings
from conum_runtime.settings import ServiceSettings
from pydantic import ValidationError

from .kubernetes import RenderedInstance, labels_match
from .readers import REQUIRED, ROOT, dockerfile_stages, quantity, read_settings

DIRECTORIES = manifests.instance_directories(ROOT)
INSTANCE_IDS = [f"{d.overlay}/{d.path.name}" for d in DIRECTORIES]


@pytest.fixture(params=DIRECTORIES, ids=INSTANCE_IDS)
def instance(
    request: pytest.FixtureRequest, all_instances: dict[str, RenderedInstance]
) -> RenderedInstance:
    directory: manifests.InstanceDirectory = request.param
    found = all_instances[f"{directory.overlay}/{directory.service}"]
    assert (found.service, found.region) == (directory.service, directory.region)
    return found


def test_the_kafka_user_holds_what_the_contracts_give(instance: RenderedInstance) -> None:
    user = instance.resources["KafkaUser"]
    principal = f"User:{user['metadata']['name']}"
    derived = instance_access(
        instance.service, instance.region, reads_of(instance.service), creates_topics=False
    )
    expected = sorted(
        acl.__class__(
            principal,
            *[getattr(acl, f) for f in ("resource_type", "pattern_type", "resource", "operation")],
        )
        for acl in derived
    )
    assert user_bindings(user, principal) == expected
    assert user["spec"]["authentication"] == {"type": "scram-sha-512"}
    assert user["metadata"]["labels"]["strimzi.io/cluster"] == manifests.CLUSTER


def test_the_service_connects_as_its_kafka_user_with_strimzi_s_secret_over_tls(
    instance: RenderedInstance,
) -> None:
    user = instance.resources["KafkaUser"]["metadata"]["name"]
    assert user == f"conum-{instance.name}"
    environment = instance.environment()
    assert environment["CONUM_KAFKA_SASL_USERNAME"] == user
    assert environment["CONUM_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert environment["CONUM_KAFKA_SASL_MECHANISM"] == "SCRAM-SHA-512"
    assert "CONUM_KAFKA_SASL_PASSWORD" not in environment
    password = instance.mounted_from(environment["CONUM_KAFKA_SASL_PASSWORD_FILE"])["secret"]
    assert password["secretName"] == user  # the Secret Strimzi writes for the KafkaUser
    assert password["items"] == [{"key": "password", "path": "password"}]
    ca = instance.mounted_from(environment["CONUM_KAFKA_SSL_CAFILE"])["secret"]
    assert ca["secretName"] == f"{manifests.CLUSTER}-cluster-ca-cert"
    assert ca["items"] == [{"key": "ca.crt", "path": "ca.crt"}]
    assert environment["CONUM_KAFKA_CREATE_TOPICS"] == "false"


def test_the_instance_scales_on_its_own_group_s_lag_up_to_the_partitions(
    instance: RenderedInstance,
) -> None:
    scaled = instance.resources["ScaledObject"]["spec"]
    assert scaled["scaleTargetRef"] == {"name": instance.deployment["metadata"]["name"]}
    (trigger,) = scaled["triggers"]
    settings = ServiceSettings(service=instance.service, region=instance.region)
    assert trigger["type"] == "kafka"
    assert trigger["metadata"]["consumerGroup"] == settings.group_id
    assert trigger["metadata"]["bootstrapServersFromEnv"] in instance.environment()
    assert (trigger["metadata"]["sasl"], trigger["metadata"]["tls"]) == ("scram_sha512", "enable")
    partitions = int(instance.environment()["CONUM_KAFKA_TOPIC_PARTITIONS"])
    assert trigger["metadata"]["allowIdleConsumers"] == "false"
    assert 2 <= scaled["minReplicaCount"] <= scaled["maxReplicaCount"] == partitions
    assert "replicas" not in instance.deployment["spec"], "the autoscaler sets the replicas"
    authentication = instance.resources["TriggerAuthentication"]
    assert trigger["authenticationRef"] == {"name": authentication["metadata"]["name"]}
    secrets = {ref["parameter"]: ref for ref in authentication["spec"]["secretTargetRef"]}
    assert secrets["password"]["name"] == instance.resources["KafkaUser"]["metadata"]["name"]
    assert secrets["ca"]["name"] == f"{manifests.CLUSTER}-cluster-ca-cert"
    (username,) = authentication["spec"]["env"]
    assert (username["parameter"], username["name"]) == ("username", "CONUM_KAFKA_SASL_USERNAME")
    budget = instance.resources["PodDisruptionBudget"]["spec"]
    assert budget["minAvailable"] < scaled["minReplicaCount"]


def test_the_replicas_wait_for_the_schema_one_migration_at_a_time(
    instance: RenderedInstance,
) -> None:
    (migrate,) = instance.pod["initContainers"]
    assert migrate["command"] == [
        "python",
        "-m",
        "conum_runtime.migrations",
        "upgrade",
        instance.service,
    ]
    assert migrate["image"] == instance.container()["image"]
    assert (
        instance.environment("migrate")["CONUM_DATABASE_URL"]
        == instance.environment()["CONUM_DATABASE_URL"]
    )
    assert instance.environment()["CONUM_MIGRATE_ON_START"] == "false"


@pytest.mark.parametrize("container", ["service", "migrate"])
def test_every_variable_is_a_setting_the_code_reads(
    instance: RenderedInstance, container: str
) -> None:
    environment = instance.environment(container)
    read = read_settings(instance.service)
    ours = {key for key in environment if key.startswith("CONUM_")}
    unknown = ours - read.variables - set(read.unchecked(environment))
    assert not unknown, f"not read by conum_{read.service}: {sorted(unknown)}"
    if container == "service":
        assert ours >= REQUIRED, sorted(REQUIRED - ours)
    try:
        read.load({key: value for key, value in environment.items() if key in ours})
    except ValidationError as error:
        pytest.fail(f"{instance.name}: a value does not fit its setting:\n{error}")


def test_the_database_and_the_tokens_come_from_the_secrets_the_instance_names(
    instance: RenderedInstance,
) -> None:
    directory = next(
        d for d in DIRECTORIES if (d.service, d.region) == (instance.service, instance.region)
    )
    env = {item["name"]: item for item in instance.container()["env"]}
    for variable in ("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"):
        ref = env[variable]["valueFrom"]["secretKeyRef"]
        assert (
            ref["name"] == directory.values["postgres-secret"] == f"conum-postgres-{instance.name}"
        )
    tokens = instance.mounted_from(instance.environment()["CONUM_TOKENS_FILE"])["secret"]
    assert tokens["secretName"] == directory.values["tokens-secret"]
    region = instance.region.lower()
    assert tokens["secretName"] == (
        "conum-tokens" if region == "national" else f"conum-tokens-{region}"
    )


def test_probes_resources_and_an_unprivileged_pod(instance: RenderedInstance) -> None:
    spec = instance.container()
    port = int(instance.environment()["CONUM_HTTP_PORT"])
    assert [(p["name"], p["containerPort"]) for p in spec["ports"]] == [("http", port)]
    assert spec["livenessProbe"]["httpGet"] == {"path": "/health/live", "port": "http"}
    assert spec["readinessProbe"]["httpGet"] == {"path": "/health/ready", "port": "http"}
    startup = spec["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 120
    users = [user for stage in dockerfile_stages().values() for user in stage.all("USER")]
    assert instance.pod["securityContext"]["runAsUser"] == int(users[-1].split(":")[0])
    for container in (spec, instance.container("migrate")):
        resources = container["resources"]
        for resource in ("cpu", "memory", "ephemeral-storage"):
            request = quantity(resources["requests"][resource])
            assert 0 < request <= quantity(resources["limits"][resource]), resource
        assert container["securityContext"]["allowPrivilegeEscalation"] is False
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert spec["image"].split(":")[0] == f"conum/{instance.service}"
    assert instance.service in dockerfile_stages()


def test_the_service_budget_and_policy_select_the_instance_s_pods_only(
    instance: RenderedInstance, all_instances: dict[str, RenderedInstance]
) -> None:
    for selected in (
        instance.resources["Service"]["spec"]["selector"],
        instance.resources["PodDisruptionBudget"]["spec"]["selector"],
        instance.resources["NetworkPolicy"]["spec"]["podSelector"],
        instance.deployment["spec"]["selector"],
    ):
        for other in all_instances.values():
            labels = other.deployment["spec"]["template"]["metadata"]["labels"]
            assert labels_match(selected, labels) == (other is instance), (selected, other.name)


def test_the_network_policy_lets_in_the_ingress_and_prometheus_and_out_to_what_it_uses(
    instance: RenderedInstance,
) -> None:
    policy = instance.resources["NetworkPolicy"]["spec"]
    assert sorted(policy["policyTypes"]) == ["Egress", "Ingress"]
    (ingress,) = policy["ingress"]
    assert ingress["ports"] == [{"port": "http", "protocol": "TCP"}]
    namespaces = [
        peer["namespaceSelector"]["matchExpressions"][0]["values"] for peer in ingress["from"]
    ]
    assert namespaces == [["ingress-nginx"], ["monitoring"]]
    environment = instance.environment()
    expected = {
        ("TCP", int(environment["CONUM_KAFKA_BOOTSTRAP_SERVERS"].split(":")[-1])),
        ("TCP", int(environment["POSTGRES_PORT"])),
        ("TCP", urlsplit(environment["OTEL_EXPORTER_OTLP_ENDPOINT"]).port),
        ("UDP", 53),
        ("TCP", 53),
    }
    allowed = {(p["protocol"], p["port"]) for rule in policy["egress"] for p in rule["ports"]}
    assert allowed == expected
    # each address's namespace (host.<namespace>.svc) is the one its rule lets out to
    hosts = {
        int(environment["CONUM_KAFKA_BOOTSTRAP_SERVERS"].split(":")[-1]): environment[
            "CONUM_KAFKA_BOOTSTRAP_SERVERS"
        ].split(":")[0],
        int(environment["POSTGRES_PORT"]): environment["POSTGRES_HOST"],
        urlsplit(environment["OTEL_EXPORTER_OTLP_ENDPOINT"]).port: str(
            urlsplit(environment["OTEL_EXPORTER_OTLP_ENDPOINT"]).hostname
        ),
    }
    for rule in policy["egress"]:
        port = rule["ports"][0]["port"]
        if port in hosts:
            (peer,) = rule["to"]
            namespace = peer["namespaceSelector"]["matchExpressions"][0]["values"]
            assert namespace == [hosts[port].split(".")[1]], (port, hosts[port])

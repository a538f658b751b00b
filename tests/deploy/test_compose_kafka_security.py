"""docker-compose.yml's broker, the one of the local network in KRaft mode, authenticates every
client and enforces ACLs (decision 0022),
checked without a Docker engine: the listeners, the users each instance connects as, and the
access script, which must be what ``conum_runtime.broker_access`` derives from the contracts."""

from __future__ import annotations

import base64
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

from conum_devtools.kafka.config import render_server_properties
from conum_runtime.broker_access import (
    OPERATOR,
    access_script,
    compose_password_file,
    development_password,
    instance_principal,
    network_access,
)

from .readers import ROOT, TOPOLOGY
from .test_compose import COMPOSE, INSTANCES, SERVICES, environment

SCRIPT = ROOT / "deploy" / "compose" / "kafka-access.sh"
KAFKA_IMAGE = "apache/kafka"
ADMIN_CONFIG = "/etc/conum/kafka-admin.properties"


def kafka_properties() -> dict[str, str]:
    """The broker's server.properties as the apache/kafka image derives them from
    ``KAFKA_*`` variables (``.`` is ``_``, ``_`` is ``__``, ``-`` is ``___``)."""
    properties = {}
    for key, value in environment("kafka").items():
        if key.startswith("KAFKA_"):
            name = key.removeprefix("KAFKA_").lower()
            name = name.replace("___", "-").replace("__", "\0").replace("_", ".")
            properties[name.replace("\0", "_")] = value
    return properties


def test_kafka_is_the_pinned_broker_in_kraft_mode_with_single_node_replication() -> None:
    pom = (ROOT / "deploy" / "kafka" / "pom.xml").read_text(encoding="utf-8")
    version = re.search(r"<kafka.version>([^<]+)</kafka.version>", pom)
    assert version is not None
    assert SERVICES["kafka"]["image"] == f"{KAFKA_IMAGE}:{version[1]}"
    properties = kafka_properties()
    assert properties["process.roles"] == "broker,controller"
    assert properties["controller.quorum.voters"] == f"{properties['node.id']}@kafka:9093"
    local = dict(
        line.split("=", 1)
        for line in render_server_properties(9092, 9093, Path("data")).splitlines()
        if "=" in line and not line.startswith("#")
    )
    single_node = {
        key: value
        for key, value in local.items()
        if key.endswith((".replication.factor", ".min.isr")) or key.startswith("group.initial")
    }
    assert len(single_node) >= 6
    assert {key: properties.get(key) for key in single_node} == single_node
    cluster_id = environment("kafka")["CLUSTER_ID"]
    assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16
    assert not cluster_id.startswith("-")


def test_the_services_reach_an_advertised_listener() -> None:
    advertised = {
        urlsplit(listener).netloc
        for listener in kafka_properties()["advertised.listeners"].split(",")
    }
    for name in INSTANCES:
        assert set(environment(name)["CONUM_KAFKA_BOOTSTRAP_SERVERS"].split(",")) <= advertised


def instances() -> list[tuple[str, str]]:
    return [(service, region) for service, region, _port in TOPOLOGY.values()]


def test_no_listener_lets_a_client_in_without_a_password() -> None:
    protocols = dict(
        item.split(":") for item in kafka_properties()["listener.security.protocol.map"].split(",")
    )
    listeners = [item.split("://")[0] for item in kafka_properties()["listeners"].split(",")]
    assert set(listeners) == set(protocols)
    assert set(protocols.values()) == {"SASL_PLAINTEXT"}


def test_the_services_listeners_take_scram_users_only() -> None:
    properties = kafka_properties()
    for listener in ("internal", "host"):
        assert properties[f"listener.name.{listener}.sasl.enabled.mechanisms"] == "SCRAM-SHA-512"


def test_acls_are_enforced_and_only_the_admin_and_the_broker_are_super_users() -> None:
    properties = kafka_properties()
    assert properties["authorizer.class.name"] == (
        "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
    )
    assert properties["allow.everyone.if.no.acl.found"] == "false"
    assert properties["super.users"] == "User:admin;User:broker"


def test_each_instance_connects_as_its_own_principal() -> None:
    seen = set()
    for name, (service, region, _port) in TOPOLOGY.items():
        variables = environment(name)
        user = variables["CONUM_KAFKA_SASL_USERNAME"]
        assert user == instance_principal(service, region)
        assert "CONUM_KAFKA_SASL_PASSWORD" not in variables
        assert variables["CONUM_KAFKA_SASL_PASSWORD_FILE"] == compose_password_file(user)
        assert secret_text(name, compose_password_file(user)) == development_password(user)
        assert variables["CONUM_KAFKA_SECURITY_PROTOCOL"] == "SASL_PLAINTEXT"
        assert SERVICES[name]["depends_on"]["kafka-access"] == {
            "condition": "service_completed_successfully"
        }
        seen.add(user)
    assert len(seen) == len(TOPOLOGY)


def test_the_access_script_is_the_one_derived_from_the_contracts() -> None:
    users = [instance_principal(*instance) for instance in instances()] + [OPERATOR]
    expected = access_script(
        network_access(instances()),
        {user: compose_password_file(user) for user in users},
        ADMIN_CONFIG,
    )
    assert SCRIPT.read_text(encoding="utf-8") == expected, (
        "regenerate: uv run python -m conum_runtime.broker_access "
        + " ".join(f"--instance {service}-{region}" for service, region in instances())
        + f" --compose-script {ADMIN_CONFIG} > deploy/compose/kafka-access.sh"
    )


def secret_text(service: str, path: str) -> str:
    """The content of the secret ``service`` mounts at ``path`` (/run/secrets/<name>)."""
    name = path.removeprefix("/run/secrets/")
    assert name in SERVICES[service]["secrets"], (service, name)
    return (ROOT / COMPOSE["secrets"][name]["file"]).read_text(encoding="utf-8").strip()


def test_the_access_script_runs_as_the_admin_in_the_broker_s_image() -> None:
    access = SERVICES["kafka-access"]
    users = [instance_principal(*instance) for instance in instances()] + [OPERATOR]
    for user in users:  # it gives each user the password its instance reads
        assert secret_text("kafka-access", compose_password_file(user)) == development_password(
            user
        )
    assert access["image"] == SERVICES["kafka"]["image"]
    assert access["environment"]["KAFKA_BOOTSTRAP"] == "kafka:9095"
    assert "BROKER://kafka:9095" in kafka_properties()["advertised.listeners"]
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in access["volumes"]}
    assert (ROOT / mounts[ADMIN_CONFIG]).is_file()
    assert (ROOT / mounts["/etc/conum/kafka-access.sh"]) == SCRIPT
    admin = (ROOT / mounts[ADMIN_CONFIG]).read_text(encoding="utf-8")
    jaas = kafka_properties()["listener.name.broker.plain.sasl.jaas.config"]
    assert 'username="admin" password="admin-kafka-dev-only"' in admin
    assert 'user_admin="admin-kafka-dev-only"' in jaas


def test_positioning_may_not_write_enrolment_topics_in_compose_either() -> None:
    granted = [
        shlex.split(line) for line in SCRIPT.read_text().splitlines() if "kafka-acls.sh" in line
    ]
    writers = {
        words[words.index("--allow-principal") + 1]
        for words in granted
        if "Write" in words and words[-1] == "conum.enrolment.conseiller"
    }
    assert writers == {"User:enrolment-national"}

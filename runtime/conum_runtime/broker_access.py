"""Who may do what on the broker, derived from the contracts, never written by hand.

Each service instance connects as its own principal, ``User:<service>-<region>`` (its
instance name, e.g. ``User:modules-FR-NAQ``), and may:

- **write** the topics its service owns (the registry's ``owner``) and its dead-letter topic;
- **read** the topics of the events it consumes (``ServiceDefinition.consumed``);
- **create** those topics (every instance declares the topics it uses at start-up, so the
  order in which instances start does not matter; a topic is created with the network's
  partition count whoever comes first);
- **read** (join, commit, fetch offsets: the lag reader too) its own consumer group,
  ``conum-<service>-<region>`` (behind the topic prefix, as the settings name it), and no
  other.

``READ`` and ``WRITE`` imply ``DESCRIBE`` in Kafka, and writing a topic is enough for the
idempotent producer since Kafka 3.0 (KIP-679), so no ``IDEMPOTENT_WRITE`` on the cluster is
granted. Nothing else is: no other topic, no group of another instance, no cluster operation.

The operators' principal (``User:conum-operator``, the dead-letter tool) reads every
dead-letter topic and writes every topic of the network (a re-drive goes back to the original
topic, which another service owns).

:func:`instance_access` is pure (the contracts' registry in, bindings out); the command line
prints the bindings of the installed services, as lines or as ``kafka-acls.sh`` commands::

    python -m conum_runtime.broker_access [--instance enrolment-national …] [--kafka-acls]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import importlib.util
import shlex
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.admin import CreateAclsRequest_v1, DescribeAclsRequest
from aiokafka.protocol.api import Request
from conum_contracts import registry
from conum_contracts.base import EventModel
from conum_contracts.registry import dead_letter_topic

from conum_runtime.kafka_connection import KafkaConnection

OPERATOR = "conum-operator"
DOCUMENTED_CONSUMPTION: Mapping[str, tuple[str, ...]] = {
    "modules": (
        "conum.enrolment.structure",
        "conum.enrolment.conseiller",
        "conum.certification.conseiller",
        "conum.modules.catalogue",
    ),
}
"""What a service reads when its package is not in this workspace (as documented in
``docs/design/events.md``, "Who consumes what"); an installed service's own
``ServiceDefinition.consumed`` always wins."""
REGIONAL_OWN_TOPICS: Mapping[str, tuple[str, ...]] = {"modules": ("conum.modules.session",)}
"""Topics a regional instance of a documented service also reads (its own sessions)."""
NETWORK_TOPICS = "conum."
DEAD_LETTER_TOPICS = "conum.dlq."


@dataclass(frozen=True, order=True)
class KafkaAcl:
    """One ALLOW binding, in the Admin API's terms."""

    principal: str
    resource_type: str
    """``TOPIC``, ``GROUP`` or ``CLUSTER``"""
    pattern_type: str
    """``LITERAL`` or ``PREFIXED``"""
    resource: str
    operation: str
    """``READ``, ``WRITE``, ``CREATE``, ``DESCRIBE``…"""


def instance_principal(service: str, region: str) -> str:
    """The name an instance connects as: its instance name, ``<service>-<region>``."""
    return f"{service}-{region}"


def consumer_group(service: str, region: str, topic_prefix: str = "") -> str:
    """The consumer group of an instance (``ServiceSettings.group_id``)."""
    return f"{topic_prefix}conum-{service}-{region}"


def consumed_topics(consumed: Iterable[type[EventModel]]) -> list[str]:
    """The topics of the consumed event models, sorted."""
    return sorted({registry.for_model(model).topic for model in consumed})


def instance_access(
    service: str, region: str, consumed: Iterable[str], topic_prefix: str = ""
) -> list[KafkaAcl]:
    """The bindings of one instance: ``consumed`` are the topics it reads (unprefixed)."""
    principal = "User:" + instance_principal(service, region)
    written = {*registry.topics_of(service), dead_letter_topic(service)}
    read = set(consumed)

    def topic(name: str, operation: str) -> KafkaAcl:
        return KafkaAcl(principal, "TOPIC", "LITERAL", topic_prefix + name, operation)

    bindings = {topic(name, "WRITE") for name in written}
    bindings |= {topic(name, "READ") for name in read}
    bindings |= {topic(name, "CREATE") for name in written | read}
    if read:
        group = consumer_group(service, region, topic_prefix)
        bindings.add(KafkaAcl(principal, "GROUP", "LITERAL", group, "READ"))
    return sorted(bindings)


def operator_access(topic_prefix: str = "") -> list[KafkaAcl]:
    """The dead-letter tool's bindings: read the dead letters, write them back."""
    principal = f"User:{OPERATOR}"
    return [
        KafkaAcl(principal, "TOPIC", "PREFIXED", topic_prefix + DEAD_LETTER_TOPICS, "READ"),
        KafkaAcl(principal, "TOPIC", "PREFIXED", topic_prefix + NETWORK_TOPICS, "WRITE"),
    ]


def definition_access(definition: Any, region: str, topic_prefix: str = "") -> list[KafkaAcl]:
    """The bindings of an instance of a service (its ``ServiceDefinition``) in ``region``."""
    topics = consumed_topics(definition.consumed)
    return instance_access(definition.name, region, topics, topic_prefix)


def installed_definition(service: str) -> Any:
    """``conum_<service>.app.SERVICE`` (the runtime imports no service statically)."""
    return importlib.import_module(f"conum_{service}.app").SERVICE


def network_access(
    instances: Iterable[tuple[str, str]],
    topic_prefix: str = "",
    definitions: Mapping[str, Any] | None = None,
) -> list[KafkaAcl]:
    """Every binding of ``instances`` (service, region), plus the operators'."""
    found = dict(definitions or {})
    bindings = set(operator_access(topic_prefix))
    for service, region in instances:
        if service not in found and service in DOCUMENTED_CONSUMPTION and not installed(service):
            topics = list(DOCUMENTED_CONSUMPTION[service])
            if region != "national":
                topics += REGIONAL_OWN_TOPICS.get(service, ())
            bindings |= set(instance_access(service, region, topics, topic_prefix))
            continue
        if service not in found:
            found[service] = installed_definition(service)
        bindings |= set(definition_access(found[service], region, topic_prefix))
    return sorted(bindings)


def installed(service: str) -> bool:
    return importlib.util.find_spec(f"conum_{service}") is not None


def access_script(
    bindings: Sequence[KafkaAcl], passwords: Mapping[str, str], command_config: str
) -> str:
    """A POSIX shell script giving a broker its SCRAM users (``passwords``: name → password)
    and ``bindings``, with Kafka's own scripts (for a container of the apache/kafka image;
    ``$KAFKA_BOOTSTRAP`` names the admin's listener). One ``kafka-acls.sh`` run per principal
    and resource, every operation at once; running it again changes nothing."""
    config = shlex.quote(command_config)
    lines = [
        "#!/bin/sh",
        "# Generated by `python -m conum_runtime.broker_access --compose-script`: do not edit.",
        "set -eu",
        "bin=/opt/kafka/bin",
        'server="--bootstrap-server $KAFKA_BOOTSTRAP --command-config ' + config + '"',
    ]
    for name, password in passwords.items():
        credential = shlex.quote(f"SCRAM-SHA-512=[password={password}]")
        lines.append(
            f"$bin/kafka-configs.sh $server --alter --entity-type users "
            f"--entity-name {shlex.quote(name)} --add-config {credential}"
        )
    grouped: dict[tuple[str, str, str, str], list[str]] = {}
    for acl in bindings:
        key = (acl.principal, acl.resource_type, acl.pattern_type, acl.resource)
        grouped.setdefault(key, []).append(acl.operation)
    option = {"TOPIC": "--topic", "GROUP": "--group"}
    for (principal, kind, pattern, resource), operations in sorted(grouped.items()):
        words = [
            "$bin/kafka-acls.sh $server --add",
            f"--allow-principal {shlex.quote(principal)}",
            *(f"--operation {_camel(operation)}" for operation in sorted(operations)),
            f"--resource-pattern-type {pattern.lower()}",
            "--cluster" if kind == "CLUSTER" else f"{option[kind]} {shlex.quote(resource)}",
        ]
        lines.append(" ".join(words))
    lines.append('echo "users and ACLs applied"')
    return "\n".join(lines) + "\n"


_RESOURCE_TYPES = {"TOPIC": 2, "GROUP": 3, "CLUSTER": 4, "TRANSACTIONAL_ID": 5}
_PATTERN_TYPES = {"LITERAL": 3, "PREFIXED": 4}
_OPERATIONS = {
    "ALL": 2,
    "READ": 3,
    "WRITE": 4,
    "CREATE": 5,
    "DELETE": 6,
    "ALTER": 7,
    "DESCRIBE": 8,
    "CLUSTER_ACTION": 9,
    "DESCRIBE_CONFIGS": 10,
    "ALTER_CONFIGS": 11,
    "IDEMPOTENT_WRITE": 12,
}
_ALLOW = 3
_ANY = 1


class _CreateAcls(Request[CreateAclsRequest_v1]):  # type: ignore[misc]
    """CreateAcls (v1) with many creations in one request (aiokafka's takes one)."""

    API_KEY = 30

    def __init__(self, bindings: Sequence[KafkaAcl]) -> None:
        self._bindings = bindings

    def build(self, request_struct_class: type[CreateAclsRequest_v1]) -> CreateAclsRequest_v1:
        return request_struct_class(
            [
                (
                    _RESOURCE_TYPES[acl.resource_type],
                    acl.resource,
                    _PATTERN_TYPES[acl.pattern_type],
                    acl.principal,
                    "*",
                    _OPERATIONS[acl.operation],
                    _ALLOW,
                )
                for acl in self._bindings
            ]
        )


async def create_acls(
    connection: KafkaConnection, bindings: Sequence[KafkaAcl], timeout: float = 30.0
) -> None:
    """Create ``bindings`` on the broker as ``connection`` (an admin), then wait until the
    broker authorizes with them (its authorizer applies the metadata log asynchronously)."""
    if not bindings:
        return
    admin = AIOKafkaAdminClient(**connection.options())
    await admin.start()
    try:
        response = await admin._send_request(_CreateAcls(bindings))
        failed = [
            f"{error_code}: {message}"
            for error_code, message in response.creation_responses
            if error_code != 0
        ]
        if failed:
            raise RuntimeError("ACLs refused by the broker: " + "; ".join(sorted(set(failed))))
        last = max(bindings)
        deadline = time.monotonic() + timeout
        while not await _described(admin, last):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the broker does not show {last} after {timeout}s")
            await asyncio.sleep(0.02)
    finally:
        await admin.close()


async def _described(admin: AIOKafkaAdminClient, acl: KafkaAcl) -> bool:
    request = DescribeAclsRequest(
        _RESOURCE_TYPES[acl.resource_type],
        acl.resource,
        _PATTERN_TYPES[acl.pattern_type],
        acl.principal,
        "*",
        _OPERATIONS[acl.operation],
        _ALLOW,
    )
    response = await admin._send_request(request)
    return bool(response.error_code == 0 and response.resources)


def kafka_acls_commands(bindings: Sequence[KafkaAcl], command_config: str) -> list[str]:
    """``kafka-acls.sh`` command lines creating ``bindings`` (one per binding: plain, if slow;
    for a container's bootstrap step where only Kafka's scripts are at hand)."""
    option = {"TOPIC": "--topic", "GROUP": "--group"}
    lines = []
    for acl in bindings:
        resource = ["--cluster"] if acl.resource_type == "CLUSTER" else []
        if not resource:
            resource = [option[acl.resource_type], acl.resource]
        words = [
            "kafka-acls.sh",
            '--bootstrap-server "$KAFKA_BOOTSTRAP"',
            f"--command-config {shlex.quote(command_config)}",
            "--add",
            f"--allow-principal {shlex.quote(acl.principal)}",
            f"--operation {_camel(acl.operation)}",
            f"--resource-pattern-type {acl.pattern_type.lower()}",
            *(shlex.quote(word) if not word.startswith("--") else word for word in resource),
        ]
        lines.append(" ".join(words))
    return lines


def _camel(operation: str) -> str:
    return "".join(part.capitalize() for part in operation.split("_"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conum_runtime.broker_access",
        description="Print the broker ACLs of service instances (derived from the contracts).",
    )
    parser.add_argument(
        "--instance",
        action="append",
        default=[],
        metavar="SERVICE-REGION",
        help="e.g. modules-FR-NAQ (repeatable; default: each service given by --service, national)",
    )
    parser.add_argument(
        "--service", action="append", default=[], help="a service name (region national)"
    )
    parser.add_argument("--prefix", default="", help="topic prefix (tests)")
    parser.add_argument(
        "--kafka-acls",
        metavar="COMMAND_CONFIG",
        help="print kafka-acls.sh commands using this admin client configuration file",
    )
    parser.add_argument(
        "--compose-script",
        metavar="COMMAND_CONFIG",
        help="print the shell script giving the users (password <instance>-kafka-dev-only) "
        "and their ACLs, using this admin client configuration file",
    )
    arguments = parser.parse_args(argv)
    instances = [split_instance(name) for name in arguments.instance]
    instances += [(service, "national") for service in arguments.service]
    if not instances:
        parser.error("name at least one --instance or --service")
    bindings = network_access(instances, arguments.prefix)
    if arguments.compose_script:
        names = [instance_principal(*instance) for instance in instances]
        passwords = {name: development_password(name) for name in [*names, OPERATOR]}
        print(access_script(bindings, passwords, arguments.compose_script), end="")
    elif arguments.kafka_acls:
        print("\n".join(kafka_acls_commands(bindings, arguments.kafka_acls)))
    else:
        for acl in bindings:
            print(acl.principal, acl.resource_type, acl.pattern_type, acl.resource, acl.operation)
    return 0


def development_password(user: str) -> str:
    """The password of ``user`` in docker-compose.yml: public, for a developer's machine only."""
    return f"{user}-kafka-dev-only"


def split_instance(name: str) -> tuple[str, str]:
    """``modules-FR-NAQ`` → (``modules``, ``FR-NAQ``); ``national-national`` likewise."""
    service, _, region = name.partition("-")
    if not service or not region:
        raise ValueError(f"an instance is <service>-<region>, not {name!r}")
    return service, region


if __name__ == "__main__":
    sys.exit(main())

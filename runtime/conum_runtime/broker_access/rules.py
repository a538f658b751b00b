"""The rules: who may do what on the broker, from the contracts' registry (pure).

Each service instance connects as its own principal and may:

- **write** the topics its service owns (the registry's ``owner``) and its dead-letter topic;
- **read** the topics of the events it consumes (``ServiceDefinition.consumed``);
- **create** those topics where instances declare their topics at start-up (the local network
  and compose: the order in which instances start does not matter); not where topics are
  declared resources (Kubernetes: Strimzi ``KafkaTopic``, decision 0030);
- **read** (join, commit, fetch offsets: the lag reader too) its own consumer group,
  ``conum-<service>-<region>`` (behind the topic prefix, as the settings name it), and no
  other.

``READ`` and ``WRITE`` imply ``DESCRIBE`` in Kafka, and writing a topic is enough for the
idempotent producer since Kafka 3.0 (KIP-679), so no ``IDEMPOTENT_WRITE`` on the cluster is
granted. Nothing else is: no other topic, no group of another instance, no cluster operation.

The operators' principal (``User:conum-operator``, the dead-letter tool) reads every
dead-letter topic and writes every topic of the network (a re-drive goes back to the original
topic, which another service owns).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from conum_contracts import registry
from conum_contracts.base import EventModel
from conum_contracts.registry import dead_letter_topic

from conum_runtime.broker_access.documents import documented_consumption

OPERATOR = "conum-operator"
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


def split_instance(name: str) -> tuple[str, str]:
    """``modules-FR-NAQ`` → (``modules``, ``FR-NAQ``); ``national-national`` likewise."""
    service, _, region = name.partition("-")
    if not service or not region:
        raise ValueError(f"an instance is <service>-<region>, not {name!r}")
    return service, region


def operation_word(operation: str) -> str:
    """``IDEMPOTENT_WRITE`` → ``IdempotentWrite``: how ``kafka-acls.sh`` and Strimzi spell it."""
    return "".join(part.capitalize() for part in operation.split("_"))


def consumer_group(service: str, region: str, topic_prefix: str = "") -> str:
    """The consumer group of an instance (``ServiceSettings.group_id``)."""
    return f"{topic_prefix}conum-{service}-{region}"


def consumed_topics(consumed: Iterable[type[EventModel]]) -> list[str]:
    """The topics of the consumed event models, sorted."""
    return sorted({registry.for_model(model).topic for model in consumed})


def written_topics(service: str) -> list[str]:
    """The topics an instance of ``service`` writes: its own and its dead letters."""
    return sorted({*registry.topics_of(service), dead_letter_topic(service)})


def network_topics(services: Iterable[str]) -> list[str]:
    """Every topic of the network: each event type's and each service's dead letters."""
    declared = {declared.topic for declared in registry.EVENT_TYPES.values()}
    return sorted(declared | {dead_letter_topic(service) for service in services})


def instance_access(
    service: str,
    region: str,
    consumed: Iterable[str],
    topic_prefix: str = "",
    *,
    creates_topics: bool = True,
) -> list[KafkaAcl]:
    """The bindings of one instance: ``consumed`` are the topics it reads (unprefixed)."""
    principal = "User:" + instance_principal(service, region)
    written = set(written_topics(service))
    read = set(consumed)

    def topic(name: str, operation: str) -> KafkaAcl:
        return KafkaAcl(principal, "TOPIC", "LITERAL", topic_prefix + name, operation)

    bindings = {topic(name, "WRITE") for name in written}
    bindings |= {topic(name, "READ") for name in read}
    if creates_topics:
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


def installed(service: str) -> bool:
    return importlib.util.find_spec(f"conum_{service}") is not None


def installed_definition(service: str) -> Any:
    """``conum_<service>.app.SERVICE`` (the runtime imports no service statically)."""
    return importlib.import_module(f"conum_{service}.app").SERVICE


def reads_of(service: str, definitions: Mapping[str, Any] | None = None) -> list[str]:
    """The topics ``service`` consumes: its definition's when given or installed, else its
    committed AsyncAPI document's (``services/<service>/asyncapi.yaml``)."""
    if definitions and service in definitions:
        return consumed_topics(definitions[service].consumed)
    if installed(service):
        return consumed_topics(installed_definition(service).consumed)
    return documented_consumption(service)


def network_access(
    instances: Iterable[tuple[str, str]],
    topic_prefix: str = "",
    definitions: Mapping[str, Any] | None = None,
    *,
    creates_topics: bool = True,
) -> list[KafkaAcl]:
    """Every binding of ``instances`` (service, region), plus the operators'."""
    bindings = set(operator_access(topic_prefix))
    reads: dict[str, list[str]] = {}
    for service, region in instances:
        if service not in reads:
            reads[service] = reads_of(service, definitions)
        bindings |= set(
            instance_access(
                service, region, reads[service], topic_prefix, creates_topics=creates_topics
            )
        )
    return sorted(bindings)

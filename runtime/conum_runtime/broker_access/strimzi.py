"""The derived topics and ACLs as Strimzi resources (``kafka.strimzi.io/v1beta2``), for a
cluster where topics and users are declared (decision 0030).

- :func:`kafka_topic`: one ``KafkaTopic`` per topic of the network, with the partitions the
  services expect (``CONUM_KAFKA_TOPIC_PARTITIONS``: the most replicas of one instance that
  read in parallel), replication 3 and at least 2 in-sync replicas to acknowledge a write
  (the producers ask ``acks=all``), kept without time limit (the national view is rebuilt
  from the start of the topics, decision 0018).
- :func:`kafka_user`: one ``KafkaUser`` per instance, SCRAM-SHA-512, whose ACLs are exactly
  :func:`~conum_runtime.broker_access.rules.instance_access` without ``CREATE`` (the
  instances do not create topics there). Strimzi names the user after the resource and
  writes its password to a Secret of the same name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from conum_runtime.broker_access.rules import KafkaAcl, operation_word

API_VERSION = "kafka.strimzi.io/v1beta2"
CLUSTER_LABEL = "strimzi.io/cluster"
PATTERNS = {"LITERAL": "literal", "PREFIXED": "prefix"}
"""Kafka's pattern types as Strimzi spells them."""
REPLICAS = 3
MIN_IN_SYNC_REPLICAS = 2


def kafka_topic(topic: str, partitions: int, cluster: str) -> dict[str, Any]:
    return {
        "apiVersion": API_VERSION,
        "kind": "KafkaTopic",
        "metadata": {"name": topic, "labels": {CLUSTER_LABEL: cluster}},
        "spec": {
            "topicName": topic,
            "partitions": partitions,
            "replicas": REPLICAS,
            "config": {
                "min.insync.replicas": MIN_IN_SYNC_REPLICAS,
                "retention.ms": -1,
            },
        },
    }


def kafka_user(name: str, bindings: Iterable[KafkaAcl], cluster: str) -> dict[str, Any]:
    """``bindings`` are one principal's; every operation on one resource goes in one rule."""
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for acl in bindings:
        if acl.operation == "CREATE":
            raise ValueError(f"{acl}: topics are declared resources, no instance creates one")
        key = (acl.resource_type, acl.pattern_type, acl.resource)
        grouped.setdefault(key, []).append(acl.operation)
    acls = [
        {
            "resource": {"type": kind.lower(), "name": resource, "patternType": PATTERNS[pattern]},
            "operations": [operation_word(operation) for operation in sorted(operations)],
        }
        for (kind, pattern, resource), operations in sorted(grouped.items())
    ]
    return {
        "apiVersion": API_VERSION,
        "kind": "KafkaUser",
        "metadata": {"name": name, "labels": {CLUSTER_LABEL: cluster}},
        "spec": {
            "authentication": {"type": "scram-sha-512"},
            "authorization": {"type": "simple", "acls": acls},
        },
    }


def user_bindings(user: Mapping[str, Any], principal: str) -> list[KafkaAcl]:
    """The ACLs of a ``KafkaUser`` resource, as bindings of ``principal`` (for comparison
    with the derivation)."""
    bindings = []
    for rule in user["spec"]["authorization"]["acls"]:
        resource = rule["resource"]
        for operation in rule["operations"]:
            bindings.append(
                KafkaAcl(
                    principal,
                    str(resource["type"]).upper(),
                    {v: k for k, v in PATTERNS.items()}[resource.get("patternType", "literal")],
                    str(resource["name"]),
                    _upper(operation),
                )
            )
    return sorted(bindings)


def _upper(operation: str) -> str:
    """``IdempotentWrite`` → ``IDEMPOTENT_WRITE``."""
    return "".join(f"_{c}" if c.isupper() and i else c for i, c in enumerate(operation)).upper()

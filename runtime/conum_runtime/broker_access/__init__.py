"""Who may do what on the broker, derived from the contracts, never written by hand
(decisions 0022 and 0030).

- :mod:`.rules`: the derivation (pure): each instance's principal, topics and group;
- :mod:`.documents`: a service's reads from its committed AsyncAPI document, when its package
  is not installed where the ACLs are derived;
- :mod:`.admin`: the bindings onto a running broker (Admin protocol: the test broker and
  ``./conum up``);
- :mod:`.scripts`: as shell commands (docker-compose's ``kafka-access``, ``kafka-acls.sh``);
- :mod:`.strimzi`: as Strimzi ``KafkaTopic`` and ``KafkaUser`` resources (Kubernetes);
- ``python -m conum_runtime.broker_access``: the command line (:mod:`.__main__`).
"""

from conum_runtime.broker_access.admin import create_acls
from conum_runtime.broker_access.rules import (
    DEAD_LETTER_TOPICS,
    NETWORK_TOPICS,
    OPERATOR,
    KafkaAcl,
    consumed_topics,
    consumer_group,
    instance_access,
    instance_principal,
    network_access,
    network_topics,
    operator_access,
    reads_of,
    split_instance,
    written_topics,
)
from conum_runtime.broker_access.scripts import (
    access_script,
    compose_password_file,
    development_password,
    kafka_acls_commands,
)

__all__ = [
    "DEAD_LETTER_TOPICS",
    "NETWORK_TOPICS",
    "OPERATOR",
    "KafkaAcl",
    "access_script",
    "compose_password_file",
    "consumed_topics",
    "consumer_group",
    "create_acls",
    "development_password",
    "instance_access",
    "instance_principal",
    "kafka_acls_commands",
    "network_access",
    "network_topics",
    "operator_access",
    "reads_of",
    "split_instance",
    "written_topics",
]

"""A real single-node Apache Kafka broker (KRaft) run from Maven Central jars, without Docker.

The jars named in ``deploy/kafka/pom.xml`` are resolved once with Maven into a shared cache
(``jars``), the configuration files are rendered at each start (``config``), and
``LocalKafka`` runs the broker detached from its work directory (``broker``), so the command
line (``cli``: ``python -m conum_devtools.kafka start|stop|status``) works from any shell.
``LocalKafka(workdir, security=BrokerSecurity(...))`` runs it secured: SASL/SCRAM and ACLs
(``security``); ``network`` gives the local network's principals and credentials.
Only the standard library is used, so this can run before anything else is installed.
"""

from conum_devtools.kafka.broker import LocalKafka
from conum_devtools.kafka.config import (
    new_cluster_id,
    render_log4j2_properties,
    render_server_properties,
)
from conum_devtools.kafka.errors import KafkaUnavailableError, LocalKafkaError
from conum_devtools.kafka.jars import find_pom, libs_dir_for, resolve_jars
from conum_devtools.kafka.security import AclEntry, BrokerSecurity, ScramUser

__all__ = [
    "AclEntry",
    "BrokerSecurity",
    "KafkaUnavailableError",
    "LocalKafka",
    "LocalKafkaError",
    "ScramUser",
    "find_pom",
    "libs_dir_for",
    "new_cluster_id",
    "render_log4j2_properties",
    "render_server_properties",
    "resolve_jars",
]

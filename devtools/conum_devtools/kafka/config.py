"""The broker's configuration files: server.properties and log4j2.properties."""

from __future__ import annotations

import base64
import uuid
from pathlib import Path

from conum_devtools.kafka.security import PROTOCOL, BrokerSecurity
from conum_devtools.processes import LOOPBACK

HEADER = "# Written by conum_devtools.kafka; rewritten at every start."


def new_cluster_id() -> str:
    """A KRaft cluster id, as ``kafka.tools.StorageTool random-uuid`` makes it.

    Kafka's ``Uuid.randomUuid()`` is a random (version 4) UUID in URL-safe base64 without
    padding, never starting with ``-``.
    """
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode("ascii").rstrip("=")
        if not text.startswith("-"):
            return text


def render_server_properties(
    port: int, controller_port: int, data_dir: Path, security: BrokerSecurity | None = None
) -> str:
    """server.properties of a combined broker + controller bound to the loopback only;
    with ``security``, both listeners authenticate and ACLs are enforced (``security``)."""
    client = PROTOCOL if security is not None else "PLAINTEXT"
    controller = "SASL_PLAINTEXT" if security is not None else "PLAINTEXT"
    settings: list[tuple[str, str]] = [
        ("process.roles", "broker,controller"),
        ("node.id", "1"),
        # Static quorum: the storage must be formatted WITHOUT --standalone.
        ("controller.quorum.voters", f"1@{LOOPBACK}:{controller_port}"),
        ("listeners", f"{client}://{LOOPBACK}:{port},CONTROLLER://{LOOPBACK}:{controller_port}"),
        ("advertised.listeners", f"{client}://{LOOPBACK}:{port}"),
        ("inter.broker.listener.name", client),
        ("controller.listener.names", "CONTROLLER"),
        ("listener.security.protocol.map", f"CONTROLLER:{controller},{client}:{client}"),
        ("log.dirs", str(data_dir.resolve())),
        ("num.partitions", "3"),
        ("auto.create.topics.enable", "true"),
        # One broker: the defaults (3 replicas, min ISR 2) leave groups/transactions unusable.
        ("offsets.topic.replication.factor", "1"),
        ("offsets.topic.num.partitions", "3"),
        ("transaction.state.log.replication.factor", "1"),
        ("transaction.state.log.min.isr", "1"),
        ("share.coordinator.state.topic.replication.factor", "1"),
        ("share.coordinator.state.topic.min.isr", "1"),
        ("group.initial.rebalance.delay.ms", "0"),
    ]
    if security is not None:
        settings += security.server_settings(client)
    lines = [HEADER] + [f"{key}={escape_property(value)}" for key, value in settings]
    return "\n".join(lines) + "\n"


def render_log4j2_properties(log_file: Path) -> str:
    """A log4j2 (properties format) configuration sending everything to ``log_file`` only.

    The properties format needs nothing beyond log4j-core; YAML works too with Kafka 4.1.1
    (jackson-dataformat-yaml arrives through Kafka's dependencies) but would break silently
    if that dependency ever went away.
    """
    path = escape_property(str(log_file.resolve()))
    lines = [
        HEADER,
        "status = error",
        "name = conum-local-kafka",
        "appender.file.type = RollingFile",
        "appender.file.name = FILE",
        f"appender.file.fileName = {path}",
        f"appender.file.filePattern = {path}.%i",
        "appender.file.append = true",
        "appender.file.layout.type = PatternLayout",
        "appender.file.layout.pattern = [%d] %p %m (%c)%n",
        "appender.file.policies.type = Policies",
        "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
        "appender.file.policies.size.size = 20MB",
        "appender.file.strategy.type = DefaultRolloverStrategy",
        "appender.file.strategy.max = 2",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.file.ref = FILE",
        # The same quieting Kafka's own config/log4j2.yaml applies.
        "logger.kafka.name = kafka",
        "logger.kafka.level = INFO",
        "logger.apache.name = org.apache.kafka",
        "logger.apache.level = INFO",
        "logger.controller.name = kafka.controller",
        "logger.controller.level = INFO",
        "logger.request.name = kafka.request.logger",
        "logger.request.level = WARN",
    ]
    return "\n".join(lines) + "\n"


def escape_property(value: str) -> str:
    """Escape a value for a Java .properties file (backslashes only matter on our paths)."""
    return value.replace("\\", "\\\\")

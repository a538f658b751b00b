"""How every Kafka client of a service connects: the bootstrap servers and the credentials.

Every aiokafka client the runtime makes (the producer, the consumer loops, topic declaration,
the lag reader, the dead-letter tools) takes its options from :meth:`KafkaConnection.options`,
so a secured broker (SASL/SCRAM, optionally over TLS) is one setting away for all of them.
The password is a :class:`~pydantic.SecretStr`: it never shows in a repr, a log or an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from aiokafka.helpers import create_ssl_context
from pydantic import SecretStr

SecurityProtocol = Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL"]
SaslMechanism = Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"]


@dataclass(frozen=True)
class KafkaConnection:
    """Where the broker is and who this client is (``PLAINTEXT``: nobody)."""

    bootstrap_servers: str
    security_protocol: SecurityProtocol = "PLAINTEXT"
    sasl_mechanism: SaslMechanism = "SCRAM-SHA-512"
    sasl_username: str = ""
    sasl_password: SecretStr = field(default=SecretStr(""), repr=False)
    ssl_cafile: Path | None = None
    """CA bundle to verify the broker's certificate (``SASL_SSL``, ``SSL``); None: the
    system's."""

    def __post_init__(self) -> None:
        if self.uses_sasl and not (self.sasl_username and self.sasl_password.get_secret_value()):
            raise ValueError(f"{self.security_protocol} needs a SASL username and password")

    @classmethod
    def of(cls, target: str | KafkaConnection) -> KafkaConnection:
        """``target`` itself, or a plaintext connection to the bootstrap servers it names."""
        return target if isinstance(target, KafkaConnection) else cls(target)

    @property
    def uses_sasl(self) -> bool:
        return self.security_protocol.startswith("SASL_")

    @property
    def principal(self) -> str:
        """``User:<name>`` as the broker's ACLs name this client; ``User:ANONYMOUS`` without
        SASL."""
        return f"User:{self.sasl_username}" if self.uses_sasl else "User:ANONYMOUS"

    def options(self) -> dict[str, Any]:
        """The connection options of any aiokafka client (producer, consumer, admin)."""
        options: dict[str, Any] = {
            "bootstrap_servers": self.bootstrap_servers,
            "security_protocol": self.security_protocol,
        }
        if self.uses_sasl:
            options |= {
                "sasl_mechanism": self.sasl_mechanism,
                "sasl_plain_username": self.sasl_username,
                "sasl_plain_password": self.sasl_password.get_secret_value(),
            }
        if self.security_protocol.endswith("SSL"):
            options["ssl_context"] = create_ssl_context(cafile=self.ssl_cafile)
        return options

    def describe(self) -> str:
        """For logs: where and as whom, never the password."""
        return f"{self.bootstrap_servers} ({self.security_protocol}, {self.principal})"

"""Service settings, read from environment variables prefixed ``CONUM_``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conum_kernel.territory import NATIONAL, REGION_PATTERN, current_region_code
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from conum_runtime.kafka_connection import KafkaConnection, SaslMechanism, SecurityProtocol

ASYMMETRIC_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "ES256", "ES384"})
"""The signature algorithms an issuer's tokens may use: public-key ones only (never ``none``,
never HS* whose secret would be the issuer's public key)."""


class ServiceSettings(BaseSettings):
    """Settings shared by every service instance.

    ``CONUM_REGION`` is an ISO 3166-2:FR region code (``FR-NAQ``) for a regional instance, or
    ``national`` for an instance that sees every region.
    """

    model_config = SettingsConfigDict(env_prefix="CONUM_", extra="ignore")

    service: str = Field(default="", description="service name, e.g. enrolment")
    region: str = Field(default=NATIONAL, pattern=REGION_PATTERN)
    database_url: str = Field(default="", description="SQLAlchemy async URL; SQLite by default")
    database_password_file: Path | None = Field(
        default=None,
        description="a file holding the database password (a mounted secret), put into the URL",
    )
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_topic_partitions: int = Field(default=3, ge=1)
    kafka_create_topics: bool = Field(
        default=True,
        description="create the missing topics at start-up (a single local broker); off where "
        "topics are declared resources (Strimzi KafkaTopic, decision 0030)",
    )
    kafka_security_protocol: SecurityProtocol = Field(
        default="PLAINTEXT", description="SASL_PLAINTEXT or SASL_SSL on a secured broker"
    )
    kafka_sasl_mechanism: SaslMechanism = "SCRAM-SHA-512"
    kafka_sasl_username: str = Field(
        default="", description="the instance's Kafka principal; default: its instance name"
    )
    kafka_sasl_password: SecretStr = Field(default=SecretStr(""), description="never logged")
    kafka_sasl_password_file: Path | None = Field(
        default=None, description="a file holding the password (a mounted secret)"
    )
    kafka_ssl_cafile: Path | None = Field(
        default=None, description="CA bundle for the broker's certificate (SASL_SSL)"
    )
    tokens_file: Path | None = Field(default=None, description="JSON file of hashed tokens")
    tokens: str | None = Field(default=None, description="the same JSON, inline")
    topic_prefix: str = Field(
        default="", pattern=r"^[a-zA-Z0-9._-]*$", description="prepended to every topic name"
    )
    relay_enabled: bool = Field(default=True, description="false pauses the outbox relay")
    migrate_on_start: bool = True
    relay_poll_interval: float = Field(default=0.2, gt=0)
    relay_batch_size: int = Field(default=500, ge=1)
    publish_previous_majors_until: date | None = Field(
        default=None,
        description="until this day, each event of a new major is also published as its "
        "previous major, with deprecation headers and this day as its sunset (decision 0024); "
        "unset: new majors only",
    )
    consumer_batch_size: int = Field(
        default=500, ge=1, description="records applied in one transaction at most"
    )
    oidc_issuer: str = Field(
        default="",
        description="OpenID Connect issuer whose access tokens are accepted (empty: none)",
    )
    oidc_audience: str = Field(default="", description="the `aud` the tokens must carry")
    oidc_jwks_url: str = Field(
        default="", description="the issuer's keys; empty: the discovery document's jwks_uri"
    )
    oidc_algorithms: tuple[str, ...] = Field(
        default=("RS256", "ES256"), description="accepted signature algorithms (asymmetric only)"
    )
    oidc_role_claim: str = Field(default="conum_role", min_length=1)
    oidc_region_claim: str = Field(default="conum_region", min_length=1)
    oidc_actor_claim: str = Field(
        default="conum_actor", min_length=1, description="the party a token is bound to"
    )
    oidc_leeway_seconds: int = Field(default=30, ge=0, le=300, description="clock skew allowed")
    oidc_jwks_cache_seconds: int = Field(default=300, ge=1)
    shutdown_timeout: float = Field(
        default=5.0, gt=0, description="seconds a stop may take, whatever Kafka does"
    )
    trace_statements: bool = Field(
        default=False,
        description="a span per SQL statement: a cost on every statement, off unless debugging",
    )
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    data_dir: Path = Path("var")

    @field_validator("region")
    @classmethod
    def _region_in_use(cls, value: str) -> str:
        """An instance configured with a retired code (``FR-COR``) runs as its successor."""
        return current_region_code(value)

    @field_validator("service")
    @classmethod
    def _service_is_a_name(cls, value: str) -> str:
        if value and not value.isidentifier():
            raise ValueError("service must be a plain name such as 'enrolment'")
        return value

    @field_validator("oidc_algorithms")
    @classmethod
    def _asymmetric_algorithms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        refused = set(value) - ASYMMETRIC_ALGORITHMS
        if refused or not value:
            allowed = ", ".join(sorted(ASYMMETRIC_ALGORITHMS))
            raise ValueError(f"oidc_algorithms must be among {allowed}; not {sorted(refused)}")
        return value

    @model_validator(mode="after")
    def _issuer_has_an_audience(self) -> ServiceSettings:
        if self.oidc_issuer and not self.oidc_audience:
            raise ValueError("oidc_audience is required with oidc_issuer")
        return self

    @model_validator(mode="after")
    def _sasl_has_credentials(self) -> ServiceSettings:
        secret = self.kafka_sasl_password.get_secret_value() or self.kafka_sasl_password_file
        if self.kafka_security_protocol.startswith("SASL_") and not secret:
            raise ValueError(f"{self.kafka_security_protocol} needs a SASL username and password")
        return self

    def kafka(self) -> KafkaConnection:
        """How this instance's Kafka clients connect (the password file read now); on a
        secured broker it is, unless named otherwise, the principal ``<service>-<region>``."""
        password = self.kafka_sasl_password
        if self.kafka_sasl_password_file is not None:
            password = SecretStr(self.kafka_sasl_password_file.read_text().strip())
        return KafkaConnection(
            self.kafka_bootstrap_servers,
            self.kafka_security_protocol,
            self.kafka_sasl_mechanism,
            self.kafka_sasl_username or self.instance,
            password,
            self.kafka_ssl_cafile,
        )

    @property
    def is_national(self) -> bool:
        return self.region == NATIONAL

    @property
    def instance(self) -> str:
        """The instance name: ``<service>-<region>``, also the consumer group."""
        return f"{self.service}-{self.region}"

    @property
    def group_id(self) -> str:
        """The instance's consumer group, e.g. ``conum-modules-FR-NAQ`` (behind the topic prefix,
        when one isolates a test or a benchmark)."""
        return f"{self.topic_prefix}conum-{self.instance}"

    def resolved_database_url(self) -> str:
        """The database URL, with the password of ``database_password_file`` when set."""
        if not self.database_url:
            return f"sqlite+aiosqlite:///{self.data_dir}/{self.instance}.db"
        if self.database_password_file is None:
            return self.database_url
        password = self.database_password_file.read_text(encoding="utf-8").strip()
        url = make_url(self.database_url).set(password=password)
        return url.render_as_string(hide_password=False)

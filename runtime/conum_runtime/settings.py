"""Service settings, read from environment variables prefixed ``CONUM_``."""

from __future__ import annotations

from pathlib import Path

from conum_kernel.territory import NATIONAL
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Settings shared by every service instance.

    ``CONUM_REGION`` is an ISO 3166-2:FR region code (``FR-NAQ``) for a regional instance, or
    ``national`` for an instance that sees every region.
    """

    model_config = SettingsConfigDict(env_prefix="CONUM_", extra="ignore")

    service: str = Field(default="", description="service name, e.g. enrolment")
    region: str = Field(default=NATIONAL, pattern=r"^(FR-[A-Z]{3}|national)$")
    database_url: str = Field(default="", description="SQLAlchemy async URL; SQLite by default")
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_topic_partitions: int = Field(default=3, ge=1)
    tokens_file: Path | None = Field(default=None, description="JSON file of hashed tokens")
    tokens: str | None = Field(default=None, description="the same JSON, inline")
    topic_prefix: str = Field(
        default="", pattern=r"^[a-zA-Z0-9._-]*$", description="prepended to every topic name"
    )
    relay_enabled: bool = Field(default=True, description="false pauses the outbox relay")
    migrate_on_start: bool = True
    relay_poll_interval: float = Field(default=0.2, gt=0)
    relay_batch_size: int = Field(default=500, ge=1)
    consumer_batch_size: int = Field(
        default=500, ge=1, description="records applied in one transaction at most"
    )
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

    @field_validator("service")
    @classmethod
    def _service_is_a_name(cls, value: str) -> str:
        if value and not value.isidentifier():
            raise ValueError("service must be a plain name such as 'enrolment'")
        return value

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
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir}/{self.instance}.db"

"""Settings of the certification service's own assumptions (``CONUM_CERTIFICATION_*``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from conum_certification.domain import FullTitleRouting
from conum_certification.reference import FULL_TITLE_ORGANISATIONS, load_routing


class CertificationSettings(BaseSettings):
    """**Assumptions**, configurable: where the full-title organisations are read."""

    model_config = SettingsConfigDict(env_prefix="CONUM_CERTIFICATION_", extra="ignore")

    full_title_organisations: Path = Field(
        default=FULL_TITLE_ORGANISATIONS,
        description="JSON file of the organisations running the full REMN title, by region",
    )

    def routing(self) -> FullTitleRouting:
        return load_routing(self.full_title_organisations)

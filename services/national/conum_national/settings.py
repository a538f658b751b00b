"""Settings of the national view's own choices (``CONUM_NATIONAL_*``)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class NationalSettings(BaseSettings):
    """**Assumption**, configurable: the threshold of statistical secrecy of open data."""

    model_config = SettingsConfigDict(env_prefix="CONUM_NATIONAL_", extra="ignore")

    secrecy_threshold: int = Field(
        default=5,
        ge=2,
        description="open data: counts from 1 to this minus one are suppressed",
    )

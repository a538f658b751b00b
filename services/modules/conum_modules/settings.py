"""Settings of the modules service's own assumptions (``CONUM_MODULES_*``).

Which instance this is comes from the runtime's ``CONUM_REGION`` (``national`` or a region).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from conum_modules.domain import MOST_SEATS, HubDirectory, Module, ModulesPolicy
from conum_modules.reference import CATALOGUE, HUBS, load_catalogue, load_hubs


class ModulesSettings(BaseSettings):
    """**Assumptions**, configurable: the hubs, the starting catalogue, the largest session."""

    model_config = SettingsConfigDict(env_prefix="CONUM_MODULES_", extra="ignore")

    hubs: Path = Field(default=HUBS, description="JSON file of the hub of each region")
    catalogue: Path = Field(
        default=CATALOGUE,
        description="JSON file of the starting catalogue the national instance publishes once",
    )
    publish_starting_catalogue: bool = Field(
        default=True, description="false: the national instance starts with an empty catalogue"
    )
    max_capacity: int = Field(
        default=30, ge=1, le=MOST_SEATS, description="the most seats a session may have"
    )
    horizon_days: int = Field(default=730, ge=1, description="how far ahead sessions are held")

    def policy(self) -> ModulesPolicy:
        return ModulesPolicy(max_capacity=self.max_capacity, horizon_days=self.horizon_days)

    def hub_directory(self) -> HubDirectory:
        return load_hubs(self.hubs)

    def starting_catalogue(self) -> tuple[Module, ...]:
        return load_catalogue(self.catalogue) if self.publish_starting_catalogue else ()

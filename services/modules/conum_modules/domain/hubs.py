"""Regional hubs and the instance this service runs as.

Regional hubs (Hubs régionaux pour un numérique inclusif) coordinate and deploy the sessions
of their own territory (R-MOD-02). Which hub serves which region is reference data
(``data/hubs.json``): Hubikoop for Nouvelle-Aquitaine is named in [HUB-2024]; every other
region's hub is an **assumption**, marked as such in the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from conum_kernel.territory import NATIONAL


@dataclass(frozen=True)
class Hub:
    slug: str
    """The hub's short id: a hub token's ``actor_id``, a session's ``hub``."""
    name: str
    region: str
    assumption: bool
    """True when no source names this hub (a placeholder until the real one is known)."""


@dataclass(frozen=True)
class HubDirectory:
    """The hub of each region."""

    hubs: tuple[Hub, ...]

    def __post_init__(self) -> None:
        regions = [hub.region for hub in self.hubs]
        if len(set(regions)) != len(regions):
            raise ValueError("one hub per region")
        slugs = [hub.slug for hub in self.hubs]
        if len(set(slugs)) != len(slugs):
            raise ValueError("hub slugs must be unique")

    @classmethod
    def of(cls, hubs: Iterable[Hub]) -> HubDirectory:
        return cls(tuple(sorted(hubs, key=lambda hub: hub.region)))

    def hub_of(self, region: str) -> Hub | None:
        return next((hub for hub in self.hubs if hub.region == region), None)

    def slugs_of(self, region: str) -> frozenset[str]:
        hub = self.hub_of(region)
        return frozenset() if hub is None else frozenset({hub.slug})


@dataclass(frozen=True)
class Instance:
    """Which instance this is: ``national`` (La Mednum's: the catalogue, and a read copy of
    every region's sessions and registrations) or a region (its hub's sessions and
    registrations)."""

    region: str

    @property
    def is_national(self) -> bool:
        return self.region == NATIONAL

    @property
    def holds_sessions(self) -> bool:
        """A regional instance writes its region's sessions; the national one copies them."""
        return not self.is_national

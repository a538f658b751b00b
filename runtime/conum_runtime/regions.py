"""Region scoping: the regions a caller may act in. Standard library only, so that services'
domain modules can use it.

Regions are ISO 3166-2:FR codes (``FR-NAQ``); ``national`` means every region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

NATIONAL = "national"


@dataclass(frozen=True)
class RegionScope:
    """The regions a caller may act in (``None``: every region).

    A service subclasses it to name the refusal it raises (its own ``WrongRegion``).
    """

    regions: frozenset[str] | None
    refusal: ClassVar[type[Exception]] = PermissionError

    @classmethod
    def every_region(cls) -> Self:
        return cls(None)

    @classmethod
    def for_caller(cls, actor_region: str, instance_region: str) -> Self:
        """An actor with a region acts only there, a ``national`` one everywhere; a regional
        instance narrows everyone to its own region (an actor of another region gets none)."""
        allowed = {region for region in (actor_region, instance_region) if region != NATIONAL}
        if len(allowed) > 1:
            return cls(frozenset())
        return cls(frozenset(allowed)) if allowed else cls(None)

    def allows(self, region: str) -> bool:
        return self.regions is None or region in self.regions

    def check(self, region: str) -> None:
        if not self.allows(region):
            raise self.refusal(f"not allowed to act in region {region}")

"""Who may see or act on a positioning: region scoping and the caller's own organisation."""

from __future__ import annotations

from dataclasses import dataclass

from conum_runtime.regions import RegionScope

from conum_positioning.domain import Positioning
from conum_positioning.refusals import NotTheirConseiller, WrongRegion

STRUCTURE = "host_structure"
ORGANISATION = "training_organisation"


@dataclass(frozen=True)
class Caller:
    """An authenticated caller as the use cases see it.

    ``regions`` is ``None`` for a national caller on a national instance (every region); a
    regional caller, or any caller of a regional instance, is confined to one region (an
    empty set when the two disagree). A token that names its organisation (``actor_id``)
    confines a structure to its own conseillers and a training organisation to those it
    trains; a token naming none acts for every organisation of its region.
    """

    role: str
    regions: frozenset[str] | None
    actor_id: str = ""

    def in_region(self, region: str) -> bool:
        return self.regions is None or region in self.regions

    def owns(self, positioning: Positioning) -> bool:
        if not self.actor_id:
            return True
        if self.role == STRUCTURE:
            return self.actor_id == positioning.structure_id
        if self.role == ORGANISATION:
            return self.actor_id == positioning.training_organisation_id
        return True

    def may_see(self, positioning: Positioning) -> bool:
        return self.in_region(positioning.region) and self.owns(positioning)

    def check(self, positioning: Positioning) -> None:
        """Refuse an act on another region's (or another organisation's) positioning."""
        if not self.in_region(positioning.region):
            raise WrongRegion(f"not allowed to act in region {positioning.region}")
        if not self.owns(positioning):
            raise NotTheirConseiller("this conseiller is not one of the caller's")


def scope_regions(actor_region: str, instance_region: str) -> frozenset[str] | None:
    """The regions of a caller: its own, narrowed to the instance's on a regional instance."""
    return RegionScope.for_caller(actor_region, instance_region).regions

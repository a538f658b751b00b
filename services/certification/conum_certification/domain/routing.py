"""Which organisation runs the full REMN title for a department (R-CRT-07, [HUB-2024]).

The routing itself is reference data (``data/full_title_organisations.json``, read by
:mod:`conum_certification.reference`), not code: this module holds the rule only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from conum_kernel.organisations import Organisation

from conum_certification.domain.refusals import NoFullTitleOrganisation

__all__ = ["FullTitleRouting", "Organisation", "RegionRouting"]


@dataclass(frozen=True)
class RegionRouting:
    """One region: a default organisation (or none) and departments served by another."""

    default: Organisation | None
    by_department: Mapping[str, Organisation] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class FullTitleRouting:
    """The full-title organisations of every region the reference data names."""

    by_region: Mapping[str, RegionRouting]

    def organisation_for(self, region: str, department: str) -> Organisation:
        """Nouvelle-Aquitaine: ENSC, except Landes (40) and Pyrénées-Atlantiques (64), served
        by La Mêlée ([HUB-2024]). **Assumption**: a region absent from the data has no known
        full-title organisation, and the enrolment is refused until the data names one."""
        rule = self.by_region.get(region)
        organisation = None
        if rule is not None:
            organisation = rule.by_department.get(department, rule.default)
        if organisation is None:
            raise NoFullTitleOrganisation(
                f"no full-title organisation is known for department {department} ({region})"
            )
        return organisation

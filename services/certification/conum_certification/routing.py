"""Which organisation runs the full REMN title for a department (seed 002). Pure stdlib.

The routing itself is reference data (``data/full_title_organisations.json``), not code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from conum_certification.refusals import NoFullTitleOrganisation

DATA = Path(str(resources.files("conum_certification") / "data"))


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str


@dataclass(frozen=True)
class RegionRouting:
    """One region: a default organisation (or none) and departments served by another."""

    default: Organisation | None
    by_department: dict[str, Organisation] = field(default_factory=dict)


@dataclass(frozen=True)
class FullTitleRouting:
    by_region: dict[str, RegionRouting]

    def organisation_for(self, region: str, department: str) -> Organisation:
        """Nouvelle-Aquitaine: ENSC, except Landes (40) and Pyrénées-Atlantiques (64), served
        by La Mêlée (seed 002). **Assumption**: a region absent from the data has no known
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


def load_routing(file: Path = DATA / "full_title_organisations.json") -> FullTitleRouting:
    raw: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    organisations = {slug: Organisation(slug, name) for slug, name in raw["organisations"].items()}
    return FullTitleRouting(
        {
            region: RegionRouting(
                default=organisations[rule["default"]] if rule.get("default") else None,
                by_department={
                    code: organisations[slug]
                    for code, slug in rule.get("by_department", {}).items()
                },
            )
            for region, rule in raw["regions"].items()
        }
    )


@cache
def default_routing() -> FullTitleRouting:
    return load_routing()

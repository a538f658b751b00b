"""Territories: regions, departments, reference training organisations and who may act where."""

from __future__ import annotations

from dataclasses import dataclass, field

from conum_runtime.regions import RegionScope as Regions

from conum_enrolment.domain.refusals import WrongRegion


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    kind: str  # metropolitan, drom, com


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    region: Region


@dataclass(frozen=True)
class TrainingOrganisation:
    id: str
    name: str


@dataclass(frozen=True)
class Routing:
    """Which reference training organisation serves a territory, for one scheme."""

    default: TrainingOrganisation
    by_department: dict[str, TrainingOrganisation] = field(default_factory=dict)
    by_region: dict[str, TrainingOrganisation] = field(default_factory=dict)
    remote: TrainingOrganisation | None = None

    def organisation_for(self, department: Department, *, remote: bool) -> TrainingOrganisation:
        """2024 (seed 002): DROM-COM → POP School, elsewhere La Fabrik. 2021 (seeds 000, 001):
        the lots, as data; the national lot is the 100 % remote one."""
        if remote and self.remote is not None:
            return self.remote
        if department.code in self.by_department:
            return self.by_department[department.code]
        return self.by_region.get(department.region.code, self.default)


class RegionScope(Regions):
    """The regions a caller may act in; refuses with :class:`WrongRegion`."""

    refusal = WrongRegion


EVERY_REGION = RegionScope.every_region()


def scope_for(actor_region: str, instance_region: str) -> RegionScope:
    """Roles with a region act only there; ``national`` everywhere; a regional instance only
    in its own region (an actor of another region then has no region at all)."""
    return RegionScope.for_caller(actor_region, instance_region)

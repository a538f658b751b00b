"""Territories as the enrolment rules see them: the kernel's departments and regions (their one
source), and the reference training organisation that serves each territory, per scheme."""

from __future__ import annotations

from dataclasses import dataclass, field

from conum_kernel.organisations import Organisation
from conum_kernel.territory import Department, territory

from conum_enrolment.domain.refusals import UnknownDepartment

TrainingOrganisation = Organisation
"""The organisation that trains a conseiller (the kernel's organisation)."""


@dataclass(frozen=True)
class Routing:
    """Which reference training organisation serves a territory, for one scheme."""

    default: TrainingOrganisation
    by_department: dict[str, TrainingOrganisation] = field(default_factory=dict)
    by_region: dict[str, TrainingOrganisation] = field(default_factory=dict)
    remote: TrainingOrganisation | None = None

    def organisation_for(self, department: Department, *, remote: bool) -> TrainingOrganisation:
        """2024 (R-ENR-02): DROM-COM → POP School, elsewhere La Fabrik. 2021 (R-ENR-03):
        the lots, as data; the national lot is the 100 % remote one."""
        if remote and self.remote is not None:
            return self.remote
        if department.code in self.by_department:
            return self.by_department[department.code]
        return self.by_region.get(department.region.code, self.default)


def department(code: str) -> Department:
    """The department of an INSEE code; :class:`UnknownDepartment` when it is none."""
    found = territory().departments.get(code)
    if found is None:
        raise UnknownDepartment(f"unknown department {code!r}")
    return found

"""Region codes carried by events (``ce_region`` and payload ``region`` fields).

The codes and the department → region table come from :mod:`conum_kernel.territory`, their
one source; see docs/decisions/0003-event-contracts.md for their shape.
"""

from __future__ import annotations

from types import MappingProxyType

from conum_kernel.territory import NATIONAL, REGION_PATTERN, territory

__all__ = ["NATIONAL", "REGION_NAMES", "REGION_OF_DEPARTMENT", "REGION_PATTERN"]

REGION_NAMES = MappingProxyType({code: r.name for code, r in territory().regions.items()})
"""Every region code an event may carry, besides :data:`NATIONAL`."""

REGION_OF_DEPARTMENT = MappingProxyType(
    {code: department.region.code for code, department in territory().departments.items()}
)
"""INSEE department code → region code, for every code the ``department`` fields accept."""


def region_of_department(department: str) -> str:
    """The region code of an INSEE department code; ``KeyError`` when it is not one."""
    return REGION_OF_DEPARTMENT[department]

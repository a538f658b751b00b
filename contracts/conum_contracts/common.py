"""Field types and value objects shared by the event models of every context."""

from __future__ import annotations

from typing import Annotated, Literal

from conum_kernel.schemes import Scheme as Scheme  # the kernel's, for the event models
from pydantic import Field, StringConstraints

from .base import NestedModel
from .regions import REGION_PATTERN

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
DEPARTMENT_PATTERN = r"^(0[1-9]|1[0-9]|2[1-9]|[3-8][0-9]|9[0-5]|2A|2B|97[1-8]|98[6-8])$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

UuidStr = Annotated[
    str,
    StringConstraints(pattern=UUID_PATTERN),
    Field(json_schema_extra={"format": "uuid"}),
]
"""A UUID in canonical form (lower-case hex, hyphenated), carried as a JSON string."""

RegionCode = Annotated[str, StringConstraints(pattern=REGION_PATTERN)]
"""A region code (``FR-NAQ``, ``FR-20R``…) or ``national``; see :mod:`conum_contracts.regions`."""

RegionCodeV1 = Annotated[str, StringConstraints(pattern=r"^(FR-[A-Z]{3}|national)$")]
"""A region code as the first majors carry it: Corsica is ``FR-COR`` there (decision 0024)."""

ISO_REGION = "Unlike the previous major, Corsica is `FR-20R` (ISO 3166-2), no longer `FR-COR`."
"""The note on the majors that replaced :data:`RegionCodeV1` by :data:`RegionCode`."""

DepartmentCode = Annotated[str, StringConstraints(pattern=DEPARTMENT_PATTERN)]
"""An INSEE department code as a string: ``"40"``, ``"2A"``, ``"974"`` (never ``"20"``)."""

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
"""A short lower-case identifier such as ``la-fabrik``."""

NonEmptyText = Annotated[str, StringConstraints(min_length=1)]

HabilitationScheme = Literal["aidants_connect"]
"""A scheme a host structure can be habilitated to."""

PathHours = Literal[70, 175, 315, 105, 280, 350, 420]
"""Length in hours of an initial-training path (2024: 70/175/315; 2021: 105/280/350/420)."""

PATH_HOURS_BY_SCHEME: dict[str, frozenset[int]] = {
    "2024": frozenset({70, 175, 315}),
    "2021": frozenset({105, 280, 350, 420}),
}

ModuleHours = Literal[7, 14]
"""Length in hours of a complementary module: 7 (prise en main) or 14 (intervenir)."""

Track = Literal["initial", "continuing"]
"""Whether a module is taken within initial training or as continuing training."""


class Organisation(NestedModel):
    """A training or certifying organisation, as named in reference data."""

    id: Slug = Field(description="Stable short identifier (slug), e.g. `la-fabrik`.")
    name: NonEmptyText = Field(
        description="Display name, e.g. `La Fabrik de la Médiation Numérique`."
    )

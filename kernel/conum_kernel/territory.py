"""Regions and departments of France: the one source of these reference facts.

Read from ``data/regions.csv`` (code, name, kind, INSEE code) and ``data/departments.csv``
(INSEE code, name, region). Region codes are ISO 3166-2:FR for the mainland regions and Corsica
(``FR-20R``), codes of our own of the same shape overseas (decisions 0003 and 0024);
``national`` stands for every region.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

NATIONAL = "national"
"""Pseudo-region of national instances and actors: every region."""

REGION_PATTERN = r"^(FR-[A-Z]{3}|FR-20R|national)$"
"""Every region code, and ``national``."""

RETIRED_REGION_CODES = MappingProxyType({"FR-COR": "FR-20R"})
"""Codes the network used before (decision 0024) → the code that replaced each: Corsica's
``FR-COR`` is ISO 3166-2's ``FR-20R``. Events of earlier majors still carry them."""


def current_region_code(code: str) -> str:
    """The code in use for ``code``: itself, or what replaced it when it is retired."""
    return RETIRED_REGION_CODES.get(code, code)


def retired_region_code(code: str) -> str:
    """The code earlier majors carry for ``code`` (``FR-20R`` → ``FR-COR``), else itself."""
    return _FORMER_CODES.get(code, code)


_FORMER_CODES = {current: retired for retired, current in RETIRED_REGION_CODES.items()}

RegionKind = Literal["metropolitan", "drom", "com"]


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    kind: RegionKind
    insee: str = ""
    """The region's code in INSEE's official geographic code (COG), e.g. ``75``; empty for
    the overseas collectivities, which are no region there."""

    @property
    def is_overseas(self) -> bool:
        return self.kind != "metropolitan"


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    region: Region


@dataclass(frozen=True)
class Territory:
    """Every region and department, by code."""

    regions: MappingProxyType[str, Region]
    departments: MappingProxyType[str, Department]

    def region_of(self, department: str) -> str:
        """The region code of an INSEE department code; ``KeyError`` when it is not one."""
        return self.departments[department].region.code

    def departments_of(self, region: str) -> tuple[Department, ...]:
        return tuple(d for d in self.departments.values() if d.region.code == region)


@cache
def territory() -> Territory:
    """The territory of the reference files shipped with this package."""
    regions = {
        row["code"]: Region(row["code"], row["name"], _kind(row["kind"]), row["insee"])
        for row in _rows("regions.csv")
    }
    departments = {
        row["code"]: Department(row["code"], row["name"], regions[row["region"]])
        for row in _rows("departments.csv")
    }
    return Territory(MappingProxyType(regions), MappingProxyType(departments))


_KINDS: dict[str, RegionKind] = {"metropolitan": "metropolitan", "drom": "drom", "com": "com"}


def _kind(value: str) -> RegionKind:
    if value not in _KINDS:
        raise ValueError(f"unknown region kind {value!r}")
    return _KINDS[value]


def _rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("conum_kernel") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))

"""The national space's charts, as the design system's chart components read them
(``@gouvfr/dsfr-chart``: attributes holding JSON): a map of regions from the ``regions`` table,
and lines per week from the trends. Each chart has its table beside it, for whoever cannot see
it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from conum_kernel.territory import territory

MAP_INDICATORS = {
    "enrolled": "Inscrits",
    "in_training": "En formation",
    "double_certified": "Double certification",
    "withdrawn": "Abandons",
}
TREND_SERIES = {
    "enrolled": "Inscriptions",
    "training_started": "Entrées en formation",
    "ccp1_passed": "CCP1 obtenus",
    "pix_certified": "Certifications Pix",
}


@dataclass(frozen=True)
class RegionMap:
    indicator: str
    name: str
    data: str
    """``{"NAQ": 120, "971": 3, …}``: the value of each region, keyed as the map names its
    shapes (:func:`map_key`)."""
    total: int
    rows: list[tuple[str, str, Any]]
    """(code, name, value) of every region, for the table beside the map."""


def map_key(code: str) -> str | None:
    """How the map names a region's shape: a metropolitan region by its ISO 3166-2 code
    without ``FR-`` (``NAQ``, ``20R``), an overseas region by its one department (``971``);
    the overseas collectivities have no shape (None)."""
    known = territory()
    region = known.regions.get(code)
    if region is None or region.kind == "com":
        return None
    if region.kind == "drom":
        departments = known.departments_of(code)
        return departments[0].code if len(departments) == 1 else None
    return code.removeprefix("FR-")


def region_map(regions_table: Mapping[str, Any], indicator: str) -> RegionMap:
    """The map of one indicator of the national ``regions`` table (regions without a shape,
    the overseas collectivities, are in the table only)."""
    if indicator not in MAP_INDICATORS:
        indicator = "enrolled"
    known = territory().regions
    values: dict[str, int] = {}
    rows = []
    for row in regions_table.get("rows", []):
        code, value = row["region"], row.get(indicator) or 0
        region = known.get(code)
        rows.append((code, region.name if region else code, value))
        key = map_key(code)
        if key is not None:
            values[key] = int(value)
    return RegionMap(
        indicator,
        MAP_INDICATORS[indicator],
        json.dumps(values, sort_keys=True),
        sum(int(value) for _, _, value in rows),
        rows,
    )


@dataclass(frozen=True)
class Trend:
    key: str
    name: str
    x: str
    """``[["2026-01-05", …]]``: the weeks (their Monday), one list per line."""
    y: str
    """``[[3, 5, …]]``: the counts of each week."""
    values: list[int]


@dataclass(frozen=True)
class Trends:
    weeks: list[str]
    lines: list[Trend]

    def rows(self) -> list[list[Any]]:
        """The table beside the charts: a week per row, a series per column."""
        return [
            [week, *(line.values[n] for line in self.lines)] for n, week in enumerate(self.weeks)
        ]


def trends_of(answer: Mapping[str, Any]) -> Trends:
    """The charts of ``GET /national/trends`` (weeks, and a series per indicator)."""
    weeks = [str(week) for week in answer.get("weeks", [])]
    series: Mapping[str, Sequence[int]] = answer.get("series", {})
    lines = []
    for key, name in TREND_SERIES.items():
        values = [int(v) for v in series.get(key, [])]
        if len(values) != len(weeks):
            continue  # a series that does not follow the weeks is not drawn
        lines.append(Trend(key, name, json.dumps([weeks]), json.dumps([values]), values))
    return Trends(weeks, lines)

"""What a national table is made of: columns with their labels, rows of identifiers, codes
and counts, and the scope's filters every table applies."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from conum_national.domain import FunnelStep, Journey
from conum_national.store.repositories import Scope

CellValue = str | int | float | None


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    """The column's name for a person, in French (the dashboard's language)."""
    type: str = "integer"
    """``string``, ``integer``, ``number`` (decimal) or ``date``, as in Table Schema."""


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: tuple[Column, ...]
    rows: list[dict[str, CellValue]]


REGION = Column("region", "Région", "string")
SCHEME = Column("scheme", "Dispositif", "string")
FUNNEL_LABELS: dict[FunnelStep, str] = {
    FunnelStep.ENROLLED: "Inscrits",
    FunnelStep.POSITIONED: "Positionnés",
    FunnelStep.TRAINING_STARTED: "Formation commencée",
    FunnelStep.TRAINING_COMPLETED: "Formation terminée",
    FunnelStep.CCP1_CONVENED: "Convoqués au CCP1",
    FunnelStep.CCP1_PASSED: "CCP1 obtenu",
    FunnelStep.CCP1_FAILED: "CCP1 non obtenu",
    FunnelStep.PIX_CERTIFIED: "Pix obtenu",
    FunnelStep.DOUBLE_CERTIFIED: "Double certification",
    FunnelStep.WITHDRAWN: "Abandons",
}


def in_period(day: date | None, scope: Scope) -> bool:
    if day is None:
        return scope.start is None and scope.end is None
    return (scope.start is None or day >= scope.start) and (scope.end is None or day <= scope.end)


def in_regions(region: str | None, scope: Scope) -> bool:
    return region is not None and (scope.regions is None or region in scope.regions)


def groups(journeys: Iterable[Journey]) -> dict[tuple[str, str], list[Journey]]:
    grouped: dict[tuple[str, str], list[Journey]] = defaultdict(list)
    for journey in journeys:
        grouped[(journey.region, journey.scheme or "")].append(journey)
    return dict(sorted(grouped.items()))

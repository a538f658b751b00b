"""Tables of the conseillers' journeys: the funnel, paths, withdrawals, durations,
attendance, and the funnel by region and by department (the enrolment day bounds the
period)."""

from __future__ import annotations

from collections import Counter, defaultdict

from conum_kernel.territory import territory

from conum_national import domain
from conum_national.domain import FunnelStep, Journey
from conum_national.store import NationalUnitOfWork
from conum_national.store.repositories import Scope
from conum_national.views.tables.columns import (
    FUNNEL_LABELS,
    REGION,
    SCHEME,
    CellValue,
    Column,
    Table,
    groups,
)


async def funnel(uow: NationalUnitOfWork, scope: Scope) -> Table:
    journeys = await uow.journeys.select(scope)
    rows: list[dict[str, CellValue]] = []
    for (region, scheme), group in groups(journeys).items():
        counts = domain.funnel(group)
        row: dict[str, CellValue] = {"region": region, "scheme": scheme}
        row.update({step.value: counts[step] for step in FunnelStep})
        row["re_enrolled"] = sum(journey.ordinal > 1 for journey in group)
        rows.append(row)
    columns = (
        REGION,
        SCHEME,
        *(Column(step.value, FUNNEL_LABELS[step]) for step in FunnelStep),
        Column("re_enrolled", "Réinscrits"),
    )
    return Table("funnel", "Parcours de formation", columns, rows)


async def paths(uow: NationalUnitOfWork, scope: Scope) -> Table:
    journeys = await uow.journeys.select(scope)
    counted = Counter(
        (j.region, j.scheme or "", j.path_hours) for j in journeys if j.path_hours is not None
    )
    rows: list[dict[str, CellValue]] = [
        {"region": region, "scheme": scheme, "path_hours": hours, "positioned": count}
        for (region, scheme, hours), count in sorted(counted.items())
    ]
    columns = (
        REGION,
        SCHEME,
        Column("path_hours", "Parcours (h)"),
        Column("positioned", "Positionnés"),
    )
    return Table("paths", "Positionnés par parcours", columns, rows)


async def withdrawals(uow: NationalUnitOfWork, scope: Scope) -> Table:
    """Every withdrawal, those followed by a re-enrolment included, by reason."""
    journeys = await uow.journeys.select(scope, current_only=False)
    counted = Counter(
        (j.region, j.scheme or "", j.withdrawal_reason or "other")
        for j in journeys
        if j.withdrawn_on is not None
    )
    rows: list[dict[str, CellValue]] = [
        {"region": region, "scheme": scheme, "reason": reason, "withdrawals": count}
        for (region, scheme, reason), count in sorted(counted.items())
    ]
    columns = (
        REGION,
        SCHEME,
        Column("reason", "Motif", "string"),
        Column("withdrawals", "Abandons"),
    )
    return Table("withdrawals", "Abandons par motif", columns, rows)


async def durations(uow: NationalUnitOfWork, scope: Scope) -> Table:
    journeys = await uow.journeys.select(scope)
    rows: list[dict[str, CellValue]] = []
    for (region, scheme), group in groups(journeys).items():
        for found in domain.durations(group):
            rows.append(
                {
                    "region": region,
                    "scheme": scheme,
                    "span": found.span.value,
                    "count": found.count,
                    "median_days": found.median,
                    "p90_days": found.p90,
                }
            )
    columns = (
        REGION,
        SCHEME,
        Column("span", "Étape", "string"),
        Column("count", "Conseillers"),
        Column("median_days", "Médiane (jours)", "number"),
        Column("p90_days", "90e centile (jours)"),
    )
    return Table("durations", "Délais depuis l'inscription", columns, rows)


async def attendance(uow: NationalUnitOfWork, scope: Scope) -> Table:
    journeys = await uow.journeys.select(scope)
    rows: list[dict[str, CellValue]] = []
    for (region, scheme), group in groups(journeys).items():
        started = [j for j in group if j.training_started_on is not None]
        rows.append(
            {
                "region": region,
                "scheme": scheme,
                "training_started": len(started),
                "with_breach": sum(j.attendance_breaches > 0 for j in started),
                "breaches": sum(j.attendance_breaches for j in started),
            }
        )
    columns = (
        REGION,
        SCHEME,
        Column("training_started", "Formation commencée"),
        Column("with_breach", "Conseillers sous le seuil d'assiduité"),
        Column("breaches", "Alertes d'assiduité"),
    )
    return Table("attendance", "Assiduité", columns, rows)


async def regions(uow: NationalUnitOfWork, scope: Scope) -> Table:
    """One line per region the caller sees: the funnel's main steps, both schemes."""
    journeys = await uow.journeys.select(scope)
    by_region: dict[str, list[Journey]] = defaultdict(list)
    for journey in journeys:
        by_region[journey.region].append(journey)
    known = territory().regions
    rows: list[dict[str, CellValue]] = []
    for code, region in known.items():
        if scope.regions is not None and code not in scope.regions:
            continue
        counts = domain.funnel(by_region.get(code, []))
        enrolled = counts[FunnelStep.ENROLLED]
        rows.append(
            {
                "region": code,
                "name": region.name,
                "enrolled": enrolled,
                "in_training": sum(
                    j.step is domain.Step.IN_TRAINING for j in by_region.get(code, [])
                ),
                "double_certified": counts[FunnelStep.DOUBLE_CERTIFIED],
                "withdrawn": counts[FunnelStep.WITHDRAWN],
                "double_certified_pct": (
                    round(100 * counts[FunnelStep.DOUBLE_CERTIFIED] / enrolled, 1)
                    if enrolled
                    else None
                ),
            }
        )
    columns = (
        REGION,
        Column("name", "Nom", "string"),
        Column("enrolled", "Inscrits"),
        Column("in_training", "En formation"),
        Column("double_certified", "Double certification"),
        Column("withdrawn", "Abandons"),
        Column("double_certified_pct", "Taux de double certification (%)", "number"),
    )
    return Table("regions", "Régions", columns, rows)


async def departments(uow: NationalUnitOfWork, scope: Scope) -> Table:
    """The funnel by department (a region's drill-down)."""
    journeys = await uow.journeys.select(scope)
    grouped: dict[tuple[str, str, str], list[Journey]] = defaultdict(list)
    for journey in journeys:
        grouped[(journey.region, journey.department or "", journey.scheme or "")].append(journey)
    names = territory().departments
    rows: list[dict[str, CellValue]] = []
    for (region, department, scheme), group in sorted(grouped.items()):
        counts = domain.funnel(group)
        row: dict[str, CellValue] = {
            "region": region,
            "department": department,
            "department_name": names[department].name if department in names else None,
            "scheme": scheme,
        }
        row.update({step.value: counts[step] for step in FunnelStep})
        rows.append(row)
    columns = (
        REGION,
        Column("department", "Département", "string"),
        Column("department_name", "Nom", "string"),
        SCHEME,
        *(Column(step.value, FUNNEL_LABELS[step]) for step in FunnelStep),
    )
    return Table("departments", "Parcours par département", columns, rows)

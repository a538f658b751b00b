"""Tables of the network's other aggregates: cohorts and full-title enrolments (their start
day bounds the period), host structures."""

from __future__ import annotations

from collections import Counter, defaultdict

from conum_national.store import NationalUnitOfWork
from conum_national.store.repositories import Scope
from conum_national.views.tables.columns import (
    REGION,
    CellValue,
    Column,
    Table,
    in_period,
    in_regions,
)


async def cohorts(uow: NationalUnitOfWork, scope: Scope) -> Table:
    counted: dict[tuple[str, str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in await uow.network.cohorts():
        region = row.region or row.region_hint
        if row.formed_key is None or not in_regions(region, scope):
            continue
        if not in_period(row.starts_on, scope):
            continue
        totals = counted[(region or "", row.organisation_id or "", row.path_hours or 0)]
        totals[0] += 1
        totals[1] += row.size or 0
        totals[2] += row.referent_designated
    rows: list[dict[str, CellValue]] = [
        {
            "region": region,
            "organisation_id": organisation,
            "path_hours": hours,
            "cohorts": n,
            "conseillers": size,
            "with_referent": referents,
        }
        for (region, organisation, hours), (n, size, referents) in sorted(counted.items())
    ]
    columns = (
        REGION,
        Column("organisation_id", "Organisme", "string"),
        Column("path_hours", "Parcours (h)"),
        Column("cohorts", "Cohortes formées"),
        Column("conseillers", "Conseillers"),
        Column("with_referent", "Avec référent"),
    )
    return Table("cohorts", "Cohortes (dispositif 2021)", columns, rows)


async def full_title(uow: NationalUnitOfWork, scope: Scope) -> Table:
    counted = Counter(
        (row.region, row.organisation_id)
        for row in await uow.network.full_titles()
        if in_regions(row.region, scope) and in_period(row.starts_on, scope)
    )
    rows: list[dict[str, CellValue]] = [
        {"region": region, "organisation_id": organisation, "enrolments": count}
        for (region, organisation), count in sorted(counted.items())
    ]
    columns = (
        REGION,
        Column("organisation_id", "Organisme", "string"),
        Column("enrolments", "Inscriptions au titre complet"),
    )
    return Table("full_title", "Titre professionnel complet (REMN)", columns, rows)


async def structures(uow: NationalUnitOfWork, scope: Scope) -> Table:
    counted: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in await uow.network.structures():
        region = row.region or row.region_hint
        if not in_regions(region, scope):
            continue
        totals = counted[region or ""]
        totals[0] += row.registered_key is not None
        totals[1] += row.habilitation_requested
        totals[2] += row.habilitation_granted_on is not None
    rows: list[dict[str, CellValue]] = [
        {"region": region, "structures": n, "habilitation_requested": asked, "habilitated": done}
        for region, (n, asked, done) in sorted(counted.items())
    ]
    columns = (
        REGION,
        Column("structures", "Structures d'accueil"),
        Column("habilitation_requested", "Habilitation Aidants Connect demandée"),
        Column("habilitated", "Habilitées Aidants Connect"),
    )
    return Table("structures", "Structures d'accueil", columns, rows)

"""The national tables: every figure the coordinators read, as flat tables (rows of
identifiers, codes and counts) that the API, the dashboard and the exports share.

Each builder reads the store in a :class:`Scope` (regions the caller may see, a period) and
counts with the rules of :mod:`conum_national.domain`. Periods: the enrolment day for the
funnel's tables, the start day for cohorts and full-title enrolments, the session's first day
for modules and satisfaction (the completion day when the session is unknown).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from conum_kernel.territory import territory

from conum_national import domain
from conum_national.domain import FunnelStep, Journey
from conum_national.store import NationalUnitOfWork
from conum_national.store.repositories import Scope
from conum_national.store.tables import RegistrationRow, SessionRow

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


def _in_period(day: date | None, scope: Scope) -> bool:
    if day is None:
        return scope.start is None and scope.end is None
    return (scope.start is None or day >= scope.start) and (scope.end is None or day <= scope.end)


def _in_regions(region: str | None, scope: Scope) -> bool:
    return region is not None and (scope.regions is None or region in scope.regions)


def _groups(journeys: Iterable[Journey]) -> dict[tuple[str, str], list[Journey]]:
    grouped: dict[tuple[str, str], list[Journey]] = defaultdict(list)
    for journey in journeys:
        grouped[(journey.region, journey.scheme or "")].append(journey)
    return dict(sorted(grouped.items()))


async def funnel(uow: NationalUnitOfWork, scope: Scope) -> Table:
    journeys = await uow.journeys.select(scope)
    rows: list[dict[str, CellValue]] = []
    for (region, scheme), group in _groups(journeys).items():
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
    for (region, scheme), group in _groups(journeys).items():
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
    for (region, scheme), group in _groups(journeys).items():
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


async def cohorts(uow: NationalUnitOfWork, scope: Scope) -> Table:
    counted: dict[tuple[str, str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in await uow.network.cohorts():
        region = row.region or row.region_hint
        if row.formed_key is None or not _in_regions(region, scope):
            continue
        if not _in_period(row.starts_on, scope):
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
        if _in_regions(row.region, scope) and _in_period(row.starts_on, scope)
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
        if not _in_regions(region, scope):
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


@dataclass(frozen=True)
class _Registration:
    row: RegistrationRow
    session: SessionRow | None

    @property
    def region(self) -> str | None:
        return self.row.region or (self.session.region if self.session else None)

    @property
    def day(self) -> date | None:
        first = self.session.first_day if self.session is not None else None
        return first or self.row.completed_on

    @property
    def accepted(self) -> bool:
        return self.row.accepted_key is not None

    @property
    def waitlisted(self) -> bool:
        return (
            self.row.waitlisted_key is not None
            and not self.accepted
            and not self.row.cancelled
            and self.row.completed_on is None
        )


async def _registrations(uow: NationalUnitOfWork, scope: Scope) -> list[_Registration]:
    sessions = {row.session_id: row for row in await uow.modules.sessions()}
    found = (
        _Registration(row, sessions.get(row.session_id or ""))
        for row in await uow.modules.registrations()
    )
    return [r for r in found if _in_regions(r.region, scope) and _in_period(r.day, scope)]


async def modules(uow: NationalUnitOfWork, scope: Scope) -> Table:
    """Registrations and completions per region (a waitlisting tells no track: the tracks
    are columns, not rows)."""
    counted: dict[str, Counter[str]] = defaultdict(Counter)
    for registration in await _registrations(uow, scope):
        row = registration.row
        figures = counted[registration.region or ""]
        accepted = registration.accepted
        figures["registrations"] += accepted
        figures["registrations_initial"] += accepted and row.track == "initial"
        figures["registrations_continuing"] += accepted and row.track == "continuing"
        figures["funded"] += accepted and bool(row.funded)
        figures["unfunded"] += accepted and row.funded is False
        figures["cancelled"] += row.cancelled and row.completed_on is None
        figures["waitlisted"] += registration.waitlisted
        if row.completed_on is not None:
            figures["completions"] += 1
            figures["completions_initial"] += row.track == "initial"
            figures["completions_continuing"] += row.track == "continuing"
            figures["hours_completed"] += row.hours or 0
    columns = (
        REGION,
        Column("registrations", "Inscriptions acceptées"),
        Column("registrations_initial", "dont formation initiale"),
        Column("registrations_continuing", "dont formation continue"),
        Column("funded", "Financées"),
        Column("unfunded", "Non financées"),
        Column("cancelled", "Annulées"),
        Column("waitlisted", "En liste d'attente"),
        Column("completions", "Modules suivis"),
        Column("completions_initial", "dont formation initiale"),
        Column("completions_continuing", "dont formation continue"),
        Column("hours_completed", "Heures suivies"),
    )
    rows: list[dict[str, CellValue]] = [
        {"region": region, **{c.name: figures[c.name] for c in columns[1:]}}
        for region, figures in sorted(counted.items())
    ]
    return Table("modules", "Modules complémentaires", columns, rows)


async def module_catalogue(uow: NationalUnitOfWork, scope: Scope) -> Table:
    registrations = await _registrations(uow, scope)
    sessions = [
        row
        for row in await uow.modules.sessions()
        if _in_regions(row.region or row.region_hint, scope) and _in_period(row.first_day, scope)
    ]
    rows: list[dict[str, CellValue]] = []
    for module in sorted(await uow.modules.catalogue(), key=lambda m: (m.title or "", m.module_id)):
        mine = [r for r in registrations if r.row.module_id == module.module_id]
        rows.append(
            {
                "module_id": module.module_id,
                "title": module.title,
                "kind": module.kind,
                "hours": module.hours,
                "withdrawn": "oui" if module.withdrawn else "non",
                "sessions": sum(
                    s.module_id == module.module_id and not s.cancelled for s in sessions
                ),
                "registrations": sum(r.accepted for r in mine),
                "completions": sum(r.row.completed_on is not None for r in mine),
            }
        )
    columns = (
        Column("module_id", "Module", "string"),
        Column("title", "Intitulé", "string"),
        Column("kind", "Type", "string"),
        Column("hours", "Durée (h)"),
        Column("withdrawn", "Retiré du catalogue", "string"),
        Column("sessions", "Sessions"),
        Column("registrations", "Inscriptions acceptées"),
        Column("completions", "Modules suivis"),
    )
    return Table("module_catalogue", "Catalogue des modules", columns, rows)


async def mandatory_modules(uow: NationalUnitOfWork, scope: Scope) -> Table:
    """2024 scheme, current enrolments not withdrawn: the two mandatory modules of initial
    training done (initial-track modules completed, two at most) and still owed."""
    journeys = [
        j for j in await uow.journeys.select(scope) if j.scheme == "2024" and j.withdrawn_on is None
    ]
    completed: Counter[str] = Counter(
        row.conseiller_id
        for row in await uow.modules.registrations()
        if row.track == "initial" and row.completed_on is not None
    )
    counted: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for journey in journeys:
        done, owed = domain.mandatory_modules(completed[journey.conseiller_id])
        totals = counted[journey.region]
        totals[0] += 1
        totals[1] += done
        totals[2] += owed
        totals[3] += owed == 0
    rows: list[dict[str, CellValue]] = [
        {"region": region, "conseillers": n, "done": done, "owed": owed, "complete": complete}
        for region, (n, done, owed, complete) in sorted(counted.items())
    ]
    columns = (
        REGION,
        Column("conseillers", "Conseillers (2024, en formation initiale)"),
        Column("done", "Modules obligatoires suivis"),
        Column("owed", "Modules obligatoires restant dus"),
        Column("complete", "Conseillers à jour"),
    )
    return Table("mandatory_modules", "Modules obligatoires", columns, rows)


async def satisfaction(uow: NationalUnitOfWork, scope: Scope) -> Table:
    surveys: dict[str, list[domain.Survey]] = defaultdict(list)
    for row in await uow.modules.sessions():
        region = row.evaluation_region or row.region or row.region_hint
        if row.evaluated_key is None or not _in_regions(region, scope):
            continue
        if not _in_period(row.first_day, scope):
            continue
        surveys[region or ""].append(
            domain.Survey(
                responses=row.responses or 0,
                satisfied_resources_pct=row.satisfied_resources_pct or 0.0,
                satisfied_overall_pct=row.satisfied_overall_pct or 0.0,
                mean_self_rated_ability=row.mean_self_rated_ability or 0.0,
            )
        )
    rows: list[dict[str, CellValue]] = []
    for region, taken in sorted(surveys.items()):
        found = domain.satisfaction(taken)
        rows.append(
            {
                "region": region,
                "sessions": found.sessions,
                "responses": found.responses,
                "satisfied_resources_pct": found.satisfied_resources_pct,
                "satisfied_overall_pct": found.satisfied_overall_pct,
                "mean_self_rated_ability": found.mean_self_rated_ability,
            }
        )
    columns = (
        REGION,
        Column("sessions", "Sessions évaluées"),
        Column("responses", "Réponses"),
        Column("satisfied_resources_pct", "Satisfaits des ressources (%)", "number"),
        Column("satisfied_overall_pct", "Satisfaits globalement (%)", "number"),
        Column("mean_self_rated_ability", "Capacité ressentie (/10)", "number"),
    )
    return Table("satisfaction", "Satisfaction des sessions", columns, rows)


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


TABLES: dict[str, Callable[[NationalUnitOfWork, Scope], Awaitable[Table]]] = {
    "regions": regions,
    "funnel": funnel,
    "paths": paths,
    "withdrawals": withdrawals,
    "durations": durations,
    "attendance": attendance,
    "departments": departments,
    "cohorts": cohorts,
    "full_title": full_title,
    "structures": structures,
    "modules": modules,
    "module_catalogue": module_catalogue,
    "mandatory_modules": mandatory_modules,
    "satisfaction": satisfaction,
}
"""Every national table, by name."""


async def every_table(uow: NationalUnitOfWork, scope: Scope) -> dict[str, Table]:
    return {name: await build(uow, scope) for name, build in TABLES.items()}


def total(rows: Sequence[dict[str, CellValue]], names: Sequence[str]) -> dict[str, int]:
    """Column sums of integer columns (national or per-scheme totals)."""
    return {name: sum(int(row[name] or 0) for row in rows) for name in names}

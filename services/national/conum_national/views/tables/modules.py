"""Tables of the complementary modules: registrations and completions, the catalogue, the
mandatory modules of the 2024 scheme, satisfaction (the session's first day bounds the
period; the completion day when the session is unknown)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from conum_national import domain
from conum_national.store import NationalUnitOfWork
from conum_national.store.repositories import Scope
from conum_national.store.tables import RegistrationRow, SessionRow
from conum_national.views.tables.columns import (
    REGION,
    CellValue,
    Column,
    Table,
    in_period,
    in_regions,
)


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
    return [r for r in found if in_regions(r.region, scope) and in_period(r.day, scope)]


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
        if in_regions(row.region or row.region_hint, scope) and in_period(row.first_day, scope)
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
        if row.evaluated_key is None or not in_regions(region, scope):
            continue
        if not in_period(row.first_day, scope):
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

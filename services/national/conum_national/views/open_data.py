"""The open-data export: the training funnel by department, region and nation, per scheme,
with statistical secrecy (:mod:`conum_national.domain.suppression`), in the conventions of
the French open-data portal (decision 0018): CSV in UTF-8, comma-separated, CRLF line ends,
a header of snake_case names without accents, ISO 8601 days, INSEE codes (COG) for
departments and regions, a Table Schema describing every column, suppressed counts left
empty.

Secrecy is decided on the whole national table, always: a regional hub gets the rows of its
region cut from it, so that two exports never combine into a disclosure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from conum_kernel import schemes
from conum_kernel.territory import territory

from conum_national import domain
from conum_national.domain import CountTable, Equation, FunnelStep, Journey
from conum_national.domain.figures import REACHED
from conum_national.store import NationalUnitOfWork
from conum_national.store.repositories import Scope

MEASURES: dict[FunnelStep, tuple[str, str]] = {
    FunnelStep.ENROLLED: ("inscrits", "Conseillers inscrits en formation initiale"),
    FunnelStep.POSITIONED: ("positionnes", "Conseillers placés sur un parcours"),
    FunnelStep.TRAINING_STARTED: ("formations_commencees", "Formations commencées"),
    FunnelStep.TRAINING_COMPLETED: ("formations_terminees", "Formations terminées"),
    FunnelStep.CCP1_CONVENED: ("convoques_ccp1", "Conseillers convoqués au CCP1 (REMN)"),
    FunnelStep.CCP1_PASSED: ("ccp1_obtenus", "CCP1 obtenus"),
    FunnelStep.CCP1_FAILED: ("ccp1_non_obtenus", "CCP1 non obtenus (sans réussite ensuite)"),
    FunnelStep.PIX_CERTIFIED: ("pix_obtenus", "Certifications Pix obtenues"),
    FunnelStep.DOUBLE_CERTIFIED: ("doubles_certifications", "Doubles certifications (CCP1 et Pix)"),
    FunnelStep.WITHDRAWN: ("abandons", "Abandons de la formation initiale"),
}
BOTH = "ensemble"
SCHEMES = (*schemes.SCHEMES, BOTH)
NATIONAL = "national"

Cell = tuple[str, str, str]
"""(level, code, scheme): level ``departement``, ``region`` or ``national``."""


@dataclass(frozen=True)
class OpenData:
    rows: list[dict[str, str]]
    """Every value as text, as written in the CSV (suppressed counts: empty)."""
    suppressed: int
    """Cells left out (primary and secondary)."""


def count_tables(journeys: list[Journey]) -> dict[FunnelStep, CountTable]:
    """For each step, the counts of every cell and the equations between them."""
    known = territory()
    counts: dict[FunnelStep, dict[Cell, int]] = {step: defaultdict(int) for step in MEASURES}
    for journey in journeys:
        department = journey.department or ""
        if department not in known.departments or journey.scheme not in SCHEMES:
            continue
        region = known.region_of(department)
        for step, reached in REACHED.items():
            if step in MEASURES and reached(journey):
                for scheme in (journey.scheme, BOTH):
                    counts[step][("departement", department, scheme)] += 1
                    counts[step][("region", region, scheme)] += 1
                    counts[step][(NATIONAL, NATIONAL, scheme)] += 1
    cells = _cells()
    equations = _equations()
    return {
        step: CountTable({cell: counts[step].get(cell, 0) for cell in cells}, equations)
        for step in MEASURES
    }


def _cells() -> list[Cell]:
    known = territory()
    cells: list[Cell] = [(NATIONAL, NATIONAL, scheme) for scheme in SCHEMES]
    for region in known.regions:
        cells += [("region", region, scheme) for scheme in SCHEMES]
        for department in known.departments_of(region):
            cells += [("departement", department.code, scheme) for scheme in SCHEMES]
    return cells


def _equations() -> list[Equation]:
    known = territory()
    rows: list[tuple[str, str]] = [(NATIONAL, NATIONAL)]
    rows += [("region", code) for code in known.regions]
    rows += [("departement", code) for code in known.departments]
    equations = [
        Equation((level, code, BOTH), tuple((level, code, scheme) for scheme in schemes.SCHEMES))
        for level, code in rows
    ]
    for scheme in SCHEMES:
        for region in known.regions:
            parts = tuple(("departement", d.code, scheme) for d in known.departments_of(region))
            equations.append(Equation(("region", region, scheme), parts))
        equations.append(
            Equation(
                (NATIONAL, NATIONAL, scheme),
                tuple(("region", region, scheme) for region in known.regions),
            )
        )
    return equations


async def open_data(
    uow: NationalUnitOfWork, scope: Scope, *, extracted_on: date, threshold: int
) -> OpenData:
    """The published table; rows of ``scope.regions`` only (secrecy decided nationally)."""
    national = Scope(None, scope.start, scope.end)
    tables = count_tables(await uow.journeys.select(national))
    hidden = {step: domain.suppress(table, threshold) for step, table in tables.items()}
    known = territory()
    rows: list[dict[str, str]] = []
    for level, code, scheme in _cells():
        region_code = (
            code if level == "region" else known.region_of(code) if level == "departement" else ""
        )
        if scope.regions is not None and region_code not in scope.regions:
            continue
        region = known.regions.get(region_code)
        department = known.departments.get(code) if level == "departement" else None
        row = {
            "niveau": level,
            "code_region": region.insee if region else "",
            "code_region_reseau": region_code,
            "nom_region": region.name if region else "",
            "code_departement": department.code if department else "",
            "nom_departement": department.name if department else "",
            "dispositif": scheme,
        }
        for step, (name, _label) in MEASURES.items():
            cell = (level, code, scheme)
            row[name] = "" if cell in hidden[step] else str(tables[step].values[cell])
        row["periode_debut"] = scope.start.isoformat() if scope.start else ""
        row["periode_fin"] = scope.end.isoformat() if scope.end else ""
        row["date_extraction"] = extracted_on.isoformat()
        rows.append(row)
    return OpenData(rows, sum(len(cells) for cells in hidden.values()))


def table_schema(threshold: int) -> dict[str, Any]:
    """The Table Schema (frictionlessdata.io) of the export, in French."""
    secrecy = (
        f"Vide : secret statistique (effectif de 1 à {threshold - 1}, ou masqué pour qu'aucun "
        "effectif secret ne puisse être retrouvé à partir des totaux publiés)."
    )
    text = {"type": "string"}
    fields: list[dict[str, Any]] = [
        {
            "name": "niveau",
            "title": "Niveau géographique",
            **text,
            "constraints": {"required": True, "enum": ["national", "region", "departement"]},
        },
        {
            "name": "code_region",
            "title": "Code INSEE de la région (COG)",
            "description": "Vide pour le niveau national et les collectivités d'outre-mer.",
            **text,
        },
        {
            "name": "code_region_reseau",
            "title": "Code de la région dans le réseau (ISO 3166-2:FR)",
            **text,
        },
        {"name": "nom_region", "title": "Nom de la région", **text},
        {
            "name": "code_departement",
            "title": "Code INSEE du département (COG)",
            "description": "Vide aux niveaux régional et national.",
            **text,
            "constraints": {"pattern": "^([0-9]{2}|2A|2B|97[1-8]|98[6-8])?$"},
        },
        {"name": "nom_departement", "title": "Nom du département", **text},
        {
            "name": "dispositif",
            "title": "Dispositif de formation",
            "description": "2021, 2024, ou ensemble (la somme des deux).",
            **text,
            "constraints": {"required": True, "enum": list(SCHEMES)},
        },
    ]
    fields += [
        {
            "name": name,
            "title": label,
            "description": secrecy,
            "type": "integer",
            "constraints": {"minimum": 0},
        }
        for name, label in MEASURES.values()
    ]
    fields += [
        {
            "name": "periode_debut",
            "title": "Inscriptions à partir du",
            "type": "date",
            "format": "default",
        },
        {
            "name": "periode_fin",
            "title": "Inscriptions jusqu'au",
            "type": "date",
            "format": "default",
        },
        {
            "name": "date_extraction",
            "title": "Date d'extraction",
            "type": "date",
            "format": "default",
        },
    ]
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": "conseillers-numeriques-formation-initiale",
        "title": "Formation initiale des conseillers numériques, par département",
        "description": (
            "Parcours de formation initiale des conseillers numériques (inscription, "
            "positionnement, formation, CCP1 du titre REMN, Pix, double certification, "
            "abandons) par département, région et au niveau national, par dispositif. "
            "Chaque conseiller compte une fois, à sa dernière inscription. " + secrecy
        ),
        "version": "1.0.0",
        "missingValues": [""],
        "fields": fields,
        "primaryKey": ["niveau", "code_region_reseau", "code_departement", "dispositif"],
    }

"""Reference data, loaded from the files in ``data/`` (not code): departments, regions,
training organisations and the territory routing of each scheme."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from conum_enrolment.domain import Department, Region, Routing, TrainingOrganisation

DATA = Path(str(resources.files("conum_enrolment") / "data"))


@dataclass(frozen=True)
class ReferenceData:
    regions: dict[str, Region]
    departments: dict[str, Department]
    organisations: dict[str, TrainingOrganisation]
    routing: dict[str, Routing]


def load_reference(directory: Path = DATA) -> ReferenceData:
    """Read the reference files; call again to reload them after an edit."""
    regions = {
        row["code"]: Region(row["code"], row["name"], row["kind"])
        for row in _csv(directory / "regions.csv")
    }
    departments = {
        row["code"]: Department(row["code"], row["name"], regions[row["region"]])
        for row in _csv(directory / "departments.csv")
    }
    raw: dict[str, Any] = json.loads((directory / "training_organisations.json").read_text())
    organisations = {
        slug: TrainingOrganisation(slug, name) for slug, name in raw["organisations"].items()
    }
    routing = {
        scheme: Routing(
            default=organisations[rule["default"]],
            by_department={k: organisations[v] for k, v in rule.get("by_department", {}).items()},
            by_region={k: organisations[v] for k, v in rule.get("by_region", {}).items()},
            remote=organisations[rule["remote"]] if rule.get("remote") else None,
        )
        for scheme, rule in raw["schemes"].items()
    }
    return ReferenceData(regions, departments, organisations, routing)


@cache
def default_reference() -> ReferenceData:
    return load_reference()


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))

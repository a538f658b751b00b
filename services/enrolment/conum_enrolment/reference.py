"""Reference data, loaded from the files in ``data/`` (not code): regions, departments, the
training organisations and territory routing of each scheme, and full-title organisations.

``python -m conum_enrolment.reference [directory]`` checks the files and prints a summary;
a running service reloads them with ``POST /reference/reload``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from conum_enrolment.domain import Department, Region, Routing, TrainingOrganisation

DATA = Path(str(resources.files("conum_enrolment") / "data"))
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class InvalidReferenceData(ValueError):
    """A reference file is inconsistent."""


@dataclass(frozen=True)
class ReferenceData:
    regions: dict[str, Region]
    departments: dict[str, Department]
    organisations: dict[str, TrainingOrganisation]
    routing: dict[str, Routing]
    full_title: dict[str, TrainingOrganisation] = field(default_factory=dict)


class ReferenceHolder:
    """The reference data a running service uses; :meth:`reload` swaps in a fresh copy."""

    def __init__(self, directory: Path = DATA, data: ReferenceData | None = None) -> None:
        self.directory = directory
        self.current = data or load_reference(directory)

    def reload(self) -> ReferenceData:
        self.current = load_reference(self.directory)
        return self.current


def load_reference(directory: Path = DATA) -> ReferenceData:
    """Read and check the reference files (:class:`InvalidReferenceData` when inconsistent)."""
    regions = {
        row["code"]: Region(row["code"], row["name"], row["kind"])
        for row in _csv(directory / "regions.csv")
    }
    departments: dict[str, Department] = {}
    for row in _csv(directory / "departments.csv"):
        if row["region"] not in regions:
            raise InvalidReferenceData(f"department {row['code']}: unknown region {row['region']}")
        departments[row["code"]] = Department(row["code"], row["name"], regions[row["region"]])
    raw: dict[str, Any] = json.loads((directory / "training_organisations.json").read_text())
    organisations = _organisations(raw["organisations"])
    routing = {
        scheme: _routing(rule, organisations, regions) for scheme, rule in raw["schemes"].items()
    }
    titles: dict[str, Any] = json.loads((directory / "full_title_organisations.json").read_text())
    title_organisations = _organisations(titles["organisations"])
    full_title = {
        department: _known(title_organisations, slug, "full-title organisation")
        for department, slug in titles["by_department"].items()
    }
    unknown = set(full_title) - set(departments)
    if unknown:
        raise InvalidReferenceData(
            f"full-title organisations for unknown departments {sorted(unknown)}"
        )
    return ReferenceData(regions, departments, organisations, routing, full_title)


def _organisations(raw: dict[str, str]) -> dict[str, TrainingOrganisation]:
    for slug in raw:
        if not SLUG.match(slug):
            raise InvalidReferenceData(f"organisation id {slug!r} is not a slug")
    return {slug: TrainingOrganisation(slug, name) for slug, name in raw.items()}


def _known(
    organisations: dict[str, TrainingOrganisation], slug: str, what: str
) -> TrainingOrganisation:
    if slug not in organisations:
        raise InvalidReferenceData(f"unknown {what} {slug!r}")
    return organisations[slug]


def _routing(
    rule: dict[str, Any],
    organisations: dict[str, TrainingOrganisation],
    regions: dict[str, Region],
) -> Routing:
    by_region = {
        k: _known(organisations, v, "organisation") for k, v in rule.get("by_region", {}).items()
    }
    remote = _known(organisations, rule["remote"], "organisation") if rule.get("remote") else None
    for lot in rule.get("lots", []):
        organisation = _known(organisations, lot["organisation"], "organisation")
        if lot.get("remote"):
            remote = organisation
        for region in lot["regions"]:
            if region in by_region:
                raise InvalidReferenceData(f"region {region} is in two lots")
            by_region[region] = organisation
    unknown = set(by_region) - set(regions)
    if unknown:
        raise InvalidReferenceData(f"routing names unknown regions {sorted(unknown)}")
    return Routing(
        default=_known(organisations, rule["default"], "organisation"),
        by_department={
            k: _known(organisations, v, "organisation")
            for k, v in rule.get("by_department", {}).items()
        },
        by_region=by_region,
        remote=remote,
    )


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else DATA
    try:
        data = load_reference(directory)
    except (InvalidReferenceData, KeyError, ValueError) as error:
        print(f"reference data in {directory} is invalid: {error}", file=sys.stderr)
        return 1
    print(
        f"{len(data.regions)} regions, {len(data.departments)} departments, "
        f"{len(data.organisations)} training organisations, schemes {sorted(data.routing)}, "
        f"{len(data.full_title)} departments with a full-title organisation"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Reference data of the enrolment service, read from ``data/training_organisations.json``
(not code): the reference training organisations and the territory routing of each scheme.

Regions and departments are the kernel's (:func:`conum_kernel.territory.territory`), their one
source; the routing is checked against them. ``python -m conum_enrolment.reference
[directory]`` checks the file and prints a summary; a running service reloads it with
``POST /reference/reload``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conum_kernel.territory import territory

from conum_enrolment.domain import InvalidReferenceData, Routing, TrainingOrganisation

DATA = Path(__file__).parent / "data"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ReferenceData:
    organisations: Mapping[str, TrainingOrganisation]
    routing: Mapping[str, Routing]
    """Per scheme (``"2021"``, ``"2024"``)."""


class ReferenceHolder:
    """The reference data a running service uses; :meth:`reload` swaps in a fresh copy, or
    keeps the current one when the files are invalid."""

    def __init__(self, directory: Path = DATA, data: ReferenceData | None = None) -> None:
        self.directory = directory
        self.current = data or load_reference(directory)

    def reload(self) -> ReferenceData:
        self.current = load_reference(self.directory)
        return self.current


def load_reference(directory: Path = DATA) -> ReferenceData:
    """Read and check the reference file (:class:`InvalidReferenceData` when it is not)."""
    try:
        raw: dict[str, Any] = json.loads((directory / "training_organisations.json").read_text())
        organisations = _organisations(raw["organisations"])
        routing = {scheme: _routing(rule, organisations) for scheme, rule in raw["schemes"].items()}
    except InvalidReferenceData:
        raise
    except OSError:
        raise InvalidReferenceData("training_organisations.json cannot be read") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InvalidReferenceData(f"{type(error).__name__}: {error}") from None
    return ReferenceData(organisations, routing)


def _organisations(raw: dict[str, str]) -> dict[str, TrainingOrganisation]:
    for slug in raw:
        if not SLUG.match(slug):
            raise InvalidReferenceData(f"organisation id {slug!r} is not a slug")
    return {slug: TrainingOrganisation(slug, name) for slug, name in raw.items()}


def _known(organisations: dict[str, TrainingOrganisation], slug: str) -> TrainingOrganisation:
    if slug not in organisations:
        raise InvalidReferenceData(f"unknown organisation {slug!r}")
    return organisations[slug]


def _routing(rule: dict[str, Any], organisations: dict[str, TrainingOrganisation]) -> Routing:
    by_region = {k: _known(organisations, v) for k, v in rule.get("by_region", {}).items()}
    remote = _known(organisations, rule["remote"]) if rule.get("remote") else None
    for lot in rule.get("lots", []):
        organisation = _known(organisations, lot["organisation"])
        if lot.get("remote"):
            remote = organisation
        for region in lot["regions"]:
            if region in by_region:
                raise InvalidReferenceData(f"region {region} is in two lots")
            by_region[region] = organisation
    by_department = {k: _known(organisations, v) for k, v in rule.get("by_department", {}).items()}
    known = territory()
    unknown_regions = set(by_region) - set(known.regions)
    if unknown_regions:
        raise InvalidReferenceData(f"routing names unknown regions {sorted(unknown_regions)}")
    unknown_departments = set(by_department) - set(known.departments)
    if unknown_departments:
        raise InvalidReferenceData(
            f"routing names unknown departments {sorted(unknown_departments)}"
        )
    return Routing(
        default=_known(organisations, rule["default"]),
        by_department=by_department,
        by_region=by_region,
        remote=remote,
    )


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else DATA
    try:
        data = load_reference(directory)
    except InvalidReferenceData as error:
        print(f"reference data in {directory} is invalid: {error.detail}", file=sys.stderr)
        return 1
    print(f"{len(data.organisations)} training organisations, schemes {sorted(data.routing)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

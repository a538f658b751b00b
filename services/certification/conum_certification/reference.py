"""Reference data of the certification service: the organisations running the full REMN
title, by region and department, read from ``data/full_title_organisations.json`` (or the
file of ``CONUM_CERTIFICATION_FULL_TITLE_ORGANISATIONS``).

This service is the one owner of these facts (decision 0014). The file names each
organisation once (``organisations``: slug → name) and, per region, a default organisation
and the departments another one serves::

    {"organisations": {"ensc": "Espace Numérique Sud-Charente", "la-melee": "La Mêlée"},
     "regions": {"FR-NAQ": {"default": "ensc", "by_department": {"40": "la-melee"}}}}

Regions and departments are checked against the kernel's territory.
``python -m conum_certification.reference [file]`` checks a file and lists what it routes.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from conum_kernel.territory import territory

from conum_certification.domain import FullTitleRouting, Organisation, RegionRouting

FULL_TITLE_ORGANISATIONS = Path(__file__).parent / "data" / "full_title_organisations.json"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class InvalidReference(ValueError):
    """A reference file that does not hold together."""


def routing_from_dict(raw: Mapping[str, Any]) -> FullTitleRouting:
    """The routing of a parsed file; :class:`InvalidReference` names what is wrong."""
    organisations = {}
    for slug, name in raw["organisations"].items():
        if not _SLUG.match(slug) or not str(name).strip():
            raise InvalidReference(f"organisation {slug!r}: a slug and a name are required")
        organisations[slug] = Organisation(slug, str(name))

    def named(slug: str, where: str) -> Organisation:
        if slug not in organisations:
            raise InvalidReference(f"{where}: unknown organisation {slug!r}")
        return organisations[slug]

    places = territory()
    by_region = {}
    for region, rule in raw["regions"].items():
        if region not in places.regions:
            raise InvalidReference(f"unknown region {region!r}")
        default = rule.get("default")
        by_department = {}
        for department, slug in rule.get("by_department", {}).items():
            if department not in places.departments:
                raise InvalidReference(f"{region}: unknown department {department!r}")
            if places.region_of(department) != region:
                raise InvalidReference(f"{region}: department {department} is not of the region")
            by_department[department] = named(slug, f"{region}, department {department}")
        by_region[region] = RegionRouting(
            default=named(default, region) if default else None,
            by_department=MappingProxyType(by_department),
        )
    return FullTitleRouting(MappingProxyType(by_region))


def load_routing(file: Path = FULL_TITLE_ORGANISATIONS) -> FullTitleRouting:
    """The full-title routing of ``file`` (the package's own by default)."""
    try:
        return routing_from_dict(json.loads(file.read_text(encoding="utf-8")))
    except KeyError as missing:
        raise InvalidReference(f"{file.name}: missing {missing}") from None


def main(argv: list[str]) -> int:
    file = Path(argv[0]) if argv else FULL_TITLE_ORGANISATIONS
    try:
        routing = load_routing(file)
    except (InvalidReference, ValueError) as error:
        print(f"invalid full-title organisations: {error}", file=sys.stderr)
        return 1
    for region, rule in sorted(routing.by_region.items()):
        default = rule.default.id if rule.default else "none"
        others = ", ".join(f"{d} → {o.id}" for d, o in sorted(rule.by_department.items()))
        print(f"{region}: {default}" + (f" ({others})" if others else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

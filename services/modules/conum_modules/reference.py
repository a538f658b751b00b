"""Reference data of the modules service: the hub of each region (``data/hubs.json``) and
the starting catalogue the national instance publishes once (``data/catalogue.json``), or
the files of ``CONUM_MODULES_HUBS`` and ``CONUM_MODULES_CATALOGUE``.

``python -m conum_modules.reference [hubs.json] [catalogue.json]`` checks the files and
lists what they hold, assumptions marked.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from conum_kernel.territory import territory

from conum_modules.domain import Habilitation, Hub, HubDirectory, Module, ModuleKind

DATA = Path(__file__).parent / "data"
HUBS = DATA / "hubs.json"
CATALOGUE = DATA / "catalogue.json"

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _hub(raw: Mapping[str, Any]) -> Hub:
    region, slug = str(raw["region"]), str(raw["slug"])
    if region not in territory().regions:
        raise ValueError(f"hub {slug}: unknown region {region}")
    if not _SLUG.match(slug):
        raise ValueError(f"hub slug {slug!r} is not a slug")
    return Hub(slug=slug, name=str(raw["name"]), region=region, assumption=bool(raw["assumption"]))


def load_hubs(path: Path = HUBS) -> HubDirectory:
    """Every region's hub; a region without one cannot schedule sessions."""
    return HubDirectory.of(_hub(raw) for raw in json.loads(path.read_text())["hubs"])


def _module(raw: Mapping[str, Any]) -> Module:
    module_id = str(raw["module_id"])
    if not _UUID.match(module_id):
        raise ValueError(f"module id {module_id!r} is not a UUID")
    title = str(raw["title"]).strip()
    if not title:
        raise ValueError(f"module {module_id} has no title")
    required = raw.get("requires_habilitation")
    return Module(
        module_id=module_id,
        title=title,
        kind=ModuleKind(raw["kind"]),
        requires_habilitation=Habilitation(required) if required else None,
    )


def load_catalogue(path: Path = CATALOGUE) -> tuple[Module, ...]:
    """The starting catalogue: modules with fixed ids."""
    modules = tuple(_module(raw) for raw in json.loads(path.read_text())["modules"])
    ids = [module.module_id for module in modules]
    if len(set(ids)) != len(ids):
        raise ValueError("module ids must be unique")
    return modules


def main(argv: list[str]) -> int:
    hubs_file = Path(argv[0]) if argv else HUBS
    catalogue_file = Path(argv[1]) if len(argv) > 1 else CATALOGUE
    try:
        hubs = load_hubs(hubs_file)
        catalogue = load_catalogue(catalogue_file)
    except (KeyError, ValueError) as error:
        print(f"invalid reference data: {error}", file=sys.stderr)
        return 1
    for hub in hubs.hubs:
        mark = " (assumption)" if hub.assumption else ""
        print(f"{hub.region}: {hub.slug}, {hub.name}{mark}")
    for module in catalogue:
        needs = f", needs {module.requires_habilitation}" if module.requires_habilitation else ""
        print(f"{module.module_id}: {module.title} ({module.kind}, {module.hours} h{needs})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

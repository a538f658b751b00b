"""A small world for the edge tests: in each service, resources of two regions (FR-NAQ and
FR-IDF), each owned by named parties, made the way users and other services make them (HTTP
commands, consumed events on the real broker).

``World.known`` gives the fuzzer ids that exist, so generated requests reach the store and
not only the 404 of an unknown id; ``World.resources`` gives the matrix test, for every path
parameter, a resource whose region and parties it knows.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from .common import IDF, NAQ, Resource, World
from .journeys import certification_world, enrolment_world, positioning_world
from .modules import modules_world, national_world
from .notifier import notifier_world

__all__ = ["IDF", "NAQ", "WORLDS", "Resource", "World"]

WORLDS: dict[str, Callable[[httpx.Client, str, str], World]] = {
    "enrolment": enrolment_world,
    "positioning": positioning_world,
    "certification": certification_world,
    "modules": modules_world,
    "national": national_world,
    "notifier": notifier_world,
}

"""The services under the edge tests: started from their composition roots, with one token per
role (national and regional)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from conum_kernel.access import Role
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.harness import tokens_json
from fastapi import FastAPI

SERVICES = ("enrolment", "positioning", "certification", "modules", "national", "notifier")

REGIONS = {"national": "national", "naq": "FR-NAQ", "idf": "FR-IDF"}
BINDINGS = {
    Role.HOST_STRUCTURE: (
        "5d1c0e8a-3b7f-4c2e-9a6d-1f2e3d4c5b6a",
        "7f3e2a0c-5d91-4e40-9c8f-3b4a5f6e7d8c",
    ),
    Role.TRAINING_ORGANISATION: ("la-fabrik", "afpa-simplon"),
    Role.CERTIFIER: ("afpa", "pix"),
    Role.REGIONAL_HUB: ("hubikoop", "hub-autre"),
}
"""Parties bound tokens of the FR-NAQ region name: one of the worlds' resources, another."""


@dataclass(frozen=True)
class Token:
    name: str
    role: Role
    region: str
    bound_to: str = ""


EVERY_TOKEN = [
    Token(f"{role.value}-{short}", role, region)
    for role in Role
    for short, region in REGIONS.items()
] + [
    Token(f"{role.value}-naq-{index}", role, "FR-NAQ", party)
    for role, bindings in BINDINGS.items()
    for index, party in enumerate(bindings)
]
TOKENS = [token.name for token in EVERY_TOKEN if token.region != "FR-IDF"]
TOKENS_JSON = tokens_json(
    *((token.name, token.role.value, token.region, token.bound_to) for token in EVERY_TOKEN)
)


def app_factory(service: str) -> Callable[[ServiceSettings], FastAPI]:
    create: Callable[[ServiceSettings], FastAPI] = importlib.import_module(
        f"conum_{service}.app"
    ).create_app
    return create

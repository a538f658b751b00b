"""The services under the edge tests: started from their composition roots, with one token per
role (national and regional)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from conum_kernel.access import Role
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.harness import tokens_json
from fastapi import FastAPI

SERVICES = ("enrolment", "positioning", "certification")
REGION = "FR-NAQ"

TOKENS = [f"{role.value}-national" for role in Role] + [f"{role.value}-naq" for role in Role]
TOKENS_JSON = tokens_json(
    *((f"{role.value}-national", role.value, "national") for role in Role),
    *((f"{role.value}-naq", role.value, REGION) for role in Role),
)


def app_factory(service: str) -> Callable[[ServiceSettings], FastAPI]:
    create: Callable[[ServiceSettings], FastAPI] = importlib.import_module(
        f"conum_{service}.app"
    ).create_app
    return create

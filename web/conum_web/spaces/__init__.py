"""Every space, in the order a person is matched to one (the first that serves them).

Adding a party's space is: a module here with its ``SPACE`` and ``router`` (its templates under
``templates/<slug>/``), and a line in each tuple below.
"""

from __future__ import annotations

from fastapi import APIRouter

from conum_web.space import Space
from conum_web.spaces import catalogue, certification, hub, national, organisation, structure

SPACES: tuple[Space, ...] = (
    structure.SPACE,
    organisation.SPACE,
    certification.SPACE,
    hub.SPACE,
    catalogue.SPACE,
    national.SPACE,
)
ROUTERS: tuple[APIRouter, ...] = (
    structure.router,
    organisation.router,
    certification.router,
    hub.router,
    catalogue.router,
    national.router,
)

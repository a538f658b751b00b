"""Every space, in the order a person is matched to one (the first that serves them).

Adding a party's space is: a module here with its ``SPACE`` and ``router`` (its templates under
``templates/<slug>/``), and a line in each tuple below.
"""

from __future__ import annotations

from fastapi import APIRouter

from conum_web.space import Space
from conum_web.spaces import structure

SPACES: tuple[Space, ...] = (structure.SPACE,)
ROUTERS: tuple[APIRouter, ...] = (structure.router,)

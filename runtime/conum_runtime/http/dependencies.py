"""What routes take from the composition root: the unit of work, the clock, the caller.

Each is a coroutine although none awaits: FastAPI runs a plain function dependency in a
worker thread, a hop that cost more than the dependency itself (decision 0019).

A service names its own unit of work once::

    Uow = Annotated[EnrolmentUnitOfWork, Depends(unit_of_work)]
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from conum_kernel.access import Caller, Role
from fastapi import Depends, Request
from fastapi.params import Depends as DependsParam

from conum_runtime.auth import CurrentActor
from conum_runtime.uow import UnitOfWork


async def unit_of_work(request: Request) -> UnitOfWork:
    factory: Callable[[], UnitOfWork] = request.app.state.new_uow
    return factory()


async def today(request: Request) -> date:
    clock: Callable[[], date] = request.app.state.clock
    return clock()


async def current_caller(request: Request, actor: CurrentActor) -> Caller:
    """The authenticated actor on this instance (a regional instance narrows its regions)."""
    instance_region: str = request.app.state.host.settings.region
    return Caller.of(actor, instance_region)


Today = Annotated[date, Depends(today)]
CurrentCaller = Annotated[Caller, Depends(current_caller)]


class RoleCheck:
    """The dependency of a route that only some roles may call (403 for the others); the
    route class reads ``roles`` to document and test them."""

    def __init__(self, roles: frozenset[Role]) -> None:
        self.roles = roles

    async def __call__(self, caller: CurrentCaller) -> None:
        caller.require(*self.roles)


def allow(*roles: Role) -> DependsParam:
    """``dependencies=[allow(Role.X, …)]``: the roles that may call a route."""
    check: DependsParam = Depends(RoleCheck(frozenset(roles)))
    return check

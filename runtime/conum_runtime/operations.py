"""What an operator on call asks a service instance: is the outbox draining, what did the
consumers do (dead letters included)."""

from __future__ import annotations

from conum_kernel.access import Role
from fastapi import Request
from pydantic import BaseModel

from conum_runtime.http.dependencies import CurrentCaller
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router

router = new_router(tags=["operations"])


class InstanceStatus(BaseModel):
    service: str
    region: str
    consumer_group: str
    outbox_backlog: int
    consumed: dict[str, int]


@router.get("/operations/status", responses=problems(403))
async def instance_status(request: Request, caller: CurrentCaller) -> InstanceStatus:
    caller.require(Role.OPERATOR, Role.NATIONAL_COORDINATOR)
    host = request.app.state.host
    return InstanceStatus(
        service=host.settings.service,
        region=host.settings.region,
        consumer_group=host.group_id,
        outbox_backlog=await host.relay.backlog(),
        consumed={outcome.value: count for outcome, count in host.outcomes.items()},
    )

"""What an operator on call asks a service instance: is the outbox draining, what did the
consumers do (dead letters included)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from conum_runtime.auth import CurrentActor, Role, require_role

router = APIRouter(tags=["operations"])


class InstanceStatus(BaseModel):
    service: str
    region: str
    consumer_group: str
    outbox_backlog: int
    consumed: dict[str, int]


@router.get("/operations/status")
async def instance_status(request: Request, actor: CurrentActor) -> InstanceStatus:
    require_role(actor, Role.OPERATOR, Role.NATIONAL_COORDINATOR)
    host = request.app.state.host
    return InstanceStatus(
        service=host.settings.service,
        region=host.settings.region,
        consumer_group=host.group_id,
        outbox_backlog=await host.relay.backlog(),
        consumed={outcome.value: count for outcome, count in host.outcomes.items()},
    )

"""Registrations: a host structure registers its conseiller, or the hub does."""

from __future__ import annotations

from conum_kernel.access import Role
from conum_runtime.http.dependencies import CurrentCaller, Today, allow
from conum_runtime.http.fields import Uuid
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router
from fastapi import status

from conum_modules import views
from conum_modules.api.routes import Uow
from conum_modules.api.schemas import RegistrationIn, RegistrationOut
from conum_modules.handlers import commands

router = new_router(tags=["registrations"])
REGISTRARS = allow(Role.HOST_STRUCTURE, Role.REGIONAL_HUB)


@router.post(
    "/sessions/{session_id}/registrations",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 404, 409),
    dependencies=[REGISTRARS],
)
async def register(
    session_id: Uuid, body: RegistrationIn, caller: CurrentCaller, uow: Uow, today: Today
) -> RegistrationOut:
    """A seat if one is free, else the waiting list (``waitlist: false``: ``session_full``).
    A refusal names its reason (``convocation_missing``, ``habilitation_missing``,
    ``already_registered``, ``wrong_region``…) and changes nothing."""
    command = commands.Register(session_id, body.conseiller_id, body.waitlist)
    async with uow:
        registered = await commands.register(command, uow, caller, today)
    return RegistrationOut.of(views.RegistrationView(registered.registration, registered.position))


@router.get("/registrations/{registration_id}", responses=problems(404))
async def get_registration(
    registration_id: Uuid, caller: CurrentCaller, uow: Uow
) -> RegistrationOut:
    async with uow:
        return RegistrationOut.of(await views.registration_view(uow, registration_id, caller))


@router.post(
    "/registrations/{registration_id}/cancellation",
    responses=problems(403, 404, 409),
    dependencies=[REGISTRARS],
)
async def cancel_registration(
    registration_id: Uuid, caller: CurrentCaller, uow: Uow, today: Today
) -> RegistrationOut:
    """Cancel a registration; the seat it held goes to the first one waiting."""
    async with uow:
        await commands.cancel_registration(
            commands.CancelRegistration(registration_id), uow, caller, today
        )
    async with uow:
        return RegistrationOut.of(await views.registration_view(uow, registration_id, caller))

"""The contact the notifier writes to (decision 0038): a disclosure of personal data to the
``notifier`` role only, made a ``POST`` so that the audit trail records each one (who, which
conseiller, when, the answer's status)."""

from __future__ import annotations

from conum_kernel.access import Role
from conum_runtime.http.dependencies import CurrentCaller, allow
from conum_runtime.http.fields import Uuid
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router

from conum_enrolment import views
from conum_enrolment.api.routes import Uow
from conum_enrolment.api.schemas import ContactOut

router = new_router(tags=["contacts"])


@router.post(
    "/enrolments/{conseiller_id}/contact-disclosures",
    responses=problems(404, 409),
    dependencies=[allow(Role.NOTIFIER)],
)
async def disclose_contact(conseiller_id: Uuid, caller: CurrentCaller, uow: Uow) -> ContactOut:
    """The conseiller's names and e-mail address, for the notifier's e-mail of the moment (it
    keeps them nowhere). 409 `person_erased` once the person is erased: nobody is written to."""
    async with uow:
        return ContactOut.of(
            await views.contact(uow, conseiller_id, caller), conseiller_id=conseiller_id
        )

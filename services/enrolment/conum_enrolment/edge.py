"""What every route needs: the unit of work, the caller's region scope, the clock, cursors."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import date
from typing import Annotated

from conum_runtime.auth import Actor, CurrentActor, Role
from fastapi import Depends, Request, status

from conum_enrolment import domain
from conum_enrolment.store import EnrolmentUnitOfWork

# Who sees personal data (names, e-mail) in answers: never regional hubs or certifiers.
PERSONAL_DATA_ROLES = frozenset(
    {Role.HOST_STRUCTURE, Role.TRAINING_ORGANISATION, Role.NATIONAL_COORDINATOR}
)


class InvalidCursor(domain.EnrolmentRefused):
    code = "invalid_cursor"


REFUSAL_STATUS: dict[type[Exception], int] = {
    domain.UnknownStructure: status.HTTP_422_UNPROCESSABLE_CONTENT,
    domain.StructureNotFound: status.HTTP_404_NOT_FOUND,
    domain.UnknownEnrolment: status.HTTP_404_NOT_FOUND,
    domain.UnknownCohort: status.HTTP_404_NOT_FOUND,
    domain.UnknownDepartment: status.HTTP_422_UNPROCESSABLE_CONTENT,
    domain.InvalidSiret: status.HTTP_422_UNPROCESSABLE_CONTENT,
    domain.RemoteTrainingRefused: status.HTTP_422_UNPROCESSABLE_CONTENT,
    domain.NotATrainingDay: status.HTTP_422_UNPROCESSABLE_CONTENT,
    domain.AlternanceDayTaken: status.HTTP_422_UNPROCESSABLE_CONTENT,
    domain.NotACohortMember: status.HTTP_422_UNPROCESSABLE_CONTENT,
    domain.ReferentWindowClosed: status.HTTP_422_UNPROCESSABLE_CONTENT,
    InvalidCursor: status.HTTP_422_UNPROCESSABLE_CONTENT,
    domain.AlreadyInOpenTraining: status.HTTP_409_CONFLICT,
    domain.StructureAlreadyRegistered: status.HTTP_409_CONFLICT,
    domain.HabilitationAlreadyRequested: status.HTTP_409_CONFLICT,
    domain.HabilitationAlreadyGranted: status.HTTP_409_CONFLICT,
    domain.HabilitationNotRequested: status.HTTP_409_CONFLICT,
    domain.ReferentAlreadyDesignated: status.HTTP_409_CONFLICT,
    domain.EnrolmentClosed: status.HTTP_409_CONFLICT,
    domain.NotInTraining: status.HTTP_409_CONFLICT,
    domain.WrongRegion: status.HTTP_403_FORBIDDEN,
    domain.NotYourConseiller: status.HTTP_403_FORBIDDEN,
}


def new_uow(request: Request) -> EnrolmentUnitOfWork:
    factory: Callable[[], EnrolmentUnitOfWork] = request.app.state.new_uow
    return factory()


def region_scope(request: Request, actor: CurrentActor) -> domain.RegionScope:
    """The actor's regions, narrowed to the instance's region for a regional instance."""
    return domain.scope_for(actor.region, request.app.state.host.settings.region)


def today(request: Request) -> date:
    clock: Callable[[], date] = request.app.state.clock
    return clock()


def policy(request: Request) -> domain.TrainingPolicy:
    value: domain.TrainingPolicy = request.app.state.policy
    return value


def organisation_of(actor: Actor) -> str | None:
    """A training-organisation token naming its organisation (``actor_id``) is bound to it."""
    if actor.role is Role.TRAINING_ORGANISATION and actor.actor_id:
        return actor.actor_id
    return None


def sees_personal_data(actor: Actor) -> bool:
    return actor.role in PERSONAL_DATA_ROLES


def encode_cursor(after: str | None) -> str | None:
    return None if after is None else base64.urlsafe_b64encode(after.encode()).decode()


def decode_cursor(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        return base64.b64decode(cursor.encode(), altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursor("the cursor is not one this API gave") from None


def listed_regions(scope: domain.RegionScope, region: str | None) -> frozenset[str] | None:
    """The regions a list covers: the asked one if the caller may see it, else its own."""
    if region is None:
        return scope.regions
    scope.check(region)
    return frozenset({region})


Uow = Annotated[EnrolmentUnitOfWork, Depends(new_uow)]
Scope = Annotated[domain.RegionScope, Depends(region_scope)]
Today = Annotated[date, Depends(today)]
Policy = Annotated[domain.TrainingPolicy, Depends(policy)]

"""Consumed events: what to tell whom (a notification row, R-NOT-02), and what the modules'
streams say of sessions, titles and registrations (for the texts, the promotions and the
reminders).

Each handler runs in the unit of work that records the event in the inbox: the notification
is written in the same transaction, keyed by the event's id and its kind, so a redelivered
event finds its inbox row and changes nothing (R-NOT-01). Nothing here reads or keeps a person.
"""

from __future__ import annotations

from conum_contracts.certification import Ccp1ConvenedV2
from conum_contracts.envelope import Envelope
from conum_contracts.modules import (
    ModulePublishedV1,
    RegistrationAcceptedV2,
    RegistrationCancelledV1,
    RegistrationWaitlistedV1,
    SessionCancelledV1,
    SessionScheduledV2,
)
from conum_contracts.positioning import PathAssignedV2, TestScheduledV1
from conum_runtime.consumed import Consumed

from conum_notifier import domain
from conum_notifier.domain import Kind, Notification, Reason
from conum_notifier.store import NotifierUnitOfWork


async def _tell(
    uow: NotifierUnitOfWork,
    envelope: Envelope,
    kind: Kind,
    conseiller_id: str,
    facts: domain.Facts,
    region: str | None = None,
) -> None:
    notification = Notification.of(
        envelope.id, kind, conseiller_id, region or envelope.region, facts, envelope.time
    )
    await uow.notifications.add(notification)


async def on_test_scheduled(
    event: TestScheduledV1, envelope: Envelope, uow: NotifierUnitOfWork
) -> None:
    facts = domain.PositioningAppointment(event.test_on, event.interview_on)
    # the payload has no region; ce_region is the conseiller's
    await _tell(uow, envelope, Kind.POSITIONING_APPOINTMENT, event.conseiller_id, facts)


async def on_ccp1_convened(
    event: Ccp1ConvenedV2, envelope: Envelope, uow: NotifierUnitOfWork
) -> None:
    facts = domain.Ccp1Convocation(event.exam_session_id, event.exam_on, event.certifier)
    kind = Kind.CCP1_CONVOCATION
    await _tell(uow, envelope, kind, event.conseiller_id, facts, event.region)


async def on_path_assigned(
    event: PathAssignedV2, envelope: Envelope, uow: NotifierUnitOfWork
) -> None:
    facts = domain.PathAssignment(
        event.scheme,
        event.path_hours,
        event.weeks,
        event.alternance_days_per_week,
        event.assigned_on,
    )
    await _tell(uow, envelope, Kind.PATH_ASSIGNED, event.conseiller_id, facts, event.region)


async def on_registration_waitlisted(
    event: RegistrationWaitlistedV1, envelope: Envelope, uow: NotifierUnitOfWork
) -> None:
    """Remembered, so that its acceptance later is told as a promotion; nothing is sent."""
    known = await uow.registrations.get(event.registration_id)
    if known is None:
        await uow.registrations.save(
            domain.Registration.waitlisted(
                event.registration_id, event.conseiller_id, event.session_id, envelope.region
            )
        )


async def on_registration_accepted(
    event: RegistrationAcceptedV2, envelope: Envelope, uow: NotifierUnitOfWork
) -> None:
    known = await uow.registrations.get(event.registration_id)
    kind = domain.acceptance_kind(known)
    registration = known or domain.Registration.waitlisted(
        event.registration_id, event.conseiller_id, event.session_id, event.region
    )
    await uow.registrations.save(registration.accepted(event.module_id, envelope.time.date()))
    facts = domain.ModuleRegistration(
        event.registration_id, event.session_id, event.module_id, event.track
    )
    await _tell(uow, envelope, kind, event.conseiller_id, facts, event.region)


async def on_registration_cancelled(
    event: RegistrationCancelledV1, _envelope: Envelope, uow: NotifierUnitOfWork
) -> None:
    """No more reminders, and what was not sent yet about it is not sent."""
    known = await uow.registrations.get(event.registration_id)
    if known is not None:
        await uow.registrations.save(known.cancelled())
    reason = Reason.REGISTRATION_CANCELLED
    await uow.notifications.skip_pending(reason, registration_id=event.registration_id)


async def on_session_scheduled(
    event: SessionScheduledV2, _envelope: Envelope, uow: NotifierUnitOfWork
) -> None:
    days = tuple(domain.SessionDay(day.on, day.mode) for day in event.days)
    session = domain.Session(
        event.session_id, event.module_id, event.region, event.hub, event.place, days
    )
    await uow.sessions.save(session)


async def on_session_cancelled(
    event: SessionCancelledV1, _envelope: Envelope, uow: NotifierUnitOfWork
) -> None:
    session = await uow.sessions.get(event.session_id)
    if session is not None:
        await uow.sessions.save(session.cancelled_now())
    await uow.notifications.skip_pending(Reason.SESSION_CANCELLED, session_id=event.session_id)


async def on_module_published(
    event: ModulePublishedV1, _envelope: Envelope, uow: NotifierUnitOfWork
) -> None:
    await uow.modules.save(event.module_id, event.title)


CONSUMED = (
    Consumed[NotifierUnitOfWork]()
    .on(TestScheduledV1, on_test_scheduled)
    .on(Ccp1ConvenedV2, on_ccp1_convened)
    .on(PathAssignedV2, on_path_assigned)
    .on(RegistrationWaitlistedV1, on_registration_waitlisted)
    .on(RegistrationAcceptedV2, on_registration_accepted)
    .on(RegistrationCancelledV1, on_registration_cancelled)
    .on(SessionScheduledV2, on_session_scheduled)
    .on(SessionCancelledV1, on_session_cancelled)
    .on(ModulePublishedV1, on_module_published)
)
"""The consumed events (the newest major of each family), each with its handler."""

"""Consumed events on a real store (SQLite and PostgreSQL), through the real consumer: one
notification per event and kind, written with the inbox row, so a redelivery changes nothing."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from conum_contracts.certification import Ccp1ConvenedV2
from conum_contracts.modules import (
    ModulePublishedV1,
    RegistrationAcceptedV2,
    RegistrationCancelledV1,
    RegistrationWaitlistedV1,
    SessionCancelledV1,
    SessionScheduledV2,
)
from conum_contracts.positioning import PathAssignedV2, TestScheduledV1
from conum_notifier.app import SERVICE
from conum_notifier.domain import Kind, Notification, Reason, Status, derived_id
from conum_runtime.consumer import Outcome
from conum_runtime.testing.events import envelope_for, example_event
from conum_runtime.testing.services import ConsumingStore, migrated_schema_drift

Store = ConsumingStore[Any]


def new_id() -> str:
    return str(uuid.uuid4())


async def accept(store: Store, registration: str, conseiller: str, session: str) -> None:
    await store.feed(
        example_event(
            RegistrationAcceptedV2,
            registration_id=registration,
            conseiller_id=conseiller,
            session_id=session,
            region="FR-NAQ",
        )
    )


async def told(store: Store) -> list[Notification]:
    async with store.uow() as uow:
        page = await uow.notifications.page(None, status=None, kind=None, after=None, limit=200)
    return page.items


async def test_migrations_build_the_tables_of_the_models(database_url: str) -> None:
    assert await migrated_schema_drift(SERVICE, database_url) == []


async def test_each_event_told_writes_one_notification_and_a_redelivery_changes_nothing(
    store: Store,
) -> None:
    conseiller = new_id()
    events = [
        example_event(TestScheduledV1, conseiller_id=conseiller, test_on=date(2026, 3, 9)),
        example_event(Ccp1ConvenedV2, conseiller_id=conseiller, region="FR-NAQ"),
        example_event(PathAssignedV2, conseiller_id=conseiller, region="FR-NAQ"),
    ]
    envelopes = [envelope_for(event, "FR-NAQ") for event in events]
    for event, envelope in zip(events, envelopes, strict=True):
        assert await store.feed(event, envelope=envelope) is Outcome.PROCESSED
    for event, envelope in zip(events, envelopes, strict=True):
        assert await store.feed(event, envelope=envelope) is Outcome.DUPLICATE

    notifications = await told(store)
    assert sorted(n.kind for n in notifications) == sorted(
        [Kind.POSITIONING_APPOINTMENT, Kind.CCP1_CONVOCATION, Kind.PATH_ASSIGNED]
    )
    by_kind = {n.kind: n for n in notifications}
    appointment = by_kind[Kind.POSITIONING_APPOINTMENT]
    assert appointment.event_id == envelopes[0].id
    assert appointment.notification_id == derived_id(envelopes[0].id, Kind.POSITIONING_APPOINTMENT)
    assert appointment.region == "FR-NAQ"  # from ce_region: the payload has none
    assert appointment.facts.test_on == date(2026, 3, 9)  # type: ignore[union-attr]
    assert appointment.occurred_at == envelopes[0].time
    assert {n.status for n in notifications} == {Status.PENDING}
    assert {n.conseiller_id for n in notifications} == {conseiller}


async def test_an_acceptance_after_waiting_is_told_as_a_promotion(store: Store) -> None:
    conseiller, session = new_id(), new_id()
    waited, seated = new_id(), new_id()
    await store.feed(
        example_event(
            RegistrationWaitlistedV1,
            registration_id=waited,
            conseiller_id=conseiller,
            session_id=session,
        )
    )
    assert await told(store) == []  # waiting is not told
    for registration in (waited, seated):
        await accept(store, registration, conseiller, session)
    kinds = {n.registration_id: n.kind for n in await told(store)}
    assert kinds == {waited: Kind.REGISTRATION_PROMOTED, seated: Kind.REGISTRATION_ACCEPTED}
    async with store.uow() as uow:
        promoted = await uow.registrations.get(waited)
    assert promoted is not None and promoted.state.value == "accepted"


async def test_a_cancellation_skips_what_was_not_sent_about_it(store: Store) -> None:
    conseiller, first_session, second_session = new_id(), new_id(), new_id()
    registrations = [new_id(), new_id()]
    for registration, session in zip(registrations, (first_session, second_session), strict=True):
        await accept(store, registration, conseiller, session)
    await store.feed(
        example_event(
            RegistrationCancelledV1,
            registration_id=registrations[0],
            conseiller_id=conseiller,
            session_id=first_session,
        )
    )
    await store.feed(example_event(SessionCancelledV1, session_id=second_session))
    states = {n.registration_id: (n.status, n.reason) for n in await told(store)}
    assert states == {
        registrations[0]: (Status.SKIPPED, Reason.REGISTRATION_CANCELLED),
        registrations[1]: (Status.SKIPPED, Reason.SESSION_CANCELLED),
    }


async def test_sessions_days_and_module_titles_are_kept_for_the_texts(store: Store) -> None:
    session_id, module_id = new_id(), new_id()
    scheduled = example_event(
        SessionScheduledV2,
        session_id=session_id,
        module_id=module_id,
        region="FR-NAQ",
        days=[{"on": "2026-03-16", "mode": "remote"}, {"on": "2026-03-19", "mode": "in_person"}],
        place="Médiathèque",
    )
    await store.feed(scheduled)
    await store.feed(example_event(ModulePublishedV1, module_id=module_id, title="Intervenir"))
    await store.feed(example_event(SessionCancelledV1, session_id=session_id))
    async with store.uow() as uow:
        session = await uow.sessions.get(session_id)
        title = await uow.modules.title_of(module_id)
    assert session is not None and session.cancelled
    assert [(d.on, d.mode) for d in session.days] == [
        (date(2026, 3, 16), "remote"),
        (date(2026, 3, 19), "in_person"),
    ]
    assert (session.place, session.last_day, title) == (
        "Médiathèque",
        date(2026, 3, 19),
        "Intervenir",
    )
    assert await told(store) == []

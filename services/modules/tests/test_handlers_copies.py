"""The national instance's copies: every region's sessions and registrations, copies made before
the enrolment arrived learning their parties from it."""

from __future__ import annotations

from conum_contracts.modules import (
    ModuleCompletedV2,
    RegistrationAcceptedV2,
    RegistrationCancelledV1,
    RegistrationWaitlistedV1,
    SessionCancelledV1,
    SessionEvaluatedV2,
)
from conum_kernel.access import Caller, Role
from conum_modules import domain
from conum_modules import testing as kit
from conum_modules.domain import (
    DayMode,
    RegistrationStatus,
    SessionDay,
    SessionState,
)
from conum_modules.handlers import commands
from conum_runtime.consumer import Outcome

from .conftest import HUB, MONDAY, TODAY, Store, scheduled_elsewhere


async def test_the_national_instance_copies_every_regions_sessions_and_registrations(
    national_store: Store,
) -> None:
    session_id, seated, waiting = kit.new_id(), kit.new_id(), kit.new_id()
    for conseiller_id in (seated, waiting):
        await national_store.feed(kit.enrolled(conseiller_id))
    first, second = kit.new_id(), kit.new_id()
    events = [
        # a registration copied before its session (another topic): completed when it comes
        RegistrationAcceptedV2(
            registration_id=first,
            conseiller_id=seated,
            session_id=session_id,
            module_id=kit.PRISE_EN_MAIN,
            region="FR-NAQ",
            track="initial",
            funded=True,
            funding_year=2026,
        ),
        scheduled_elsewhere(session_id),
        RegistrationWaitlistedV1(
            registration_id=second, conseiller_id=waiting, session_id=session_id, position=1
        ),
    ]
    for event in events:
        assert await national_store.feed(event, region="FR-NAQ") is Outcome.PROCESSED
    async with national_store.uow() as uow:
        registrations = {
            r.registration_id: r for r in await uow.registrations.of_session(session_id)
        }
        fill = await uow.registrations.fill([session_id])
    assert registrations[first].status is RegistrationStatus.ACCEPTED
    assert (registrations[first].first_day, registrations[first].structure_id) == (
        MONDAY,
        kit.STRUCTURE_ID,
    )
    assert registrations[second].module_id == kit.PRISE_EN_MAIN
    assert (fill[session_id].accepted, fill[session_id].waiting) == (1, 1)
    later = [
        RegistrationCancelledV1(registration_id=first, conseiller_id=seated, session_id=session_id),
        RegistrationAcceptedV2(
            registration_id=second,
            conseiller_id=waiting,
            session_id=session_id,
            module_id=kit.PRISE_EN_MAIN,
            region="FR-NAQ",
            track="initial",
            funded=True,
            funding_year=2026,
        ),
        ModuleCompletedV2(
            registration_id=second,
            conseiller_id=waiting,
            module_id=kit.PRISE_EN_MAIN,
            region="FR-NAQ",
            track="initial",
            hours=7,
            completed_on=MONDAY,
        ),
        SessionEvaluatedV2(
            session_id=session_id,
            region="FR-NAQ",
            responses=1,
            satisfied_resources_pct=100.0,
            satisfied_overall_pct=100.0,
            mean_self_rated_ability=9.0,
        ),
    ]
    for event in later:
        assert await national_store.feed(event, region="FR-NAQ") is Outcome.PROCESSED
    async with national_store.uow() as uow:
        registrations = {
            r.registration_id: r for r in await uow.registrations.of_session(session_id)
        }
        session = await uow.sessions.get(session_id)
        figures = domain.figures(
            await uow.figures.completed("FR-NAQ", None, None, None),
            await uow.figures.evaluations("FR-NAQ", None, None, None),
        )
    assert registrations[first].status is RegistrationStatus.CANCELLED
    assert registrations[second].status is RegistrationStatus.COMPLETED
    assert session is not None and session.state is SessionState.COMPLETED
    assert (figures.sessions_held, figures.people_trained, figures.mean_self_rated_ability) == (
        1,
        1,
        9.0,
    )
    other = kit.new_id()
    await national_store.feed(scheduled_elsewhere(other, "FR-IDF"), region="FR-IDF")
    await national_store.feed(
        SessionCancelledV1(session_id=other, reason="no trainer"), region="FR-IDF"
    )
    async with national_store.uow() as uow:
        cancelled = await uow.sessions.get(other)
    assert cancelled is not None and cancelled.state is SessionState.CANCELLED
    assert await kit.outbox(national_store) == []  # a copy publishes nothing


async def test_a_copy_made_before_the_enrolment_arrived_learns_its_parties_from_it(
    national_store: Store,
) -> None:
    conseiller_id, registration_id, session_id = kit.new_id(), kit.new_id(), kit.new_id()
    accepted = RegistrationAcceptedV2(
        registration_id=registration_id,
        conseiller_id=conseiller_id,
        session_id=session_id,
        module_id=kit.PRISE_EN_MAIN,
        region="FR-NAQ",
        track="initial",
        funded=True,
        funding_year=2026,
    )
    assert await national_store.feed(accepted, region="FR-NAQ") is Outcome.PROCESSED
    async with national_store.uow() as uow:
        before = await uow.registrations.get(registration_id)
    assert before is not None and before.structure_id is None
    await national_store.feed(kit.enrolled(conseiller_id))
    async with national_store.uow() as uow:
        after = await uow.registrations.get(registration_id)
    assert after is not None
    assert (after.structure_id, after.training_organisation_id) == (kit.STRUCTURE_ID, "la-fabrik")
    structure = Caller(Role.HOST_STRUCTURE, frozenset({"FR-NAQ"}), bound_to=kit.STRUCTURE_ID)
    assert structure.may_see(after.stake)


async def test_a_regional_instance_ignores_the_echo_of_its_own_events(store: Store) -> None:
    async with store.uow() as uow:
        session = await commands.schedule_session(
            commands.ScheduleSession(
                kit.PRISE_EN_MAIN, "FR-NAQ", [SessionDay(MONDAY, DayMode.IN_PERSON)], 10, "Pau"
            ),
            uow,
            HUB,
            TODAY,
        )
    echo = SessionCancelledV1(session_id=session.session_id, reason="echo")
    assert await store.feed(echo) is Outcome.PROCESSED
    foreign = scheduled_elsewhere(kit.new_id(), "FR-IDF")
    assert await store.feed(foreign, region="FR-IDF") is Outcome.OTHER_REGION
    async with store.uow() as uow:
        kept = await uow.sessions.get(session.session_id)
        assert await uow.sessions.get(foreign.session_id) is None
    assert kept is not None and kept.state is SessionState.SCHEDULED

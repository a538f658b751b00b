"""The use cases and the store on real SQLite and PostgreSQL, migrated from an empty database:
commands, consumed events, and who may see what."""

from __future__ import annotations

from datetime import date

import pytest
from conum_enrolment import domain, views
from conum_enrolment.app import SERVICE
from conum_enrolment.domain import (
    AttendanceDay,
    Employment,
    Person,
    Scheme,
    StructureKind,
    WithdrawalReason,
)
from conum_enrolment.handlers import commands
from conum_enrolment.store.repositories import Listing
from conum_enrolment.testing import valid_siret
from conum_kernel.access import Caller, Role
from conum_kernel.refusals import WrongRegion
from conum_runtime.testing.services import migrated_schema_drift

from .conftest import (
    DAY,
    EVERYWHERE,
    NewUow,
    assign,
    current_enrolment_id,
    enrol,
    outbox_events,
    outbox_types,
    register,
    withdraw,
)


async def test_migrations_build_the_tables_of_the_models(database_url: str) -> None:
    assert await migrated_schema_drift(SERVICE, database_url) == []


async def test_eight_waiting_2021_conseillers_form_one_cohort_in_the_store(
    new_uow: NewUow,
) -> None:
    structure_id = await register(new_uow)
    ids = [await enrol(new_uow, structure_id, n, Scheme.S2021) for n in range(9)]
    other_path = ids.pop()
    await assign(new_uow, other_path, path_hours=350)
    for conseiller_id in ids[:7]:
        await assign(new_uow, conseiller_id)
    assert "fr.conum.enrolment.cohort.formed.v2" not in await outbox_types(new_uow)
    await assign(new_uow, ids[7])
    types = await outbox_types(new_uow)
    assert types.count("fr.conum.enrolment.cohort.formed.v2") == 1
    assert types.count("fr.conum.enrolment.conseiller.training_started.v1") == 8
    async with new_uow() as uow:
        page = await uow.cohorts.list(
            Listing(), training_organisation_id=None, after=None, limit=10
        )
        assert len(page.items) == 1 and sorted(page.items[0].member_ids) == sorted(ids)
        waiting = await uow.enrolments.get(other_path)
        assert waiting is not None and waiting.state is domain.EnrolmentState.AWAITING_COHORT


async def test_every_event_of_an_enrolment_carries_its_id_and_a_withdrawal_its_reason_code(
    new_uow: NewUow,
) -> None:
    structure_id = await register(new_uow)
    conseiller_id = await enrol(new_uow, structure_id, 1, Scheme.S2024)
    enrolment_id = await current_enrolment_id(new_uow, conseiller_id)
    await assign(new_uow, conseiller_id, scheme="2024", path_hours=70, weeks=5)
    async with new_uow() as uow:
        day = commands.RecordAttendance(conseiller_id, AttendanceDay(date(2026, 3, 9), False))
        await commands.record_attendance(day, uow, EVERYWHERE, date(2026, 3, 9))
    async with new_uow() as uow:
        command = commands.WithdrawConseiller(
            conseiller_id, WithdrawalReason.CHANGED_JOB, "joined a library"
        )
        await commands.withdraw_conseiller(command, uow, EVERYWHERE, date(2026, 3, 10))
    events = (await outbox_events(new_uow))[1:]  # after the structure's registration
    assert [type(e).__name__ for e in events] == [
        "ConseillerEnrolledV3",
        "TrainingStartedV1",
        "AttendanceBreachedV1",
        "ConseillerWithdrawnV1",
    ]
    assert {e.enrolment_id for e in events} == {enrolment_id}  # type: ignore[attr-defined]
    withdrawn = events[-1]
    assert (withdrawn.reason, withdrawn.reason_code, withdrawn.reason_detail) == (  # type: ignore[attr-defined]
        "changed_job",
        "changed_job",
        "joined a library",
    )


async def test_a_withdrawn_conseiller_may_enrol_again_from_scratch(new_uow: NewUow) -> None:
    structure_id = await register(new_uow)
    conseiller_id = await enrol(new_uow, structure_id, 1, Scheme.S2024)
    await assign(new_uow, conseiller_id, scheme="2024", path_hours=70, weeks=5)
    async with new_uow() as uow:
        await uow.attendance.record(conseiller_id, AttendanceDay(date(2026, 3, 9), False))
        await uow.commit()
    with pytest.raises(domain.AlreadyInOpenTraining):
        await enrol(new_uow, structure_id, 1, Scheme.S2024)
    first = await current_enrolment_id(new_uow, conseiller_id)
    await withdraw(new_uow, conseiller_id)
    assert await enrol(new_uow, structure_id, 1, Scheme.S2024) == conseiller_id
    async with new_uow() as uow:
        enrolment = await uow.enrolments.get(conseiller_id)
        assert enrolment is not None and enrolment.state is domain.EnrolmentState.ENROLLED
        assert enrolment.path is None and await uow.attendance.days_of(conseiller_id) == []
        assert enrolment.enrolment_id != first


NAQ = frozenset({"FR-NAQ"})


async def test_a_bound_organisation_or_structure_neither_reads_nor_changes_anothers_learner(
    new_uow: NewUow,
) -> None:
    structure_id = await register(new_uow)
    other_structure = await register(new_uow, seed=2)
    conseiller_id = await enrol(new_uow, structure_id, 1, Scheme.S2024)  # trained by la-fabrik
    afpa = Caller(Role.TRAINING_ORGANISATION, NAQ, "afpa-simplon")
    fabrik = Caller(Role.TRAINING_ORGANISATION, NAQ, "la-fabrik")
    neighbour = Caller(Role.HOST_STRUCTURE, NAQ, other_structure)
    employer = Caller(Role.HOST_STRUCTURE, NAQ, structure_id)
    withdrawal = commands.WithdrawConseiller(conseiller_id, WithdrawalReason.LEFT_STRUCTURE)
    for stranger in (afpa, neighbour):
        async with new_uow() as uow:
            with pytest.raises(domain.UnknownEnrolment):
                await views.enrolment_view(uow, conseiller_id, stranger)
            with pytest.raises(domain.UnknownEnrolment):
                await commands.withdraw_conseiller(withdrawal, uow, stranger, DAY)
            page = await views.enrolments(
                uow,
                stranger,
                region=None,
                training_organisation=None,
                state=None,
                after=None,
                limit=10,
            )
            assert page.items == []
    async with new_uow() as uow:
        seen = await views.enrolment_view(uow, conseiller_id, fabrik)
        assert seen.person is not None and seen.person.email == "awa1@example.org"
        with pytest.raises(domain.StructureNotFound):
            await commands.structure_for(uow, structure_id, neighbour)
        assert (await commands.structure_for(uow, structure_id, employer)).siret == valid_siret(1)
        mine = await views.structures(uow, employer, region=None, after=None, limit=10)
        assert [s.structure_id for s in mine.items] == [structure_id]
    with pytest.raises(domain.UnknownStructure):  # named in a body: 422, not another's
        async with new_uow() as uow:
            command = commands.EnrolConseiller(
                structure_id, Scheme.S2024, Employment.RECRUITED, Person("A", "B", "ab@x.org")
            )
            await commands.enrol_conseiller(command, uow, neighbour, DAY)
    async with new_uow() as uow:
        withdrawn = await commands.withdraw_conseiller(withdrawal, uow, employer, DAY)
    assert withdrawn.state is domain.EnrolmentState.WITHDRAWN


async def test_another_regions_structure_does_not_exist_and_creating_there_is_forbidden(
    new_uow: NewUow,
) -> None:
    structure_id = await register(new_uow)
    ara = Caller(Role.HOST_STRUCTURE, frozenset({"FR-ARA"}))
    async with new_uow() as uow:
        with pytest.raises(domain.StructureNotFound):
            await commands.request_habilitation(
                commands.RequestHabilitation(
                    structure_id, domain.HabilitationScheme.AIDANTS_CONNECT
                ),
                uow,
                ara,
                DAY,
            )
    with pytest.raises(WrongRegion):
        async with new_uow() as uow:
            command = commands.RegisterStructure(
                valid_siret(3), "Mairie", StructureKind.COLLECTIVITE, "40"
            )
            await commands.register_structure(command, uow, ara)


async def test_a_bound_organisation_sees_its_own_cohorts_only(new_uow: NewUow) -> None:
    structure_id = await register(new_uow)
    ids = [await enrol(new_uow, structure_id, n, Scheme.S2021) for n in range(8)]
    for conseiller_id in ids:
        await assign(new_uow, conseiller_id)
    afpa = Caller(Role.TRAINING_ORGANISATION, NAQ, "afpa-simplon")
    fabrik = Caller(Role.TRAINING_ORGANISATION, NAQ, "la-fabrik")
    async with new_uow() as uow:
        [cohort] = (
            await views.cohorts(
                uow, afpa, region=None, training_organisation=None, after=None, limit=10
            )
        ).items
        none = await views.cohorts(
            uow, fabrik, region=None, training_organisation=None, after=None, limit=10
        )
        assert none.items == []
        with pytest.raises(domain.UnknownCohort):
            await commands.cohort_for(uow, cohort.cohort_id, fabrik)
    with pytest.raises(domain.UnknownCohort):
        async with new_uow() as uow:
            command = commands.DesignateReferent(cohort.cohort_id, ids[0])
            await commands.designate_referent(command, uow, fabrik, cohort.starts_on)
    with pytest.raises(domain.UnknownEnrolment):
        async with new_uow() as uow:
            day = commands.RecordAttendance(ids[0], AttendanceDay(cohort.starts_on, True))
            await commands.record_attendance(day, uow, fabrik, cohort.starts_on)

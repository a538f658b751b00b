"""Use cases on a real store (SQLite and PostgreSQL), events delivered through the real
consumer (inbox, dead letters) and emitted events read back from the outbox."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from conum_certification import domain
from conum_certification import testing as kit
from conum_certification.app import SERVICE
from conum_certification.domain import TrainingState
from conum_certification.handlers import commands
from conum_certification.testing import make_convenable, published
from conum_contracts.decoding import encode_event
from conum_kernel.access import Caller, Role
from conum_kernel.refusals import WrongRegion
from conum_runtime.consumer import Outcome
from conum_runtime.deadletter import ConsumedRecord
from conum_runtime.testing.events import envelope_for, kafka_headers
from conum_runtime.testing.services import ConsumingStore, migrated_schema_drift

Store = ConsumingStore[Any]
EVERYWHERE = Caller(Role.CERTIFIER, None)
PASSED, FAILED = domain.Ccp1Result.PASSED, domain.Ccp1Result.FAILED


async def test_migrations_build_the_tables_of_the_models(database_url: str) -> None:
    assert await migrated_schema_drift(SERVICE, database_url) == []


async def new_session(
    store: Store,
    exam_on: date = date(2026, 6, 18),
    region: str = "FR-NAQ",
    certifier: str = "afpa",
) -> str:
    async with store.uow() as uow:
        command = commands.CreateExamSession(exam_on, region, certifier)
        return (await commands.create_exam_session(command, uow, EVERYWHERE)).exam_session_id


async def convene(
    store: Store, session_id: str, conseiller_id: str, caller: Caller = EVERYWHERE
) -> domain.Convocation:
    async with store.uow() as uow:
        return await commands.convene(commands.Convene(session_id, conseiller_id), uow, caller)


async def ccp1(
    store: Store,
    session_id: str,
    conseiller_id: str,
    result: domain.Ccp1Result,
    on: date = date(2026, 6, 25),
    caller: Caller = EVERYWHERE,
) -> domain.Convocation:
    async with store.uow() as uow:
        command = commands.RecordCcp1Result(session_id, conseiller_id, result, on)
        return await commands.record_ccp1_result(command, uow, caller)


async def pix(
    store: Store,
    conseiller_id: str,
    certified: bool = True,
    on: date = date(2026, 6, 5),
    score: int = 600,
    caller: Caller = EVERYWHERE,
) -> domain.PixResult:
    async with store.uow() as uow:
        command = commands.RecordPixResult(conseiller_id, score, certified, on)
        return await commands.record_pix_result(command, uow, caller)


async def full_title(
    store: Store, conseiller_id: str, caller: Caller = EVERYWHERE
) -> domain.FullTitleEnrolment:
    async with store.uow() as uow:
        command = commands.EnrolInFullTitle(conseiller_id, date(2026, 9, 7))
        return await commands.enrol_in_full_title(command, uow, caller)


async def kinds(store: Store) -> list[str]:
    return [kind for kind, _ in await published(store)]


async def test_a_redelivered_event_changes_nothing(store: Store) -> None:
    conseiller_id = kit.new_id()
    event = kit.training_started(conseiller_id)
    envelope = envelope_for(event, "FR-NAQ")
    assert await store.feed(event, envelope=envelope) is Outcome.PROCESSED
    assert await store.feed(event, envelope=envelope) is Outcome.DUPLICATE
    async with store.uow() as uow:
        assert (await uow.candidates.get(conseiller_id)).training_starts_on == kit.TRAINING_START


async def test_path_and_training_before_the_enrolment_are_kept_until_it_arrives(
    store: Store,
) -> None:
    conseiller_id = kit.new_id()
    assert await store.feed(kit.path_assigned(conseiller_id)) is Outcome.PROCESSED
    assert await store.feed(kit.training_started(conseiller_id)) is Outcome.PROCESSED
    session_id = await new_session(store)
    with pytest.raises(domain.UnknownConseiller):
        await convene(store, session_id, conseiller_id)
    assert await store.feed(kit.enrolled(conseiller_id, department="40")) is Outcome.PROCESSED
    async with store.uow() as uow:
        candidate = await uow.candidates.get(conseiller_id)
    assert (candidate.department, candidate.path_hours, candidate.training_state) == (
        "40",
        175,
        TrainingState.IN_TRAINING,
    )
    assert (await convene(store, session_id, conseiller_id)).exam_session_id == session_id


async def test_the_person_of_an_enrolment_is_not_stored(store: Store) -> None:
    conseiller_id = kit.new_id()
    await store.feed(kit.enrolled(conseiller_id))
    async with store.uow() as uow:
        candidate = await uow.candidates.get(conseiller_id)
    assert "awa" not in repr(candidate).lower() and "diallo" not in repr(candidate).lower()


async def test_a_withdrawn_conseiller_is_no_longer_convenable(store: Store) -> None:
    conseiller_id = kit.new_id()
    await make_convenable(store, conseiller_id)
    await store.feed(kit.withdrawn(conseiller_id))
    with pytest.raises(domain.ConseillerWithdrawn):
        await convene(store, await new_session(store), conseiller_id)


async def test_a_completed_training_is_still_convenable(store: Store) -> None:
    conseiller_id = kit.new_id()
    await make_convenable(store, conseiller_id)
    await store.feed(kit.training_completed(conseiller_id))
    assert await convene(store, await new_session(store), conseiller_id)


async def test_convocation_publishes_ccp1_convened(store: Store) -> None:
    conseiller_id = kit.new_id()
    await make_convenable(store, conseiller_id)
    session_id = await new_session(store)
    await convene(store, session_id, conseiller_id)
    [(kind, payload)] = await published(store)
    assert kind == "convened"
    assert payload == {
        "conseiller_id": conseiller_id,
        "region": "FR-NAQ",
        "exam_session_id": session_id,
        "exam_on": "2026-06-18",
        "certifier": "afpa",
    }


async def test_result_without_convocation_is_refused_and_changes_nothing(store: Store) -> None:
    conseiller_id = kit.new_id()
    await make_convenable(store, conseiller_id)
    session_id = await new_session(store)
    with pytest.raises(domain.ConvocationMissing):
        await ccp1(store, session_id, conseiller_id, PASSED)
    assert await published(store) == []
    with pytest.raises(domain.UnknownExamSession):
        await ccp1(store, kit.new_id(), conseiller_id, PASSED)


async def test_double_certification_once_when_pix_comes_last(store: Store) -> None:
    conseiller_id = kit.new_id()
    await make_convenable(store, conseiller_id)
    session_id = await new_session(store)
    await convene(store, session_id, conseiller_id)
    await ccp1(store, session_id, conseiller_id, PASSED)
    await pix(store, conseiller_id, on=date(2026, 7, 1))
    await pix(store, conseiller_id, on=date(2026, 7, 8), score=700)  # a repeated Pix result
    assert await kinds(store) == [
        "convened",
        "passed",
        "result_recorded",
        "double_certified",
        "result_recorded",
    ]
    [double] = [p for k, p in await published(store) if k == "double_certified"]
    assert (double["ccp1_passed_on"], double["pix_certified_on"]) == ("2026-06-25", "2026-07-01")


async def test_double_certification_once_when_ccp1_comes_last(store: Store) -> None:
    conseiller_id = kit.new_id()
    await make_convenable(store, conseiller_id)
    await pix(store, conseiller_id, certified=False, on=date(2026, 5, 1), score=100)
    await pix(store, conseiller_id, on=date(2026, 6, 5))
    await pix(store, conseiller_id, on=date(2026, 6, 12), score=650)
    first = await new_session(store)
    await convene(store, first, conseiller_id)
    await ccp1(store, first, conseiller_id, FAILED)
    later = await new_session(store, date(2026, 9, 17))
    await convene(store, later, conseiller_id)
    await ccp1(store, later, conseiller_id, PASSED, on=date(2026, 9, 24))
    found = await kinds(store)
    assert found.count("double_certified") == 1
    assert found[-2:] == ["passed", "double_certified"]
    with pytest.raises(domain.Ccp1AlreadyPassed):
        await convene(store, await new_session(store, date(2026, 12, 1)), conseiller_id)


async def test_a_failed_ccp1_is_retaken_at_a_later_session_only(store: Store) -> None:
    conseiller_id = kit.new_id()
    await make_convenable(store, conseiller_id)
    first = await new_session(store)
    await convene(store, first, conseiller_id)
    with pytest.raises(domain.ConvocationPending):
        await convene(store, await new_session(store, date(2026, 9, 1)), conseiller_id)
    await ccp1(store, first, conseiller_id, FAILED)
    with pytest.raises(domain.ResultAlreadyRecorded):
        await ccp1(store, first, conseiller_id, PASSED)
    with pytest.raises(domain.RetakeMustBeLater):
        await convene(store, await new_session(store, date(2026, 6, 10)), conseiller_id)
    retake = await new_session(store, date(2026, 9, 17))
    assert (await convene(store, retake, conseiller_id)).exam_on == date(2026, 9, 17)
    async with store.uow() as uow:
        counts = await uow.figures.region_counts("FR-NAQ")
    assert (counts.convened, counts.awaiting_result, counts.failed, counts.passed) == (1, 1, 1, 0)


async def test_full_title_enrolment_routes_landes_to_la_melee_once(store: Store) -> None:
    conseiller_id = kit.new_id()
    await store.feed(kit.enrolled(conseiller_id, department="40"))
    enrolment = await full_title(store, conseiller_id)
    assert enrolment.organisation.id == "la-melee"
    with pytest.raises(domain.AlreadyInFullTitle):
        await full_title(store, conseiller_id)
    [(kind, payload)] = await published(store)
    assert kind == "enrolled"
    assert payload["organisation"] == {"id": "la-melee", "name": "La Mêlée"}
    assert (payload["hours"], payload["weeks"], payload["department"]) == (140, 17, "40")


async def test_a_regional_caller_cannot_act_in_another_region(store: Store) -> None:
    conseiller_id = kit.new_id()
    await make_convenable(store, conseiller_id, region="FR-OCC")
    occ_session = await new_session(store, region="FR-OCC")
    naq_only = Caller(Role.CERTIFIER, frozenset({"FR-NAQ"}))
    async with store.uow() as uow:
        with pytest.raises(WrongRegion):  # it names the region itself: 403
            await commands.create_exam_session(
                commands.CreateExamSession(date(2026, 6, 18), "FR-OCC", "afpa"), uow, naq_only
            )
    with pytest.raises(domain.UnknownExamSession):  # another region's session: none
        await convene(store, occ_session, conseiller_id, naq_only)
    with pytest.raises(domain.UnknownConseiller):  # another region's conseiller: none
        await pix(store, conseiller_id, caller=naq_only)
    with pytest.raises(domain.UnknownConseiller):
        await full_title(store, conseiller_id, Caller(Role.REGIONAL_HUB, frozenset({"FR-NAQ"})))
    assert await published(store) == []


async def test_a_session_convenes_conseillers_of_its_region_only(store: Store) -> None:
    occitan, other = kit.new_id(), kit.new_id()
    await make_convenable(store, occitan, region="FR-OCC")
    await make_convenable(store, other)
    naq_session = await new_session(store)
    with pytest.raises(domain.ConseillerOfAnotherRegion):  # a national caller sees both
        await convene(store, naq_session, occitan)
    naq_certifier = Caller(Role.CERTIFIER, frozenset({"FR-NAQ"}))
    with pytest.raises(domain.UnknownConseiller):  # a regional one sees no such conseiller
        await convene(store, naq_session, occitan, naq_certifier)
    assert (await convene(store, naq_session, other, naq_certifier)).region == "FR-NAQ"


async def test_a_bound_certifier_acts_on_its_own_sessions_only(store: Store) -> None:
    conseiller_id = kit.new_id()
    await make_convenable(store, conseiller_id)
    theirs = await new_session(store, certifier="another-certifier")
    afpa = Caller(Role.CERTIFIER, frozenset({"FR-NAQ"}), "afpa")
    async with store.uow() as uow:
        with pytest.raises(domain.NotTheirSession):  # it names the certifier itself: 403
            await commands.create_exam_session(
                commands.CreateExamSession(date(2026, 6, 18), "FR-NAQ", "another-certifier"),
                uow,
                afpa,
            )
    with pytest.raises(domain.UnknownExamSession):  # another certifier's session: none
        await convene(store, theirs, conseiller_id, afpa)
    await convene(store, theirs, conseiller_id)
    with pytest.raises(domain.UnknownExamSession):
        await ccp1(store, theirs, conseiller_id, PASSED, caller=afpa)
    assert await kinds(store) == ["convened"]


async def test_pix_results_are_recorded_by_the_pix_certifier_only(store: Store) -> None:
    conseiller_id = kit.new_id()
    await make_convenable(store, conseiller_id)
    afpa = Caller(Role.CERTIFIER, frozenset({"FR-NAQ"}), "afpa")
    with pytest.raises(domain.NotThePixCertifier):
        await pix(store, conseiller_id, caller=afpa)
    pix_certifier = Caller(Role.CERTIFIER, frozenset({"FR-NAQ"}), domain.PIX)
    assert (await pix(store, conseiller_id, caller=pix_certifier)).score == 600
    unbound = Caller(Role.CERTIFIER, frozenset({"FR-NAQ"}))
    assert (await pix(store, conseiller_id, on=date(2026, 7, 1), caller=unbound)).certified
    assert await kinds(store) == ["result_recorded", "result_recorded"]


async def test_full_title_enrolment_by_the_conseillers_own_structure(store: Store) -> None:
    conseiller_id = kit.new_id()
    await store.feed(kit.enrolled(conseiller_id, department="40"))
    naq = frozenset({"FR-NAQ"})
    another = Caller(Role.HOST_STRUCTURE, naq, "11111111-2222-4333-8444-555555555555")
    with pytest.raises(domain.UnknownConseiller):
        await full_title(store, conseiller_id, another)
    theirs = Caller(Role.HOST_STRUCTURE, naq, kit.STRUCTURE_ID)
    assert (await full_title(store, conseiller_id, theirs)).organisation.id == "la-melee"


async def test_the_enrolment_keeps_the_conseillers_structure_and_organisation(
    store: Store,
) -> None:
    conseiller_id = kit.new_id()
    await store.feed(kit.path_assigned(conseiller_id))
    async with store.uow() as uow:
        partial = await uow.candidates.get(conseiller_id)
    assert partial is not None and partial.structure_id is None
    await store.feed(kit.enrolled(conseiller_id, organisation="pop-school"))
    async with store.uow() as uow:
        candidate = await uow.candidates.get(conseiller_id)
    assert candidate is not None
    assert (candidate.structure_id, candidate.training_organisation_id) == (
        kit.STRUCTURE_ID,
        "pop-school",
    )


async def test_an_event_off_its_contract_is_dead_lettered_without_personal_data(
    store: Store,
) -> None:
    conseiller_id = kit.new_id()
    event = kit.enrolled(conseiller_id)
    envelope = envelope_for(event, "FR-NAQ")
    payload = json.loads(encode_event(event))
    payload["department"] = "00"  # not a department: the contract refuses it
    record = ConsumedRecord(
        topic="conum.enrolment.conseiller",
        partition=0,
        offset=7,
        key=conseiller_id.encode(),
        value=json.dumps(payload).encode(),
        headers=tuple(kafka_headers(envelope)),
    )
    assert await store.consumer.handle(record) is Outcome.DEAD_LETTERED
    [letter] = store.dead_letters
    assert "department" in letter["dlq_reason"]
    assert "awa" not in letter["dlq_reason"].lower()
    async with store.uow() as uow:
        assert await uow.candidates.get(conseiller_id) is None


# --- re-enrolment (decision 0016) ---------------------------------------------------------


async def test_certifications_are_the_persons_and_stay_across_a_re_enrolment(
    store: Store,
) -> None:
    conseiller_id, second = kit.new_id(), kit.new_id()
    await make_convenable(store, conseiller_id)
    session_id = await new_session(store)
    await convene(store, session_id, conseiller_id)
    await ccp1(store, session_id, conseiller_id, PASSED)
    await pix(store, conseiller_id)
    await store.feed(kit.withdrawn(conseiller_id, date(2026, 7, 1)))
    await store.feed(kit.enrolled(conseiller_id, enrolled_on=date(2026, 7, 1), enrolment_id=second))
    async with store.uow() as uow:
        candidate = await uow.candidates.get(conseiller_id)
        convocations = await uow.convocations.of_conseiller(conseiller_id)
        certified = await uow.double_certifications.get(conseiller_id)
    assert candidate.training_state is TrainingState.ENROLLED
    assert (candidate.enrolment_id, candidate.path_hours) == (second, None)
    assert domain.ccp1_status(convocations) is domain.Ccp1Status.PASSED
    assert certified is not None
    assert (await kinds(store)).count("double_certified") == 1


async def test_a_late_event_of_an_earlier_enrolment_is_ignored(store: Store) -> None:
    conseiller_id, second = kit.new_id(), kit.new_id()
    await make_convenable(store, conseiller_id)
    await store.feed(kit.withdrawn(conseiller_id))
    await store.feed(kit.enrolled(conseiller_id, enrolled_on=date(2026, 4, 1), enrolment_id=second))
    assert await store.feed(kit.training_completed(conseiller_id)) is Outcome.PROCESSED
    assert await store.feed(kit.path_assigned(conseiller_id, path_hours=315)) is Outcome.PROCESSED
    async with store.uow() as uow:
        candidate = await uow.candidates.get(conseiller_id)
    assert candidate.training_state is TrainingState.ENROLLED
    assert (candidate.path_hours, candidate.training_completed_on) == (None, None)

"""Use cases on a real store (SQLite and PostgreSQL), events delivered through the real
consumer (inbox, dead letters) and emitted events read back from the outbox."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conum_certification import domain, handlers, refusals
from conum_certification.app import MIGRATIONS
from conum_certification.candidate import TrainingState
from conum_certification.store import metadata
from conum_contracts.decoding import encode_event
from conum_contracts.envelope import encode_headers
from conum_runtime.consumer import Outcome
from conum_runtime.db import create_engine
from conum_runtime.deadletter import ConsumedRecord
from conum_runtime.migrations import upgrade
from conum_runtime.testing.harness import schema_drift

EVERYWHERE = domain.EVERY_REGION
PASSED, FAILED = domain.Ccp1Result.PASSED, domain.Ccp1Result.FAILED


async def test_migrations_build_the_tables_of_the_models(database_url: str) -> None:
    engine = create_engine(database_url)
    await upgrade(engine, MIGRATIONS)
    assert await schema_drift(engine, metadata) == []
    await engine.dispose()


async def new_session(store, exam_on: date = date(2026, 6, 18), region: str = "FR-NAQ") -> str:
    async with store.new_uow() as uow:
        command = handlers.CreateExamSession(exam_on, region, "afpa")
        return (await handlers.create_exam_session(command, uow, EVERYWHERE)).exam_session_id


async def convene(store, session_id: str, conseiller_id: str) -> domain.Convocation:
    async with store.new_uow() as uow:
        return await handlers.convene(handlers.Convene(session_id, conseiller_id), uow, EVERYWHERE)


async def ccp1(store, session_id: str, conseiller_id: str, result, on=date(2026, 6, 25)):
    async with store.new_uow() as uow:
        command = handlers.RecordCcp1Result(session_id, conseiller_id, result, on)
        return await handlers.record_ccp1_result(command, uow, EVERYWHERE)


async def pix(store, conseiller_id: str, certified: bool = True, on=date(2026, 6, 5), score=600):
    async with store.new_uow() as uow:
        command = handlers.RecordPixResult(conseiller_id, score, certified, on)
        return await handlers.record_pix_result(command, uow, EVERYWHERE)


async def kinds(store) -> list[str]:
    return [kind for kind, _ in await store.outbox()]


async def test_a_redelivered_event_changes_nothing(store, kit) -> None:
    conseiller_id = kit.new_id()
    event = kit.training_started(conseiller_id)
    envelope = kit.envelope_for(event, "FR-NAQ")
    assert await store.feed(event, envelope=envelope) is Outcome.PROCESSED
    assert await store.feed(event, envelope=envelope) is Outcome.DUPLICATE
    async with store.new_uow() as uow:
        assert (await uow.candidates.get(conseiller_id)).training_starts_on == kit.TRAINING_START


async def test_path_and_training_before_the_enrolment_are_kept_until_it_arrives(store, kit) -> None:
    conseiller_id = kit.new_id()
    assert await store.feed(kit.path_assigned(conseiller_id)) is Outcome.PROCESSED
    assert await store.feed(kit.training_started(conseiller_id)) is Outcome.PROCESSED
    session_id = await new_session(store)
    with pytest.raises(refusals.UnknownConseiller):
        await convene(store, session_id, conseiller_id)
    assert await store.feed(kit.enrolled(conseiller_id, department="40")) is Outcome.PROCESSED
    async with store.new_uow() as uow:
        candidate = await uow.candidates.get(conseiller_id)
    assert (candidate.department, candidate.path_hours, candidate.training_state) == (
        "40",
        175,
        TrainingState.IN_TRAINING,
    )
    assert (await convene(store, session_id, conseiller_id)).exam_session_id == session_id


async def test_the_person_of_an_enrolment_is_not_stored(store, kit) -> None:
    conseiller_id = kit.new_id()
    await store.feed(kit.enrolled(conseiller_id))
    async with store.new_uow() as uow:
        candidate = await uow.candidates.get(conseiller_id)
    assert "awa" not in repr(candidate).lower() and "diallo" not in repr(candidate).lower()


async def test_a_withdrawn_conseiller_is_no_longer_convenable(store, kit) -> None:
    conseiller_id = kit.new_id()
    await store.convenable(conseiller_id)
    await store.feed(kit.withdrawn(conseiller_id))
    with pytest.raises(refusals.ConseillerWithdrawn):
        await convene(store, await new_session(store), conseiller_id)


async def test_a_completed_training_is_still_convenable(store, kit) -> None:
    conseiller_id = kit.new_id()
    await store.convenable(conseiller_id)
    await store.feed(kit.training_completed(conseiller_id))
    assert await convene(store, await new_session(store), conseiller_id)


async def test_convocation_publishes_ccp1_convened(store, kit) -> None:
    conseiller_id = kit.new_id()
    await store.convenable(conseiller_id)
    session_id = await new_session(store)
    await convene(store, session_id, conseiller_id)
    [(kind, payload)] = await store.outbox()
    assert kind == "convened"
    assert payload == {
        "conseiller_id": conseiller_id,
        "region": "FR-NAQ",
        "exam_session_id": session_id,
        "exam_on": "2026-06-18",
        "certifier": "afpa",
    }


async def test_result_without_convocation_is_refused_and_changes_nothing(store, kit) -> None:
    conseiller_id = kit.new_id()
    await store.convenable(conseiller_id)
    session_id = await new_session(store)
    with pytest.raises(refusals.ConvocationMissing):
        await ccp1(store, session_id, conseiller_id, PASSED)
    assert await store.outbox() == []
    with pytest.raises(refusals.UnknownExamSession):
        await ccp1(store, kit.new_id(), conseiller_id, PASSED)


async def test_double_certification_once_when_pix_comes_last(store, kit) -> None:
    conseiller_id = kit.new_id()
    await store.convenable(conseiller_id)
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
    [double] = [p for k, p in await store.outbox() if k == "double_certified"]
    assert (double["ccp1_passed_on"], double["pix_certified_on"]) == ("2026-06-25", "2026-07-01")


async def test_double_certification_once_when_ccp1_comes_last(store, kit) -> None:
    conseiller_id = kit.new_id()
    await store.convenable(conseiller_id)
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
    with pytest.raises(refusals.Ccp1AlreadyPassed):
        await convene(store, await new_session(store, date(2026, 12, 1)), conseiller_id)


async def test_a_failed_ccp1_is_retaken_at_a_later_session_only(store, kit) -> None:
    conseiller_id = kit.new_id()
    await store.convenable(conseiller_id)
    first = await new_session(store)
    await convene(store, first, conseiller_id)
    with pytest.raises(refusals.ConvocationPending):
        await convene(store, await new_session(store, date(2026, 9, 1)), conseiller_id)
    await ccp1(store, first, conseiller_id, FAILED)
    with pytest.raises(refusals.ResultAlreadyRecorded):
        await ccp1(store, first, conseiller_id, PASSED)
    with pytest.raises(refusals.RetakeMustBeLater):
        await convene(store, await new_session(store, date(2026, 6, 10)), conseiller_id)
    retake = await new_session(store, date(2026, 9, 17))
    assert (await convene(store, retake, conseiller_id)).exam_on == date(2026, 9, 17)
    async with store.new_uow() as uow:
        counts = await uow.views.region_counts("FR-NAQ")
    assert (counts.convened, counts.awaiting_result, counts.failed, counts.passed) == (1, 1, 1, 0)


async def test_full_title_enrolment_routes_landes_to_la_melee_once(store, kit) -> None:
    conseiller_id = kit.new_id()
    await store.feed(kit.enrolled(conseiller_id, department="40"))
    command = handlers.EnrolInFullTitle(conseiller_id, date(2026, 9, 7))
    async with store.new_uow() as uow:
        enrolment = await handlers.enrol_in_full_title(command, uow, EVERYWHERE)
    assert enrolment.organisation.id == "la-melee"
    with pytest.raises(refusals.AlreadyInFullTitle):
        async with store.new_uow() as uow:
            await handlers.enrol_in_full_title(command, uow, EVERYWHERE)
    [(kind, payload)] = await store.outbox()
    assert kind == "enrolled"
    assert payload["organisation"] == {"id": "la-melee", "name": "La Mêlée"}
    assert (payload["hours"], payload["weeks"], payload["department"]) == (140, 17, "40")


async def test_a_regional_scope_cannot_act_in_another_region(store, kit) -> None:
    conseiller_id = kit.new_id()
    await store.convenable(conseiller_id, region="FR-OCC")
    naq_only = domain.RegionScope(frozenset({"FR-NAQ"}))
    async with store.new_uow() as uow:
        with pytest.raises(refusals.WrongRegion):
            await handlers.create_exam_session(
                handlers.CreateExamSession(date(2026, 6, 18), "FR-OCC", "afpa"), uow, naq_only
            )
    async with store.new_uow() as uow:
        with pytest.raises(refusals.WrongRegion):
            command = handlers.RecordPixResult(conseiller_id, 600, True, date(2026, 6, 5))
            await handlers.record_pix_result(command, uow, naq_only)
    assert await store.outbox() == []


async def test_an_event_off_its_contract_is_dead_lettered_without_personal_data(store, kit) -> None:
    conseiller_id = kit.new_id()
    event = kit.enrolled(conseiller_id)
    envelope = kit.envelope_for(event, "FR-NAQ")
    payload = json.loads(encode_event(event))
    payload["department"] = "00"  # not a department: the contract refuses it
    record = ConsumedRecord(
        topic="conum.enrolment.conseiller",
        partition=0,
        offset=7,
        key=conseiller_id.encode(),
        value=json.dumps(payload).encode(),
        headers=tuple((k, v.encode()) for k, v in encode_headers(envelope).items()),
    )
    assert await store.consumer.handle(record) is Outcome.DEAD_LETTERED
    [letter] = store.dead_letters
    assert "department" in letter["dlq_reason"]
    assert "awa" not in letter["dlq_reason"].lower()
    async with store.new_uow() as uow:
        assert await uow.candidates.get(conseiller_id) is None

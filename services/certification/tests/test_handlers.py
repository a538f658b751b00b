"""Use cases on a real store (SQLite and PostgreSQL), events delivered through the real
consumer (inbox, dead letters) and emitted events read back from the outbox."""

from __future__ import annotations

from datetime import date

import pytest
from conum_certification import domain
from conum_certification import testing as kit
from conum_certification.app import SERVICE
from conum_certification.domain import TrainingState
from conum_certification.testing import make_convenable, published
from conum_runtime.consumer import Outcome
from conum_runtime.testing.events import envelope_for
from conum_runtime.testing.services import migrated_schema_drift

from .conftest import FAILED, PASSED, Store, ccp1, convene, full_title, kinds, new_session, pix


async def test_migrations_build_the_tables_of_the_models(database_url: str) -> None:
    assert await migrated_schema_drift(SERVICE, database_url) == []


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

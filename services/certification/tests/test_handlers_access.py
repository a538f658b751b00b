"""Who may act in the store: regional callers, bound certifiers, the Pix certifier, the
conseiller's own structure; events off their contract; certifications across re-enrolments."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conum_certification import domain
from conum_certification import testing as kit
from conum_certification.domain import TrainingState
from conum_certification.handlers import commands
from conum_certification.testing import make_convenable, published
from conum_contracts.decoding import encode_event
from conum_kernel.access import Caller, Role
from conum_kernel.refusals import WrongRegion
from conum_runtime.consumer import Outcome
from conum_runtime.deadletter import ConsumedRecord
from conum_runtime.testing.events import envelope_for, kafka_headers

from .conftest import PASSED, Store, ccp1, convene, full_title, kinds, new_session, pix


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

"""Enrolment publishes the person sealed, and erasure by crypto-shredding, on real SQLite and
PostgreSQL (decision 0021)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from conum_contracts.decoding import decode_event
from conum_contracts.enrolment import ConseillerEnrolledV3
from conum_enrolment import domain, views
from conum_enrolment.domain import Employment, ErasureReason, Person, Scheme, StructureKind
from conum_enrolment.handlers import commands
from conum_enrolment.store import metadata
from conum_enrolment.store.repositories import unseal
from conum_enrolment.testing import valid_siret
from conum_kernel.access import Role
from conum_runtime.tables import runtime_tables
from cryptography.exceptions import InvalidTag
from sqlalchemy import select

from .conftest import DAY, EVERYWHERE, NewUow, uow_factory


async def enrol_one(new_uow: NewUow, n: int = 1) -> str:
    async with new_uow() as uow:
        command = commands.RegisterStructure(
            valid_siret(n), "Médiathèque", StructureKind.COLLECTIVITE, "40"
        )
        structure_id = (await commands.register_structure(command, uow, EVERYWHERE)).structure_id
    command_enrol = commands.EnrolConseiller(
        structure_id,
        Scheme.S2024,
        Employment.RECRUITED,
        Person("Awa", "Diallo", f"awa{n}@example.org"),
    )
    async with new_uow() as uow:
        return (await commands.enrol_conseiller(command_enrol, uow, EVERYWHERE, DAY)).conseiller_id


async def outbox(new_uow: NewUow) -> list[dict[str, Any]]:
    table = runtime_tables(metadata).outbox
    async with new_uow() as uow:
        found = await uow.session.exec(select(table).order_by(table.c.id))  # type: ignore[call-overload]
        return [dict(row._mapping) for row in found.all()]


async def test_the_person_travels_sealed_in_v2_only_by_default(new_uow: NewUow) -> None:
    conseiller_id = await enrol_one(new_uow)

    enrolled = [
        row for row in await outbox(new_uow) if ".conseiller.enrolled." in row["event_type"]
    ]
    assert [row["event_type"] for row in enrolled] == ["fr.conum.enrolment.conseiller.enrolled.v3"]
    assert "Diallo" not in enrolled[0]["payload"] and "awa1@" not in enrolled[0]["payload"]
    event = decode_event(enrolled[0]["event_type"], enrolled[0]["payload"].encode())
    assert isinstance(event, ConseillerEnrolledV3) and event.sealed_person is not None
    async with new_uow() as uow:
        key = await uow.keys.key_of(conseiller_id)
    assert key is not None
    assert unseal(event.sealed_person, key) == Person("Awa", "Diallo", "awa1@example.org")


async def test_a_seal_does_not_open_with_another_conseillers_key(new_uow: NewUow) -> None:
    first, second = await enrol_one(new_uow, 1), await enrol_one(new_uow, 2)
    rows = [
        row
        for row in await outbox(new_uow)
        if row["key"] == first and "enrolled" in row["event_type"]
    ]
    event = decode_event(rows[0]["event_type"], rows[0]["payload"].encode())
    assert isinstance(event, ConseillerEnrolledV3) and event.sealed_person is not None
    async with new_uow() as uow:
        other = await uow.keys.key_of(second)
    assert other is not None
    forged = type(other)(first, event.sealed_person.key_id, other.material)
    with pytest.raises(InvalidTag):
        unseal(event.sealed_person, forged)


async def test_during_the_window_v1_is_published_beside_v2_with_deprecation_headers(
    database_url: str,
) -> None:
    async for new_uow in uow_factory(database_url)(domain.Publication(v1_until=date(2026, 6, 30))):
        await enrol_one(new_uow)
        enrolled = [r for r in await outbox(new_uow) if ".conseiller.enrolled." in r["event_type"]]

    assert [row["event_type"] for row in enrolled] == [
        "fr.conum.enrolment.conseiller.enrolled.v3",
        "fr.conum.enrolment.conseiller.enrolled.v1",
    ]
    v2_headers, v1_headers = (json.loads(row["headers"]) for row in enrolled)
    assert v1_headers["deprecation"] == "true" and v1_headers["sunset"] == "2026-06-30"
    assert "deprecation" not in v2_headers and "sunset" not in v2_headers


def test_v1_is_published_up_to_its_sunset_day_included() -> None:
    window = domain.Publication(v1_until=date(2026, 6, 30))
    assert window.publishes_v1(date(2026, 6, 30))
    assert not window.publishes_v1(date(2026, 7, 1))
    assert not domain.Publication().publishes_v1(DAY)


async def test_erasure_destroys_the_key_wipes_the_person_and_keeps_the_enrolment(
    new_uow: NewUow,
) -> None:
    erased, kept = await enrol_one(new_uow, 1), await enrol_one(new_uow, 2)

    async with new_uow() as uow:
        erasure = await commands.erase_conseiller(
            commands.EraseConseiller(erased, ErasureReason.PERSON_REQUEST), uow, EVERYWHERE
        )

    assert (erasure.reason, erasure.requested_by) == (
        ErasureReason.PERSON_REQUEST,
        Role.NATIONAL_COORDINATOR,
    )
    async with new_uow() as uow:
        assert await uow.keys.key_of(erased) is None
        assert await uow.keys.key_of(kept) is not None
        assert await uow.enrolments.persons([erased, kept]) == {
            kept: Person("Awa", "Diallo", "awa2@example.org"),
            erased: Person("", "", f"erased:{erased}"),
        }
        view = await views.enrolment_view(uow, erased, EVERYWHERE)
        assert (view.person, view.erased) == (None, True)
        assert view.enrolment.state is domain.EnrolmentState.ENROLLED
        kept_view = await views.enrolment_view(uow, kept, EVERYWHERE)
        assert kept_view.person is not None and not kept_view.erased
        assert await uow.enrolments.conseiller_id_for_email("awa1@example.org") is None


async def test_a_person_is_erased_once(new_uow: NewUow) -> None:
    conseiller_id = await enrol_one(new_uow)
    command = commands.EraseConseiller(conseiller_id, ErasureReason.CONSENT_WITHDRAWN)
    async with new_uow() as uow:
        first = await commands.erase_conseiller(command, uow, EVERYWHERE)

    async with new_uow() as uow:
        with pytest.raises(domain.AlreadyErased):
            await commands.erase_conseiller(
                commands.EraseConseiller(conseiller_id, ErasureReason.OTHER), uow, EVERYWHERE
            )
        assert await uow.erasures.get(conseiller_id) == first

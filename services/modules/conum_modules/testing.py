"""Factories for the modules service's tests: the events other services send, the catalogue
as the national instance publishes it, the store's context per instance. No assertions
here."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from conum_contracts.base import EventModel
from conum_contracts.certification import Ccp1ConvenedV2
from conum_contracts.enrolment import (
    ConseillerEnrolledV3,
    ConseillerWithdrawnV1,
    HabilitationGrantedV1,
)
from conum_contracts.modules import ModulePublishedV1
from conum_runtime.consumer import Outcome
from conum_runtime.testing import conseillers
from conum_runtime.testing.services import ConsumingStore

from conum_modules.domain import Instance, Module, ModulesPolicy
from conum_modules.reference import load_catalogue, load_hubs
from conum_modules.store import ModulesUnitOfWork

CATALOGUE = load_catalogue()
AIDANTS_CONNECT = CATALOGUE[0].module_id
"""Prise en main d'Aidants Connect: needs the structure's habilitation."""
PRISE_EN_MAIN = CATALOGUE[1].module_id
"""A prise en main module that needs no habilitation."""
PRISE_EN_MAIN_2 = CATALOGUE[2].module_id
INTERVENIR = CATALOGUE[3].module_id
INTERVENIR_2 = CATALOGUE[4].module_id
INTERVENIR_3 = CATALOGUE[5].module_id
STRUCTURE_ID = "0b7e4c2d-9a1f-4e3b-8c5d-6f7a8b9c0d1e"
OTHER_STRUCTURE_ID = "1c8f5d3e-0b2a-4f4c-9d6e-7a8b9c0d1e2f"
DEPARTMENT = {"FR-NAQ": "40", "FR-IDF": "75", "FR-OCC": "31"}


def new_id() -> str:
    return str(uuid.uuid4())


def context(region: str = "FR-NAQ", **overrides: Any) -> dict[str, Any]:
    """The collaborators of an instance of ``region`` (``national``: La Mednum's)."""
    return {
        "instance": Instance(region),
        "hubs": load_hubs(),
        "policy": ModulesPolicy(),
        "starting_catalogue": CATALOGUE,
    } | overrides


def enrolled(
    conseiller_id: str,
    *,
    region: str = "FR-NAQ",
    structure_id: str = STRUCTURE_ID,
    enrolment_id: str | None = None,
    enrolled_on: date = date(2026, 3, 2),
) -> ConseillerEnrolledV3:
    return conseillers.enrolled(
        conseiller_id,
        region=region,
        department=DEPARTMENT[region],
        structure_id=structure_id,
        enrolment_id=enrolment_id,
        enrolled_on=enrolled_on,
    )


def withdrawn(
    conseiller_id: str, *, on: date = date(2026, 4, 1), enrolment_id: str | None = None
) -> ConseillerWithdrawnV1:
    """With the reason's code, and the enrolment's id only when given."""
    return conseillers.withdrawn(conseiller_id, on, enrolment_id=enrolment_id, free_text_only=False)


def convened(
    conseiller_id: str, *, region: str = "FR-NAQ", exam_on: date = date(2026, 6, 18)
) -> Ccp1ConvenedV2:
    return Ccp1ConvenedV2(
        conseiller_id=conseiller_id,
        region=region,
        exam_session_id=new_id(),
        exam_on=exam_on,
        certifier="afpa",
    )


def habilitated(structure_id: str = STRUCTURE_ID) -> HabilitationGrantedV1:
    return HabilitationGrantedV1(
        structure_id=structure_id, scheme="aidants_connect", granted_on=date(2026, 3, 5)
    )


def published(module: Module) -> ModulePublishedV1:
    return ModulePublishedV1(
        module_id=module.module_id,
        title=module.title,
        kind=module.kind.value,
        hours=module.hours,
        requires_habilitation=(
            module.requires_habilitation.value if module.requires_habilitation else None
        ),
    )


async def feed_catalogue(store: ConsumingStore[ModulesUnitOfWork]) -> list[Outcome]:
    """The starting catalogue, as the national instance publishes it."""
    return [await store.feed(published(m), region="national") for m in CATALOGUE]


async def make_convened(
    store: ConsumingStore[ModulesUnitOfWork],
    conseiller_id: str,
    *,
    region: str = "FR-NAQ",
    structure_id: str = STRUCTURE_ID,
) -> list[Outcome]:
    """An enrolled conseiller who received the CCP1 convocation."""
    events: list[EventModel] = [
        enrolled(conseiller_id, region=region, structure_id=structure_id),
        convened(conseiller_id, region=region),
    ]
    return [await store.feed(event, region=region) for event in events]


async def outbox(store: ConsumingStore[ModulesUnitOfWork]) -> list[tuple[str, dict[str, Any]]]:
    """(subject.action, payload) of every event in the outbox, each decoded by its contract."""
    return [
        (".".join(kind.split(".")[-3:-1]), payload) for kind, payload in await store.published()
    ]

"""Fixtures and helpers of the certification tests: a migrated store with the service's real
consumer and its use cases, the service over the real broker, the domain's candidates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from typing import Any

import httpx
import pytest
from conum_certification import domain
from conum_certification import testing as kit
from conum_certification.app import SERVICE
from conum_certification.domain import candidate as facts
from conum_certification.handlers import commands
from conum_certification.reference import load_routing
from conum_certification.testing import published
from conum_contracts.base import EventModel
from conum_kernel.access import Caller, Role
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.events import envelope_for, publish_events
from conum_runtime.testing.harness import bearer, eventually, tokens_json
from conum_runtime.testing.services import (
    ConsumingStore,
    consuming_store,
    service_settings,
)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[ConsumingStore[Any]]:
    """The store, migrated, and its consumer (inbox, dead letters) as the host wires it."""
    async with consuming_store(SERVICE, database_url, context={"routing": load_routing()}) as made:
        yield made


Store = ConsumingStore[Any]


EVERYWHERE = Caller(Role.CERTIFIER, None)


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


ID = "6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f"


START = date(2026, 3, 16)


STRUCTURE = "0b7e4c2d-9a1f-4e3b-8c5d-6f7a8b9c0d1e"


ROUTING = load_routing()


def ready(**changes: object) -> facts.Candidate:
    """An enrolled conseiller with a path and a started training."""
    candidate = facts.enrolled(
        None,
        conseiller_id=ID,
        region="FR-NAQ",
        department="16",
        scheme="2024",
        structure_id=STRUCTURE,
        training_organisation_id="la-fabrik",
        enrolled_on=date(2026, 3, 2),
    )
    candidate = facts.path_assigned(
        candidate, conseiller_id=ID, region="FR-NAQ", scheme="2024", path_hours=175
    )
    candidate = facts.training_started(
        candidate,
        conseiller_id=ID,
        region="FR-NAQ",
        starts_on=START,
        planned_end_on=date(2026, 5, 22),
    )
    return replace(candidate, **changes)  # type: ignore[arg-type]


def session(
    exam_on: date = date(2026, 6, 18), region: str = "FR-NAQ", sid: str = "s1"
) -> domain.ExamSession:
    return domain.ExamSession(sid, exam_on, region, "afpa")


def decided(convocation: domain.Convocation, result: domain.Ccp1Result) -> domain.Convocation:
    return domain.decide_ccp1(convocation, result, convocation.exam_on)


OTHER_STRUCTURE = "11111111-2222-4333-8444-555555555555"


TOKENS = tokens_json(
    ("certifier-naq", "certifier", "FR-NAQ"),
    ("certifier-occ", "certifier", "FR-OCC"),
    ("certifier-national", "certifier", "national"),
    ("afpa-naq", "certifier", "FR-NAQ", "afpa"),
    ("pix-naq", "certifier", "FR-NAQ", "pix"),
    ("structure-naq", "host_structure", "FR-NAQ"),
    ("their-structure", "host_structure", "FR-NAQ", kit.STRUCTURE_ID),
    ("other-structure", "host_structure", "FR-NAQ", OTHER_STRUCTURE),
    ("la-fabrik", "training_organisation", "FR-NAQ", kit.ORGANISATION),
    ("pop-school", "training_organisation", "FR-NAQ", "pop-school"),
)


CSV = {"Content-Type": "text/csv"}


HEADER = "conseiller_id,kind,exam_session_id,result,score,decided_on\n"


SESSION = {"exam_on": "2026-06-18", "region": "FR-NAQ", "certifier": "afpa"}


def settings(
    sqlite_url: str, bootstrap: str, prefix: str, region: str = "national"
) -> ServiceSettings:
    return service_settings(sqlite_url, bootstrap, prefix, TOKENS, region=region)


async def publish(bootstrap: str, prefix: str, *events: EventModel, region: str = "FR-NAQ") -> None:
    await publish_events(bootstrap, prefix, [(e, envelope_for(e, region)) for e in events])


async def in_training(bootstrap: str, prefix: str, conseiller_id: str, **fields: Any) -> None:
    """The enrolment, the path and the training start of a conseiller, on their topics."""
    await publish(
        bootstrap,
        prefix,
        kit.enrolled(conseiller_id, **fields),
        kit.path_assigned(conseiller_id),
        kit.training_started(conseiller_id),
    )


async def wait_in_training(client: httpx.AsyncClient, conseiller_id: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        answer = await client.get(f"/conseillers/{conseiller_id}/certification", headers=NAQ)
        found = answer.json() if answer.status_code == 200 else None
        ready = found and found["training"] == "in_training" and found["path_hours"]
        return found if ready else None

    found: dict[str, Any] = await eventually(probe)
    return found


async def new_session_over_http(client: httpx.AsyncClient, **fields: str) -> str:
    created = await client.post("/exam-sessions", json={**SESSION, **fields}, headers=NAQ)
    assert created.status_code == 201, created.text
    session_id: str = created.json()["exam_session_id"]
    return session_id


NAQ, OCC, NATIONAL = bearer("certifier-naq"), bearer("certifier-occ"), bearer("certifier-national")
AFPA, PIX = bearer("afpa-naq"), bearer("pix-naq")
PASSED, FAILED = domain.Ccp1Result.PASSED, domain.Ccp1Result.FAILED

"""Capacity holds under concurrent HTTP requests: a hub's instance served over real HTTP
(uvicorn on a loopback port), 50 registrations sent at once for 10 seats, on SQLite and on
PostgreSQL: exactly 10 seats given, 40 on the waiting list with positions 1 to 40."""

from __future__ import annotations

import asyncio
from datetime import date

import httpx
import pytest
from conum_kernel.access import Caller, Role
from conum_modules import testing as kit
from conum_modules.app import SERVICE, create_app
from conum_modules.domain import DayMode, SessionDay
from conum_modules.handlers import commands
from conum_runtime.testing.harness import bearer, tokens_json
from conum_runtime.testing.served import served
from conum_runtime.testing.services import consuming_store, service_settings

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(300)]

TODAY = date(2026, 9, 1)
TOKENS = tokens_json(
    ("hub-naq", "regional_hub", "FR-NAQ", "hubikoop"),
    ("structure-naq", "host_structure", "FR-NAQ"),
)


async def test_50_simultaneous_http_registrations_for_10_seats(
    database_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    conseillers = [kit.new_id() for _ in range(50)]
    async with consuming_store(
        SERVICE, database_url, kit.context("FR-NAQ"), region="FR-NAQ"
    ) as store:
        await kit.feed_catalogue(store)
        for conseiller_id in conseillers:
            await kit.make_convened(store, conseiller_id)
        async with store.uow() as uow:
            session = await commands.schedule_session(
                commands.ScheduleSession(
                    kit.PRISE_EN_MAIN,
                    "FR-NAQ",
                    [SessionDay(date(2026, 9, 14), DayMode.IN_PERSON)],
                    10,
                    "Pau",
                ),
                uow,
                Caller(Role.REGIONAL_HUB, frozenset({"FR-NAQ"})),
                TODAY,
            )
    settings = service_settings(
        database_url, kafka_bootstrap, topic_prefix, TOKENS, region="FR-NAQ"
    )
    url = f"/sessions/{session.session_id}/registrations"
    with served(create_app(settings, clock=lambda: TODAY)) as base_url:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120) as client:
            answers = await asyncio.gather(
                *(
                    client.post(url, json={"conseiller_id": c}, headers=bearer("structure-naq"))
                    for c in conseillers
                )
            )
            shown = (
                await client.get(f"/sessions/{session.session_id}", headers=bearer("hub-naq"))
            ).json()
    assert [a.status_code for a in answers] == [201] * 50, [a.text for a in answers][:3]
    bodies = [a.json() for a in answers]
    accepted = [b for b in bodies if b["status"] == "accepted"]
    waiting = [b for b in bodies if b["status"] == "waitlisted"]
    assert (len(accepted), len(waiting)) == (10, 40)
    assert sorted(b["position"] for b in waiting) == list(range(1, 41))
    assert (shown["seats_taken"], shown["seats_free"], shown["waiting"]) == (10, 0, 40)

"""What the browser tests use: a person's browser signed in as a development user, the
network's addresses, and what a test prepares through the services' APIs with the development
tokens (a conseiller in training), as the wave does."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from conum_devtools.network import tokens
from conum_devtools.network.instances import installed_instances
from conum_devtools.network.network import LocalNetwork
from conum_devtools.network.wave import luhn_siret
from conum_devtools.network.webapp import IDENTITY_PORT, WEB_PORT
from conum_devtools.processes import port_is_bindable
from playwright.async_api import BrowserContext, Page

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--lang=fr-FR", "--no-first-run"]
REPOSITORY = Path(__file__).resolve().parents[2]
ARTEFACTS = REPOSITORY / "var" / "artefacts" / "web"
WAIT = 60.0
"""Seconds the events may take to reach another service."""


def free_offset() -> int:
    for offset in range(21_000, 41_000, 1_000):
        ports = [9092, IDENTITY_PORT, WEB_PORT] + [i.port for i in installed_instances()]
        if all(port_is_bindable(port + offset) for port in ports):
            return offset
    raise RuntimeError("no free port range for a network")


class Person:
    """One person's browser (its own cookies), signed in as a development user."""

    def __init__(self, context: BrowserContext, page: Page, base: str) -> None:
        self.context, self.page, self.base = context, page, base
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    async def go(self, path: str) -> None:
        await self.page.goto(f"{self.base}{path}")

    async def shot(self, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        await self.page.screenshot(path=str(path), full_page=True)
        return path

    async def until(self, path: str, ready: Callable[[], Awaitable[bool]]) -> None:
        """Reload ``path`` until ``ready()`` (what another service learns by events)."""
        deadline = time.monotonic() + WAIT
        while True:
            await self.go(path)
            if await ready():
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} did not show what was awaited within {WAIT}s")
            await asyncio.sleep(1.0)


def api(network: LocalNetwork, name: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=network.url_of(name), timeout=30)


async def eventually(probe: Callable[[], Awaitable[bool]], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not await probe():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.5)


async def conseiller_in_training(network: LocalNetwork, region: str = "FR-NAQ") -> str:
    """A 2024 conseiller of ``region`` enrolled, positioned and in training (through the APIs)."""
    structure_token = {"Authorization": f"Bearer {tokens.structure_token(region)}"}
    async with api(network, "enrolment") as enrolment, api(network, "positioning") as positioning:
        siret = luhn_siret(f"{random.randrange(10**12, 10**13):013d}")
        department = "33" if region == "FR-NAQ" else "75"
        made = await enrolment.post(
            "/structures",
            json={
                "siret": siret,
                "name": "Médiathèque",
                "kind": "collectivite",
                "department": department,
            },
            headers=structure_token,
        )
        assert made.status_code == 201, made.text
        enrolled = await enrolment.post(
            "/enrolments",
            json={
                "structure_id": made.json()["structure_id"],
                "scheme": "2024",
                "employment": "recruited",
                "person": {
                    "first_name": "Inès",
                    "last_name": "Garnier",
                    "email": f"{uuid.uuid4().hex}@example.org",
                },
            },
            headers=structure_token,
        )
        assert enrolled.status_code == 201, enrolled.text
        conseiller = enrolled.json()["conseiller_id"]
        organisation = enrolled.json()["training_organisation"]["id"]
        trainer = {"Authorization": f"Bearer {tokens.organisation_token(organisation, region)}"}

        async def scheduled() -> bool:
            return (
                await positioning.get(f"/positionings/{conseiller}", headers=trainer)
            ).status_code == 200

        await eventually(scheduled, "the positioning test")
        result = {"digital_score": 70, "support_score": 60, "interview_note": "entretien fait"}
        recorded = await positioning.post(
            f"/positionings/{conseiller}/result", json=result, headers=trainer
        )
        assert recorded.status_code == 201, recorded.text
    return conseiller


async def has_text(locator: Any, text: str) -> bool:
    return text in (await locator.inner_text())


def next_weekday(after: date, weekday: int) -> date:
    return after + timedelta(days=(weekday - after.weekday()) % 7 or 7)

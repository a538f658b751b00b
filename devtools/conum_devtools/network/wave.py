"""A realistic wave through the network's HTTP APIs, as its users would send it.

Host structures register in every region and enrol conseillers in both schemes; training
organisations record the positioning results; some conseillers withdraw; certifiers open an
exam session per region, convene conseillers in training, record CCP1 results; Pix records
certifications; where a regional hub runs its modules instance, it schedules a session of a
catalogue module, the convened conseillers of its region register, attend and complete it.
Then the wave waits until the national view counts what was sent.
Deterministic for a seed; every request is checked, the first refusal stops the wave.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
from conum_kernel.territory import territory

from conum_devtools.network import tokens
from conum_devtools.network.progress import Progress

FIRST_NAMES = ("Camille", "Louis", "Inès", "Hugo", "Léa", "Nour", "Jade", "Malik", "Rose", "Théo")
LAST_NAMES = ("Martin", "Bernard", "Durand", "Petit", "Robert", "Richard", "Moreau", "Diallo")
EXAM_AFTER_WEEKS = 12


@dataclass(frozen=True)
class WavePlan:
    conseillers: int = 300
    seed: int = 20261123
    structures_per_region: int = 2
    share_2021: float = 0.15
    share_withdrawn: float = 0.05
    share_convened: float = 0.6
    share_passed: float = 0.8
    share_pix: float = 0.5
    concurrency: int = 16


@dataclass(frozen=True)
class Endpoints:
    enrolment: str = "http://127.0.0.1:8001"
    positioning: str = "http://127.0.0.1:8002"
    certification: str = "http://127.0.0.1:8003"
    national: str = "http://127.0.0.1:8007"
    modules: tuple[tuple[str, str], ...] = ()
    """``(region, url)`` of each regional hub's modules instance that runs."""


@dataclass
class WaveReport:
    """What the wave sent, counted as the national funnel counts it, and how long it took."""

    sent: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    seconds: float = 0.0
    agreed_after: float | None = None
    enrolled_at: dict[str, float] = field(default_factory=dict)

    @property
    def conseillers_per_second(self) -> float:
        return self.sent["enrolled"] / self.seconds if self.seconds else 0.0


class WaveError(RuntimeError):
    """A request of the wave was refused, or the network did not catch up in time."""


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def luhn_siret(prefix: str) -> str:
    """A SIRET passing the Luhn check, completing 13 digits."""
    for last in range(10):
        candidate = prefix + str(last)
        total = 0
        for position, digit in enumerate(reversed(candidate)):
            value = int(digit) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("a digit always completes a Luhn number")


def exam_day(today: date) -> date:
    """A Tuesday at least twelve weeks ahead: after any 2024 path of the wave."""
    after = today + timedelta(weeks=EXAM_AFTER_WEEKS)
    return after + timedelta(days=(1 - after.weekday()) % 7)


class Wave:
    def __init__(self, clients: dict[str, httpx.AsyncClient], plan: WavePlan) -> None:
        self.clients = clients
        self.plan = plan
        self.random = random.Random(plan.seed)
        self.report = WaveReport()
        self.sessions: dict[str, str] = {}
        self.session_lock = asyncio.Lock()
        self.exam_on = exam_day(date.today())
        self.limit = asyncio.Semaphore(plan.concurrency)
        self.module_sessions: dict[str, str] = {}
        self.module_seats: dict[str, list[str]] = {}

    async def send(self, service: str, method: str, path: str, token: str, **kw: Any) -> Any:
        async with self.limit:
            answer = await self.clients[service].request(method, path, headers=bearer(token), **kw)
        self.report.requests += 1
        if answer.status_code not in (200, 201):
            raise WaveError(f"{method} {service}{path}: {answer.status_code} {answer.text[:300]}")
        return answer.json()

    async def until(self, what: str, probe: Callable[[], Awaitable[bool]], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not await probe():
            if time.monotonic() > deadline:
                raise WaveError(f"timed out after {timeout:.0f}s waiting for {what}")
            await asyncio.sleep(0.25)

    async def found(
        self, service: str, path: str, token: str, ready: Callable[[Any], bool]
    ) -> bool:
        async with self.limit:
            answer = await self.clients[service].get(path, headers=bearer(token))
        return answer.status_code == 200 and ready(answer.json())

    # -- the users' acts ------------------------------------------------------------------

    async def register_structures(self) -> list[tuple[str, str]]:
        """``(structure_id, region)`` for a few structures in every region."""
        places = []
        for region in territory().regions:
            departments = territory().departments_of(region)
            for n in range(self.plan.structures_per_region):
                places.append((region, departments[n % len(departments)].code))
        structures = []
        for region, department in places:
            siret = luhn_siret(f"{self.random.randrange(10**12, 10**13):013d}")
            body = {
                "siret": siret,
                "name": "Espace France services",
                "kind": "collectivite",
                "department": department,
            }
            made = await self.send(
                "enrolment", "POST", "/structures", tokens.structure_token(region), json=body
            )
            structures.append((made["structure_id"], region))
        return structures

    async def journey(
        self, number: int, structure: tuple[str, str], choices: random.Random
    ) -> None:
        structure_id, region = structure
        scheme = "2021" if choices.random() < self.plan.share_2021 else "2024"
        person = {
            "first_name": choices.choice(FIRST_NAMES),
            "last_name": choices.choice(LAST_NAMES),
            "email": f"conseiller.{self.plan.seed}.{number}@example.org",
        }
        enrolled = await self.send(
            "enrolment",
            "POST",
            "/enrolments",
            tokens.structure_token(region),
            json={
                "structure_id": structure_id,
                "scheme": scheme,
                "employment": "recruited",
                "person": person,
            },
        )
        conseiller = enrolled["conseiller_id"]
        self.report.enrolled_at[conseiller] = time.time()
        self.report.sent["enrolled"] += 1
        organisation = tokens.organisation_token(enrolled["training_organisation"]["id"], region)
        await self.until(
            "the positioning test to be scheduled",
            lambda: self.found(
                "positioning", f"/positionings/{conseiller}", organisation, lambda body: True
            ),
            timeout=120,
        )
        await self.send(
            "positioning",
            "POST",
            f"/positionings/{conseiller}/result",
            organisation,
            json={
                "digital_score": choices.randrange(20, 100),
                "support_score": choices.randrange(20, 100),
                "interview_note": "entretien fait",
            },
        )
        self.report.sent["positioned"] += 1
        if choices.random() < self.plan.share_withdrawn:
            await self.send(
                "enrolment",
                "POST",
                f"/enrolments/{conseiller}/withdrawal",
                tokens.structure_token(region),
                json={"reason": "left_structure"},
            )
            self.report.sent["withdrawn"] += 1
            return
        if scheme == "2024" and choices.random() < self.plan.share_convened:
            await self.certify(conseiller, region, choices)

    async def certify(self, conseiller: str, region: str, choices: random.Random) -> None:
        record = f"/conseillers/{conseiller}/certification"
        await self.until(
            "the training to start in the certification exchange",
            lambda: self.found(
                "certification",
                record,
                tokens.pix_token(region),
                lambda body: body.get("training") == "in_training",
            ),
            timeout=120,
        )
        session = await self.session_of(region)
        certifier = tokens.certifier_token(region)
        await self.send(
            "certification",
            "POST",
            f"{session}/convocations",
            certifier,
            json={"conseiller_id": conseiller},
        )
        self.report.sent["ccp1_convened"] += 1
        passed = choices.random() < self.plan.share_passed
        await self.send(
            "certification",
            "POST",
            f"{session}/results",
            certifier,
            json={
                "conseiller_id": conseiller,
                "result": "passed" if passed else "failed",
                "decided_on": self.exam_on.isoformat(),
            },
        )
        self.report.sent["ccp1_passed" if passed else "ccp1_failed"] += 1
        if choices.random() < self.plan.share_pix:
            await self.send(
                "certification",
                "POST",
                "/pix-results",
                tokens.pix_token(region),
                json={
                    "conseiller_id": conseiller,
                    "score": choices.randrange(400, 1024),
                    "certified": True,
                    "recorded_on": self.exam_on.isoformat(),
                },
            )
            self.report.sent["pix_certified"] += 1
            self.report.sent["double_certified"] += passed
        if f"modules-{region}" in self.clients:
            await self.register_for_a_module(conseiller, region)

    async def register_for_a_module(self, conseiller: str, region: str) -> None:
        """Once the hub's instance knows the convocation, the structure registers them in the
        hub's session (convened: required; passed: not)."""
        instance = f"modules-{region}"
        await self.until(
            "the hub's modules instance to learn the convocation",
            lambda: self.found(
                instance,
                f"/conseillers/{conseiller}/modules",
                tokens.hub_token(region),
                lambda body: bool(body["convened_for"]),
            ),
            timeout=120,
        )
        session = await self.module_session_of(region)
        registration = await self.send(
            instance,
            "POST",
            f"{session}/registrations",
            tokens.structure_token(region),
            json={"conseiller_id": conseiller},
        )
        self.report.sent["module_registrations"] += 1
        if registration["status"] == "accepted":  # beyond the seats, they wait
            self.module_seats[region].append(conseiller)

    async def module_session_of(self, region: str) -> str:
        async with self.session_lock:
            if region not in self.module_sessions:
                instance, hub = f"modules-{region}", tokens.hub_token(region)
                modules = await self.send(
                    instance, "GET", "/modules", hub, params={"state": "published"}
                )
                module = next(
                    m
                    for m in modules
                    if m["kind"] == "prise_en_main" and not m["requires_habilitation"]
                )
                made = await self.send(
                    instance,
                    "POST",
                    "/sessions",
                    hub,
                    json={
                        "module_id": module["module_id"],
                        "region": region,
                        "days": [{"on": date.today().isoformat(), "mode": "in_person"}],
                        "capacity": 30,
                        "place": "Tiers-lieu numérique",
                    },
                )
                self.module_sessions[region] = f"/sessions/{made['session_id']}"
                self.module_seats[region] = []
            return self.module_sessions[region]

    async def complete_modules(self) -> None:
        """Each hub records who attended its session today, then completes it."""
        for region, session in self.module_sessions.items():
            instance, hub = f"modules-{region}", tokens.hub_token(region)
            present = self.module_seats[region]
            await self.send(
                instance,
                "POST",
                f"{session}/attendance",
                hub,
                json={"on": date.today().isoformat(), "present": present},
            )
            await self.send(instance, "POST", f"{session}/completion", hub)
            self.report.sent["modules_completed"] += len(present)

    async def session_of(self, region: str) -> str:
        async with self.session_lock:
            if region not in self.sessions:
                made = await self.send(
                    "certification",
                    "POST",
                    "/exam-sessions",
                    tokens.certifier_token(region),
                    json={
                        "exam_on": self.exam_on.isoformat(),
                        "region": region,
                        "certifier": tokens.EXAM_CERTIFIER,
                    },
                )
                self.sessions[region] = f"/exam-sessions/{made['exam_session_id']}"
            return self.sessions[region]

    # -- the whole wave -------------------------------------------------------------------

    async def run(self, progress: Progress) -> WaveReport:
        started = time.monotonic()
        structures = await self.register_structures()
        seeds = [self.random.randrange(2**32) for _ in range(self.plan.conseillers)]

        async def one(number: int) -> None:
            await self.journey(
                number, structures[number % len(structures)], random.Random(seeds[number])
            )
            progress.advance()

        await asyncio.gather(*(one(n) for n in range(self.plan.conseillers)))
        await self.complete_modules()
        self.report.seconds = time.monotonic() - started
        return self.report


async def national_funnel(client: httpx.AsyncClient) -> Counter[str]:
    """The national funnel's totals, all regions and schemes."""
    answer = await client.get(
        "/national/tables/funnel", headers=bearer(tokens.NATIONAL_COORDINATOR)
    )
    answer.raise_for_status()
    totals: Counter[str] = Counter()
    for row in answer.json()["rows"]:
        for step in COUNTED:
            value = row.get(step)
            totals[step] += value if isinstance(value, int) else 0
    return totals


COUNTED = (
    "enrolled",
    "positioned",
    "withdrawn",
    "ccp1_convened",
    "ccp1_passed",
    "pix_certified",
    "double_certified",
)


async def run_wave(
    plan: WavePlan, endpoints: Endpoints, progress: Progress, agree_within: float = 300.0
) -> WaveReport:
    """Send the wave, then wait until the national funnel moved by what was sent."""
    async with (
        httpx.AsyncClient(base_url=endpoints.enrolment, timeout=30) as enrolment,
        httpx.AsyncClient(base_url=endpoints.positioning, timeout=30) as positioning,
        httpx.AsyncClient(base_url=endpoints.certification, timeout=30) as certification,
        httpx.AsyncClient(base_url=endpoints.national, timeout=30) as national,
    ):
        before = await national_funnel(national)
        clients = {
            "enrolment": enrolment,
            "positioning": positioning,
            "certification": certification,
        }
        hubs = {
            f"modules-{region}": httpx.AsyncClient(base_url=url, timeout=30)
            for region, url in endpoints.modules
        }
        clients |= hubs
        try:
            report = await Wave(clients, plan).run(progress)
        finally:
            for hub in hubs.values():
                await hub.aclose()
        waited = time.monotonic()
        deadline = waited + agree_within
        while True:
            now = await national_funnel(national)
            missing = {s: report.sent[s] - (now[s] - before[s]) for s in COUNTED}
            if not any(missing.values()):
                report.agreed_after = time.monotonic() - waited
                return report
            if time.monotonic() > deadline:
                raise WaveError(f"the national view still differs from the wave: {missing}")
            await asyncio.sleep(0.5)

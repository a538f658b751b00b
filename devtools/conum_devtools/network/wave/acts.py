"""The users' acts of a wave, through the services' HTTP APIs: structures register and enrol,
organisations record results, certifiers convene and decide, Pix certifies, hubs run a
module session."""

from __future__ import annotations

import asyncio
import random
import time

from conum_kernel.territory import territory

from conum_devtools.network import tokens
from conum_devtools.network.progress import Progress
from conum_devtools.network.wave.hubs import HubActs
from conum_devtools.network.wave.plan import (
    FIRST_NAMES,
    LAST_NAMES,
    WaveReport,
    luhn_siret,
)


class Wave(HubActs):
    """The users' acts of a wave, from the structures' registration to the exams."""

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

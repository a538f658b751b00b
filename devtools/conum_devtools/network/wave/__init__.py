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
import time
from collections import Counter

import httpx

from conum_devtools.network import tokens
from conum_devtools.network.progress import Progress
from conum_devtools.network.wave.acts import Wave
from conum_devtools.network.wave.plan import (
    Endpoints,
    WaveError,
    WavePlan,
    WaveReport,
    bearer,
    exam_day,
    luhn_siret,
)

__all__ = [
    "COUNTED",
    "Endpoints",
    "Wave",
    "WaveError",
    "WavePlan",
    "WaveReport",
    "bearer",
    "exam_day",
    "luhn_siret",
    "national_funnel",
    "run_wave",
]


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

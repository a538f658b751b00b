"""One conseiller's journey through the network, over HTTP, as an operator would watch it.

A host structure in Landes registers and enrols its conseiller (2024 scheme); the positioning
test is scheduled; La Fabrik records the scores and the rubric assigns a path; the training
starts; Afpa convenes the conseiller to CCP1. Once convened, the conseiller takes a
complementary module in Nouvelle-Aquitaine: Hubikoop (the FR-NAQ modules instance) schedules a
one-day session, the structure registers its conseiller, the hub records the attendance and
completes the session, and La Mednum's national instance sees the module completed. Afpa then
records the CCP1 pass, Pix a certified Pix result: the conseiller is double-certified, which
the national view then shows. Every step waits for the events to travel.

    uv run python deploy/local/journey.py   (after ./conum up)
    uv run python -m conum_devtools.journey

``run_journey`` takes the services' HTTP clients, so the end-to-end tests run the same journey on
services started in-process.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx

from conum_devtools.journey.modules import take_a_module
from conum_devtools.journey.steps import (
    CERTIFIER,
    EXAM_AFTER_WEEKS,
    NATIONAL,
    ORGANISATION,
    PIX,
    STRUCTURE,
    expect,
    get_json_when,
    wait_for,
)
from conum_devtools.network.wave import luhn_siret


async def run_journey(
    enrolment: httpx.AsyncClient,
    positioning: httpx.AsyncClient,
    certification: httpx.AsyncClient,
    say: Callable[[str], None] = print,
    *,
    modules: httpx.AsyncClient | None = None,
    national_modules: httpx.AsyncClient | None = None,
    national: httpx.AsyncClient | None = None,
) -> dict[str, Any]:
    """Run the journey; returns the conseiller's certification record. With the clients of a
    regional modules instance and La Mednum's, the conseiller takes a module once convened,
    and the record carries their module record on La Mednum's instance under ``"modules"``.
    With the national view's client, the journey ends by reading the conseiller's step
    there."""
    siret = luhn_siret(f"{random.randrange(10**12, 10**13):013d}")
    structure = expect(
        await enrolment.post(
            "/structures",
            headers=STRUCTURE,
            json={
                "siret": siret,
                "name": "Médiathèque communautaire",
                "kind": "collectivite",
                "department": "40",
            },
        )
    )
    say(f"structure registered in {structure['region']}: {structure['structure_id']}")

    enrolled = expect(
        await enrolment.post(
            "/enrolments",
            headers=STRUCTURE,
            json={
                "structure_id": structure["structure_id"],
                "scheme": "2024",
                "employment": "recruited",
                "person": {
                    "first_name": "Camille",
                    "last_name": "Durand",
                    "email": f"camille.{siret}@example.org",
                },
            },
        )
    )
    conseiller_id = enrolled["conseiller_id"]
    say(f"conseiller enrolled with {enrolled['training_organisation']['name']}: {conseiller_id}")

    positioning_url = f"/positionings/{conseiller_id}"
    scheduled = await wait_for(
        "the positioning test to be scheduled",
        lambda: get_json_when(positioning, positioning_url, ORGANISATION, lambda body: True),
    )
    say(f"positioning test scheduled on {scheduled['test_on']}")

    result = expect(
        await positioning.post(
            f"{positioning_url}/result",
            headers=ORGANISATION,
            json={"digital_score": 74, "support_score": 81, "interview_note": "à l'aise, motivée"},
        )
    )
    say(
        f"path assigned: {result['path_hours']} h over {result['weeks']} weeks "
        f"(rubric {result['rubric_version']})"
    )

    certification_url = f"/conseillers/{conseiller_id}/certification"
    await wait_for(
        "the training to start",
        lambda: get_json_when(
            certification,
            certification_url,
            PIX,
            lambda body: body.get("training") == "in_training" and bool(body.get("path_hours")),
        ),
    )
    say("training started; the certification exchange knows the path and the start")
    after = date.today() + timedelta(weeks=EXAM_AFTER_WEEKS)
    exam_on = after + timedelta(days=(1 - after.weekday()) % 7)  # a Tuesday

    session = expect(
        await certification.post(
            "/exam-sessions",
            headers=CERTIFIER,
            json={
                "exam_on": exam_on.isoformat(),
                "region": structure["region"],
                "certifier": "afpa",
            },
        )
    )
    session_url = f"/exam-sessions/{session['exam_session_id']}"
    expect(
        await certification.post(
            f"{session_url}/convocations", headers=CERTIFIER, json={"conseiller_id": conseiller_id}
        )
    )
    say(f"convened to CCP1 on {exam_on}")
    modules_record: dict[str, Any] | None = None
    if modules is not None and national_modules is not None:
        modules_record = await take_a_module(
            modules, national_modules, conseiller_id, structure["region"], say
        )

    expect(
        await certification.post(
            f"{session_url}/results",
            headers=CERTIFIER,
            json={
                "conseiller_id": conseiller_id,
                "result": "passed",
                "decided_on": exam_on.isoformat(),
            },
        )
    )
    expect(
        await certification.post(
            "/pix-results",
            headers=PIX,
            json={
                "conseiller_id": conseiller_id,
                "score": 512,
                "certified": True,
                "recorded_on": exam_on.isoformat(),
            },
        )
    )
    record = await wait_for(
        "the double certification",
        lambda: get_json_when(
            certification,
            certification_url,
            CERTIFIER,
            lambda body: bool(body.get("double_certification")),
        ),
    )
    both = record["double_certification"]
    say(
        f"double-certified: CCP1 passed on {both['ccp1_passed_on']}, "
        f"Pix certified on {both['pix_certified_on']}"
    )
    if national is not None:
        step = await wait_for(
            "the national view to show the double certification",
            lambda: get_json_when(
                national,
                f"/national/conseillers/{conseiller_id}",
                NATIONAL,
                lambda body: body.get("step") == "double_certified",
            ),
        )
        say(
            f"national view: {step['region']}, department {step['department']}, step "
            f"{step['step']} ({step['path_hours']} h path, enrolled on {step['enrolled_on']})"
        )
    return record if modules_record is None else record | {"modules": modules_record}


async def main() -> int:
    async with (
        httpx.AsyncClient(base_url="http://127.0.0.1:8001", timeout=10) as enrolment,
        httpx.AsyncClient(base_url="http://127.0.0.1:8002", timeout=10) as positioning,
        httpx.AsyncClient(base_url="http://127.0.0.1:8003", timeout=10) as certification,
        httpx.AsyncClient(base_url="http://127.0.0.1:8004", timeout=10) as national_modules,
        httpx.AsyncClient(base_url="http://127.0.0.1:8005", timeout=10) as modules,  # FR-NAQ
        httpx.AsyncClient(base_url="http://127.0.0.1:8007", timeout=10) as national,
    ):
        await run_journey(
            enrolment,
            positioning,
            certification,
            modules=modules,
            national_modules=national_modules,
            national=national,
        )
    return 0

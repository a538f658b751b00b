"""A complementary module taken in the journey: scheduled by the hub, registered, attended,
completed, and seen by La Mednum's national instance."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import httpx

from conum_devtools.journey.steps import HUB, NATIONAL, STRUCTURE, expect, get_json_when, wait_for


async def take_a_module(
    modules: httpx.AsyncClient,
    national_modules: httpx.AsyncClient,
    conseiller_id: str,
    region: str,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """Once convened, the conseiller takes an initial-training module in their region, from
    registration to completion; returns their module record on La Mednum's instance."""
    record_url = f"/conseillers/{conseiller_id}/modules"
    await wait_for(
        "the hub's instance to learn the convocation",
        lambda: get_json_when(modules, record_url, HUB, lambda body: bool(body["convened_for"])),
    )

    async def a_prise_en_main() -> dict[str, Any] | None:
        answer = await modules.get("/modules", headers=HUB, params={"state": "published"})
        found = [
            m
            for m in answer.json()
            if m["kind"] == "prise_en_main" and not m["requires_habilitation"]
        ]
        return found[0] if answer.status_code == 200 and found else None

    module = await wait_for("the catalogue to reach the hub's instance", a_prise_en_main)
    today = date.today().isoformat()
    session = expect(
        await modules.post(
            "/sessions",
            headers=HUB,
            json={
                "module_id": module["module_id"],
                "region": region,
                "days": [{"on": today, "mode": "in_person"}],
                "capacity": 12,
                "place": "Médiathèque de Mont-de-Marsan",
            },
        )
    )
    session_url = f"/sessions/{session['session_id']}"
    say(f"{session['hub']} scheduled “{module['title']}” ({module['hours']} h) on {today}")
    registration = expect(
        await modules.post(
            f"{session_url}/registrations", headers=STRUCTURE, json={"conseiller_id": conseiller_id}
        )
    )
    say(
        f"registered: {registration['status']}, {registration['track']} training, "
        f"funded {registration['funded']}"
    )
    expect(
        await modules.post(
            f"{session_url}/attendance",
            headers=HUB,
            json={"on": today, "present": [conseiller_id]},
        ),
        200,
    )
    expect(await modules.post(f"{session_url}/completion", headers=HUB), 200)
    record = await wait_for(
        "La Mednum's instance to see the module completed",
        lambda: get_json_when(
            national_modules,
            record_url,
            NATIONAL,
            lambda body: any(r["status"] == "completed" for r in body["registrations"]),
        ),
    )
    local = expect(await modules.get(record_url, headers=STRUCTURE), 200)["initial"]
    say(
        f"module completed: {local['completed']} of {local['required']} initial modules done, "
        f"{local['owed']} still owed"
    )
    return record

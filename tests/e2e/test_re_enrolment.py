"""A conseiller withdrawn and enrolled again by another structure, the same day or a later
one, over real Kafka with the three services in-process (decision 0016): the positioning
schedules a new round, certification is back to ``enrolled``, and the services agree.

The issue this answers: enrol, ``POST /enrolments/{id}/withdrawal``, enrol the same person
again the same day, then ``GET /positionings/{id}``: the positioning used to stay
``closed`` (it compared days) and certification to say ``withdrawn``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from conum_enrolment.testing import valid_siret

from .network import NATIONAL, ORGANISATION, STRUCTURE, network

pytestmark = pytest.mark.kafka


def ok(answer: httpx.Response, status: int = 201) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


async def structure(client: httpx.AsyncClient, seed: int) -> str:
    body = {
        "siret": valid_siret(seed),
        "name": f"Structure {seed}",
        "kind": "collectivite",
        "department": "40",
    }
    return str(ok(await client.post("/structures", json=body, headers=STRUCTURE))["structure_id"])


def enrolment_body(structure_id: str) -> dict[str, Any]:
    return {
        "structure_id": structure_id,
        "scheme": "2024",
        "employment": "recruited",
        "person": {"first_name": "Camille", "last_name": "Durand", "email": "camille@example.org"},
    }


@pytest.mark.parametrize("days_later", [0, 14], ids=["the same day", "a later day"])
async def test_a_conseiller_enrolled_again_is_positioned_again_and_the_services_agree(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str, days_later: int
) -> None:
    async with network(tmp_path, kafka_bootstrap, topic_prefix) as net:
        first, second = await structure(net.enrolment, 1), await structure(net.enrolment, 2)
        enrolled = ok(
            await net.enrolment.post("/enrolments", json=enrolment_body(first), headers=STRUCTURE)
        )
        conseiller_id, first_enrolment = enrolled["conseiller_id"], enrolled["enrolment_id"]
        await net.quiet()
        result = {"digital_score": 80, "support_score": 75, "interview_note": "à l'aise"}
        ok(
            await net.positioning.post(
                f"/positionings/{conseiller_id}/result", json=result, headers=ORGANISATION
            )
        )
        await net.quiet()
        withdrawal = {"reason": "left_structure", "detail": "joined another structure"}
        ok(
            await net.enrolment.post(
                f"/enrolments/{conseiller_id}/withdrawal", json=withdrawal, headers=NATIONAL
            ),
            200,
        )
        net.clock.today += timedelta(days=days_later)
        again = ok(
            await net.enrolment.post("/enrolments", json=enrolment_body(second), headers=STRUCTURE)
        )
        assert again["conseiller_id"] == conseiller_id
        assert again["enrolment_id"] != first_enrolment
        await net.quiet()

        positioning = ok(
            await net.positioning.get(f"/positionings/{conseiller_id}", headers=NATIONAL), 200
        )
        certification = ok(
            await net.certification.get(
                f"/conseillers/{conseiller_id}/certification", headers=NATIONAL
            ),
            200,
        )
        report = await net.reconcile()

    assert (positioning["state"], positioning["enrolment_id"]) == (
        "scheduled",
        again["enrolment_id"],
    )
    assert positioning["earlier_enrolment_ids"] == [first_enrolment]
    assert positioning["structure_id"] == second
    assert positioning["test_on"] == (net.clock.today + timedelta(days=7)).isoformat()
    assert positioning["result"] is None and len(positioning["results"]) == 1  # the first stays
    assert (certification["training"], certification["enrolment_id"]) == (
        "enrolled",
        again["enrolment_id"],
    )
    assert certification["path_hours"] is None and certification["withdrawn_on"] is None
    assert report.checked == 1 and report.disagreements == []
